/**
 * Search over everything the server recorded, not only what the inspector has loaded. After the user
 * stops typing (250 ms; at once when the text changed by more than one character, as a paste does) it
 * asks for the quick search (summaries and identifiers in the whole recording, complete at once; the
 * answer also says how many exchanges the search covers and the newest of them, `newestSeq`) and, at
 * the same time, the first page of the body search, below the newest exchange this inspector holds;
 * it shows the quick matches, reads the bodies of whatever was recorded between that bound and
 * `newestSeq` (the gap; usually none), shows the first body page's matches, then has the server read
 * bodies page after page further back (`bodies=true`, `beforeSeq`), merging each page's matches in
 * time order, until every record was read, BODY_MATCH_PAUSE more matches were found, or the user
 * cancels. Which of the two first requests the server handles first does not matter. When the search
 * ends (complete, paused, failed) a request still in flight is aborted. A new keystroke or clearing the box aborts the request in flight and ignores its answer;
 * meanwhile the loaded exchanges are matched here at once, so typing never waits on the server.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AdminClient, ExchangeQuery, SearchCoverage } from '../../api/admin-client.js';
import { toQuery, type TrafficFilter } from '../../state/traffic-filter.js';
import { afterBodyPage, afterFirstBodyPage, afterGapPage, afterQuick, BODY_MATCH_PAUSE, idleSearch, isRunning, SEARCH_PAGE, type SearchState } from './search-progress.js';

export { SEARCH_PAGE, BODY_MATCH_PAUSE } from './search-progress.js';
export const SEARCH_DELAY_MS = 250;
/** Budget of a gap page: the gap is the few exchanges recorded while the first two requests were on their way. */
export const GAP_BUDGET_MS = 20;

/** Typing adds or removes one character; a paste, a cut or a picked suggestion changes more, and is searched at once. */
export function searchDelay(previous: string, next: string): number {
  return Math.abs(next.length - previous.length) > 1 || (previous !== '' && !next.startsWith(previous) && !previous.startsWith(next)) ? 0 : SEARCH_DELAY_MS;
}

export interface ServerSearch extends Omit<SearchState, 'key'> {
  /** The server is being asked (quick search or a body page). */
  pending: boolean;
  /** Stops the search; what was found stays listed. */
  cancel(): void;
  /** Goes on with the body search after a pause or a cancel. */
  more(): void;
}

/** The query the search sends (without paging), or null when the filter has no text to search for. */
export function searchQuery(filter: TrafficFilter): ExchangeQuery | null {
  return filter.text.trim() ? toQuery(filter) : null;
}

/**
 * `newestHeld`: the seq of the newest exchange the inspector holds (the live list), or null when it
 * holds none; then the first body page waits for the quick search's answer.
 */
export function useServerSearch(client: AdminClient, filter: TrafficFilter, newestHeld: () => number | null = () => null): ServerSearch {
  const query = searchQuery(filter);
  const key = query ? JSON.stringify(query) : '';
  const [result, setResult] = useState<SearchState>(idleSearch);
  const running = useRef<AbortController | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef({ key, query, result });
  latest.current = { key, query, result };
  const lastText = useRef(filter.text);
  const held = useRef(newestHeld);
  held.current = newestHeld;

  const stop = useCallback(() => {
    clearTimeout(timer.current);
    running.current?.abort();
    running.current = null;
  }, []);

  /** Runs the search from state `from` until it completes, pauses, fails or is aborted. */
  const run = useCallback(
    async (q: ExchangeQuery, from: SearchState) => {
      running.current?.abort();
      const controller = new AbortController();
      running.current = controller;
      const { signal } = controller;
      let s = from;
      const show = (next: SearchState) => {
        s = next;
        if (!signal.aborted && latest.current.key === next.key) setResult(next);
      };
      show(s);
      try {
        if (s.phase === 'quick') {
          // The first body page is asked for at once, beside the quick search, not after its answer:
          // one round trip and one server turn less before a term found only in bodies is listed. It is
          // bounded by what this inspector already holds, so it never starts above the quick search.
          const newest = held.current();
          const bound = newest === null ? null : newest + 1;
          const quickAnswer = client.exchanges({ ...q, limit: SEARCH_PAGE }, signal);
          const firstBodies = bound === null ? null : client.exchanges({ ...q, bodies: true, limit: SEARCH_PAGE, beforeSeq: bound }, signal);
          firstBodies?.catch(() => undefined);
          const quick = await quickAnswer;
          // A server older than `covered` is asked for the count separately.
          let covered: SearchCoverage;
          if (quick.covered) covered = quick.covered;
          else {
            const all = await client.exchanges({ ...q, search: undefined, limit: 1 }, signal);
            covered = { total: all.total, newestSeq: all.items[0]?.seq ?? null };
          }
          if (signal.aborted) return;
          const quickDone = afterQuick(s, quick, covered.total, covered.newestSeq);
          show(quickDone);
          if (quickDone.phase === 'bodies' && firstBodies && bound !== null) {
            // Recorded between the bound and the quick search's newest: read from there down to the bound.
            let gap: number | null = quickDone.beforeSeq !== null && quickDone.beforeSeq > bound ? quickDone.beforeSeq : null;
            while (gap !== null) {
              const page = await client.exchanges({ ...q, bodies: true, limit: SEARCH_PAGE, beforeSeq: gap, budgetMs: GAP_BUDGET_MS }, signal);
              if (signal.aborted) return;
              const step = afterGapPage(s, page, gap, bound);
              show(step.state);
              gap = step.next;
            }
            const page = await firstBodies;
            if (signal.aborted) return;
            show(afterFirstBodyPage(s, page));
          }
        }
        while (s.phase === 'bodies' && s.beforeSeq !== null) {
          const page = await client.exchanges({ ...q, bodies: true, limit: SEARCH_PAGE, beforeSeq: s.beforeSeq }, signal);
          if (signal.aborted) return;
          show(afterBodyPage(s, page));
        }
      } catch {
        if (!signal.aborted) show({ ...s, phase: 'failed' });
      } finally {
        if (running.current === controller) running.current = null;
        // Ended (complete, paused, failed, or nothing to read in bodies): stop what is still in flight.
        controller.abort();
      }
    },
    [client],
  );

  useEffect(() => {
    const q = latest.current.query;
    if (!q) {
      lastText.current = '';
      setResult(idleSearch);
      return;
    }
    const start: SearchState = { ...idleSearch, key };
    setResult(start);
    const text = q.search ?? '';
    const delay = searchDelay(lastText.current, text);
    lastText.current = text;
    timer.current = setTimeout(() => void run(q, start), delay);
    return stop;
  }, [key, run, stop]);

  const cancel = useCallback(() => {
    stop();
    setResult((r) => (isRunning(r) ? { ...r, phase: 'cancelled' } : r));
  }, [stop]);

  const more = useCallback(() => {
    const { key: k, query: q, result: r } = latest.current;
    if (!q || r.key !== k || isRunning(r) || r.phase === 'complete') return;
    // Before the quick search answered there is nothing to continue from: start again.
    const from: SearchState = r.items === undefined ? { ...idleSearch, key: k } : { ...r, phase: 'bodies', pauseAt: r.bodyFound + BODY_MATCH_PAUSE };
    void run(q, from);
  }, [run]);

  const current = result.key === key && key !== '' ? result : { ...idleSearch, key };
  const { key: _key, ...state } = current;
  return { ...state, pending: key !== '' && isRunning(current), cancel, more };
}
