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
import { readValidatedJson } from '../config/validated-json.js';
import type { EventBus } from '../events/event-bus.js';
import { bundledRuleSchema, faultsFileSchema, ruleInputSchema, type RuleInput } from './fault-schema.js';

export const FAULTS_FILE = 'faults.json';
const COUNTER_SAVE_DELAY_MS = 500;
const noLog = (_line: string): void => undefined;

export class FaultStore {
  private rules: FaultRule[];
  private saveTimer: NodeJS.Timeout | null = null;
  private saving: Promise<void> = Promise.resolve();
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
    const at = position === undefined ? this.rules.length : Math.max(0, Math.min(position, this.rules.length));
    await this.commit([...this.rules.slice(0, at), rule, ...this.rules.slice(at)], 'added');
    return rule;
  }

  /** Replaces a rule's definition, keeping its id and counters. */
  async replace(id: string, input: unknown): Promise<FaultRule | undefined> {
    const current = this.get(id);
    if (!current) return undefined;
    const parsed = ruleInputSchema.parse(input);
    const next: FaultRule = { ...(parsed as RuleInput & Pick<FaultRule, 'match' | 'when' | 'action'>), id, matched: current.matched, hits: current.hits, lastHitAt: current.lastHitAt };
    await this.commit(this.rules.map((r) => (r.id === id ? next : r)), 'updated');
    return next;
  }

  async setEnabled(id: string, enabled: boolean): Promise<FaultRule | undefined> {
    const current = this.get(id);
    if (!current) return undefined;
    return this.replace(id, { ...definition(current), enabled });
  }

  async remove(id: string): Promise<boolean> {
    if (!this.get(id)) return false;
    await this.commit(this.rules.filter((r) => r.id !== id), 'removed');
    return true;
  }

  /** Puts the rules in the order of `ids` (which must name each rule exactly once). */
  async reorder(ids: string[]): Promise<boolean> {
    const byId = new Map(this.rules.map((r) => [r.id, r]));
    if (ids.length !== this.rules.length || new Set(ids).size !== ids.length || ids.some((id) => !byId.has(id))) return false;
    await this.commit(ids.map((id) => byId.get(id)!), 'reordered');
    return true;
  }

  /**
   * Replaces every rule at once (a lab bundle imported over the workspace): each is validated first,
   * ids are kept and counters start at zero; if the file cannot be written the old rules stay.
   */
  async replaceAll(inputs: readonly unknown[]): Promise<readonly FaultRule[]> {
    const next = inputs.map((input) => ({ ...(bundledRuleSchema.parse(input) as RuleInput & Pick<FaultRule, 'id' | 'match' | 'when' | 'action'>), matched: 0, hits: 0, lastHitAt: null }) as FaultRule);
    if (new Set(next.map((r) => r.id)).size !== next.length) throw new Error('Two fault rules have the same id.');
    await this.commit(next, 'replaced');
    return this.rules;
  }

  /** Puts back rules exactly as list() returned them, counters included (an import that failed later undoes its rules). */
  async putBack(rules: readonly FaultRule[]): Promise<void> {
    await this.commit(rules.map((r) => ({ ...r })), 'replaced');
  }

  async resetCounters(id?: string): Promise<void> {
    await this.commit(this.rules.map((r) => (id === undefined || r.id === id ? { ...r, matched: 0, hits: 0, lastHitAt: null } : r)), 'counters reset');
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
    if (this.closed) return this.saving.catch(() => undefined);
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = null;
      this.saveCounters();
    }
    this.closed = true;
    await this.saving.catch(() => undefined);
  }

  /** Writes `next`, then makes it the rules; a refused write changes nothing and says STORE_WRITE_FAILED. */
  private async commit(next: FaultRule[], reason: string): Promise<void> {
    try {
      await this.write(next);
    } catch (error) {
      throw new AppError('STORE_WRITE_FAILED', { reason: `${FAULTS_FILE}: ${(error as Error).message}` }, { cause: error });
    }
    this.rules = next;
    this.bus.emit('faults:changed', { reason });
  }

  /** The counters live in memory either way; a failed save is logged and the next one tries again. */
  private saveCounters(): void {
    this.write(this.rules).catch((error: unknown) => this.log(`could not save the fault rules' counters to ${FAULTS_FILE} (${(error as Error).message}); they are kept in memory and saved with the next change.`));
  }

  /** Queues a write of `rules` after the ones before it, whether or not those failed. */
  private write(rules: readonly FaultRule[]): Promise<void> {
    if (!this.file || this.closed) return Promise.resolve();
    const file = this.file;
    const text = `${JSON.stringify({ version: 1, rules }, null, 2)}\n`;
    const run = this.saving.catch(() => undefined).then(() => writeFileAtomic(file, text));
    this.saving = run;
    return run;
  }
}

/** A rule's definition without its id and counters, as the admin API takes it. */
export function definition(rule: FaultRule): Omit<FaultRule, 'id' | 'matched' | 'hits' | 'lastHitAt'> {
  const { id: _id, matched: _m, hits: _h, lastHitAt: _l, ...rest } = rule;
  return rest;
}
