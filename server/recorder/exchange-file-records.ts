/**
 * The full recorded exchanges (bodies, headers, lint), which live in the exchanges file, not in
 * memory: read by their index entry's location, with a small cache of recently opened ones (an
 * inspector opens the same exchange again as the user moves through the list). Split from
 * exchange-log.ts, which keeps the index entries and decides what is listed; this module only turns
 * an entry into its full record.
 */
import type { Exchange } from '../contract/exchange.js';
import { readRecordLine, RecordReader } from './exchange-file-reader.js';
import { locationOf, type CompactEntry } from './compact-entry.js';

/** How many full exchanges the cache of recently opened ones holds. */
export const RECENT_CACHE_SIZE = 64;

export class FullRecords {
  /** Recently opened full exchanges, least recently used first. */
  private readonly recent = new Map<string, Exchange>();

  constructor(
    /** The folder of the exchanges files. */
    private readonly dir: string,
    /** The newest file generation: its records are in the current file. */
    private readonly gen: () => number,
  ) {}

  /** How many full exchanges are cached now (at most RECENT_CACHE_SIZE). */
  get cachedCount(): number {
    return this.recent.size;
  }

  /** The exchange is no longer listed (evicted): its cached copy goes too. */
  forget(id: string): void {
    this.recent.delete(id);
  }

  clear(): void {
    this.recent.clear();
  }

  /** The full exchange of an entry: from the cache, else read from the exchanges file (and cached). */
  get(stored: CompactEntry): Exchange | undefined {
    const cached = this.recent.get(stored.id);
    if (cached) {
      this.recent.delete(stored.id);
      this.recent.set(stored.id, cached);
      return cached;
    }
    const line = this.lineOf(stored);
    if (line === null) return undefined;
    const exchange = JSON.parse(line) as Exchange;
    this.recent.set(stored.id, exchange);
    if (this.recent.size > RECENT_CACHE_SIZE) this.recent.delete(this.recent.keys().next().value!);
    return exchange;
  }

  /**
   * The full exchanges of `entries`, in their order, `batchSize` at a time with one file reader per
   * batch (a HAR export writes each batch out before the next is read); one whose record rotated
   * away meanwhile is left out. Reading for an export does not fill the cache.
   */
  *batches(entries: readonly CompactEntry[], batchSize: number): Generator<Exchange[]> {
    for (let start = 0; start < entries.length; start += batchSize) {
      const reader = new RecordReader(this.dir, this.gen());
      try {
        const batch: Exchange[] = [];
        for (const e of entries.slice(start, start + batchSize)) {
          const cached = this.recent.get(e.id);
          if (cached) {
            batch.push(cached);
            continue;
          }
          const line = this.lineOf(e, reader);
          if (line !== null) batch.push(JSON.parse(line) as Exchange);
        }
        yield batch;
      } finally {
        reader.close();
      }
    }
  }

  /** An entry's line: kept in memory (the disk refused it), else read with `reader` or, without one, on its own. */
  private lineOf(stored: CompactEntry, reader?: RecordReader): string | null {
    if (stored.line !== null) return stored.line;
    const location = locationOf(stored);
    if (location === null) return null;
    return reader ? reader.read(location, stored.id) : readRecordLine(this.dir, this.gen(), location, stored.id);
  }
}
