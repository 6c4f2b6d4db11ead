/**
 * A JSON editor with syntax colouring and live validation, for raw resources and fault rules. The
 * editor itself (CodeMirror) is loaded the first time one is shown, so the inspector opens fast.
 */
import { lazy, Suspense } from 'react';
import type { JsonEditorProps } from './json-editor-props.js';

export { jsonError, type JsonEditorProps } from './json-editor-props.js';

const CodeEditor = lazy(() => import('./code-editor.js'));

export function JsonEditor(props: JsonEditorProps) {
  return (
    <Suspense fallback={<textarea className="json-editor json-editor-loading" aria-label={props.label} value={props.value} readOnly style={{ minHeight: props.minHeight ?? '16rem', width: '100%' }} />}>
      <CodeEditor {...props} />
    </Suspense>
  );
}
