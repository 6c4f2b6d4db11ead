/**
 * The recorded exchanges as the admin API and the inspector see them. Memory holds, for the newest
 * `retention` exchanges, only what lists, filters and the quick search need (the summary, changed
 * ids, identifiers, and where the full record sits in the exchanges file); a full exchange (bodies,
 * headers, lint) is read from the file when it is asked for (exchange-file-records.ts, with a small
 * cache of recently opened ones). So memory stays bounded whatever the bodies weigh
 * (docs/performance.md, "Memory"). In memory mode the file lives in a temporary folder removed at close.
 *
 * The index is loaded after the server is ready (exchange-file-background.ts): recording goes on
 * meanwhile, numbered after the newest record on disk, and the loaded entries are put in front of
 * what was recorded once the load ends. Every query method (search, get, latest, the exports) waits
 * for that itself, so no caller can forget to and get a partial answer; only `size`, `loadState`,
 * `summary` and `seq` answer at once during the load (docs/decisions.md, "Start-up"). The queries
 * themselves (filters, quick search, body search pages) are answered by exchange-search.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Exchange, ExchangeSummary } from '../contract/exchange.js';
import { BoundedQueue } from './bounded-queue.js';
import type { BodyLocation, ExchangeFileState, IndexRecord } from './exchange-file.js';
import { loadExchangeFiles } from './exchange-file-load.js';
import { prepareBackgroundLoad, type BackgroundLoad } from './exchange-file-background.js';
import { IndexLoad, rebuildIndex, type LoadOptions, type LoadState } from './exchange-log-load.js';
import { compactEntry, adoptEntry, summaryOf, type CompactEntry } from './compact-entry.js';
import { FullRecords } from './exchange-file-records.js';
import type { ExchangeQuery } from './exchange-query.js';
import { ExchangeSearch, type QueryPage } from './exchange-search.js';

export { toSummary } from './exchange-index-record.js';
export type { LoadOptions, LoadState } from './exchange-log-load.js';
export type { ExchangeQuery } from './exchange-query.js';
export type { QueryPage, SearchCoverage } from './exchange-search.js';
export { RECENT_CACHE_SIZE } from './exchange-file-records.js';

/** Full exchanges are read for a HAR export this many at a time (one file reader per batch). */
const EXPORT_BATCH = 64;

/** Where the records are also written (the recording backend): told when they are cleared or capped, and to capture what waits. */
export interface ExchangeSink {
  capturePending(): void;
  clear(): Promise<void>;
  setCap(cap: number): void;
  flush(): Promise<void>;
}

export class ExchangeLog {
  private readonly byId = new Map<string, CompactEntry>();
  /** Oldest first, capped at the retention; evicting one forgets its id. */
  private readonly items: BoundedQueue<CompactEntry>;
  /** The full records in the exchanges file, with a cache of recently opened ones. */
  private readonly records: FullRecords;
  private lastSeq = 0;
  /** The newest file generation seen: its records are in the current file. */
  private gen = 1;
  private sink: ExchangeSink | null = null;
  private loading: IndexLoad | null = null;
  /** The background load found an index that disagrees with its data file: rewritten at close. */
  private repairAtClose = false;
  private log: ((m: string) => void) | undefined;
  /** The filters, the quick search and the body search's pages over `items` (exchange-search.ts). */
  private readonly searcher: ExchangeSearch;

  private constructor(
    private retention: number,
    /** The folder of the exchanges files. */
    readonly dir: string,
    private readonly temporary: boolean,
  ) {
    this.records = new FullRecords(dir, () => this.gen);
    this.items = new BoundedQueue(retention, (evicted) => {
      this.byId.delete(evicted.id);
      this.records.forget(evicted.id);
    });
    this.searcher = new ExchangeSearch(this.items, { dir, currentGen: () => this.gen, isListed: (e) => this.byId.get(e.id) === e });
  }

  /** Loads the index of the exchanges files; returns where they end, for the writer that continues them. */
  static async open(dir: string | null, retention: number, log?: (m: string) => void, options: LoadOptions = {}): Promise<{ exchangeLog: ExchangeLog; warnings: string[]; fileState: ExchangeFileState }> {
    if (dir === null) {
      const temp = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'scimscope-exchanges-'));
      return { exchangeLog: new ExchangeLog(retention, temp, true), warnings: [], fileState: { gen: 1, linesInCurrent: 0, startWithNewline: false } };
    }
    const exchangeLog = new ExchangeLog(retention, dir, false);
    exchangeLog.log = log;
    const background = prepareBackgroundLoad(dir, retention);
    if (background) {
      exchangeLog.loadInBackground(background, log, options);
      return { exchangeLog, warnings: background.warnings, fileState: background.state };
    }
    // The files need repair before the writer continues them: load everything now.
    const { entries, warnings, state } = loadExchangeFiles(dir, retention, log);
    for (const entry of entries) exchangeLog.addEntry(entry);
    return { exchangeLog, warnings, fileState: state };
  }

  private loadInBackground(background: BackgroundLoad, log: ((m: string) => void) | undefined, options: LoadOptions): void {
    this.lastSeq = background.lastSeq;
    const loading = new IndexLoad(background, this.dir, (entries) => this.putInFront(entries), () => (this.repairAtClose = true), log, options);
    void loading.done.finally(() => {
      if (this.loading === loading) this.loading = null;
    });
    this.loading = loading;
  }

  /** Loaded entries go before those recorded during the load (which are newer), within the retention. */
  private putInFront(loaded: CompactEntry[]): void {
    const recorded = this.items.latest(this.items.size);
    this.items.clear();
    this.byId.clear();
    for (const entry of loaded) this.addEntry(entry);
    for (const entry of recorded) this.addEntry(entry);
  }

  /** Resolves once the index is loaded (at once when it is). Never rejects. */
  whenLoaded(): Promise<void> {
    return this.loading?.done ?? Promise.resolve();
  }

  get loadState(): LoadState {
    const l = this.loading;
    return l ? { loading: true, loaded: l.parsed, expected: l.expected } : { loading: false, loaded: this.items.size, expected: this.items.size };
  }

  /** Connects the writer of the exchanges file. */
  attach(sink: ExchangeSink): void {
    this.sink = sink;
  }

  nextSeq(): number {
    return ++this.lastSeq;
  }

  /** Captures now every exchange whose response has closed (they wait for a quiet moment: deferred-captures.ts), so `seq` counts them. */
  capturePending(): void {
    this.sink?.capturePending();
  }

  /** The sequence number of the last exchange captured (interpreted or not yet). */
  get seq(): number {
    return this.lastSeq;
  }

  /** Exchanges retained; during the load, those recorded plus those the load should deliver. */
  get size(): number {
    const l = this.loading;
    return l ? Math.min(this.retention, this.items.size + l.expected) : this.items.size;
  }

  /** How many full exchanges are cached in memory now (at most RECENT_CACHE_SIZE). */
  get cachedCount(): number {
    return this.records.cachedCount;
  }

  /** Adds a recorded exchange (already redacted and written by the recording backend). */
  add(record: IndexRecord, location: BodyLocation | null, line?: string): void {
    this.addEntry(compactEntry(record, location, line));
  }

  /**
   * Adds an exchange the recording worker has made into an entry already (recorder-worker.ts); it
   * is only copied into this thread's shape here (compact-entry.ts `adoptEntry`).
   */
  addRecorded(entry: CompactEntry): void {
    this.addEntry(adoptEntry(entry));
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

  /** The full exchange (once the index is loaded): from the cache of recent ones, else read from the exchanges file. */
  async get(id: string): Promise<Exchange | undefined> {
    await this.whenLoaded();
    return this.getNow(id);
  }

  private getNow(id: string): Exchange | undefined {
    const stored = this.byId.get(id);
    return stored && this.records.get(stored);
  }

  /**
   * Newest first: summaries, with how far a body search got. A search also says what it covers
   * (`covered`), so a client needs no second request to count the exchanges its filters select.
   */
  async query(q: ExchangeQuery = {}): Promise<QueryPage> {
    await this.whenLoaded();
    return this.searcher.queryNow(q);
  }

  /**
   * `query`, with a body search read in slices that yield to the event loop between them
   * (exchange-query.ts, searchBodiesInSlices), so other requests are answered while it runs.
   */
  async search(q: ExchangeQuery = {}): Promise<QueryPage> {
    await this.whenLoaded();
    return this.searcher.search(q);
  }

  /**
   * Every exchange matching a query in full, oldest first, in batches read from disk (HAR exports
   * write each batch out before the next is read); one whose record rotated away meanwhile is left out.
   */
  async *fullMatchingBatches(q: ExchangeQuery = {}, batchSize = EXPORT_BATCH): AsyncGenerator<Exchange[]> {
    await this.whenLoaded();
    const entries = this.searcher.find({ ...q, bodies: false }, Number.POSITIVE_INFINITY).matches.reverse();
    yield* this.records.batches(entries, batchSize);
  }

  /** Every exchange matching a query (summaries), newest first. */
  async matching(q: ExchangeQuery = {}): Promise<ExchangeSummary[]> {
    await this.whenLoaded();
    return this.searcher.find(q, Number.POSITIVE_INFINITY).matches.map(summaryOf);
  }

  /** Every exchange matching a query in full, oldest first (one whose record rotated away meanwhile is left out). */
  async fullMatching(q: ExchangeQuery = {}): Promise<Exchange[]> {
    return (await this.matching(q)).reverse().flatMap((s) => this.getNow(s.id) ?? []);
  }

  /** The newest `n` exchanges' summaries, oldest first (what a new WebSocket client receives), once the index is loaded. */
  async latest(n: number): Promise<ExchangeSummary[]> {
    await this.whenLoaded();
    return this.items.latest(n).map(summaryOf);
  }

  setRetention(retention: number): void {
    this.retention = retention;
    this.sink?.setCap(retention);
    this.items.setCap(retention);
  }

  /**
   * Forgets every exchange captured so far (what closed but waits is captured first), in memory and in
   * the exchanges file. The sink sends what it still holds before it empties the file, so those results
   * are listed before it answers and are forgotten here with the rest; memory is emptied only then, so
   * no listed exchange lacks its record. Exchanges captured after the call (a later sequence number) stay.
   */
  async clear(): Promise<void> {
    // Else the load would bring the cleared exchanges back.
    await this.whenLoaded();
    this.sink?.capturePending();
    const upTo = this.lastSeq;
    await this.sink?.clear();
    const kept = this.items.latest(this.items.size).filter((e) => e.seq > upTo);
    this.items.clear();
    this.byId.clear();
    this.records.clear();
    this.searcher.reset();
    for (const entry of kept) this.addEntry(entry);
  }

  flush(): Promise<void> {
    return this.sink?.flush() ?? Promise.resolve();
  }

  /** Stops a load in progress; rebuilds an index the load found wrong, or removes the temporary
   *  folder of memory mode (after the writer has closed). */
  async close(): Promise<void> {
    const log = this.log;
    await this.loading?.stop();
    if (this.repairAtClose) {
      this.repairAtClose = false;
      rebuildIndex(this.dir, log);
    }
    if (this.temporary) await fs.promises.rm(this.dir, { recursive: true, force: true });
  }
}
