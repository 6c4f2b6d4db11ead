/**
 * Persistence that keeps nothing: the same store and routes over memory only, for tests and for
 * `--data :memory:` sandboxes that should leave no trace.
 */
import type { JournalEntry } from './journal-format.js';
import { emptySnapshot, type SnapshotData } from './snapshot-format.js';
import type { LoadedState, Persistence } from './persistence.js';

export class MemoryPersistence implements Persistence {
  readonly kind = 'memory' as const;
  readonly location = null;
  entries = 0;

  constructor(private readonly initial: SnapshotData = emptySnapshot()) {}

  async load(): Promise<LoadedState> {
    return { fresh: true, snapshot: structuredClone(this.initial), journal: [], warnings: [] };
  }

  async append(_entry: JournalEntry): Promise<void> {
    this.entries++;
  }

  onFailure(): void {}

  afterCommit(_seq: number, _capture: () => SnapshotData): void {}

  async compactNow(): Promise<void> {}

  async close(): Promise<void> {}
}
