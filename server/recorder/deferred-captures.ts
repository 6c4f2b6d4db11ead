/**
 * Recording's main-thread work waits here until the event loop has served what else had arrived.
 * A response closes a tick after it is written, before Node reads the next request that came in the
 * same poll of the sockets; capturing there made every request queued behind it wait for the capture
 * too (clients that send together, an IdP's parallel connections, a load generator's ticks).
 *
 * Two ways to wait, chosen by `quietMs`:
 * - 0: the check phase of the same turn (one setImmediate for all that closed in it): the capture
 *   costs the same CPU, and no request read in that turn waits for it (docs/performance.md,
 *   "Recording latency (wave 5)").
 * - more: until no request has come and no work was added for `quietMs`, and never longer than
 *   `maxWaitMs` after the oldest waiting task. A client that sends a few requests at a time has them
 *   all answered before the recording work of any of them runs, in the gap before its next ones;
 *   under a steady flood the work runs every `maxWaitMs`, as one batch. The recorder also runs the
 *   worker's results here, so their bookkeeping stays out of the answers too.
 *
 * Nothing waits longer than that, and a flush, clear or close of the recorder runs what is waiting
 * first, so no exchange that closed before them is left out. Each task runs on its own: one that
 * throws is reported to `onError` and the others still run (a throw from a timer would end the
 * process, and from a close would skip what the close does after).
 */
export interface QuietTiming {
  /** 0: run in this turn's check phase; more: after this long without requests or new work. */
  quietMs: number;
  /** The longest the oldest task waits when requests never stop (ignored when quietMs is 0). */
  maxWaitMs: number;
}

export const SAME_TURN: QuietTiming = { quietMs: 0, maxWaitMs: 0 };

/**
 * A task: a function, or an object that runs itself (the recorder queues each open exchange as it
 * is, instead of a closure made per request).
 */
export type Task = (() => void) | { run(): void };

/** Past this many waiting tasks they run at the next check phase whatever the timing (bounds what waits in memory). */
const MOST_WAITING = 2_000;

export class DeferredCaptures {
  private waiting: Task[] = [];
  private immediate: NodeJS.Immediate | null = null;
  private timer: NodeJS.Timeout | null = null;
  private oldestAt = 0;
  /** When the last task was added or request came (performance.now()). */
  private lastActivity = 0;

  constructor(
    private readonly onError: (error: unknown) => void,
    private readonly timing: QuietTiming = SAME_TURN,
  ) {}

  /** Runs `task` later (see the module comment), in the order added. */
  add(task: Task): void {
    this.waiting.push(task);
    if (this.timing.quietMs <= 0 || this.waiting.length >= MOST_WAITING) {
      this.runAtCheckPhase();
      return;
    }
    const now = performance.now();
    if (this.waiting.length === 1) this.oldestAt = now;
    this.lastActivity = now;
    if (!this.timer && !this.immediate) this.timer = setTimeout(this.onTimer, this.timing.quietMs);
  }

  /**
   * A request arrived: what waits waits until it has been answered too (within maxWaitMs). Only the
   * time is noted; the timer, when it fires, looks whether the wait is over (refreshing a timer per
   * request cost more than the rest of this class: docs/performance.md, "Recording's main thread (wave 8)").
   */
  touch(): void {
    if (this.waiting.length > 0 && this.timing.quietMs > 0) this.lastActivity = performance.now();
  }

  /** How many tasks are waiting. */
  get size(): number {
    return this.waiting.length;
  }

  /** Runs every waiting task now, in order (also those added while they run). */
  run(): void {
    this.cancel();
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      for (const task of batch) {
        try {
          if (typeof task === 'function') task();
          else task.run();
        } catch (error) {
          this.report(error);
        }
      }
    }
  }

  /** Runs what waits if the quiet moment came or the oldest has waited maxWaitMs; else waits for the rest of it. */
  private readonly onTimer = () => {
    this.timer = null;
    if (this.waiting.length === 0 || this.immediate) return;
    const now = performance.now();
    const due = Math.min(this.lastActivity + this.timing.quietMs, this.oldestAt + this.timing.maxWaitMs);
    if (now >= due) this.run();
    else this.timer = setTimeout(this.onTimer, due - now);
  };

  private runAtCheckPhase(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.immediate ??= setImmediate(this.runScheduled);
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
  }

  private report(error: unknown): void {
    try {
      this.onError(error);
    } catch {
      // Nowhere left to tell: the next tasks still run.
    }
  }

  private readonly runScheduled = () => {
    this.timer = null;
    this.immediate = null;
    this.run();
  };
}
