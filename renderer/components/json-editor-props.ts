/**
 * What the JSON editor's shell (json-editor.tsx) and its lazily loaded CodeMirror body
 * (code-editor.tsx) share: the props and the validation they both show. A module of its own so that
 * neither imports the other (the shell loads the body with import()).
 */

export interface JsonEditorProps {
  value: string;
  onChange: (text: string, error: string | null) => void;
  label: string;
  minHeight?: string;
}

/** The parse error of a JSON text, or null when it is valid. */
export function jsonError(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
