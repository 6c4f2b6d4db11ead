/**
 * The recorded exchanges as the admin API and the inspector see them. Memory holds, for the newest
 * `retention` exchanges, only what lists, filters and the quick search need (the summary, changed
 * ids, identifiers, and where the full record sits in the exchanges file) plus a small cache of
 * recently opened records; a full exchange (bodies, headers, lint) is read from the file when it is
 * asked for. So memory stays bounded whatever the bodies weigh (docs/performance.md, "Memory").
 * In memory mode the file lives in a temporary folder removed at close.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Exchange, ExchangeSummary } from '../contract/exchange.js';
import { BoundedQueue } from './bounded-queue.js';
import { readRecordLine, RecordReader, type BodyLocation, type ExchangeFileState, type IndexRecord } from './exchange-file.js';
import { loadExchangeFiles } from './exchange-file-load.js';
import { compactEntry, locationOf, summaryOf, type CompactEntry } from './compact-entry.js';
import { matchesFilters, quickMatcher, searchBodies, searchBodiesInSlices, type BodySearch, type ExchangeQuery } from './exchange-query.js';

export { toSummary } from './exchange-index-record.js';
export type { ExchangeQuery } from './exchange-query.js';

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

/** Full exchanges are read for a HAR export this many at a time (one file reader per batch). */
const EXPORT_BATCH = 64;

/** Where the records are also written (the recording backend): told when they are cleared or capped. */
export interface ExchangeSink {
  clear(): Promise<void>;
  setCap(cap: number): void;
  flush(): Promise<void>;
}

/** How many full exchanges the cache of recently opened ones holds. */
export const RECENT_CACHE_SIZE = 64;

export class ExchangeLog {
  private readonly byId = new Map<string, CompactEntry>();
  /** Oldest first, capped at the retention; evicting one forgets its id. */
  private readonly items: BoundedQueue<CompactEntry>;
  /** Recently opened full exchanges, least recently used first. */
  private readonly recent = new Map<string, Exchange>();
  private lastSeq = 0;
  /** The newest file generation seen: its records are in the current file. */
  private gen = 1;
  private sink: ExchangeSink | null = null;

  private constructor(
    retention: number,
    /** The folder of the exchanges files. */
    readonly dir: string,
    private readonly temporary: boolean,
  ) {
    this.items = new BoundedQueue(retention, (evicted) => {
      this.byId.delete(evicted.id);
      this.recent.delete(evicted.id);
    });
  }

  /** Loads the index of the exchanges files; returns where they end, for the writer that continues them. */
  static async open(dir: string | null, retention: number, log?: (m: string) => void): Promise<{ exchangeLog: ExchangeLog; warnings: string[]; fileState: ExchangeFileState }> {
    if (dir === null) {
      const temp = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'scimscope-exchanges-'));
      return { exchangeLog: new ExchangeLog(retention, temp, true), warnings: [], fileState: { gen: 1, linesInCurrent: 0, startWithNewline: false } };
    }
    const exchangeLog = new ExchangeLog(retention, dir, false);
    const { entries, warnings, state } = loadExchangeFiles(dir, retention, log);
    for (const entry of entries) exchangeLog.addEntry(entry);
    return { exchangeLog, warnings, fileState: state };
  }

  /** Connects the writer of the exchanges file. */
  attach(sink: ExchangeSink): void {
    this.sink = sink;
  }

  nextSeq(): number {
    return ++this.lastSeq;
  }

  /** The sequence number of the last exchange captured (interpreted or not yet). */
  get seq(): number {
    return this.lastSeq;
  }

  get size(): number {
    return this.items.size;
  }

  /** How many full exchanges are cached in memory now (at most RECENT_CACHE_SIZE). */
  get cachedCount(): number {
    return this.recent.size;
  }

  /** Adds a recorded exchange (already redacted and written by the recording backend). */
  add(record: IndexRecord, location: BodyLocation | null, line?: string): void {
    this.addEntry(compactEntry(record, location, line));
  }

  private addEntry(stored: CompactEntry): void {
    if (stored.gen > this.gen) this.gen = stored.gen;
    this.byId.set(stored.id, stored);
    this.items.push(stored);
    if (stored.seq > this.lastSeq) this.lastSeq = stored.seq;
  }

  summary(id: string): ExchangeSummary | undefined {
    const stored = this.byId.get(id);
    return stored && summaryOf(stored);
  }

  /** The full exchange: from the cache of recent ones, else read from the exchanges file. */
  get(id: string): Exchange | undefined {
    const cached = this.recent.get(id);
    if (cached) {
      this.recent.delete(id);
      this.recent.set(id, cached);
      return cached;
    }
    const stored = this.byId.get(id);
    if (!stored) return undefined;
    const line = this.lineOf(stored);
    if (line === null) return undefined;
    const exchange = JSON.parse(line) as Exchange;
    this.recent.set(id, exchange);
    if (this.recent.size > RECENT_CACHE_SIZE) this.recent.delete(this.recent.keys().next().value!);
    return exchange;
  }

  /**
   * Newest first: summaries, with how far a body search got. A search also says what it covers
   * (`covered`), so a client needs no second request to count the exchanges its filters select.
   */
  query(q: ExchangeQuery = {}): QueryPage {
    const offset = Math.max(q.offset ?? 0, 0);
    const limit = Math.min(Math.max(q.limit ?? 100, 0), 5000);
    if (!q.bodies) return this.quickPage(q, offset, limit);
    const { matches, bodySearch } = this.find(q, offset + limit);
    return { items: matches.slice(offset, offset + limit).map(summaryOf), total: matches.length, ...(bodySearch ? { bodySearch } : {}) };
  }

  /**
   * `query`, with a body search read in slices that yield to the event loop between them
   * (exchange-query.ts, searchBodiesInSlices), so other requests are answered while it runs.
   */
  async search(q: ExchangeQuery = {}): Promise<QueryPage> {
    const needle = q.search?.trim().toLowerCase() || null;
    if (!q.bodies || !needle) return this.query(q);
    const offset = Math.max(q.offset ?? 0, 0);
    const limit = Math.min(Math.max(q.limit ?? 100, 0), 5000);
    const candidates = this.candidates(q);
    const { matches, bodySearch } = await searchBodiesInSlices(candidates, needle, offset + limit, () => this.sliceReader(), q.budgetMs);
    return { items: matches.slice(offset, offset + limit).map(summaryOf), total: matches.length, bodySearch };
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

  /**
   * Every exchange matching a query in full, oldest first, in batches read from disk (HAR exports
   * write each batch out before the next is read); one whose record rotated away meanwhile is left out.
   */
  *fullMatchingBatches(q: ExchangeQuery = {}, batchSize = EXPORT_BATCH): Generator<Exchange[]> {
    const entries = this.find({ ...q, bodies: false }, Number.POSITIVE_INFINITY).matches.reverse();
    for (let start = 0; start < entries.length; start += batchSize) {
      const reader = this.sliceReader();
      try {
        const batch: Exchange[] = [];
        for (const e of entries.slice(start, start + batchSize)) {
          const cached = this.recent.get(e.id);
          const line = cached ? null : reader.read(e);
          if (cached) batch.push(cached);
          else if (line !== null) batch.push(JSON.parse(line) as Exchange);
        }
        yield batch;
      } finally {
        reader.close();
      }
    }
  }

  /** Every exchange matching a query (summaries), newest first. */
  matching(q: ExchangeQuery = {}): ExchangeSummary[] {
    return this.find(q, Number.POSITIVE_INFINITY).matches.map(summaryOf);
  }

  /** Every exchange matching a query in full, oldest first, read from disk one by one (HAR exports);
   *  one whose record rotated away meanwhile is left out. */
  fullMatching(q: ExchangeQuery = {}): Exchange[] {
    return this.matching(q)
      .reverse()
      .map((s) => this.get(s.id))
      .filter((e): e is Exchange => e !== undefined);
  }

  /** The newest `n` exchanges' summaries, oldest first (what a new WebSocket client receives). */
  latest(n: number): ExchangeSummary[] {
    return this.items.latest(n).map(summaryOf);
  }

  setRetention(retention: number): void {
    this.sink?.setCap(retention);
    this.items.setCap(retention);
  }

  async clear(): Promise<void> {
    this.items.clear();
    this.byId.clear();
    this.recent.clear();
    await this.sink?.clear();
  }

  flush(): Promise<void> {
    return this.sink?.flush() ?? Promise.resolve();
  }

  /** Removes the temporary folder of memory mode (after the writer has closed). */
  async close(): Promise<void> {
    if (this.temporary) await fs.promises.rm(this.dir, { recursive: true, force: true });
  }

  private lineOf(stored: CompactEntry): string | null {
    if (stored.line !== null) return stored.line;
    const location = locationOf(stored);
    return location && readRecordLine(this.dir, this.gen, location, stored.id);
  }

  /** Reads records for a while (a slice of a body search, a batch of an export), at the current file generation. */
  private sliceReader(): { read(e: CompactEntry): string | null; close(): void } {
    const reader = new RecordReader(this.dir, this.gen);
    return {
      read: (e) => {
        if (e.line !== null) return e.line;
        const location = locationOf(e);
        return location && reader.read(location, e.id);
      },
      close: () => reader.close(),
    };
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

  private find(q: ExchangeQuery, enough: number): { matches: CompactEntry[]; bodySearch?: BodySearch } {
    const needle = q.search?.trim().toLowerCase() || null;
    const candidates = this.candidates(q);
    if (!needle) return { matches: candidates };
    if (!q.bodies) return { matches: candidates.filter(quickMatcher(needle)) };
    const reader = this.sliceReader();
    try {
      return searchBodies(candidates, needle, enough, (e) => reader.read(e), q.budgetMs);
    } finally {
      reader.close();
    }
  }
}
