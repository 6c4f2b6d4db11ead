/**
 * Each resource's timeline: every change to it, whether made by SCIM traffic (with the exchange,
 * client and lifecycle label) or from the inspector, seed or reset, with its before and after.
 * Kept in memory by resource and persisted to a rotating append-only file.
 */
import type { HistoryEntry } from '../contract/admin.js';
import type { ResourceTypeName } from '../contract/scim.js';
import { BoundedQueue } from './bounded-queue.js';
import { RotatingLog } from './rotating-log.js';

export type { HistoryEntry };

export const DEFAULT_HISTORY_CAP = 20_000;

export class ResourceHistory {
  private readonly byResource = new Map<string, HistoryEntry[]>();
  /** Every entry, oldest first, capped; evicting one drops it from its resource's list too. */
  private readonly order: BoundedQueue<HistoryEntry>;

  private constructor(
    private readonly file: RotatingLog | null,
    cap: number,
  ) {
    this.order = new BoundedQueue(cap, (old) => {
      const oldKey = keyOf(old);
      const oldList = this.byResource.get(oldKey);
      if (!oldList) return;
      oldList.shift();
      if (oldList.length === 0) this.byResource.delete(oldKey);
    });
  }

  static async open(dir: string | null, cap = DEFAULT_HISTORY_CAP, log?: (m: string) => void): Promise<{ history: ResourceHistory; warnings: string[] }> {
    const file = dir === null ? null : new RotatingLog({ dir, name: 'history', cap, log });
    const history = new ResourceHistory(file, cap);
    if (!file) return { history, warnings: [] };
    const { records, warnings } = await file.load((line) => JSON.parse(line) as HistoryEntry, cap);
    for (const entry of records) history.remember(entry);
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
    this.order.clear();
    await this.file?.clear();
  }

  flush(): Promise<void> {
    return this.file?.flush() ?? Promise.resolve();
  }

  async close(): Promise<void> {
    await this.file?.close();
  }

  private remember(entry: HistoryEntry): void {
    const key = keyOf(entry);
    let list = this.byResource.get(key);
    if (!list) this.byResource.set(key, (list = []));
    list.push(entry);
    this.order.push(entry);
  }
}

function keyOf(entry: HistoryEntry): string {
  return `${entry.resourceType}:${entry.id}`;
}
