/** Edits a whole resource as JSON (extensions included): Save stays disabled while the JSON does not parse, and the server's validation message is shown beside the editor. */
import { CircleAlert, CircleCheck, RotateCcw } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { JsonObject } from '../../../server/contract/index.js';
import { JsonEditor, jsonError } from '../../components/json-editor.js';

export const pretty = (value: unknown) => JSON.stringify(value, null, 2);

/** The JSON object the text holds, or null when it is not valid JSON or not an object. */
export function parseObject(text: string): JsonObject | null {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : null;
  } catch {
    return null;
  }
}

export interface RawJsonPanelProps {
  /** The document to start from; when it changes and nothing was edited, the editor follows it. */
  source: JsonObject;
  label: string;
  saveLabel: string;
  /** Sends the parsed document; resolves with the server's error message, or null on success. */
  onSave: (value: JsonObject) => Promise<string | null>;
  note?: string;
  /** Reports the text as it is edited (the create panel keeps it when switching tabs). */
  onText?: (text: string) => void;
  initialText?: string;
  /** Allow saving an unedited document (creating from the template). */
  allowUnchanged?: boolean;
}

export function RawJsonPanel({ source, label, saveLabel, onSave, note, onText, initialText, allowUnchanged = false }: RawJsonPanelProps) {
  const sourceText = pretty(source);
  const [text, setText] = useState(initialText ?? sourceText);
  const [parseError, setParseError] = useState<string | null>(() => jsonError(initialText ?? sourceText));
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const base = useRef(sourceText);
  const dirty = text !== base.current;
  const stale = dirty && sourceText !== base.current;

  useEffect(() => {
    // Follow the server while nothing is edited here.
    if (text === base.current && sourceText !== base.current) {
      base.current = sourceText;
      setText(sourceText);
      setParseError(null);
    }
  }, [sourceText, text]);

  const notObject = parseError === null && parseObject(text) === null;

  const save = async () => {
    const value = parseObject(text);
    if (!value || busy) return;
    setBusy(true);
    const error = await onSave(value);
    setBusy(false);
    setServerError(error);
    if (error === null) base.current = text;
  };

  const revert = () => {
    base.current = sourceText;
    setText(sourceText);
    setParseError(null);
    setServerError(null);
    onText?.(sourceText);
  };

  const problem = parseError ?? (notObject ? 'A resource must be a JSON object ({ … }).' : null);

  return (
    <div className="rs-raw">
      {note && <p className="rs-panel-note">{note}</p>}
      <JsonEditor
        value={text}
        label={label}
        minHeight="18rem"
        onChange={(next, error) => {
          setText(next);
          setParseError(error);
          setServerError(null);
          onText?.(next);
        }}
      />
      <div className="rs-raw-status" aria-live="polite">
        {problem ? (
          <span className="rs-error-text">
            <CircleAlert size={16} aria-hidden="true" /> Not valid JSON: {problem}
          </span>
        ) : (
          <span className="rs-ok-text">
            <CircleCheck size={16} aria-hidden="true" /> Valid JSON
          </span>
        )}
        {stale && <span className="pill pill-warn">Changed on the server since you started editing</span>}
      </div>
      {serverError && (
        <div className="rs-server-error" role="alert">
          <strong>The server refused it.</strong> {serverError}
        </div>
      )}
      <div className="rs-form-actions">
        <button type="button" className="button primary" disabled={problem !== null || busy || (!dirty && !allowUnchanged)} onClick={() => void save()}>
          {busy ? 'Saving…' : saveLabel}
        </button>
        <button type="button" className="button" disabled={!dirty || busy} onClick={revert}>
          <RotateCcw size={15} aria-hidden="true" />
          Revert
        </button>
      </div>
    </div>
  );
}
