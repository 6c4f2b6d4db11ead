/**
 * Captures wait here from their response's close until the event loop has served what else had
 * arrived. A response closes a tick after it is written, before Node reads the next request that came
 * in the same poll of the sockets; capturing there made every request queued behind it wait for the
 * capture too (clients that send together, an IdP's parallel connections, a load generator's ticks).
 * Run in the check phase instead (one setImmediate for all that closed in the turn), the capture
 * costs the same CPU but no answer waits for it (docs/performance.md, "Recording latency (wave 5)").
 * Nothing waits longer than that turn, and a flush, clear or close of the recorder runs what is
 * waiting first, so no exchange that closed before them is left out. Each capture runs on its own: one
 * that throws is reported to `onError` and the others still run (a throw from the setImmediate would end
 * the process, and from a close would skip what the close does after).
 */
export class DeferredCaptures {
  private waiting: (() => void)[] = [];
  private scheduled = false;

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Runs `capture` after this turn's I/O, in the order added. */
  add(capture: () => void): void {
    this.waiting.push(capture);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.runScheduled);
    }
  }

  /** How many captures are waiting. */
  get size(): number {
    return this.waiting.length;
  }

  /** Runs every waiting capture now, in order (also those added while they run). */
  run(): void {
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      for (const capture of batch) {
        try {
          capture();
        } catch (error) {
          this.report(error);
        }
      }
    }
  }

  private report(error: unknown): void {
    try {
      this.onError(error);
    } catch {
      // Nowhere left to tell: the next captures still run.
    }
  }

  private readonly runScheduled = () => {
    this.scheduled = false;
    this.run();
  };
}
