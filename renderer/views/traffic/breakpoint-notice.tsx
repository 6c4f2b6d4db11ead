/**
 * The breakpoint part of an exchange's detail: which breakpoint paused it, for how long, how it was
 * let go, and what the trainer changed, as a diff against what the client sent or the backend said.
 */
import { PauseCircle } from 'lucide-react';
import type { BreakpointHit, BreakpointResolution, Exchange, JsonObject, JsonValue } from '../../../server/contract/index.js';
import { ChangeDiff } from '../../components/change-diff.js';
import { formatDuration } from '../../state/labels.js';

const RESOLUTION: Record<BreakpointResolution, string> = {
  continued: 'continued unchanged',
  edited: 'continued with an edited request',
  responded: 'answered with an edited response',
  dropped: 'dropped (connection cut)',
  'timed-out': 'released unchanged when its time ran out',
  'released-on-close': 'released unchanged when Scimscope stopped',
  aborted: 'ended: the client left while it was paused',
};

const isObject = (v: JsonValue | undefined): v is JsonObject => v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);

function BodyChange({ title, before, after }: { title: string; before: JsonValue | undefined; after: JsonValue }) {
  return (
    <div className="bp-detail-change">
      <p className="notice-text">{title}</p>
      {isObject(before) && isObject(after) ? (
        <ChangeDiff before={before} after={after} />
      ) : (
        <p className="notice-text">
          <code>{JSON.stringify(before ?? null)}</code> → <code>{JSON.stringify(after)}</code>
        </p>
      )}
    </div>
  );
}

export function BreakpointNotice({ hit, exchange }: { hit: BreakpointHit; exchange: Exchange }) {
  const headers = Object.entries(hit.original?.request?.headers ?? {});
  const response = hit.original?.response;
  return (
    <div className="notice notice-replay" data-breakpoint>
      <PauseCircle size={18} aria-hidden="true" />
      <div>
        <p className="notice-title">
          Paused by breakpoint <strong>{hit.name}</strong> {hit.phase === 'after' ? 'after the backend answered' : 'before the backend'} for {formatDuration(hit.pausedMs)}
        </p>
        <p className="notice-text">
          {RESOLUTION[hit.resolution]} · <a href="#/breakpoints">Breakpoints</a>
        </p>
        {headers.length > 0 && (
          <p className="notice-text">
            Headers edited:{' '}
            {headers.map(([name, before]) => (
              <span key={name}>
                <code>{name}</code> {before === null ? 'added' : <code>{before}</code>} → {exchange.request.headers[name] === undefined ? 'removed' : <code>{exchange.request.headers[name]}</code>}{' '}
              </span>
            ))}
          </p>
        )}
        {hit.original?.request?.body !== undefined && <BodyChange title="The request the client sent, as the trainer changed it:" before={hit.original.request.body} after={exchange.request.body} />}
        {response && <BodyChange title={`The backend's answer (${response.status}), as the trainer changed it (${exchange.response.status}):`} before={response.body} after={exchange.response.body} />}
      </div>
    </div>
  );
}
