/**
 * The ordered fault rules and their counters, kept in faults.json in the data folder. An edit is
 * written (atomically) before it is applied in memory, so a failed write leaves no trace and the
 * next edit tries the disk again (as breakpoint-store.ts does); hit counters, which change on every
 * faulted request, are saved a moment later in one write, whose failure is logged. Every change is
 * announced on the event bus.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { FaultRule } from '../contract/faults.js';
import { AppError } from '../app-errors.js';
import { writeFileAtomic } from '../config/atomic-write.js';
import { SerialQueue } from '../config/serial-queue.js';
import { readValidatedJson } from '../config/validated-json.js';
import type { EventBus } from '../events/event-bus.js';
import { bundledRuleSchema, faultsFileSchema, ruleInputSchema, type RuleInput } from './fault-schema.js';

export const FAULTS_FILE = 'faults.json';
const COUNTER_SAVE_DELAY_MS = 500;
const noLog = (_line: string): void => undefined;

export class FaultStore {
  private rules: FaultRule[];
  private saveTimer: NodeJS.Timeout | null = null;
  /** The changes in flight, one after the other (each settles, failed or not, before the next starts). */
  private readonly queue = new SerialQueue();
  private closed = false;

  private constructor(
    rules: FaultRule[],
    private readonly file: string | null,
    private readonly bus: EventBus,
    private readonly log: (line: string) => void,
  ) {
    this.rules = rules;
  }

  /** `log` hears about counter saves that failed (an edit's failure goes to its caller instead). */
  static async open(dir: string | null, bus: EventBus, log: (line: string) => void = noLog): Promise<FaultStore> {
    if (dir === null) return new FaultStore([], null, bus, log);
    const file = path.join(dir, FAULTS_FILE);
    const read = await readValidatedJson(file, faultsFileSchema, 'FAULTS_CORRUPT');
    return new FaultStore((read?.data.rules ?? []) as FaultRule[], file, bus, log);
  }

  list(): readonly FaultRule[] {
    return this.rules;
  }

  get(id: string): FaultRule | undefined {
    return this.rules.find((r) => r.id === id);
  }

  async add(input: unknown, position?: number): Promise<FaultRule> {
    const parsed = ruleInputSchema.parse(input);
    const rule: FaultRule = { id: crypto.randomUUID(), ...(parsed as RuleInput & Pick<FaultRule, 'match' | 'when' | 'action'>), matched: 0, hits: 0, lastHitAt: null };
    return this.change('added', (rules) => {
      const at = position === undefined ? rules.length : Math.max(0, Math.min(position, rules.length));
      return { rules: [...rules.slice(0, at), rule, ...rules.slice(at)], result: rule };
    });
  }

  /** Replaces a rule's definition, keeping its id and counters. */
  async replace(id: string, input: unknown): Promise<FaultRule | undefined> {
    if (!this.get(id)) return undefined;
    const parsed = ruleInputSchema.parse(input) as RuleInput & Pick<FaultRule, 'match' | 'when' | 'action'>;
    return this.change('updated', (rules) => {
      const current = rules.find((r) => r.id === id);
      if (!current) return { result: undefined };
      const next: FaultRule = { ...parsed, id, matched: current.matched, hits: current.hits, lastHitAt: current.lastHitAt };
      return { rules: rules.map((r) => (r.id === id ? next : r)), result: next };
    });
  }

  async setEnabled(id: string, enabled: boolean): Promise<FaultRule | undefined> {
    const current = this.get(id);
    if (!current) return undefined;
    return this.replace(id, { ...definition(current), enabled });
  }

  async remove(id: string): Promise<boolean> {
    return this.change('removed', (rules) => (rules.some((r) => r.id === id) ? { rules: rules.filter((r) => r.id !== id), result: true } : { result: false }));
  }

  /** Puts the rules in the order of `ids` (which must name each rule exactly once). */
  async reorder(ids: string[]): Promise<boolean> {
    return this.change('reordered', (rules) => {
      const byId = new Map(rules.map((r) => [r.id, r]));
      if (ids.length !== rules.length || new Set(ids).size !== ids.length || ids.some((id) => !byId.has(id))) return { result: false };
      return { rules: ids.map((id) => byId.get(id)!), result: true };
    });
  }

  /**
   * Replaces every rule at once (a lab bundle imported over the workspace): each is validated first,
   * ids are kept and counters start at zero; if the file cannot be written the old rules stay.
   */
  async replaceAll(inputs: readonly unknown[]): Promise<readonly FaultRule[]> {
    const next = inputs.map((input) => ({ ...(bundledRuleSchema.parse(input) as RuleInput & Pick<FaultRule, 'id' | 'match' | 'when' | 'action'>), matched: 0, hits: 0, lastHitAt: null }) as FaultRule);
    if (new Set(next.map((r) => r.id)).size !== next.length) throw new Error('Two fault rules have the same id.');
    return this.change('replaced', () => ({ rules: next, result: next }));
  }

  /** Puts back rules exactly as list() returned them, counters included (an import that failed later undoes its rules). */
  async putBack(rules: readonly FaultRule[]): Promise<void> {
    const next = rules.map((r) => ({ ...r }));
    await this.change('replaced', () => ({ rules: next, result: undefined }));
  }

  async resetCounters(id?: string): Promise<void> {
    await this.change('counters reset', (rules) => ({ rules: rules.map((r) => (id === undefined || r.id === id ? { ...r, matched: 0, hits: 0, lastHitAt: null } : r)), result: undefined }));
  }

  /** Counts a request that matched a rule, and whether the rule fired on it. */
  count(rule: FaultRule, fired: boolean): void {
    rule.matched++;
    if (fired) {
      rule.hits++;
      rule.lastHitAt = new Date().toISOString();
    }
    // After close() the counters still count in memory, but nothing is written any more.
    if (this.closed) return;
    this.saveTimer ??= setTimeout(() => {
      this.saveTimer = null;
      this.saveCounters();
      this.bus.emit('faults:changed', { reason: 'counted' });
    }, COUNTER_SAVE_DELAY_MS);
  }

  /** Saves pending counters and waits for every write; nothing is written after it resolves. */
  async close(): Promise<void> {
    if (this.closed) return this.queue.idle();
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = null;
      this.saveCounters();
    }
    this.closed = true;
    await this.queue.idle();
  }

  /**
   * Runs one change after those before it (failed or not): `step` sees the rules as they are by then
   * and returns the next rules (or only a result: nothing to change); they are written, and only then
   * are they the rules. A refused write changes nothing and says STORE_WRITE_FAILED; the next change
   * tries the disk again. Serialising the whole step is what keeps two changes in flight from each
   * starting from the same old rules.
   */
  private change<T>(reason: string | null, step: (rules: readonly FaultRule[]) => { rules: FaultRule[]; result: T } | { result: T }): Promise<T> {
    const file = this.closed ? null : this.file;
    return this.queue.run(() => this.apply(file, reason, step));
  }

  private async apply<T>(file: string | null, reason: string | null, step: (rules: readonly FaultRule[]) => { rules: FaultRule[]; result: T } | { result: T }): Promise<T> {
    const out = step(this.rules);
    if (!('rules' in out)) return out.result;
    if (file !== null) {
      try {
        await writeFileAtomic(file, `${JSON.stringify({ version: 1, rules: out.rules }, null, 2)}\n`);
      } catch (error) {
        throw new AppError('STORE_WRITE_FAILED', { reason: `${FAULTS_FILE}: ${(error as Error).message}` }, { cause: error });
      }
    }
    this.rules = out.rules;
    if (reason !== null) this.bus.emit('faults:changed', { reason });
    return out.result;
  }

  /** The counters live in memory either way; a failed save is logged and the next write takes them along. */
  private saveCounters(): void {
    this.change(null, (rules) => ({ rules: rules as FaultRule[], result: undefined })).catch((error: unknown) =>
      this.log(`could not save the fault rules' counters (${(error as Error).message}); they are kept in memory and saved with the next change.`),
    );
  }
}

/** A rule's definition without its id and counters, as the admin API takes it. */
export function definition(rule: FaultRule): Omit<FaultRule, 'id' | 'matched' | 'hits' | 'lastHitAt'> {
  const { id: _id, matched: _m, hits: _h, lastHitAt: _l, ...rest } = rule;
  return rest;
}
