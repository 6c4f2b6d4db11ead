/**
 * One paused exchange: what was asked (and, after the backend, what it answered), a JSON editor
 * with validation for the request or the answer, and the ways to let it go: continue unchanged,
 * continue with the edited request, answer with the edited response, or drop the connection. A
 * countdown shows when it will be released unchanged.
 */
import { Play, Reply, Scissors, Send } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { PausedExchange, PausedMessage } from '../../../server/contract/index.js';
import type { AdminClient } from '../../api/admin-client.js';
import { JsonEditor } from '../../components/json-editor.js';
import { CLIENT_NAMES, KIND_LABELS } from '../../state/labels.js';
import { attempt } from '../../state/toasts.js';

/** Seconds left until `releaseAt`, ticking. */
export function Countdown({ releaseAt, compact = false }: { releaseAt: string; compact?: boolean }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, Math.ceil((Date.parse(releaseAt) - now) / 1000));
  const text = left >= 60 ? `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}` : `${left}s`;
  return (
    <span className={`bp-countdown${left <= 10 ? ' is-soon' : ''}`} role="timer" title={`Released unchanged at ${new Date(releaseAt).toLocaleTimeString()}`}>
      {compact ? text : `Released unchanged in ${text}`}
    </span>
  );
}

/** What "Answer instead" starts from in the before phase: a SCIM error, the commonest thing to teach. */
const TRAINER_ANSWER: PausedMessage = { headers: {}, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '503', detail: 'Answered by the trainer.' }, bodyIsText: false };

const asText = (m: PausedMessage | null) => (m === null || m.body === null ? '' : m.bodyIsText ? String(m.body) : JSON.stringify(m.body, null, 2));

function Headers({ headers }: { headers: Record<string, string> }) {
  return (
    <details className="bp-headers">
      <summary>Headers ({Object.keys(headers).length})</summary>
      <dl>
        {Object.entries(headers).map(([name, value]) => (
          <div key={name}>
            <dt className="mono">{name}</dt>
            <dd className="mono">{value}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

export function PausedPanel({ paused, client }: { paused: PausedExchange; client: AdminClient }) {
  const before = paused.phase === 'before';
  const [mode, setMode] = useState<'request' | 'answer'>(before ? 'request' : 'answer');
  const startText = (m: 'request' | 'answer') => (m === 'request' ? asText(paused.request) : asText(paused.response ?? TRAINER_ANSWER));
  const original = startText(mode);
  const [text, setText] = useState(original);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState(String(paused.response?.status ?? 503));
  const [busy, setBusy] = useState(false);

  const switchMode = (next: 'request' | 'answer') => {
    setMode(next);
    setText(startText(next));
    setError(null);
  };

  const act = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await attempt(action, done);
    } finally {
      setBusy(false);
    }
  };
  const statusNumber = Number(status);
  const statusValid = Number.isInteger(statusNumber) && statusNumber >= 200 && statusNumber <= 599;
  const where = `${paused.method} ${paused.path}`;

  return (
    <article className="bp-paused-panel" aria-label={`Paused ${where}`}>
      <header className="bp-panel-head">
        <div>
          <h3 className="mono">
            {where}
            {paused.query ? `?${paused.query}` : ''}
          </h3>
          <p className="bp-panel-meta">
            {paused.phase === 'before' ? 'Paused before the backend saw it' : `Paused after the backend answered ${paused.response?.status ?? ''}`} · breakpoint “{paused.rule.name}” · {CLIENT_NAMES[paused.client]} · {KIND_LABELS[paused.operation] ?? paused.operation}
          </p>
        </div>
        <Countdown releaseAt={paused.releaseAt} />
      </header>

      <Headers headers={paused.request.headers} />
      {paused.response && (
        <p className="bp-panel-meta">
          The request body as sent: <code className="bp-inline-body">{asText(paused.request).slice(0, 160) || '(none)'}</code>
        </p>
      )}

      {before && (
        <div className="segmented bp-mode" role="group" aria-label="What to edit">
          <button type="button" aria-pressed={mode === 'request'} onClick={() => switchMode('request')}>
            Edit the request
          </button>
          <button type="button" aria-pressed={mode === 'answer'} onClick={() => switchMode('answer')}>
            Answer instead
          </button>
        </div>
      )}

      {mode === 'answer' && (
        <label className="bp-status">
          Status
          <input type="number" min={200} max={599} value={status} onChange={(e) => setStatus(e.target.value)} aria-invalid={!statusValid} />
        </label>
      )}
      <JsonEditor
        key={mode}
        value={text}
        label={mode === 'request' ? 'Request body' : 'Response body'}
        minHeight="14rem"
        onChange={(next, problem) => {
          setText(next);
          setError(next.trim() === '' ? null : problem);
        }}
      />
      <p className={`bp-validation${error ? ' is-error' : ''}`} role="status">
        {error ? `Not valid JSON: ${error}` : mode === 'request' ? (text === original ? 'Unchanged.' : 'Valid JSON; the backend will receive this body.') : 'Valid JSON; the identity provider will receive this answer.'}
      </p>

      <div className="bp-actions">
        <button type="button" className="button" disabled={busy} onClick={() => void act(() => client.continuePaused(paused.id), `Continued ${where}`)}>
          <Play size={16} aria-hidden="true" />
          Continue unchanged
        </button>
        {mode === 'request' ? (
          <button type="button" className="button primary" disabled={busy || error !== null || text === original} onClick={() => void act(() => client.continuePaused(paused.id, { bodyText: text }), `Continued ${where} with the edited request`)}>
            <Send size={16} aria-hidden="true" />
            Continue with edits
          </button>
        ) : (
          <button type="button" className="button primary" disabled={busy || error !== null || !statusValid} onClick={() => void act(() => client.respondPaused(paused.id, { status: statusNumber, bodyText: text }), `Answered ${where}`)}>
            <Reply size={16} aria-hidden="true" />
            Respond with edited
          </button>
        )}
        <button type="button" className="button danger" disabled={busy} onClick={() => void act(() => client.dropPaused(paused.id), `Dropped ${where}`)}>
          <Scissors size={16} aria-hidden="true" />
          Drop
        </button>
      </div>
    </article>
  );
}
