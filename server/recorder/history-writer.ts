/**
 * The resource history's lines on their way to disk: they wait FLUSH_DELAY_MS (or until
 * MAX_PENDING wait) and go to the history's file pair in one write (exchange-file.ts, rotated at the
 * cap), and each entry learns where its line sits. Apart from resource-history.ts because that
 * keeps which entries exist and in what order; this keeps the batching and what a refused write
 * does: the batch's entries are marked lost (gen -2, never read from the wrong place); the file
 * writer itself recovers (its next append starts on a fresh line where the files really end).
 */
import path from 'node:path';
import { ExchangeFileWriter, type ExchangeFileState, type FilePairNames } from './exchange-file.js';
import type { HistoryIndexRecord } from './history-numbering.js';

/** Milliseconds lines wait before they are written, and how many may wait at most. */
const FLUSH_DELAY_MS = 100;
const MAX_PENDING = 256;

export const HISTORY_FILES: FilePairNames = { data: 'history.jsonl', previousData: 'history.1.jsonl', index: 'history-index.jsonl', previousIndex: 'history-index.1.jsonl' };

/** An entry whose line is queued: where it lands is written back into it. */
export interface QueuedEntry extends HistoryIndexRecord {
  seq: number;
  /** Which file pair (bumped at each rotation); -1 while waiting, -2 when its write was refused. */
  gen: number;
  offset: number;
  length: number;
  /** The line, until it is written. */
  line: string | null;
}

export class HistoryWriter {
  private pending: QueuedEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly writer: ExchangeFileWriter<HistoryIndexRecord>;

  constructor(
    private readonly dir: string,
    cap: number,
    state: ExchangeFileState | null,
    private readonly log: (m: string) => void,
  ) {
    this.writer = new ExchangeFileWriter<HistoryIndexRecord>(dir, cap, state, HISTORY_FILES);
  }

  /** The current file pair's generation (lines of the one before it are still on disk). */
  get gen(): number {
    return this.writer.gen;
  }

  setCap(cap: number): void {
    this.writer.setCap(cap);
  }

  /** Queues an entry whose `line` is set; it is written within FLUSH_DELAY_MS. */
  queue(entry: QueuedEntry): void {
    this.pending.push(entry);
  }

  /** Writes at once if enough lines wait, else within FLUSH_DELAY_MS. */
  schedule(): void {
    if (this.pending.length >= MAX_PENDING) this.write();
    else if (this.pending.length > 0) this.timer ??= setTimeout(() => this.write(), FLUSH_DELAY_MS);
  }

  /** Forgets what waits and empties the files. */
  clear(): void {
    this.cancelTimer();
    this.pending = [];
    this.writer.clear();
  }

  /** Writes what waits now. */
  write(): void {
    this.cancelTimer();
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    try {
      const locations = this.writer.append(batch.map((r) => ({ line: r.line!, record: { key: r.key, kind: r.kind, seq: r.seq } })));
      batch.forEach((r, i) => Object.assign(r, locations[i], { line: null }));
    } catch (error) {
      // The disk refused: these entries are lost (their lines never reach a timeline). The writer has
      // closed its files; its next append re-reads where they end and starts each on a fresh line
      // after whatever part of this batch reached them (exchange-file.ts, `append`).
      this.log(`Could not write ${path.join(this.dir, HISTORY_FILES.data)}: ${(error as Error).message}`);
      for (const r of batch) Object.assign(r, { gen: -2, line: null });
    }
  }

  /** Writes what waits and closes the files. */
  close(): void {
    this.write();
    this.writer.close();
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
