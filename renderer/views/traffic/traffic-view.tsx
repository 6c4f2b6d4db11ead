/**
 * The Traffic view: the live list of recorded exchanges with its filters and actions, and the detail
 * of the selected exchange beside it. Owns the filter (kept while switching views) and the selection,
 * which follows the URL (#/traffic/<id>).
 */
import '../../styles/traffic.css';
import { useCallback, useMemo, useRef, useState, type CSSProperties } from 'react';
import type { ExchangeSummary } from '../../../server/contract/index.js';
import { useServices } from '../../app-services.js';
import { createStore, useStore } from '../../state/external-store.js';
import { navigate } from '../../state/route.js';
import { serverState } from '../../state/server-state.js';
import { emptyFilter, isEmptyFilter, type TrafficFilter } from '../../state/traffic-filter.js';
import { DetailPane } from './detail-pane.js';
import { LoadingTraffic, NoMatches, NoTraffic } from './empty-state.js';
import { FilterChips, OnlyChips, SearchBox } from './filter-bar.js';
import type { MessageTab } from './message-view.js';
import { SplitHandle, useDetailShare } from './split-handle.js';
import { TrafficActions } from './traffic-actions.js';
import { TrafficList } from './traffic-list.js';
import { rowDomId } from './traffic-row.js';
import { SearchStatus } from './search-status.js';
import { useServerSearch } from './use-server-search.js';
import { useClientsSeen, useFilteredRows, useSearchRows } from './use-traffic-rows.js';

/** Kept outside the component so the filter and the chosen tab survive a visit to another view. */
const filterStore = createStore<TrafficFilter>(emptyFilter);
const tabStore = createStore<MessageTab>('request');

/** Opens an exchange; while one is already open the URL is replaced, so j/k does not flood the history. */
function openExchange(id: string, replace: boolean): void {
  if (replace) window.location.replace(`#/traffic/${encodeURIComponent(id)}`);
  else navigate('traffic', id);
}

export function TrafficView({ selectedId }: { selectedId: string | null }) {
  const { client, traffic } = useServices();
  const state = useStore(traffic.state);
  const filter = useStore(filterStore);
  const tab = useStore(tabStore);
  const server = useStore(serverState);
  const serverTotal = server.counts.exchanges;
  const loading = server.trafficLoading;
  const search = useServerSearch(client, filter, () => traffic.state.get().items.at(-1)?.seq ?? null);
  const serverIds = useMemo(() => (search.items ? new Set(search.items.map((e) => e.id)) : undefined), [search.items]);
  const derived = useSearchRows(useFilteredRows(state, filter, serverIds), search.items);
  const clients = useClientsSeen(state);
  const [share, setShare] = useDetailShare();

  const [cursorId, setCursorId] = useState(selectedId);
  const [routed, setRouted] = useState(selectedId);
  if (routed !== selectedId) {
    setRouted(selectedId);
    if (selectedId) setCursorId(selectedId);
  }
  const selected = useRef(selectedId);
  selected.current = selectedId;
  const cursor = useRef(cursorId);
  cursor.current = cursorId;

  const onOpen = useCallback((id: string) => {
    setCursorId(id);
    if (selected.current !== id) openExchange(id, selected.current !== null);
  }, []);
  const onCursor = useCallback((id: string) => {
    setCursorId(id);
    if (selected.current !== null) openExchange(id, true);
  }, []);
  const onClose = useCallback(() => {
    if (selected.current === null) return;
    navigate('traffic');
    const id = cursor.current;
    if (id) requestAnimationFrame(() => document.getElementById(rowDomId(id))?.focus({ preventScroll: true }));
  }, []);

  const found = useRef(search.items);
  found.current = search.items;
  const lookup = useCallback(
    (id: string): ExchangeSummary | undefined => {
      const items = traffic.state.get().items;
      for (let i = items.length - 1; i >= 0; i--) if (items[i]!.id === id) return items[i];
      // A search lists matches that are not loaded: those are known too.
      return found.current?.find((e) => e.id === id);
    },
    [traffic],
  );
  // A summary never changes, so it is looked up once per selection (the full record fills in the rest).
  const summary = useMemo(() => (selectedId ? lookup(selectedId) : undefined), [selectedId, lookup]);

  const setFilter = useCallback((next: TrafficFilter) => filterStore.set(next), []);
  const noTraffic = state.items.length === 0;
  const showChips = !(noTraffic && isEmptyFilter(filter));

  return (
    <div className="traffic">
      <div className="traffic-toolbar">
        <div className="toolbar-row">
          <SearchBox filter={filter} onChange={setFilter} searching={search.pending} />
          {showChips && <OnlyChips filter={filter} onChange={setFilter} />}
          {/* While the server loads its traffic, nothing older can be loaded yet: the list arrives whole with the hello. */}
          <TrafficActions state={state} filter={filter} shown={derived.rows.length} serverTotal={loading ? 0 : serverTotal} onCleared={onClose} />
        </div>
        {showChips && <FilterChips filter={filter} onChange={setFilter} clients={clients} />}
        {filter.text.trim() !== '' && <SearchStatus search={search} serverTotal={serverTotal} />}
      </div>
      <div className={`traffic-body${selectedId ? ' has-detail' : ''}`} style={{ '--detail-share': `${(share * 100).toFixed(1)}%` } as CSSProperties}>
        <section className="traffic-list-pane" aria-label="Traffic list">
          {noTraffic && loading ? (
            <LoadingTraffic loaded={loading.loaded} expected={loading.expected} />
          ) : noTraffic && !search.items?.length ? (
            <NoTraffic paused={state.paused} queued={state.queued} />
          ) : derived.rows.length === 0 ? (
            <NoMatches searching={search.pending} onClear={() => setFilter(emptyFilter)} />
          ) : (
            <TrafficList derived={derived} cursorId={cursorId} onCursor={onCursor} onOpen={onOpen} onClose={onClose} />
          )}
        </section>
        {selectedId && <SplitHandle share={share} onShare={setShare} />}
        {selectedId && <DetailPane id={selectedId} summary={summary} lookup={lookup} tab={tab} onTab={(t) => tabStore.set(t)} onClose={onClose} onOpen={onOpen} />}
      </div>
    </div>
  );
}
