/**
 * The Traffic view's actions on the whole list: how many are shown, pause and resume the live feed,
 * load older exchanges from the server, export the filtered set as HAR, and clear (after asking).
 */
import { Download, History, Pause, Play, Trash2 } from 'lucide-react';
import { useState } from 'react';
import type { AdminClient } from '../../api/admin-client.js';
import { useServices } from '../../app-services.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { saveTextFile } from '../../components/save-file.js';
import { serverState } from '../../state/server-state.js';
import { toQuery, type TrafficFilter } from '../../state/traffic-filter.js';
import type { TrafficState } from '../../state/traffic-store.js';
import { attempt } from '../../state/toasts.js';

/** One formatter for the counts (re-rendered with every batch of arrivals; toLocaleString builds one per call). */
const count = new Intl.NumberFormat();

export const OLDER_PAGE = 1000;

export function harFileName(now = new Date()): string {
  return `scimscope-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.har`;
}

/** Saves the HAR through the desktop's save dialog, or as a browser download. */
export async function exportHar(client: AdminClient, filter: TrafficFilter): Promise<void> {
  const text = await client.har(toQuery(filter));
  await saveTextFile(harFileName(), text);
}

export interface TrafficActionsProps {
  state: TrafficState;
  filter: TrafficFilter;
  shown: number;
  /** How many exchanges the server holds. */
  serverTotal: number;
  onCleared: () => void;
}

export function TrafficActions({ state, filter, shown, serverTotal, onCleared }: TrafficActionsProps) {
  const { client, traffic } = useServices();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState<'older' | 'har' | null>(null);
  const loaded = state.items.length;
  // What the server holds beyond what is here, waiting (paused) or skipped (the feed fell behind).
  const unseen = state.queued + state.dropped;
  const older = Math.max(0, serverTotal - loaded - unseen);

  const loadOlder = async () => {
    setBusy('older');
    const page = await attempt(() => client.exchanges({ offset: loaded + unseen, limit: OLDER_PAGE }));
    setBusy(null);
    if (page) traffic.prepend([...page.items].reverse());
  };

  return (
    <div className="traffic-actions">
      {loaded > 0 && (
        <p className="traffic-count">
          Showing <strong>{count.format(shown)}</strong> of {count.format(loaded)}
        </p>
      )}
      {older > 0 && (
        <button type="button" className="button small ghost" disabled={busy === 'older'} onClick={() => void loadOlder()} title={`The server holds ${count.format(older)} older exchanges`}>
          <History size={15} aria-hidden="true" />
          Load older
          <span className="button-note">{count.format(older)}</span>
        </button>
      )}
      {state.dropped > 0 && (
        <span className="pill pill-warn" title="The inspector fell behind and the server skipped these live updates. They are still recorded: search or load older to see them.">
          {count.format(state.dropped)} skipped
        </span>
      )}
      {loaded > 0 && <span className="toolbar-sep" aria-hidden="true" />}
      <button type="button" className={`button small${state.paused ? ' is-paused' : ''}`} aria-pressed={state.paused} onClick={() => (state.paused ? traffic.resume() : traffic.pause())} title={state.paused ? 'Show the exchanges that arrived while paused' : 'Hold the list still; new exchanges wait'}>
        {state.paused ? <Play size={15} aria-hidden="true" /> : <Pause size={15} aria-hidden="true" />}
        {state.paused ? 'Resume' : 'Pause'}
        {state.paused && <span className="button-note">{count.format(state.queued)} waiting</span>}
      </button>
      <button
        type="button"
        className="button small"
        disabled={busy === 'har' || loaded === 0}
        title="Download the exchanges matching the filters as a HAR file"
        onClick={async () => {
          setBusy('har');
          await attempt(() => exportHar(client, filter));
          setBusy(null);
        }}
      >
        <Download size={15} aria-hidden="true" />
        Export HAR
      </button>
      <button type="button" className="button small" disabled={loaded === 0 && serverTotal === 0} onClick={() => setConfirming(true)}>
        <Trash2 size={15} aria-hidden="true" />
        Clear
      </button>
      <ConfirmDialog
        open={confirming}
        title="Clear all recorded traffic?"
        message={`This deletes all ${count.format(Math.max(serverTotal, loaded))} recorded exchanges, including the exchange log in the data folder. Users and groups stay as they are.`}
        confirmLabel="Clear traffic"
        onCancel={() => setConfirming(false)}
        onConfirm={async () => {
          setConfirming(false);
          const done = await attempt(async () => (await client.clearExchanges(), true), 'Traffic cleared');
          if (!done) return;
          // The live feed clears the list; the server's count is known to be zero now too.
          serverState.set((s) => ({ ...s, counts: { ...s.counts, exchanges: 0 } }));
          onCleared();
        }}
      />
    </div>
  );
}
