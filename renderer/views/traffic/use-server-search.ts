/**
 * Search over everything the server recorded, not only what the inspector has loaded: after the user
 * stops typing (250 ms) it asks the server for the newest page of matches (summaries, identifiers
 * and bodies are searched there), shows them as soon as they come, and loads older pages on demand.
 * A new keystroke, clearing the box or the Cancel button aborts the request; meanwhile the loaded
 * exchanges are matched here at once, so typing never waits on the server.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExchangeSummary } from '../../../server/contract/index.js';
import type { AdminClient, ExchangeQuery } from '../../api/admin-client.js';
import { toQuery, type TrafficFilter } from '../../state/traffic-filter.js';

export const SEARCH_DELAY_MS = 250;
/** Matches per page: enough to fill the list several times over, small enough to answer at once. */
export const SEARCH_PAGE = 200;

export interface ServerSearch {
  /** The matches found so far, newest first; undefined while not searching or before the first page. */
  items: readonly ExchangeSummary[] | undefined;
  /** How many exchanges match in all, as the server counted them. */
  total: number;
  /** A page is being asked for. */
  pending: boolean;
  /** The user cancelled this search: only the loaded exchanges are matched. */
  cancelled: boolean;
  /** The server did not answer (the loaded exchanges are still matched). */
  failed: boolean;
  cancel(): void;
  /** Asks for the next older page of matches. */
  more(): void;
}

interface Result {
  key: string;
  items: readonly ExchangeSummary[] | undefined;
  total: number;
  pending: boolean;
  cancelled: boolean;
  failed: boolean;
}

const idle: Result = { key: '', items: undefined, total: 0, pending: false, cancelled: false, failed: false };

/** The query the search sends (without paging), or null when the filter has no text to search for. */
export function searchQuery(filter: TrafficFilter): ExchangeQuery | null {
  return filter.text.trim() ? toQuery(filter) : null;
}

/** Adds a page (newest first) after the ones already found, skipping any seen twice (offsets shift as matches arrive). */
export function appendPage(found: readonly ExchangeSummary[], page: readonly ExchangeSummary[]): ExchangeSummary[] {
  const known = new Set(found.map((e) => e.id));
  return [...found, ...page.filter((e) => !known.has(e.id))];
}

export function useServerSearch(client: AdminClient, filter: TrafficFilter): ServerSearch {
  const query = searchQuery(filter);
  const key = query ? JSON.stringify(query) : '';
  const [result, setResult] = useState<Result>(idle);
  const running = useRef<AbortController | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef({ key, query, result });
  latest.current = { key, query, result };

  const fetchPage = useCallback(
    (q: ExchangeQuery, k: string, offset: number) => {
      running.current?.abort();
      const controller = new AbortController();
      running.current = controller;
      setResult((r) => ({ ...r, key: k, pending: true, cancelled: false, failed: false }));
      client.exchanges({ ...q, offset: offset || undefined, limit: SEARCH_PAGE }, controller.signal).then(
        (page) => {
          if (controller.signal.aborted || latest.current.key !== k) return;
          running.current = null;
          setResult((r) => ({ ...r, items: offset === 0 || !r.items ? page.items : appendPage(r.items, page.items), total: page.total, pending: false }));
        },
        () => {
          if (controller.signal.aborted || latest.current.key !== k) return;
          running.current = null;
          setResult((r) => ({ ...r, pending: false, failed: true }));
        },
      );
    },
    [client],
  );

  useEffect(() => {
    const q = latest.current.query;
    if (!q) {
      setResult(idle);
      return;
    }
    setResult({ ...idle, key, pending: true });
    timer.current = setTimeout(() => fetchPage(q, key, 0), SEARCH_DELAY_MS);
    return () => {
      clearTimeout(timer.current);
      running.current?.abort();
      running.current = null;
    };
  }, [key, fetchPage]);

  const cancel = useCallback(() => {
    clearTimeout(timer.current);
    running.current?.abort();
    running.current = null;
    setResult((r) => ({ ...r, pending: false, cancelled: true }));
  }, []);

  const more = useCallback(() => {
    const { key: k, query: q, result: r } = latest.current;
    if (!q || r.key !== k || r.pending || !r.items || r.items.length >= r.total) return;
    fetchPage(q, k, r.items.length);
  }, [fetchPage]);

  const current = result.key === key ? result : { ...idle, pending: key !== '' };
  return { ...current, items: key ? current.items : undefined, cancel, more };
}
