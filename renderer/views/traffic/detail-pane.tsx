/**
 * The exchange detail beside the list: who did what to whom in words at the top, the facts (status,
 * duration, client, time), the actions (copy as curl, replay, copy JSON), then the sections.
 */
import { useState } from 'react';
import { Braces, Pencil, Repeat, SquareTerminal, X } from 'lucide-react';
import type { Exchange, ExchangeSummary } from '../../../server/contract/index.js';
import { useServices } from '../../app-services.js';
import { ClientMark, KindLabel, MethodBadge, StatusBadge } from '../../components/badges.js';
import { copyText } from '../../components/copy-button.js';
import { CLIENT_NAMES, formatDuration } from '../../state/labels.js';
import { attempt, toast } from '../../state/toasts.js';
import { formatWhen, requestTarget, statusText } from './detail-format.js';
import { ChangesSection, LintSection, Notices, type Lookup } from './detail-sections.js';
import { MessageTabs, type MessageTab } from './message-view.js';
import { ReplayEditDialog } from './replay-edit-dialog.js';
import { useExchange } from './use-exchange.js';

type ReplayEdit = { headers: Record<string, string>; body: string | null };

export interface DetailPaneProps {
  id: string;
  /** The list's summary of the exchange, shown at once while the full record loads. */
  summary: ExchangeSummary | undefined;
  lookup: Lookup;
  tab: MessageTab;
  onTab: (tab: MessageTab) => void;
  onClose: () => void;
  onOpen: (id: string) => void;
}

type Head = Pick<ExchangeSummary, 'id' | 'seq' | 'startedAt' | 'durationMs' | 'client' | 'emulated' | 'method' | 'status' | 'outcome' | 'operation'> & { target: string };

function headOf(exchange: Exchange | undefined, summary: ExchangeSummary | undefined): Head | null {
  if (exchange) {
    const { request: r, response } = exchange;
    return { ...exchange, method: r.method, status: response.status, target: requestTarget(r.path, r.query) };
  }
  return summary ? { ...summary, target: summary.path } : null;
}

function Actions({ exchange, onOpen }: { exchange: Exchange | undefined; onOpen: (id: string) => void }) {
  const { client } = useServices();
  const [editing, setEditing] = useState(false);
  const disabled = !exchange;
  const replayBlocked = exchange?.request.bodyTruncated;
  const replay = async (edit?: ReplayEdit) => {
    if (!exchange) return;
    const replayed = await attempt(() => (edit ? client.replay(exchange.id, edit) : client.replay(exchange.id)));
    if (replayed) {
      toast('success', `Replayed as #${replayed.seq}${replayed.status ? ` · ${replayed.status}` : ''}`);
      onOpen(replayed.id);
    }
  };
  return (
    <div className="detail-actions" role="group" aria-label="Exchange actions">
      <button type="button" className="button small" disabled={disabled} onClick={() => exchange && void attempt(async () => copyText((await client.curl(exchange.id)).curl), 'Copied as curl')}>
        <SquareTerminal size={15} aria-hidden="true" />
        Copy as curl
      </button>
      <button
        type="button"
        className="button small"
        disabled={disabled || replayBlocked}
        title={replayBlocked ? 'The request body was cut by the recording limit, so it cannot be sent again.' : 'Send this request to the SCIM server again'}
        onClick={() => void replay()}
      >
        <Repeat size={15} aria-hidden="true" />
        Replay
      </button>
      <button type="button" className="button small" disabled={disabled} title="Change the headers or body, then send" onClick={() => setEditing(true)}>
        <Pencil size={15} aria-hidden="true" />
        Edit and replay
      </button>
      {exchange && (
        <ReplayEditDialog
          exchange={exchange}
          open={editing}
          onCancel={() => setEditing(false)}
          onSend={(edit) => {
            setEditing(false);
            void replay(edit);
          }}
        />
      )}
      <button type="button" className="button small" disabled={disabled} onClick={() => exchange && void attempt(() => copyText(JSON.stringify(exchange, null, 2)), 'Copied the exchange as JSON')}>
        <Braces size={15} aria-hidden="true" />
        Copy JSON
      </button>
    </div>
  );
}

export function DetailPane({ id, summary, lookup, tab, onTab, onClose, onOpen }: DetailPaneProps) {
  const { client } = useServices();
  const load = useExchange(client, id);
  const exchange = load.state === 'ready' ? load.exchange : undefined;
  const head = headOf(exchange, summary);

  return (
    <aside
      className="traffic-detail"
      aria-label="Exchange detail"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <header className="detail-head">
        <div className="detail-topline">
          {head ? (
            <>
              <KindLabel kind={head.operation.kind} />
              <span className="muted">#{head.seq}</span>
            </>
          ) : (
            <span className="muted">Exchange</span>
          )}
          <span className="grow" />
          <button type="button" className="icon-button" onClick={onClose} aria-label="Close detail (Esc)" title="Close (Esc)">
            <X size={18} aria-hidden="true" />
          </button>
        </div>
        {head && (
          <>
            <h2 className="detail-summary">{head.operation.summary}</h2>
            <dl className="detail-facts">
              <div>
                <dt>Status</dt>
                <dd>
                  <StatusBadge status={head.status} outcome={head.outcome} /> <span className="fact-text">{statusText(head.status, head.outcome).replace(/^\d+ /, '')}</span>
                </dd>
              </div>
              <div>
                <dt>Duration</dt>
                <dd className="fact-text">{formatDuration(head.durationMs)}</dd>
              </div>
              <div>
                <dt>Client</dt>
                <dd>
                  <ClientMark client={head.client} /> <span className="fact-text">{CLIENT_NAMES[head.client]}{head.emulated ? ' (emulated)' : ''}</span>
                </dd>
              </div>
              <div>
                <dt>Time</dt>
                <dd className="fact-text">{formatWhen(head.startedAt)}</dd>
              </div>
            </dl>
            <p className="detail-request">
              <MethodBadge method={head.method} />
              <code title={head.target}>{head.target}</code>
            </p>
          </>
        )}
        <Actions exchange={exchange} onOpen={onOpen} />
      </header>
      <div className="detail-body">
        {load.state === 'error' ? (
          <div className="detail-problem" role="alert">
            <p>
              <strong>{load.notFound ? 'This exchange is no longer recorded.' : 'Could not load this exchange.'}</strong>
            </p>
            <p className="muted">{load.notFound ? 'It was cleared, or rotated out by the retention limit.' : load.message}</p>
          </div>
        ) : !exchange ? (
          <p className="muted detail-loading" aria-live="polite">
            Loading…
          </p>
        ) : (
          <>
            <Notices exchange={exchange} lookup={lookup} />
            <LintSection exchange={exchange} />
            <ChangesSection exchange={exchange} />
            <MessageTabs exchange={exchange} tab={tab} onTab={onTab} />
          </>
        )}
      </div>
    </aside>
  );
}
