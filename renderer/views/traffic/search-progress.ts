/**
 * The state of one Traffic search over the whole recording, as plain data with pure steps, so the
 * hook that drives the requests (use-server-search.ts) stays small and the steps are testable. A
 * search has two parts: the quick search (summaries and identifiers, answered from memory, complete
 * at once) and the body search, which the server does in time-boxed pages from the newest exchange
 * back (`bodies=true`, continued with `beforeSeq`) until every record was read.
 */
import type { ExchangeSummary } from '../../../server/contract/index.js';
import type { BodySearchProgress } from '../../api/admin-client.js';

/** Matches per page: enough to fill the list several times over, small enough to answer at once. */
export const SEARCH_PAGE = 200;
/**
 * The body search pauses after this many more matches (a broad term would otherwise copy most of the
 * recording into the inspector); the user can go on with "Search older".
 */
export const BODY_MATCH_PAUSE = 1000;

export type SearchPhase =
  /** Waiting for typing to stop, or for the quick search's answer. */
  | 'quick'
  /** Reading bodies, page after page. */
  | 'bodies'
  /** Stopped after BODY_MATCH_PAUSE more matches; older exchanges not searched yet. */
  | 'paused'
  /** Every exchange the search covers was searched, bodies included. */
  | 'complete'
  | 'cancelled'
  | 'failed';

export interface SearchState {
  key: string;
  phase: SearchPhase;
  /** Every match known so far (quick and body), newest first; undefined until the quick search answers. */
  items: readonly ExchangeSummary[] | undefined;
  /** Matches by summary or identifier in the whole recording (complete). */
  quickTotal: number;
  /** The exchanges this search covers (those matching the other filters when it started). */
  candidates: number;
  /** Matches found by the body search (a contiguous range from the newest back). */
  bodyFound: number;
  /** Records read from disk so far; `candidates - quickTotal` is what a complete search reads. */
  read: number;
  /** Where the next body page starts (exclusive); null once complete. */
  beforeSeq: number | null;
  /** The body search pauses when `bodyFound` reaches this. */
  pauseAt: number;
}

export const idleSearch: SearchState = { key: '', phase: 'quick', items: undefined, quickTotal: 0, candidates: 0, bodyFound: 0, read: 0, beforeSeq: null, pauseAt: BODY_MATCH_PAUSE };

/** The matches of `found` and `page` (both newest first) without duplicates, newest first; `found` itself when the page adds none. */
export function mergeMatches(found: readonly ExchangeSummary[], page: readonly ExchangeSummary[]): readonly ExchangeSummary[] {
  const known = new Set(found.map((e) => e.id));
  const extra = page.filter((e) => !known.has(e.id));
  if (extra.length === 0) return found;
  return [...found, ...extra].sort((a, b) => b.seq - a.seq);
}

/**
 * After the quick search: its first page and total, and the seq of the newest exchange the search
 * covers (`newestSeq`, by the same filters without text); the body search starts just above it, so
 * the number of records to read stays fixed while live traffic arrives (the live list matches those).
 */
export function afterQuick(s: SearchState, quick: { items: readonly ExchangeSummary[]; total: number }, candidates: number, newestSeq: number | null): SearchState {
  const beforeSeq = newestSeq === null ? null : newestSeq + 1;
  return { ...s, items: quick.items, quickTotal: quick.total, candidates, beforeSeq, phase: beforeSeq === null ? 'complete' : 'bodies' };
}

/** After one body page; throws when the server's answer cannot move the search on (so it is not asked forever). */
export function afterBodyPage(s: SearchState, page: { items: readonly ExchangeSummary[]; bodySearch?: BodySearchProgress }): SearchState {
  const progress = page.bodySearch;
  if (!progress) throw new Error('the server did not search bodies');
  const items = mergeMatches(s.items ?? [], page.items);
  const bodyFound = s.bodyFound + page.items.length;
  const read = s.read + progress.read;
  if (progress.complete) return { ...s, items, bodyFound, read, beforeSeq: null, phase: 'complete' };
  const next = progress.searchedTo;
  if (next === null || (s.beforeSeq !== null && next >= s.beforeSeq)) throw new Error('the body search did not advance');
  return { ...s, items, bodyFound, read, beforeSeq: next, phase: bodyFound >= s.pauseAt ? 'paused' : 'bodies' };
}

/**
 * After one page of the gap: the exchanges recorded between the newest this inspector held when the
 * search started (the first body page's bound, `from`) and the quick search's `newestSeq`, which the
 * server reads from `newestSeq` down. Only matches at or above `from` count (the first page and the
 * pages after it find the older ones); the search's own position does not move. Returns where the
 * gap's next page starts, or null when the gap is read; throws when the answer does not advance.
 */
export function afterGapPage(s: SearchState, page: { items: readonly ExchangeSummary[]; bodySearch?: BodySearchProgress }, before: number, from: number): { state: SearchState; next: number | null } {
  const progress = page.bodySearch;
  if (!progress) throw new Error('the server did not search bodies');
  const fresh = page.items.filter((e) => e.seq >= from);
  const items = mergeMatches(s.items ?? [], fresh);
  const added = items.length - (s.items?.length ?? 0);
  const state = { ...s, items, bodyFound: s.bodyFound + added, read: s.read + Math.min(progress.read, before - from) };
  if (progress.complete || progress.searchedTo === null || progress.searchedTo <= from) return { state, next: null };
  if (progress.searchedTo >= before) throw new Error('the body search did not advance');
  return { state, next: progress.searchedTo };
}

/**
 * After the first body page, asked for at the same time as the quick search with `beforeSeq` just
 * above the newest exchange this inspector held (recorded before either request was sent, so at or
 * below the quick search's `newestSeq` unless the filters leave out the newest). Its matches are
 * merged like any page's; the search goes on from where it stopped, or, when it read nothing older
 * than what the quick search covers, from there. Whatever lies between its bound and `newestSeq` is
 * read first, as the gap (`afterGapPage`), so the order in which the server takes the two requests
 * leaves no exchange unread.
 */
export function afterFirstBodyPage(s: SearchState, page: { items: readonly ExchangeSummary[]; bodySearch?: BodySearchProgress }): SearchState {
  if (s.phase !== 'bodies' || s.beforeSeq === null) return s;
  const next = page.bodySearch?.searchedTo;
  if (page.bodySearch && !page.bodySearch.complete && (next === null || next === undefined || next >= s.beforeSeq)) {
    const items = mergeMatches(s.items ?? [], page.items);
    const bodyFound = s.bodyFound + page.items.length;
    return { ...s, items, bodyFound, read: s.read + page.bodySearch.read, phase: bodyFound >= s.pauseAt ? 'paused' : 'bodies' };
  }
  return afterBodyPage(s, page);
}

/** Records the body search still has to read, never below what it read (traffic may be evicted meanwhile). */
export function toRead(s: Pick<SearchState, 'candidates' | 'quickTotal' | 'read'>): number {
  return Math.max(s.candidates - s.quickTotal, s.read);
}

export function isRunning(s: Pick<SearchState, 'phase'>): boolean {
  return s.phase === 'quick' || s.phase === 'bodies';
}
