/**
 * Each resource's timeline: every change to it, whether made by SCIM traffic (with the exchange,
 * client and lifecycle label) or from the inspector, seed or reset, with its before and after.
 * Kept in memory by resource and persisted to a rotating append-only file.
 */
import type { HistoryEntry } from '../contract/admin.js';
import type { ResourceTypeName } from '../contract/scim.js';
import { RotatingLog } from './rotating-log.js';

export type { HistoryEntry };

export const DEFAULT_HISTORY_CAP = 20_000;

export class ResourceHistory {
  private readonly byResource = new Map<string, HistoryEntry[]>();
  private order: HistoryEntry[] = [];
  private head = 0;

  private constructor(
    private readonly file: RotatingLog | null,
    private readonly cap: number,
  ) {}

  static async open(dir: string | null, cap = DEFAULT_HISTORY_CAP, log?: (m: string) => void): Promise<{ history: ResourceHistory; warnings: string[] }> {
    const file = dir === null ? null : new RotatingLog({ dir, name: 'history', cap, log });
    const history = new ResourceHistory(file, cap);
    if (!file) return { history, warnings: [] };
    const { records, warnings } = await file.load((line) => JSON.parse(line) as HistoryEntry);
    for (const entry of records.slice(-cap)) history.remember(entry);
    return { history, warnings };
  }

  append(entries: HistoryEntry[]): void {
    for (const entry of entries) {
      this.remember(entry);
      this.file?.append(JSON.stringify(entry));
    }
  }

  /** Oldest first. */
  forResource(type: ResourceTypeName, id: string): HistoryEntry[] {
    return this.byResource.get(`${type}:${id}`) ?? [];
  }

  async clear(): Promise<void> {
    this.byResource.clear();
    this.order = [];
    this.head = 0;
    await this.file?.clear();
  }

  flush(): Promise<void> {
    return this.file?.flush() ?? Promise.resolve();
  }

  async close(): Promise<void> {
    await this.file?.close();
  }

  private remember(entry: HistoryEntry): void {
    const key = `${entry.resourceType}:${entry.id}`;
    let list = this.byResource.get(key);
    if (!list) this.byResource.set(key, (list = []));
    list.push(entry);
    this.order.push(entry);
    while (this.order.length - this.head > this.cap) {
      const old = this.order[this.head++]!;
      const oldKey = `${old.resourceType}:${old.id}`;
      const oldList = this.byResource.get(oldKey);
      if (oldList) {
        oldList.shift();
        if (oldList.length === 0) this.byResource.delete(oldKey);
      }
    }
    if (this.head > 1024 && this.head > this.order.length / 2) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
  }
}
