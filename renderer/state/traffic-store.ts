/**
 * The live traffic list. Exchanges arrive in bursts (hundreds a second under load); they are queued
 * and applied at most once per animation frame (or every 250 ms when the tab is hidden), so React
 * renders a batch, never an event. Paused, the queue keeps filling and is applied on resume. The
 * list is capped (oldest dropped) so memory stays bounded at 100,000 exchanges.
 */
import type { ExchangeSummary } from '../../server/contract/index.js';
import { createStore, type Store } from './external-store.js';
import { writeNextFrame } from './frame.js';

export const MAX_ITEMS = 100_000;

export interface TrafficState {
  /** Oldest first. The array is replaced on every applied batch, so identity changes mean "changed". */
  items: readonly ExchangeSummary[];
  /** How many of the oldest were dropped over the cap, or cleared; lets derived views update incrementally. */
  evicted: number;
  paused: boolean;
  /** Exchanges waiting while paused. */
  queued: number;
  /** Exchanges the server could not send us because we fell behind. */
  dropped: number;
}

type Scheduler = (flush: () => void) => void;

/**
 * The write phase of the next animation frame when visible (after the list has read its scroll
 * offset, so applying the batch never forces a second layout), a timer otherwise (hidden tabs get no frames).
 */
const defaultScheduler: Scheduler = (flush) => {
  if (typeof document !== 'undefined' && document.visibilityState === 'visible' && typeof requestAnimationFrame === 'function') {
    let done = false;
    const once = () => {
      if (!done) {
        done = true;
        flush();
      }
    };
    writeNextFrame(once);
    setTimeout(once, 250);
  } else setTimeout(flush, 250);
};

export class TrafficStore {
  readonly state: Store<TrafficState>;
  private queue: ExchangeSummary[] = [];
  private scheduled = false;

  constructor(
    private readonly cap = MAX_ITEMS,
    private readonly schedule: Scheduler = defaultScheduler,
  ) {
    this.state = createStore<TrafficState>({ items: [], evicted: 0, paused: false, queued: 0, dropped: 0 });
  }

  /** Replaces everything (the socket's hello, or a reload after reconnecting). */
  reset(items: ExchangeSummary[]): void {
    this.queue = [];
    const trimmed = items.length > this.cap ? items.slice(-this.cap) : items;
    this.state.set((s) => ({ ...s, items: trimmed, evicted: s.evicted + s.items.length, queued: 0 }));
  }

  /** Adds exchanges older than the oldest shown (the "load older" action). */
  prepend(older: ExchangeSummary[]): void {
    this.state.set((s) => {
      const known = new Set(s.items.map((e) => e.id));
      const fresh = older.filter((e) => !known.has(e.id));
      const items = [...fresh, ...s.items].slice(-this.cap);
      return { ...s, items, evicted: s.evicted + s.items.length };
    });
  }

  add(exchanges: ExchangeSummary[], dropped = 0): void {
    this.queue.push(...exchanges);
    if (dropped) this.state.set((s) => ({ ...s, dropped: s.dropped + dropped }));
    if (this.state.get().paused) {
      this.state.set((s) => ({ ...s, queued: this.queue.length }));
      return;
    }
    if (!this.scheduled) {
      this.scheduled = true;
      this.schedule(() => this.flush());
    }
  }

  pause(): void {
    this.state.set((s) => ({ ...s, paused: true }));
  }

  resume(): void {
    this.state.set((s) => ({ ...s, paused: false }));
    this.flush();
  }

  clear(): void {
    this.queue = [];
    this.state.set((s) => ({ ...s, items: [], evicted: s.evicted + s.items.length, queued: 0, dropped: 0 }));
  }

  /** Applies the queued batch now. */
  flush(): void {
    this.scheduled = false;
    if (this.queue.length === 0 || this.state.get().paused) return;
    const batch = this.queue;
    this.queue = [];
    this.state.set((s) => {
      const over = Math.max(s.items.length + batch.length - this.cap, 0);
      return { ...s, items: appendEvicting(s.items, batch, over), evicted: s.evicted + over, queued: 0 };
    });
  }
}

/**
 * `items` without its first `over` and with `batch` after them, in one copy: at 100,000 exchanges and a
 * batch a frame, each copy is 800 KB of garbage (concat then slice made two).
 */
function appendEvicting<T>(items: readonly T[], batch: readonly T[], over: number): T[] {
  if (over >= items.length) return batch.slice(over - items.length);
  const kept = items.length - over;
  const out = new Array<T>(kept + batch.length);
  for (let i = 0; i < kept; i++) out[i] = items[over + i]!;
  for (let i = 0; i < batch.length; i++) out[kept + i] = batch[i]!;
  return out;
}
