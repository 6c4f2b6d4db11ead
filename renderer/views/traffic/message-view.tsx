/**
 * The Request and Response tabs of the exchange detail: the request line or status, headers as a
 * table, and the body as a JSON tree or as raw pretty-printed text, marking bodies the recorder cut.
 */
import { useId, useState, type KeyboardEvent } from 'react';
import type { Exchange, JsonValue } from '../../../server/contract/index.js';
import { CopyButton } from '../../components/copy-button.js';
import { isSecretName, Masked } from '../../components/masked.js';
import { JsonView } from '../../components/json-view.js';
import { bodyKind, formatBytes, headerValue, prettyBody, requestTarget } from './detail-format.js';

export type MessageTab = 'request' | 'response';

function HeadersTable({ headers, label }: { headers: Record<string, string>; label: string }) {
  const entries = Object.entries(headers);
  if (entries.length === 0) return <p className="muted detail-none">No headers</p>;
  return (
    <table className="kv-table" aria-label={label}>
      <tbody>
        {entries.map(([name, value]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td>{isSecretName(name) ? <Masked value={value} what={name} /> : <code>{value}</code>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Body({ body, size, truncated, contentType, label }: { body: JsonValue; size: number; truncated: boolean; contentType: string | undefined; label: string }) {
  const [raw, setRaw] = useState(false);
  const empty = body === null || body === '';
  const structured = !empty && typeof body === 'object';
  const text = prettyBody(body);
  return (
    <section className="body-block" aria-label={label}>
      <div className="block-head">
        <h4>Body</h4>
        <span className="muted block-meta">
          {empty ? 'empty' : `${bodyKind(body, contentType)} · ${formatBytes(size)}`}
        </span>
        {truncated && (
          <span className="pill pill-warn" title={`The recorder kept only the start of this body; it was ${size.toLocaleString()} bytes.`}>
            truncated · {formatBytes(size)} in full
          </span>
        )}
        <span className="grow" />
        {structured && (
          <span className="segmented" role="group" aria-label="Body format">
            <button type="button" aria-pressed={!raw} onClick={() => setRaw(false)}>
              Tree
            </button>
            <button type="button" aria-pressed={raw} onClick={() => setRaw(true)}>
              Raw
            </button>
          </span>
        )}
        {!empty && <CopyButton text={text} label="Copy" what="body" />}
      </div>
      {empty ? <p className="muted detail-none">No body</p> : raw || !structured ? <pre className="json-raw body-raw">{text}</pre> : <JsonView value={body} label={label} />}
    </section>
  );
}

function RequestPanel({ exchange }: { exchange: Exchange }) {
  const r = exchange.request;
  const query = Object.entries(r.query);
  return (
    <>
      <p className="request-line">
        <code>
          <strong>{r.method}</strong> {requestTarget(r.path, r.query)}
        </code>
        <CopyButton text={requestTarget(r.path, r.query)} label="Copy" what="path" />
      </p>
      {query.length > 0 && (
        <section className="kv-block">
          <h4>Query</h4>
          <HeadersTable headers={r.query} label="Query parameters" />
        </section>
      )}
      <section className="kv-block">
        <h4>Headers</h4>
        <HeadersTable headers={r.headers} label="Request headers" />
      </section>
      <Body key={exchange.id} body={r.body} size={r.bodySize} truncated={r.bodyTruncated} contentType={headerValue(r.headers, 'content-type')} label="Request body" />
      <p className="muted request-from">From {r.remoteAddress}</p>
    </>
  );
}

function ResponsePanel({ exchange }: { exchange: Exchange }) {
  const r = exchange.response;
  if (r.status === 0) {
    return <p className="muted detail-none">{exchange.outcome === 'aborted' ? 'The client hung up before an answer was sent.' : 'No response was sent: the request was dropped (fault injection).'}</p>;
  }
  return (
    <>
      <section className="kv-block">
        <h4>Headers</h4>
        <HeadersTable headers={r.headers} label="Response headers" />
      </section>
      <Body key={exchange.id} body={r.body} size={r.bodySize} truncated={r.bodyTruncated} contentType={headerValue(r.headers, 'content-type')} label="Response body" />
    </>
  );
}

export function MessageTabs({ exchange, tab, onTab }: { exchange: Exchange; tab: MessageTab; onTab: (tab: MessageTab) => void }) {
  const id = useId();
  const tabs: { id: MessageTab; label: string }[] = [
    { id: 'request', label: 'Request' },
    { id: 'response', label: 'Response' },
  ];
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    const next = tab === 'request' ? 'response' : 'request';
    onTab(next);
    document.getElementById(`${id}-${next}`)?.focus();
  };
  return (
    <section className="message-tabs">
      <div className="subtabs" role="tablist" aria-label="Request and response" onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button key={t.id} type="button" role="tab" id={`${id}-${t.id}`} aria-selected={tab === t.id} aria-controls={`${id}-panel`} tabIndex={tab === t.id ? 0 : -1} className="subtab" onClick={() => onTab(t.id)}>
            {t.label}
            {t.id === 'response' && exchange.response.status !== 0 && <span className="subtab-note">{exchange.response.status}</span>}
          </button>
        ))}
      </div>
      <div className="subtab-panel" role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-${tab}`}>
        {tab === 'request' ? <RequestPanel exchange={exchange} /> : <ResponsePanel exchange={exchange} />}
      </div>
    </section>
  );
}
