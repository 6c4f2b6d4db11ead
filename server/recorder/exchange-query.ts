/**
 * Filtering and searching the recorded exchanges. The filters and the quick search run over what
 * memory holds (summaries and identifiers), so they answer over 100,000 exchanges without reading a
 * body. A body search (`bodies`) also reads records from the exchanges file, newest first, until it
 * has found what the page needs or spent its time budget; it then says how far it got, so a client
 * can go on from there (`beforeSeq`). The body search reads in slices of a few milliseconds and
 * yields to the event loop between them (`searchBodiesInSlices`), so other requests are answered
 * while it runs.
 */
import type { CompactEntry } from './compact-entry.js';

export interface ExchangeQuery {
  offset?: number;
  limit?: number;
  /** Case-insensitive text: method, path, query, status, kind, client, summary and the bodies' identifiers. */
  search?: string;
  /** Also match the search text anywhere in the full records (bodies, headers), read from disk. */
  bodies?: boolean;
  /** Milliseconds a body search may spend reading records (default 250). */
  budgetMs?: number;
  /** Only exchanges older than this sequence number (to continue a body search). */
  beforeSeq?: number;
  methods?: string[];
  /** Status classes ('2xx', '4xx'...) or exact statuses ('409'). */
  statuses?: string[];
  kinds?: string[];
  clients?: string[];
  faulted?: boolean;
  linted?: boolean;
  resourceId?: string;
}

/** How far a body search got: `complete` false means older exchanges (seq < searchedTo) were not read. */
export interface BodySearch {
  complete: boolean;
  /** The oldest sequence number read (the next page starts below it); null if nothing was read. */
  searchedTo: number | null;
  /** Exchanges whose records were read from disk. */
  read: number;
}

type Searchable = Pick<CompactEntry, 'seq' | 'method' | 'status' | 'kind' | 'client' | 'faulted' | 'lintCount' | 'resourceId' | 'changeIds' | 'text' | 'ascii'>;

export const DEFAULT_BODY_BUDGET_MS = 250;
/** How long one slice of a body search reads before it lets other work run. */
export const BODY_SLICE_MS = 8;

function statusMatches(status: number, wanted: string[]): boolean {
  return wanted.some((w) => {
    const m = /^([1-5])xx$/i.exec(w);
    if (m) return Math.floor(status / 100) === Number(m[1]);
    if (w === '0' || w.toLowerCase() === 'none') return status === 0;
    return String(status) === w;
  });
}

export function matchesFilters(s: Searchable, q: ExchangeQuery): boolean {
  if (q.beforeSeq !== undefined && s.seq >= q.beforeSeq) return false;
  if (q.methods?.length && !q.methods.some((m) => m.toUpperCase() === s.method)) return false;
  if (q.statuses?.length && !statusMatches(s.status, q.statuses)) return false;
  if (q.kinds?.length && !q.kinds.some((k) => s.kind === k || s.kind.startsWith(`${k}.`))) return false;
  if (q.clients?.length && !q.clients.includes(s.client)) return false;
  if (q.faulted !== undefined && s.faulted !== q.faulted) return false;
  if (q.linted !== undefined && s.lintCount > 0 !== q.linted) return false;
  if (q.resourceId && s.resourceId !== q.resourceId && !s.changeIds.includes(q.resourceId)) return false;
  return true;
}

/**
 * A test for the quick search: whether an entry's search text, lower-cased, holds `needle` (already
 * lower-cased). The text is kept in its original case; lower-casing 100,000 of them per search is
 * slow, so ASCII texts are matched with a case-insensitive expression (exactly the same answer for
 * ASCII text) and only the others are lower-cased.
 */
export function quickMatcher(needle: string): (e: Pick<CompactEntry, 'text' | 'ascii'>) => boolean {
  const expression = new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  return (e) => (e.ascii ? expression.test(e.text) : e.text.toLowerCase().includes(needle));
}

/**
 * Candidates (newest first) whose quick-search text or full record holds `needle`, until `enough`
 * are found or the budget is spent. A record that cannot be read counts as not matching.
 */
export function searchBodies<T extends Searchable>(candidates: T[], needle: string, enough: number, lineOf: (e: T) => string | null, budgetMs = DEFAULT_BODY_BUDGET_MS): { matches: T[]; bodySearch: BodySearch } {
  const quickMatch = quickMatcher(needle);
  const deadline = performance.now() + budgetMs;
  const matches: T[] = [];
  let read = 0;
  let searchedTo: number | null = null;
  let i = 0;
  for (; i < candidates.length && matches.length < enough; i++) {
    const e = candidates[i]!;
    if (!quickMatch(e)) {
      if (read > 0 && performance.now() > deadline) break;
      read++;
      const line = lineOf(e);
      if (line === null || !line.toLowerCase().includes(needle)) {
        searchedTo = e.seq;
        continue;
      }
    }
    matches.push(e);
    searchedTo = e.seq;
  }
  return { matches, bodySearch: { complete: i >= candidates.length, searchedTo, read } };
}

/** Reads records for one slice of a body search (opened per slice, so a rotation in between is seen). */
export interface SliceReader<T> {
  read(e: T): string | null;
  close(): void;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The body search of `searchBodies`, with the same answer, run in slices of `sliceMs`: between
 * slices it yields to the event loop (setImmediate), so requests arriving meanwhile are answered
 * within a slice instead of after the whole budget. The budget is wall time from the start; every
 * slice reads at least one record, so a search always advances.
 */
export async function searchBodiesInSlices<T extends Searchable>(candidates: T[], needle: string, enough: number, openReader: () => SliceReader<T>, budgetMs = DEFAULT_BODY_BUDGET_MS, sliceMs = BODY_SLICE_MS): Promise<{ matches: T[]; bodySearch: BodySearch }> {
  const quickMatch = quickMatcher(needle);
  const deadline = performance.now() + budgetMs;
  const matches: T[] = [];
  let read = 0;
  let searchedTo: number | null = null;
  let i = 0;
  const more = () => i < candidates.length && matches.length < enough;
  while (more()) {
    if (read > 0 && performance.now() > deadline) break;
    const sliceEnd = Math.min(performance.now() + sliceMs, deadline);
    const reader = openReader();
    let readInSlice = 0;
    try {
      for (; more(); i++) {
        const e = candidates[i]!;
        if (!quickMatch(e)) {
          if (readInSlice > 0 && performance.now() > sliceEnd) break;
          read++;
          readInSlice++;
          const line = reader.read(e);
          if (line === null || !line.toLowerCase().includes(needle)) {
            searchedTo = e.seq;
            continue;
          }
        }
        matches.push(e);
        searchedTo = e.seq;
      }
    } finally {
      reader.close();
    }
    if (more()) await nextTurn();
  }
  return { matches, bodySearch: { complete: i >= candidates.length, searchedTo, read } };
}
