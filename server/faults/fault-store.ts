/**
 * The ordered fault rules and their counters, kept in faults.json in the data folder. Edits are
 * saved at once (atomically); hit counters, which change on every faulted request, are saved a
 * moment later in one write. Every change is announced on the event bus.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { FaultRule } from '../contract/faults.js';
import { writeFileAtomic } from '../config/atomic-write.js';
import { readValidatedJson } from '../config/validated-json.js';
import type { EventBus } from '../events/event-bus.js';
import { bundledRuleSchema, faultsFileSchema, ruleInputSchema, type RuleInput } from './fault-schema.js';

export const FAULTS_FILE = 'faults.json';
const COUNTER_SAVE_DELAY_MS = 500;

export class FaultStore {
  private rules: FaultRule[];
  private saveTimer: NodeJS.Timeout | null = null;
  private saving: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    rules: FaultRule[],
    private readonly file: string | null,
    private readonly bus: EventBus,
  ) {
    this.rules = rules;
  }

  static async open(dir: string | null, bus: EventBus): Promise<FaultStore> {
    if (dir === null) return new FaultStore([], null, bus);
    const file = path.join(dir, FAULTS_FILE);
    const read = await readValidatedJson(file, faultsFileSchema, 'FAULTS_CORRUPT');
    return new FaultStore((read?.data.rules ?? []) as FaultRule[], file, bus);
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
    this.rules = [...this.rules.slice(0, at), rule, ...this.rules.slice(at)];
    await this.changed('added');
    return rule;
  }

  /** Replaces a rule's definition, keeping its id and counters. */
  async replace(id: string, input: unknown): Promise<FaultRule | undefined> {
    const current = this.get(id);
    if (!current) return undefined;
    const parsed = ruleInputSchema.parse(input);
    const next: FaultRule = { ...(parsed as RuleInput & Pick<FaultRule, 'match' | 'when' | 'action'>), id, matched: current.matched, hits: current.hits, lastHitAt: current.lastHitAt };
    this.rules = this.rules.map((r) => (r.id === id ? next : r));
    await this.changed('updated');
    return next;
  }

  async setEnabled(id: string, enabled: boolean): Promise<FaultRule | undefined> {
    const current = this.get(id);
    if (!current) return undefined;
    return this.replace(id, { ...definition(current), enabled });
  }

  async remove(id: string): Promise<boolean> {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    if (this.rules.length === before) return false;
    await this.changed('removed');
    return true;
  }

  /** Puts the rules in the order of `ids` (which must name each rule exactly once). */
  async reorder(ids: string[]): Promise<boolean> {
    const byId = new Map(this.rules.map((r) => [r.id, r]));
    if (ids.length !== this.rules.length || new Set(ids).size !== ids.length || ids.some((id) => !byId.has(id))) return false;
    this.rules = ids.map((id) => byId.get(id)!);
    await this.changed('reordered');
    return true;
  }

  /**
   * Replaces every rule at once (a lab bundle imported over the workspace): each is validated first,
   * ids are kept and counters start at zero; if the file cannot be written the old rules stay.
   */
  async replaceAll(inputs: readonly unknown[]): Promise<readonly FaultRule[]> {
    const next = inputs.map((input) => ({ ...(bundledRuleSchema.parse(input) as RuleInput & Pick<FaultRule, 'id' | 'match' | 'when' | 'action'>), matched: 0, hits: 0, lastHitAt: null }) as FaultRule);
    if (new Set(next.map((r) => r.id)).size !== next.length) throw new Error('Two fault rules have the same id.');
    const previous = this.rules;
    this.rules = next;
    try {
      await this.changed('replaced');
    } catch (error) {
      this.rules = previous;
      throw error;
    }
    return this.rules;
  }

  /** Puts back rules exactly as list() returned them, counters included (an import that failed later undoes its rules). */
  async putBack(rules: readonly FaultRule[]): Promise<void> {
    this.rules = rules.map((r) => ({ ...r }));
    await this.changed('replaced');
  }

  async resetCounters(id?: string): Promise<void> {
    this.rules = this.rules.map((r) => (id === undefined || r.id === id ? { ...r, matched: 0, hits: 0, lastHitAt: null } : r));
    await this.changed('counters reset');
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
      void this.save();
      this.bus.emit('faults:changed', { reason: 'counted' });
    }, COUNTER_SAVE_DELAY_MS);
  }

  /** Saves pending counters and waits for every write; nothing is written after it resolves. */
  async close(): Promise<void> {
    if (this.closed) return this.saving;
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = null;
      void this.save();
    }
    this.closed = true;
    await this.saving;
  }

  private async changed(reason: string): Promise<void> {
    await this.save();
    this.bus.emit('faults:changed', { reason });
  }

  private save(): Promise<void> {
    if (!this.file || this.closed) return this.saving;
    const file = this.file;
    const text = `${JSON.stringify({ version: 1, rules: this.rules }, null, 2)}\n`;
    this.saving = this.saving.then(() => writeFileAtomic(file, text));
    return this.saving;
  }
}

/** A rule's definition without its id and counters, as the admin API takes it. */
export function definition(rule: FaultRule): Omit<FaultRule, 'id' | 'matched' | 'hits' | 'lastHitAt'> {
  const { id: _id, matched: _m, hits: _h, lastHitAt: _l, ...rest } = rule;
  return rest;
}
