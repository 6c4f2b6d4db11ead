/**
 * The SCIM changes the resource history has numbered at their commit and that wait for their
 * exchange's labels (client, lifecycle operation) from the recording worker (resource-history.ts
 * reserve/complete), kept apart because what waits must stay bounded: a change waits at most
 * MAX_WAIT_MS or until MAX_AWAITING exchanges wait, then it is written as its draft says. The labels
 * usually come after the commit; they come first when the client went away while its write was
 * being committed (the exchange is recorded as aborted at once, the commit lands after the journal
 * write), so the labels of the last MAX_SETTLED exchanges recorded with nothing waiting are kept for
 * a commit that arrives late, which is then labelled at once instead of waiting. Ages are read from a
 * monotonic clock (performance.now: a wall-clock step or a suspend must not make every waiting
 * exchange overdue at once, nor stop the sweeps), at each new commit and on a timer (unref'd, armed
 * while anything waits), so that an idle server still writes what waited too long to disk.
 */
import type { HistoryEntry } from '../contract/admin.js';
import type { OperationKind } from '../contract/exchange.js';

/** What an exchange's interpretation gives its changes' entries (null: written as drafted). */
export type HistoryLabels = Pick<HistoryEntry, 'at' | 'client' | 'kind' | 'summary'> | null;

/** Exchanges whose changes may wait for their labels at most, and for how long. */
export const MAX_AWAITING = 4096;
export const MAX_WAIT_MS = 60_000;
/** Recorded exchanges whose labels are kept for a commit that arrives after them. */
export const MAX_SETTLED = 4096;
/**
 * Operations that never commit (server/contract/exchange.ts OperationKind): their labels are not
 * kept, which spares the lookups, reads and import pages the bookkeeping (~2 µs each measured
 * before, bench/history-drafts-cpu.ts). Writes and `unknown` (a bulk request, say) are kept.
 */
const NEVER_COMMITS: ReadonlySet<string> = new Set<string>([
  'connection.test', 'user.import', 'user.lookup', 'user.read', 'group.import', 'group.lookup', 'group.read', 'discovery',
  'auth.failed', 'oauth.authorize', 'oauth.consent', 'oauth.token', 'oauth.refresh', 'oauth.denied', 'oauth.revoke',
] satisfies OperationKind[]);

/** How the sweep timer is set (a test passes its own). */
export interface SweepTimers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** Node's timers, unref'd: a waiting draft never keeps the process alive. */
export const NODE_TIMERS: SweepTimers = { set: (run, ms) => setTimeout(run, ms).unref(), clear: (handle) => clearTimeout(handle as NodeJS.Timeout) };

/** How long after the oldest is due the timer fires (Node's timers may fire a little early). */
const SWEEP_SLACK_MS = 100;

interface Waiting<R> {
  since: number;
  records: R[];
}

export class HistoryDrafts<R extends object> {
  /** By exchange id, oldest first. */
  private readonly awaiting = new Map<string, Waiting<R>>();
  /** Each waiting record's draft (what a timeline shows until the labels come). */
  private readonly drafts = new Map<R, HistoryEntry>();
  /**
   * Labels of exchanges recorded with nothing waiting, and their ids in a ring (oldest overwritten):
   * a Map used as a queue (`keys().next()` after deletes) walks the deleted slots before the
   * first live one, thousands of them between rehashes, which cost several µs a call.
   */
  private readonly settled = new Map<string, HistoryLabels>();
  private readonly settledRing: (string | undefined)[] = new Array<string | undefined>(MAX_SETTLED).fill(undefined);
  private ringAt = 0;
  /** When overdue() last looked at the oldest waiting exchanges. */
  private lastSweep = -Infinity;

  /** The sweep timer while one is set. */
  private sweepTimer: unknown = null;

  /**
   * `now`: milliseconds on a monotonic clock (a test passes its own). `onSweep`, when given, is
   * called by a timer set for when the oldest waiting exchange is due (it writes what overdue(true)
   * names); the timer is set again while anything waits, and stop() clears it.
   */
  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly timers: SweepTimers = NODE_TIMERS,
    private readonly onSweep: (() => void) | null = null,
  ) {}

  /** How many changes wait for their labels. */
  get size(): number {
    return this.drafts.size;
  }

  /** A change numbered at its commit: it waits for `exchangeId`'s labels. */
  wait(exchangeId: string, record: R, draft: HistoryEntry): void {
    let waiting = this.awaiting.get(exchangeId);
    if (!waiting) this.awaiting.set(exchangeId, (waiting = { since: this.now(), records: [] }));
    waiting.records.push(record);
    this.drafts.set(record, draft);
    if (this.onSweep !== null && this.sweepTimer === null) this.arm();
  }

  private arm(): void {
    const due = this.nextDue();
    if (due === null) return;
    this.sweepTimer = this.timers.set(() => {
      this.sweepTimer = null;
      try {
        this.onSweep!();
      } finally {
        this.arm();
      }
    }, due + SWEEP_SLACK_MS);
  }

  /** Clears the sweep timer (close). */
  stop(): void {
    if (this.sweepTimer !== null) this.timers.clear(this.sweepTimer);
    this.sweepTimer = null;
  }

  draftOf(record: R): HistoryEntry | undefined {
    return this.drafts.get(record);
  }

  /** The changes waiting for `exchangeId`, still waiting (undefined: none). */
  peek(exchangeId: string): readonly R[] | undefined {
    return this.awaiting.get(exchangeId)?.records;
  }

  /** The changes waiting for `exchangeId`, no longer waiting (undefined: none); `draftOf` still answers until `forget`. */
  take(exchangeId: string): R[] | undefined {
    const waiting = this.awaiting.get(exchangeId);
    if (!waiting) return undefined;
    this.awaiting.delete(exchangeId);
    return waiting.records;
  }

  /** Drops a taken change's draft (once its line is queued). */
  forget(record: R): void {
    this.drafts.delete(record);
  }

  /** Whether an exchange of this kind that has no change waiting would be settled (its labels kept). */
  keepsLabelsOf(kind: string): boolean {
    return !NEVER_COMMITS.has(kind);
  }

  /** An exchange recorded with no change waiting: its labels, should its commit still come. */
  settle(exchangeId: string, labels: HistoryLabels): void {
    if (labels !== null && NEVER_COMMITS.has(labels.kind)) return;
    const oldest = this.settledRing[this.ringAt];
    if (oldest !== undefined) this.settled.delete(oldest);
    this.settledRing[this.ringAt] = exchangeId;
    this.ringAt = (this.ringAt + 1) % MAX_SETTLED;
    this.settled.set(exchangeId, labels);
  }

  /** The labels of `exchangeId` if it was recorded before its commit came (kept: a bulk request commits more than once). */
  recorded(exchangeId: string): { labels: HistoryLabels } | undefined {
    return this.settled.has(exchangeId) ? { labels: this.settled.get(exchangeId)! } : undefined;
  }

  /**
   * Exchanges that waited too long (or past MAX_AWAITING), oldest first: their changes go as drafted.
   * The ages are looked at once a second at most (walking the map from its start is not free, see
   * `settled`) unless `force` (the sweep timer); the count at every call.
   */
  overdue(force = false): string[] {
    const now = this.now();
    let left = this.awaiting.size;
    if (!force && left <= MAX_AWAITING && now - this.lastSweep < 1000) return [];
    this.lastSweep = now;
    const out: string[] = [];
    for (const [exchangeId, waiting] of this.awaiting) {
      if (left <= MAX_AWAITING && now - waiting.since < MAX_WAIT_MS) break;
      out.push(exchangeId);
      left--;
    }
    return out;
  }

  /** How long until the oldest waiting exchange is overdue (ms, 0 if it is), null when none waits. */
  nextDue(): number | null {
    const oldest = this.awaiting.values().next();
    return oldest.done ? null : Math.max(0, oldest.value.since + MAX_WAIT_MS - this.now());
  }

  /** Every exchange that waits (close() writes their changes as drafted). */
  waitingExchanges(): string[] {
    return [...this.awaiting.keys()];
  }

  clear(): void {
    this.stop();
    this.awaiting.clear();
    this.drafts.clear();
    this.settled.clear();
    this.settledRing.fill(undefined);
  }
}
