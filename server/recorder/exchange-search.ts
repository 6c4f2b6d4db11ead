/**
 * Answering queries over the exchange log's entries: the filters and the quick search in one pass
 * over memory, and the body search, page by page. A body page reads records in slices
 * (exchange-query.ts `searchBodiesInSlices`), and a page that continues the last one resumes in the
 * candidates that page went through (its search's cursor) instead of a new pass over every entry;
 * each search under way keeps its own cursor, so searches at once do not take each other's. Split from
 * exchange-log.ts, which owns the entries, their loading and their records on disk.
 */
import type { ExchangeSummary } from '../contract/exchange.js';
import type { BoundedQueue } from './bounded-queue.js';
import { bodyScanner } from './body-scan.js';
import { summaryOf, type CompactEntry } from './compact-entry.js';
import { ANSWER_WITH_MATCHES_MS, ANSWER_WITH_MORE_MATCHES_MS, BODY_SLICE_MS, matchesFilters, quickMatcher, searchBodies, searchBodiesInSlices, type BodySearch, type ExchangeQuery } from './exchange-query.js';

/** What a text search covers: the exchanges matching the other filters, and the newest of them. */
export interface SearchCoverage {
  total: number;
  newestSeq: number | null;
}

/** A page of the list: summaries, the matches in all, how far a body search got, and (for a search) what it covers. */
export interface QueryPage {
  items: ExchangeSummary[];
  total: number;
  bodySearch?: BodySearch;
  covered?: SearchCoverage;
}

/** What the search reads of the log: its folder, the current file generation, whether an entry is still listed. */
export interface SearchedLog {
  readonly dir: string;
  currentGen(): number;
  isListed(e: CompactEntry): boolean;
}

/**
 * Where a body search stopped: its candidates (newest first, by the filters) and the index its next
 * page starts at, so a page that continues it (`beforeSeq` = its `searchedTo`) needs no new pass over
 * every entry (~10–20 ms at 100k; a search with sparse matches asks for many pages).
 */
interface BodyCursor {
  candidates: CompactEntry[];
  next: number;
  found: number;
}

/**
 * How many searches under way keep a cursor (the oldest goes first): two inspector windows, or a
 * search and its export, each continue their own. A cursor holds its candidates (up to 8 bytes an
 * entry), and one left by a search nobody continues goes once this many newer ones came.
 */
const MAX_CURSORS = 4;

export class ExchangeSearch {
  /** The searches under way, by their query (without the page) and where their next page starts. */
  private readonly bodyCursors = new Map<string, BodyCursor>();
  /** How many times the log was cleared: a body search that ran across a clear keeps no cursor. */
  private cleared = 0;

  constructor(
    /** The log's entries, oldest first. */
    private readonly items: BoundedQueue<CompactEntry>,
    private readonly log: SearchedLog,
  ) {}

  /** The log was cleared: the cursor goes, and a search running now keeps none. */
  reset(): void {
    this.bodyCursors.clear();
    this.cleared++;
  }

  /** A page of `query`: the quick search, or a body search in one piece. */
  queryNow(q: ExchangeQuery): QueryPage {
    const offset = Math.max(q.offset ?? 0, 0);
    const limit = Math.min(Math.max(q.limit ?? 100, 0), 5000);
    if (!q.bodies) return this.quickPage(q, offset, limit);
    const { matches, bodySearch } = this.find(q, offset + limit);
    return { items: matches.slice(offset, offset + limit).map(summaryOf), total: matches.length, ...(bodySearch ? { bodySearch } : {}) };
  }

  /** `queryNow`, with a body search read in slices that yield to the event loop between them. */
  async search(q: ExchangeQuery): Promise<QueryPage> {
    const needle = q.search?.trim().toLowerCase() || null;
    if (!q.bodies || !needle) return this.queryNow(q);
    const offset = Math.max(q.offset ?? 0, 0);
    const limit = Math.min(Math.max(q.limit ?? 100, 0), 5000);
    const { offset: _offset, limit: _limit, beforeSeq, budgetMs, signal, watch, ...rest } = q;
    const key = JSON.stringify({ ...rest, search: needle });
    const cursor = beforeSeq === undefined ? undefined : this.bodyCursors.get(cursorKey(key, beforeSeq));
    // Going on where this search's last page stopped, in the same candidates (so an exchange whose number
    // is out of order with its neighbours, as one held at a breakpoint is, is still searched once).
    if (cursor) this.bodyCursors.delete(cursorKey(key, beforeSeq!));
    const all = cursor ? cursor.candidates : this.candidates(q);
    if (!cursor) watch?.picked?.(all.length);
    const start = cursor ? cursor.next : 0;
    // Until the search has found something, a page answers with its first matches at once (the newest
    // ones, what the user waits for); after that, a page that finds more answers a little later, so
    // older matches are listed as they are found while the rest still comes in few pages.
    const found = cursor ? cursor.found : 0;
    const answerAfter = found === 0 ? ANSWER_WITH_MATCHES_MS : ANSWER_WITH_MORE_MATCHES_MS;
    const cleared = this.cleared;
    const { matches, bodySearch, examined } = await searchBodiesInSlices(start === 0 ? all : all.slice(start), needle, offset + limit, () => bodyScanner(this.log.dir, this.log.currentGen(), needle), budgetMs, watch?.sliceMs ?? BODY_SLICE_MS, answerAfter, signal, watch);
    // Candidates taken before a clear would hold the cleared entries (and their memory) until the next search.
    if (cleared === this.cleared && !bodySearch.complete && bodySearch.searchedTo !== null) this.keepCursor(cursorKey(key, bodySearch.searchedTo), { candidates: all, next: start + examined, found: found + matches.length });
    // A candidate evicted meanwhile (the retention is full and traffic goes on) is not listed.
    const kept = matches.filter((e) => this.log.isListed(e));
    return { items: kept.slice(offset, offset + limit).map(summaryOf), total: kept.length, bodySearch };
  }

  /** Keeps a search's cursor for its next page, within MAX_CURSORS. */
  private keepCursor(at: string, cursor: BodyCursor): void {
    this.bodyCursors.set(at, cursor);
    if (this.bodyCursors.size > MAX_CURSORS) this.bodyCursors.delete(this.bodyCursors.keys().next().value!);
  }

  /** The filters and the quick search in one pass over memory, keeping only the page asked for. */
  private quickPage(q: ExchangeQuery, offset: number, limit: number): QueryPage {
    const needle = q.search?.trim().toLowerCase() || null;
    const test = needle ? quickMatcher(needle) : null;
    const page: CompactEntry[] = [];
    let total = 0;
    let covered = 0;
    let newestSeq: number | null = null;
    for (let i = 0, size = this.items.size; i < size; i++) {
      const e = this.items.fromNewest(i)!;
      if (!matchesFilters(e, q)) continue;
      if (covered++ === 0) newestSeq = e.seq;
      if (test && !test(e)) continue;
      if (total >= offset && total < offset + limit) page.push(e);
      total++;
    }
    return { items: page.map(summaryOf), total, ...(needle ? { covered: { total: covered, newestSeq } } : {}) };
  }

  /** The entries matching the filters (not the text), newest first. */
  private candidates(q: ExchangeQuery): CompactEntry[] {
    const candidates: CompactEntry[] = [];
    for (let i = 0, size = this.items.size; i < size; i++) {
      const e = this.items.fromNewest(i)!;
      if (!matchesFilters(e, q)) continue;
      candidates.push(e);
    }
    return candidates;
  }

  /** The entries matching a query (a body search in one piece, up to `enough` matches), newest first. */
  find(q: ExchangeQuery, enough: number): { matches: CompactEntry[]; bodySearch?: BodySearch } {
    const needle = q.search?.trim().toLowerCase() || null;
    const candidates = this.candidates(q);
    if (!needle) return { matches: candidates };
    if (!q.bodies) return { matches: candidates.filter(quickMatcher(needle)) };
    return searchBodies(candidates, needle, enough, bodyScanner(this.log.dir, this.log.currentGen(), needle), q.budgetMs);
  }
}

/** A cursor's place: the search (its query without the page) and the `beforeSeq` its next page asks with. */
const cursorKey = (key: string, beforeSeq: number) => `${beforeSeq} ${key}`;
