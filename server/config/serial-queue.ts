/**
 * One piece of work at a time: each starts once the one before it has settled, failed or not. The
 * stores kept in small files (settings, fault rules, breakpoints, snapshots) run each
 * read-modify-write step through one, so two changes in flight each start from what the one before
 * left, and a failed step does not stop the next.
 */
export class SerialQueue {
  private last: Promise<unknown> = Promise.resolve();

  run<T>(work: () => T | Promise<T>): Promise<T> {
    const next = () => work();
    const run = this.last.then(next, next);
    this.last = run.catch(() => undefined);
    return run;
  }

  /** Settles once all the work queued so far has. */
  idle(): Promise<void> {
    return this.last.then(() => undefined);
  }
}
