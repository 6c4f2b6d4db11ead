/** Fetches what the Users and Groups views show (one table page, one resource with its history) from the server, refetching when the store changes and ignoring stale answers. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { JsonObject } from '../../../server/contract/index.js';
import { ApiFailure, type HistoryEntry, type ResourcePath } from '../../api/admin-client.js';
import { useServices } from '../../app-services.js';
import { useStoreSelector } from '../../state/external-store.js';
import { serverState } from '../../state/server-state.js';

export const PAGE_SIZE = 50;
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

export interface ResourceState {
  resource: JsonObject | null;
  history: HistoryEntry[];
  loading: boolean;
  /** The resource is gone (deleted) or never existed; its history may remain. */
  missing: boolean;
  error: string | null;
}

/** One resource and its timeline; both refetched when the store changes. */
export function useResource(type: ResourcePath, id: string | null): ResourceState & { reload: () => void } {
  const { client } = useServices();
  const revision = useSettledRevision();
  const [nonce, setNonce] = useState(0);
  const [state, setState] = useState<ResourceState & { id: string | null }>({ id: null, resource: null, history: [], loading: false, missing: false, error: null });
  const latest = useRef(0);

  useEffect(() => {
    if (!id) return;
    const ticket = ++latest.current;
    setState((s) => (s.id === id ? s : { id, resource: null, history: [], loading: true, missing: false, error: null }));
    const notFound = (e: unknown) => e instanceof ApiFailure && e.status === 404;
    Promise.allSettled([client.resource(type, id), client.history(type, id)]).then(([r, h]) => {
      if (ticket !== latest.current) return;
      const resource = r.status === 'fulfilled' ? r.value : null;
      const history = h.status === 'fulfilled' ? h.value.items : [];
      const missing = r.status === 'rejected' && notFound(r.reason);
      const error = r.status === 'rejected' && !missing ? (r.reason as Error).message : null;
      setState({ id, resource, history, loading: false, missing, error });
    });
  }, [client, type, id, revision, nonce]);

  const current = state.id === id ? state : { resource: null, history: [], loading: !!id, missing: false, error: null };
  return { resource: current.resource, history: current.history, loading: current.loading, missing: current.missing, error: current.error, reload: useCallback(() => setNonce((n) => n + 1), []) };
}
