/**
 * The CodeMirror look for the high-contrast theme: black on white, every syntax colour at 7:1 or
 * more against the background (WCAG AAA; CodeMirror's default number green is 6.98:1), a thick
 * cursor and a selection and focus ring that are visible without relying on a faint tint.
 */
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags } from '@lezer/highlight';

const highlight = HighlightStyle.define([
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: '#0030a8', fontWeight: '600' },
  { tag: [tags.string], color: '#004d1a' },
  { tag: [tags.number, tags.literal], color: '#5c3300' },
  { tag: [tags.bool, tags.null, tags.atom], color: '#5a0070', fontWeight: '600' },
  { tag: [tags.punctuation, tags.separator, tags.bracket], color: '#000000' },
  { tag: tags.invalid, color: '#8f000e', textDecoration: 'underline wavy' },
]);

const look = EditorView.theme({
  '&': { color: '#000000', backgroundColor: '#ffffff', border: '2px solid #000000' },
  '&.cm-focused': { outline: '3px solid #0030a8', outlineOffset: '2px' },
  '.cm-content': { caretColor: '#000000' },
  '.cm-cursor, .cm-dropCursor': { borderLeft: '3px solid #000000' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: '#b3c6ff' },
  '.cm-activeLine': { backgroundColor: 'transparent', outline: '1px solid #3d3d3d' },
  '.cm-gutters': { backgroundColor: '#ffffff', color: '#000000', borderRight: '2px solid #000000' },
  '.cm-activeLineGutter': { backgroundColor: '#000000', color: '#ffffff' },
  '.cm-matchingBracket': { outline: '2px solid #000000', backgroundColor: 'transparent' },
  '.cm-lint-marker-error': { filter: 'contrast(2)' },
});

export const contrastEditorTheme = [look, syntaxHighlighting(highlight)];
