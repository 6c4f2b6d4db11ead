/**
 * The ordered breakpoint rules and the workspace's default release bound, kept in breakpoints.json
 * in the data folder (as fault rules are in faults.json). An edit is written (atomically) before it
 * is applied in memory, so a failed write leaves no trace; hit counters are saved a moment later in
 * one write. Changes and counter saves run one at a time, each from the state the one before it left
 * (a counter save reads the state when its turn comes), so two in flight both land and a counter save
 * never writes a state older than a change's. Every change is announced on the event bus.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { BreakpointRule } from '../contract/breakpoints.js';
import { AppError } from '../app-errors.js';
import { writeFileAtomic } from '../config/atomic-write.js';
import { readValidatedJson } from '../config/validated-json.js';
import { SerialQueue } from '../config/serial-queue.js';
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
  private saving: Promise<void> = Promise.resolve();
  /** The changes (read, write, apply), one after the other. */
  private readonly changes = new SerialQueue();
  private closed = false;
  private closing: Promise<void> | null = null;

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
    return this.change('added', (state) => ({ next: { ...state, rules: [...state.rules, rule] }, result: rule }));
  }

  /** Replaces a rule's definition, keeping its id and counter. */
  async replace(id: string, input: unknown): Promise<BreakpointRule | undefined> {
    const definition = parseRule(input);
    return this.change('updated', (state) => {
      const current = state.rules.find((r) => r.id === id);
      if (!current) return { result: undefined };
      const next: BreakpointRule = { id, ...definition, hits: current.hits, lastHitAt: current.lastHitAt };
      return { next: { ...state, rules: state.rules.map((r) => (r.id === id ? next : r)) }, result: next };
    });
  }

  async remove(id: string): Promise<boolean> {
    return this.change('removed', (state) =>
      state.rules.some((r) => r.id === id) ? { next: { ...state, rules: state.rules.filter((r) => r.id !== id) }, result: true } : { result: false },
    );
  }

  async setDefaultTimeout(input: unknown): Promise<number> {
    const { defaultTimeoutMs } = breakpointSettingsSchema.parse(input);
    return this.change('settings', (state) => ({ next: { ...state, defaultTimeoutMs }, result: defaultTimeoutMs }));
  }

  /** Counts a pause; the counter is saved a moment later. */
  count(rule: BreakpointRule): void {
    rule.hits++;
    rule.lastHitAt = new Date().toISOString();
    if (this.closed || this.closing) return;
    this.saveTimer ??= setTimeout(() => {
      this.saveTimer = null;
      this.saveCounters().catch(() => undefined);
      this.bus.emit('breakpoints:changed', { reason: 'counted' });
    }, COUNTER_SAVE_DELAY_MS);
  }

  /**
   * The counters written in turn with the changes, from the state as it is when the turn comes: a
   * change whose write is in flight is applied first, so this write carries it (written outside the
   * queue, it wrote the state from before the change after the change's own write).
   */
  private saveCounters(): Promise<void> {
    return this.changes.run(() => this.write(this.state));
  }

  /** Saves pending counters and waits for every write; nothing is written after it resolves. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.saveTimer) {
        clearTimeout(this.saveTimer);
        this.saveTimer = null;
        await this.saveCounters().catch(() => undefined);
      }
      await this.changes.idle();
      this.closed = true;
      await this.saving.catch(() => undefined);
    })();
    return this.closing;
  }

  /**
   * Runs one read-modify-write after the ones before it: `decide` reads the state they left and says
   * the next state (or none, for a change that finds nothing to do) and what the caller gets.
   */
  private change<T>(reason: string, decide: (state: State) => { next?: State; result: T }): Promise<T> {
    return this.changes.run(async () => {
      const { next, result } = decide(this.state);
      if (next) await this.commit(next, reason);
      return result;
    });
  }

  private async commit(next: State, reason: string): Promise<void> {
    try {
      await this.write(next);
    } catch (error) {
      throw new AppError('STORE_WRITE_FAILED', { reason: `${BREAKPOINTS_FILE}: ${(error as Error).message}` }, { cause: error });
    }
    this.state = next;
    this.bus.emit('breakpoints:changed', { reason });
  }

  private write(state: State): Promise<void> {
    if (!this.file || this.closed) return Promise.resolve();
    const file = this.file;
    const text = `${JSON.stringify({ version: 1, defaultTimeoutMs: state.defaultTimeoutMs, rules: state.rules }, null, 2)}\n`;
    const run = this.saving.catch(() => undefined).then(() => writeFileAtomic(file, text));
    this.saving = run;
    return run;
  }
}
