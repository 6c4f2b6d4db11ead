/**
 * The CodeMirror 6 JSON editor behind JsonEditor: syntax colouring and live validation, following
 * the app's light, dark or high-contrast theme. Loaded on first use (it is most of the bundle's weight).
 */
import { json, jsonParseLinter } from '@codemirror/lang-json';
import { linter, lintGutter } from '@codemirror/lint';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { oneDark } from '@codemirror/theme-one-dark';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';
import { useStore } from '../state/external-store.js';
import { theme } from '../state/theme.js';
import { contrastEditorTheme } from './code-editor-contrast.js';
import { jsonError, type JsonEditorProps } from './json-editor-props.js';

/** The editor's look for the app's current theme (read from <html>, which applyTheme sets first). */
function editorTheme(): Extension {
  const current = document.documentElement.dataset.theme;
  if (current === 'dark') return oneDark;
  if (current === 'contrast') return contrastEditorTheme;
  return [];
}

export default function CodeEditor({ value, onChange, label, minHeight = '16rem' }: JsonEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const themeSlot = useRef(new Compartment());
  const changed = useRef(onChange);
  changed.current = onChange;
  const choice = useStore(theme);

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          json(),
          linter(jsonParseLinter()),
          lintGutter(),
          themeSlot.current.of(editorTheme()),
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.theme({ '&': { minHeight }, '.cm-scroller': { minHeight } }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) {
              const text = update.state.doc.toString();
              changed.current(text, jsonError(text));
            }
          }),
        ],
      }),
    });
    view.current = editor;
    return () => editor.destroy();
    // The editor is created once; value changes from outside are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value) editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({ effects: themeSlot.current.reconfigure(editorTheme()) });
  }, [choice]);

  return <div className="json-editor" ref={host} />;
}
