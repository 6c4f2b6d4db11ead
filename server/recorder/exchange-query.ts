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
  /**
   * Aborted when whoever asked no longer waits for the answer (the admin API: the client closed the
   * request, as the inspector does on every keystroke): a body search stops at its next slice instead
   * of reading on to its budget while the next search waits behind it.
   */
  signal?: AbortSignal;
  /** Watches a body search slice by slice (tests hold one part-way through it, as a slow disk would). */
  watch?: BodySearchWatch;
}

/**
 * A door into a body search between its slices, for tests over real HTTP: the sandbox's
 * `bodySearchWatch` reaches every body search the admin API runs, so a test can hold one part-way and
 * see where it ended (e.g. that a client's abort stopped it).
 */
export interface BodySearchWatch {
  /** How long each slice reads (default BODY_SLICE_MS); 0: one record a slice, so a search of a few records has several. */
  readonly sliceMs?: number;
  /** Awaited after each slice that leaves more to read, before the next one; `signal` is the search's. */
  between(progress: BodySearch, signal: AbortSignal | undefined): Promise<void>;
  /** Told where the search ended (complete, its budget spent, enough found, or its signal aborted). */
  ended(progress: BodySearch): void;
  /** Told when a page picks its candidates by a pass over every entry (a first page, or one no cursor continues), with how many it picked. */
  picked?(candidates: number): void;
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
/** A body page that has found matches answers after this long, so the newest matches are listed at once. */
export const ANSWER_WITH_MATCHES_MS = 16;
/**
 * Once the search has found something, a page that finds more answers after this long (a page that
 * finds none runs to its budget): older matches are listed as they are found, not a budget later,
 * in about twice the pages (9–13 instead of 4–7 for the bench's term over 120k exchanges; 16 ms
 * took 23–28).
 */
export const ANSWER_WITH_MORE_MATCHES_MS = 64;

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

/** Tells whether an exchange's full record holds the needle; one per slice of a body search (its files are opened per slice, so a rotation in between is seen). */
export interface BodyTester<T> {
  holds(e: T): boolean;
  close(): void;
}

/** A body search under way: the candidates, how far it got and what it found. */
interface BodySearchRun<T> {
  readonly candidates: readonly T[];
  readonly quickMatch: (e: T) => boolean;
  readonly enough: number;
  readonly matches: T[];
  /** The next candidate to look at. */
  i: number;
  read: number;
  searchedTo: number | null;
}

function startRun<T extends Searchable>(candidates: readonly T[], needle: string, enough: number): BodySearchRun<T> {
  return { candidates, quickMatch: quickMatcher(needle), enough, matches: [], i: 0, read: 0, searchedTo: null };
}

const more = <T>(run: BodySearchRun<T>) => run.i < run.candidates.length && run.matches.length < run.enough;

/**
 * One step of a body search, shared by the one-piece and the sliced search: goes through the
 * candidates (newest first), a quick match needing no read, until `enough` are found or `stepEnd`
 * has passed; a step reads at least one record, so a search always advances.
 */
function searchStep<T extends Searchable>(run: BodySearchRun<T>, tester: BodyTester<T>, stepEnd: number): void {
  let readInStep = 0;
  for (; more(run); run.i++) {
    const e = run.candidates[run.i]!;
    if (!run.quickMatch(e)) {
      if (readInStep > 0 && performance.now() > stepEnd) break;
      run.read++;
      readInStep++;
      if (!tester.holds(e)) {
        run.searchedTo = e.seq;
        continue;
      }
    }
    run.matches.push(e);
    run.searchedTo = e.seq;
  }
}

/** What a body search found, how far it got, and how many candidates it went through (`examined`: the next page starts there). */
export interface BodySearchResult<T> {
  matches: T[];
  bodySearch: BodySearch;
  examined: number;
}

function resultOf<T>(run: BodySearchRun<T>): BodySearchResult<T> {
  return { matches: run.matches, bodySearch: { complete: run.i >= run.candidates.length, searchedTo: run.searchedTo, read: run.read }, examined: run.i };
}

/**
 * Candidates (newest first) whose quick-search text or full record holds `needle`, until `enough`
 * are found or the budget is spent, in one piece. A record that cannot be read counts as not matching.
 */
export function searchBodies<T extends Searchable>(candidates: readonly T[], needle: string, enough: number, tester: BodyTester<T>, budgetMs = DEFAULT_BODY_BUDGET_MS): BodySearchResult<T> {
  const run = startRun(candidates, needle, enough);
  try {
    searchStep(run, tester, performance.now() + budgetMs);
  } finally {
    tester.close();
  }
  return resultOf(run);
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The body search of `searchBodies`, with the same answer, run in slices of `sliceMs`: between
 * slices it yields to the event loop (setImmediate), so requests arriving meanwhile are answered
 * within a slice instead of after the whole budget. The budget is wall time from the start; every
 * slice reads at least one record, so a search always advances. With `answerAfterMs`, a page that
 * has found matches ends after the slice in which it has run that long, so the newest matches are
 * listed at once and the client asks for the rest from there (`beforeSeq`). Once `signal` is aborted it
 * reads no further slice (the answer says how far it got, as at its budget). A `watch` is awaited
 * between slices instead of the event loop's turn, and told where the search ended.
 */
export async function searchBodiesInSlices<T extends Searchable>(candidates: readonly T[], needle: string, enough: number, openTester: () => BodyTester<T>, budgetMs = DEFAULT_BODY_BUDGET_MS, sliceMs = BODY_SLICE_MS, answerAfterMs = Number.POSITIVE_INFINITY, signal?: AbortSignal, watch?: BodySearchWatch): Promise<BodySearchResult<T>> {
  const run = startRun(candidates, needle, enough);
  const started = performance.now();
  const deadline = started + budgetMs;
  while (more(run)) {
    if (signal?.aborted) break;
    if (run.read > 0 && performance.now() > deadline) break;
    if (run.matches.length > 0 && performance.now() - started >= answerAfterMs) break;
    const tester = openTester();
    try {
      searchStep(run, tester, Math.min(performance.now() + sliceMs, deadline));
    } finally {
      tester.close();
    }
    if (more(run)) await (watch ? watch.between(resultOf(run).bodySearch, signal) : nextTurn());
  }
  const result = resultOf(run);
  watch?.ended(result.bodySearch);
  return result;
}
