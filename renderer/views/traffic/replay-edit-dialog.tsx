/**
 * Edit and replay: the recorded request's headers (one "Name: value" a line) and body, changed
 * before it is sent again through the SCIM port (to the upstream in proxy mode). The body goes as
 * written, valid JSON or not, so a developer can also see how the server takes a broken one.
 * Authorization is Scimscope's to set and is left out of the editor.
 */
import { useEffect, useId, useState } from 'react';
import type { Exchange } from '../../../server/contract/index.js';
import { useModalDialog } from '../../components/modal-dialog.js';

const SET_BY_SCIMSCOPE = /^(authorization|host|content-length|connection|transfer-encoding|keep-alive)$/i;

export function headersText(headers: Record<string, string>): string {
  return Object.entries(headers)
    .filter(([name]) => !SET_BY_SCIMSCOPE.test(name))
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}

/** Parses "Name: value" lines; returns the headers or the first line that is not one. */
export function parseHeaders(text: string): { ok: true; headers: Record<string, string> } | { ok: false; error: string } {
  const headers: Record<string, string> = {};
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) return { ok: false, error: `Line ${i + 1} is not "Name: value".` };
    headers[name] = line.slice(colon + 1).trim();
  }
  return { ok: true, headers };
}

function bodyText(exchange: Exchange): string {
  const body = exchange.request.body;
  if (body === null || body === undefined) return '';
  return typeof body === 'string' ? body : JSON.stringify(body, null, 2);
}

export function ReplayEditDialog({ exchange, open, onCancel, onSend }: { exchange: Exchange; open: boolean; onCancel: () => void; onSend: (edit: { headers: Record<string, string>; body: string | null }) => void }) {
  const ref = useModalDialog(open);
  const id = useId();
  const [headers, setHeaders] = useState('');
  const [body, setBody] = useState('');
  useEffect(() => {
    if (!open) return;
    setHeaders(headersText(exchange.request.headers));
    setBody(bodyText(exchange));
  }, [open, exchange]);
  const parsed = parseHeaders(headers);
  let jsonNote: string | null = null;
  if (body.trim() !== '') {
    try {
      JSON.parse(body);
    } catch {
      jsonNote = 'Not valid JSON: it will be sent as written.';
    }
  }
  return (
    <dialog ref={ref} className="dialog replay-edit-dialog" aria-labelledby={`${id}-title`} onCancel={(e) => (e.preventDefault(), onCancel())}>
      <h2 id={`${id}-title`}>
        Edit and replay {exchange.request.method} {exchange.request.path}
      </h2>
      <label htmlFor={`${id}-headers`}>Headers (Authorization is set by Scimscope)</label>
      <textarea id={`${id}-headers`} className="replay-edit-text" rows={6} spellCheck={false} value={headers} onChange={(e) => setHeaders(e.target.value)} aria-invalid={!parsed.ok || undefined} />
      {!parsed.ok && <p className="settings-error">{parsed.error}</p>}
      <label htmlFor={`${id}-body`}>Body</label>
      <textarea id={`${id}-body`} className="replay-edit-text" rows={12} spellCheck={false} value={body} onChange={(e) => setBody(e.target.value)} />
      {jsonNote && <p className="settings-note">{jsonNote}</p>}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="button primary" disabled={!parsed.ok} onClick={() => parsed.ok && onSend({ headers: parsed.headers, body: body === '' ? null : body })}>
          Send
        </button>
      </div>
    </dialog>
  );
}
