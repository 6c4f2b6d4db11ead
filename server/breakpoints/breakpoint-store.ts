/**
 * The ordered breakpoint rules and the workspace's default release bound, kept in breakpoints.json
 * in the data folder (as fault rules are in faults.json). An edit is written (atomically) before it
 * is applied in memory, so a failed write leaves no trace; hit counters are saved a moment later in
 * one write. Every change is announced on the event bus.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { BreakpointRule } from '../contract/breakpoints.js';
import { AppError } from '../app-errors.js';
import { writeFileAtomic } from '../config/atomic-write.js';
import { readValidatedJson } from '../config/validated-json.js';
import type { EventBus } from '../events/event-bus.js';
import { breakpointInputSchema, breakpointsFileSchema, breakpointSettingsSchema, DEFAULT_BREAKPOINT_TIMEOUT_MS } from './breakpoint-schema.js';

/** The schema checks operation kinds by pattern (as for fault rules); the contract names them. */
const parseRule = (input: unknown) => breakpointInputSchema.parse(input) as Omit<BreakpointRule, 'id' | 'hits' | 'lastHitAt'>;

export const BREAKPOINTS_FILE = 'breakpoints.json';
const COUNTER_SAVE_DELAY_MS = 500;

interface State {
  rules: BreakpointRule[];
  defaultTimeoutMs: number;
}

export class BreakpointStore {
  private saveTimer: NodeJS.Timeout | null = null;
  /** The changes in flight, one after the other (each settles, failed or not, before the next starts). */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private state: State,
    private readonly file: string | null,
    private readonly bus: EventBus,
  ) {}

  static async open(dir: string | null, bus: EventBus): Promise<BreakpointStore> {
    if (dir === null) return new BreakpointStore({ rules: [], defaultTimeoutMs: DEFAULT_BREAKPOINT_TIMEOUT_MS }, null, bus);
    const file = path.join(dir, BREAKPOINTS_FILE);
    const read = await readValidatedJson(file, breakpointsFileSchema, 'BREAKPOINTS_CORRUPT');
    return new BreakpointStore({ rules: (read?.data.rules ?? []) as BreakpointRule[], defaultTimeoutMs: read?.data.defaultTimeoutMs ?? DEFAULT_BREAKPOINT_TIMEOUT_MS }, file, bus);
  }

  list(): readonly BreakpointRule[] {
    return this.state.rules;
  }

  get(id: string): BreakpointRule | undefined {
    return this.state.rules.find((r) => r.id === id);
  }

  get defaultTimeoutMs(): number {
    return this.state.defaultTimeoutMs;
  }

  async add(input: unknown): Promise<BreakpointRule> {
    const rule: BreakpointRule = { id: crypto.randomUUID(), ...parseRule(input), hits: 0, lastHitAt: null };
    return this.commit('added', (state) => ({ state: { ...state, rules: [...state.rules, rule] }, result: rule }));
  }

  /** Replaces a rule's definition, keeping its id and counter. */
  async replace(id: string, input: unknown): Promise<BreakpointRule | undefined> {
    if (!this.get(id)) return undefined;
    const parsed = parseRule(input);
    return this.commit('updated', (state) => {
      const current = state.rules.find((r) => r.id === id);
      if (!current) return { result: undefined };
      const next: BreakpointRule = { id, ...parsed, hits: current.hits, lastHitAt: current.lastHitAt };
      return { state: { ...state, rules: state.rules.map((r) => (r.id === id ? next : r)) }, result: next };
    });
  }

  async remove(id: string): Promise<boolean> {
    return this.commit('removed', (state) => (state.rules.some((r) => r.id === id) ? { state: { ...state, rules: state.rules.filter((r) => r.id !== id) }, result: true } : { result: false }));
  }

  async setDefaultTimeout(input: unknown): Promise<number> {
    const { defaultTimeoutMs } = breakpointSettingsSchema.parse(input);
    return this.commit('settings', (state) => ({ state: { ...state, defaultTimeoutMs }, result: defaultTimeoutMs }));
  }

  /** Counts a pause; the counter is saved a moment later. */
  count(rule: BreakpointRule): void {
    rule.hits++;
    rule.lastHitAt = new Date().toISOString();
    if (this.closed) return;
    this.saveTimer ??= setTimeout(() => {
      this.saveTimer = null;
      this.saveCounters();
      this.bus.emit('breakpoints:changed', { reason: 'counted' });
    }, COUNTER_SAVE_DELAY_MS);
  }

  /** Saves pending counters and waits for every write; nothing is written after it resolves. */
  async close(): Promise<void> {
    if (this.closed) return this.queue.then(() => undefined, () => undefined);
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = null;
      this.saveCounters();
    }
    this.closed = true;
    await this.queue.then(() => undefined, () => undefined);
  }

  /**
   * Runs one change after those before it (failed or not): `step` sees the state as it is by then and
   * returns the next state (or only a result: nothing to change), which is written and only then
   * applied. Serialising the whole step keeps two changes in flight from each starting from the same
   * old state (the later one erasing the earlier); a refused write changes nothing.
   */
  private commit<T>(reason: string | null, step: (state: State) => { state: State; result: T } | { result: T }): Promise<T> {
    const file = this.closed ? null : this.file;
    const run = this.queue.then(
      () => this.apply(file, reason, step),
      () => this.apply(file, reason, step),
    );
    this.queue = run;
    return run;
  }

  private async apply<T>(file: string | null, reason: string | null, step: (state: State) => { state: State; result: T } | { result: T }): Promise<T> {
    const out = step(this.state);
    if (!('state' in out)) return out.result;
    if (file !== null) {
      const text = `${JSON.stringify({ version: 1, defaultTimeoutMs: out.state.defaultTimeoutMs, rules: out.state.rules }, null, 2)}\n`;
      try {
        await writeFileAtomic(file, text);
      } catch (error) {
        throw new AppError('STORE_WRITE_FAILED', { reason: `${BREAKPOINTS_FILE}: ${(error as Error).message}` }, { cause: error });
      }
    }
    this.state = out.state;
    if (reason !== null) this.bus.emit('breakpoints:changed', { reason });
    return out.result;
  }

  /** The counters live in memory either way; a failed save leaves them for the next write. */
  private saveCounters(): void {
    this.commit(null, (state) => ({ state, result: undefined })).catch(() => undefined);
  }
}
