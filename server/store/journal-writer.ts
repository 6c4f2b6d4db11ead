/**
 * The append-only change journal that makes a write durable before it is acknowledged.
 * Entries queue up while a flush is on disk and go out together in the next one (group commit):
 * one write and one fdatasync for however many requests arrived meanwhile. The journal is split
 * into numbered segment files so compaction can retire old ones without rewriting anything.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { writeFully } from '../config/write-fully.js';

export interface JournalWriterOptions {
  dir: string;
  /** The segment number to create first (one past the highest on disk). */
  firstSegment: number;
  /** The last sequence number already on disk (replayed at start): it is durable without a flush. */
  durableSeq?: number;
  /** fdatasync after each batch (default true). Off only for throwaway benchmarks. */
  sync?: boolean;
  /**
   * Called synchronously when a batch fails, before any caller hears of it, with the first failed
   * sequence number: everything from there on (the batch and all entries queued behind it) is refused,
   * so the owner can undo them in memory before another request can observe the state.
   */
  onFailure?: (fromSeq: number, error: unknown) => void;
}

interface Pending {
  seq: number;
  line: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export const segmentName = (n: number) => `${String(n).padStart(8, '0')}.jsonl`;
export const SEGMENT_PATTERN = /^(\d{8})\.jsonl$/;

export class JournalWriter {
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private handle: fsp.FileHandle | null = null;
  private segment: number;
  private rotateRequested = false;
  private durableSeq = 0;
  /** The first sequence number of the batch being written, or null between batches. */
  private writingFrom: number | null = null;
  private failedSince: number | null = null;
  private waiters: { seq: number; resolve: (ok: boolean) => void }[] = [];
  private closed = false;
  /** Where the batch being written began in the segment it is written to (null: no segment opened for it yet). */
  private batchStart: number | null = null;
  bytesInSegment = 0;

  constructor(private readonly options: JournalWriterOptions) {
    this.segment = options.firstSegment;
    this.durableSeq = options.durableSeq ?? 0;
  }

  /** Queues one serialized entry; resolves once it is on disk. */
  append(seq: number, line: string): Promise<void> {
    if (this.closed) return Promise.reject(new Error('journal is closed'));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ seq, line, resolve, reject });
      if (!this.flushing) this.flushing = this.flushLoop();
    });
  }

  /** Makes the next flush start a new segment; returns the number of the segment being closed. */
  rotate(): number {
    this.rotateRequested = true;
    return this.segment;
  }

  /**
   * Resolves once no entry up to `seq` is still queued or being written: true if they all reached
   * the disk, false if a flush failed since the last resetFailure() (the caller's snapshot may then
   * hold data that was rolled back). Sequence numbers that never reached the journal (refused
   * earlier, and undone) are not waited for: nothing would ever write them.
   */
  waitDurable(seq: number): Promise<boolean> {
    if (!this.pendingUpTo(seq)) return Promise.resolve(this.failedSince === null);
    return new Promise((resolve) => this.waiters.push({ seq, resolve }));
  }

  private pendingUpTo(seq: number): boolean {
    return (this.writingFrom !== null && this.writingFrom <= seq) || (this.queue.length > 0 && this.queue[0]!.seq <= seq);
  }

  /** Clears a remembered failure, e.g. when a compaction starts over. */
  resetFailure(): void {
    this.failedSince = null;
  }

  async close(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.closed = true;
    await this.handle?.close();
    this.handle = null;
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        this.writingFrom = batch[0]!.seq;
        this.batchStart = null;
        try {
          await this.writeBatch(batch);
          this.durableSeq = Math.max(this.durableSeq, batch[batch.length - 1]!.seq);
          for (const p of batch) p.resolve();
        } catch (error) {
          this.failedSince = batch[0]!.seq;
          // The batch was refused to its callers, so it must not be replayed: cut the segment back to
          // where it was, then start a fresh segment so any damage left stays at the end of one file
          // (unless the segment is empty: nothing to keep apart).
          // Cut back to where this batch began in the segment it was written to, which is not the
          // segment's size before the flush when the batch rotated first (that grew the new,
          // empty segment to the old one's size with NUL bytes). Nothing to cut if no byte was written.
          const start = this.batchStart;
          const cut = start === null || this.handle === null ? true : await this.handle.truncate(start).then(() => true, () => false);
          await this.handle?.close().catch(() => undefined);
          this.handle = null;
          // A segment the cut left empty (or that was never written) is used again: moving on would leave
          // one empty file per refused write, tens of thousands for an IdP retrying against a full disk.
          if (!cut || (start ?? 0) > 0) this.segment++;
          this.bytesInSegment = 0;
          const refused = [...batch, ...this.queue];
          this.queue = [];
          this.options.onFailure?.(refused[0]!.seq, error);
          for (const p of refused) p.reject(error);
        }
        this.writingFrom = null;
        this.wakeWaiters();
      }
    } finally {
      this.flushing = null;
    }
  }

  private wakeWaiters(): void {
    const ready = this.waiters.filter((w) => !this.pendingUpTo(w.seq) || this.failedSince !== null);
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve(this.failedSince === null);
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    if (this.rotateRequested) {
      this.rotateRequested = false;
      await this.handle?.close();
      this.handle = null;
      this.segment++;
      this.bytesInSegment = 0;
    }
    if (!this.handle) {
      await fsp.mkdir(this.options.dir, { recursive: true });
      this.handle = await fsp.open(path.join(this.options.dir, segmentName(this.segment)), 'a', 0o600);
    }
    this.batchStart = this.bytesInSegment;
    const data = Buffer.from(batch.map((p) => p.line).join(''), 'utf8');
    await writeFully(this.handle, data);
    if (this.options.sync !== false) await this.handle.datasync();
    this.bytesInSegment += data.length;
  }
}
