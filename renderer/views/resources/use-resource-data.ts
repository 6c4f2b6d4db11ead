/**
 * Fetches what the Users and Groups views show (one table page, one resource with the newest page of
 * its history, older pages on request) from the server, refetching when the store changes and
 * ignoring stale answers.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { JsonObject } from '../../../server/contract/index.js';
import { ApiFailure, type ResourcePath, type TimelineEntry } from '../../api/admin-client.js';
import { useServices } from '../../app-services.js';
import { useStoreSelector } from '../../state/external-store.js';
import { serverState } from '../../state/server-state.js';
import { NO_TIMELINE, withNewestPage, withOlderPage, type LoadedTimeline } from './timeline-model.js';

export const PAGE_SIZE = 50;
/** A timeline opens with its newest entries; "Load older" asks for the next ones (a group pushed thousands of times is never read whole). */
export const HISTORY_FIRST_PAGE = 100;
export const HISTORY_OLDER_PAGE = 200;
/** How long a burst of store changes (an Okta import) is let settle before refetching. */
const REFETCH_DELAY_MS = 250;

export interface PageQuery {
  filter: string | null;
  sortBy: string | null;
  sortOrder: 'ascending' | 'descending';
  startIndex: number;
}

export interface PageState {
  items: JsonObject[];
  total: number;
  startIndex: number;
  /** True until the first answer for the current query arrives. */
  loading: boolean;
  /** The server's message when the query failed (an invalid filter, most often). */
  error: string | null;
  /** True when the failure is about the filter the person typed. */
  filterError: boolean;
}

/** A revision that follows the store's, but at most once per REFETCH_DELAY_MS. */
function useSettledRevision(): number {
  // Read through a selector, so unrelated status updates do not re-render.
  const revision = useStoreSelector(serverState, (s) => s.storeRevision);
  const [settled, setSettled] = useState(revision);
  useEffect(() => {
    if (revision === settled) return;
    const timer = setTimeout(() => setSettled(revision), REFETCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [revision, settled]);
  return settled;
}

export function useResourcePage(type: ResourcePath, query: PageQuery): PageState & { reload: () => void } {
  const { client } = useServices();
  const revision = useSettledRevision();
  const [nonce, setNonce] = useState(0);
  const [state, setState] = useState<PageState>({ items: [], total: 0, startIndex: 1, loading: true, error: null, filterError: false });
  const latest = useRef(0);
  const key = JSON.stringify(query);
  const lastKey = useRef(key);

  useEffect(() => {
    const ticket = ++latest.current;
    if (lastKey.current !== key) {
      lastKey.current = key;
      setState((s) => ({ ...s, loading: true }));
    }
    client
      .resources(type, { filter: query.filter ?? undefined, startIndex: query.startIndex, count: PAGE_SIZE, sortBy: query.sortBy ?? undefined, sortOrder: query.sortBy ? query.sortOrder : undefined })
      .then(
        (page) => ticket === latest.current && setState({ items: page.items, total: page.total, startIndex: page.startIndex, loading: false, error: null, filterError: false }),
        (error: Error) => {
          if (ticket !== latest.current) return;
          const filterError = error instanceof ApiFailure && error.status === 400 && query.filter !== null;
          setState((s) => ({ ...s, items: filterError ? [] : s.items, total: filterError ? 0 : s.total, loading: false, error: error.message, filterError }));
        },
      );
    // `key` stands for the query's fields.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, type, key, revision, nonce]);

  return { ...state, reload: useCallback(() => setNonce((n) => n + 1), []) };
}

/** The loaded part of a resource's timeline, and how to load more of it. */
export interface HistoryState {
  /** The newest entries, oldest first. */
  entries: TimelineEntry[];
  /** Entries in the whole timeline. */
  total: number;
  hasOlder: boolean;
  loadingOlder: boolean;
  /** Why the last "Load older" failed. */
  olderError: string | null;
  loadOlder: () => void;
}

export interface ResourceState {
  resource: JsonObject | null;
  history: HistoryState;
  loading: boolean;
  /** The resource is gone (deleted) or never existed; its history may remain. */
  missing: boolean;
  error: string | null;
}

interface Loaded {
  id: string | null;
  resource: JsonObject | null;
  timeline: LoadedTimeline;
  total: number;
  loading: boolean;
  loadingOlder: boolean;
  olderError: string | null;
  missing: boolean;
  error: string | null;
}

const EMPTY: Omit<Loaded, 'id' | 'loading'> = { resource: null, timeline: NO_TIMELINE, total: 0, loadingOlder: false, olderError: null, missing: false, error: null };

/**
 * One resource and the newest page of its timeline; both refetched when the store changes (older
 * pages already loaded are kept, and so is the whole timeline when the history request fails).
 */
export function useResource(type: ResourcePath, id: string | null): ResourceState & { reload: () => void } {
  const { client } = useServices();
  const revision = useSettledRevision();
  const [nonce, setNonce] = useState(0);
  const [state, setState] = useState<Loaded>({ ...EMPTY, id: null, loading: false });
  const latest = useRef(0);
  const stateRef = useRef(state);
  stateRef.current = state;

  useEffect(() => {
    if (!id) return;
    const ticket = ++latest.current;
    setState((s) => (s.id === id ? s : { ...EMPTY, id, loading: true }));
    const notFound = (e: unknown) => e instanceof ApiFailure && e.status === 404;
    Promise.allSettled([client.resource(type, id), client.history(type, id, { count: HISTORY_FIRST_PAGE })]).then(([r, h]) => {
      if (ticket !== latest.current) return;
      const resource = r.status === 'fulfilled' ? r.value : null;
      const missing = r.status === 'rejected' && notFound(r.reason);
      const error = r.status === 'rejected' && !missing ? (r.reason as Error).message : null;
      setState((s) => {
        const before = s.id === id ? s.timeline : NO_TIMELINE;
        // A history request that failed (not a 404: no timeline at all) keeps what was loaded, older pages included.
        const kept = h.status === 'rejected' && !notFound(h.reason);
        const timeline = h.status === 'fulfilled' ? withNewestPage(before, h.value) : kept ? before : NO_TIMELINE;
        const total = h.status === 'fulfilled' ? h.value.total : kept && s.id === id ? s.total : 0;
        return { ...s, id, resource, timeline, total, loading: false, missing, error };
      });
    });
  }, [client, type, id, revision, nonce]);

  const loadOlder = useCallback(() => {
    const s = stateRef.current;
    const before = s.timeline.nextBefore;
    if (!id || s.id !== id || before === null || s.loadingOlder) return;
    setState((x) => ({ ...x, loadingOlder: true, olderError: null }));
    client.history(type, id, { count: HISTORY_OLDER_PAGE, before }).then(
      (page) => setState((x) => (x.id !== id ? x : { ...x, timeline: withOlderPage(x.timeline, page, before), total: page.total, loadingOlder: false })),
      (e: Error) => setState((x) => (x.id !== id ? x : { ...x, loadingOlder: false, olderError: e.message })),
    );
  }, [client, type, id]);

  const current = state.id === id ? state : { ...EMPTY, loading: !!id };
  const history: HistoryState = {
    entries: current.timeline.entries,
    total: Math.max(current.total, current.timeline.entries.length),
    hasOlder: current.timeline.nextBefore !== null,
    loadingOlder: current.loadingOlder,
    olderError: current.olderError,
    loadOlder,
  };
  return { resource: current.resource, history, loading: current.loading, missing: current.missing, error: current.error, reload: useCallback(() => setNonce((n) => n + 1), []) };
}
