/**
 * The bound on the recording hand-off. When the server answers faster than the recording worker
 * records (a loaded machine, an import served at full speed), the body text waiting for the worker
 * is counted, and past BACKLOG_CHARS further exchanges are handed over without their bodies (their
 * sizes kept, a lint entry saying why: recording-wire.ts `withoutBodies`) until the worker is down
 * to half. The responses are never held back: the developer is timing their server, not the
 * recorder. Split from recording-backend.ts, which reports sends and answers here.
 */
import { bodyLength } from './handoff-batch.js';
import { withoutBodies, type CapturedExchange } from './recording-wire.js';

/**
 * Body characters handed to the recording worker and not yet answered, past which further
 * exchanges are recorded without their bodies; they are kept again once the backlog is down to half.
 * Each waiting character is held up to three times (the capture kept on the main thread for a
 * replay, the message in the port's queue, the worker's copy) at one byte (ASCII JSON) or two, so
 * 16 Mi characters bound the backlog at ~50–100 MB: a server at 100k users runs at ~250–300 MB
 * (docs/performance.md), which leaves the 400 MB RSS target met. Without a bound, 40,000 import
 * pages served faster than the worker recorded them took RSS to 644 and 653 MB
 * (bench/import-backlog-rss.ts). It is ~200 import pages of 100 users: a burst the worker catches up
 * with in well under a second is kept whole.
 */
export const BACKLOG_CHARS = 16 * 1024 * 1024;

const count = (n: number) => n.toLocaleString('en-US');

export class HandoffBacklog {
  private chars = 0;
  /** Since the backlog passed the bound: the exchanges recorded without their bodies (null: not behind). */
  private behind: { notKept: number } | null = null;

  constructor(private readonly log: (message: string) => void, private readonly bound = BACKLOG_CHARS) {}

  /** Body characters handed over and not yet answered. */
  get size(): number {
    return this.chars;
  }

  /** The capture to hand over: as is (its bodies counted), or without its bodies past the bound. */
  admit(capture: CapturedExchange): CapturedExchange {
    const chars = bodyLength(capture);
    if (chars === 0) return capture;
    if (this.behind === null && this.chars > 0 && this.chars + chars > this.bound) {
      this.behind = { notKept: 0 };
      this.log(`The recorder fell behind the server (${count(this.chars)} body characters waiting for the recording worker): exchanges are recorded without their bodies until it catches up.`);
    }
    if (this.behind === null) {
      this.chars += chars;
      return capture;
    }
    const n = ++this.behind.notKept;
    return withoutBodies(
      capture,
      `Scimscope's recorder fell behind this server: ${count(this.chars)} characters of earlier bodies were waiting for the recording worker ` +
        `(the bound is ${count(this.bound)}), so this exchange's bodies were not kept (${count(n)} exchange${n === 1 ? '' : 's'} so far). ` +
        'Its status, headers, timing and summary are recorded, and the response was not delayed. Bodies are kept again once the recorder has caught up.',
    );
  }

  /** A capture handed over was replaced by another (its plain facts): counts the difference. */
  replaced(before: CapturedExchange, after: CapturedExchange): void {
    this.chars += bodyLength(after) - bodyLength(before);
  }

  /** A capture handed over was answered (or given up): below half the bound, bodies are kept again. */
  answered(capture: CapturedExchange | undefined): void {
    if (capture !== undefined) this.chars -= bodyLength(capture);
    if (this.behind !== null && this.chars <= this.bound / 2) this.caughtUp();
  }

  /** Everything waiting was recorded another way (inline, after the worker stopped). */
  reset(): void {
    this.chars = 0;
    this.caughtUp();
  }

  private caughtUp(): void {
    if (this.behind === null) return;
    this.log(`The recorder caught up; ${count(this.behind.notKept)} exchange(s) were recorded without their bodies.`);
    this.behind = null;
  }
}
