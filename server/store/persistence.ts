/**
 * What the store needs from wherever it keeps its data: load the last state, append a committed
 * transaction durably, fold the journal into a snapshot, close. Implemented on files (journal +
 * lowdb snapshot) and in memory.
 */
import type { JournalEntry } from './journal-format.js';
import type { SnapshotData } from './snapshot-format.js';
import type { PendingUsers } from './snapshot-index.js';

export interface LoadedState {
  /** True when no store existed before (first run): the caller may seed it. */
  fresh: boolean;
  snapshot: SnapshotData;
  journal: JournalEntry[];
  warnings: string[];
  /** The users still unparsed when the snapshot's load index matched (`snapshot.users` is then empty). */
  pendingUsers?: PendingUsers | null;
  /** True when the snapshot should be rewritten soon: a large store.json read without a matching load index, or a journal whose torn last line was skipped. */
  rewrite?: boolean;
}

export interface Persistence {
  readonly kind: 'file' | 'memory';
  readonly location: string | null;
  load(): Promise<LoadedState>;
  append(entry: JournalEntry): Promise<void>;
  /** Registers the store's undo hook for a failed flush (see JournalWriter.onFailure). */
  onFailure(handler: (fromSeq: number, error: unknown) => void): void;
  /** Called after each durable commit; may start a background compaction using `capture`. */
  afterCommit(seq: number, capture: () => SnapshotData): void;
  /** Folds the journal into the snapshot now (no-op for memory). */
  compactNow(capture: () => SnapshotData): Promise<void>;
  close(capture: () => SnapshotData): Promise<void>;
  /** The snapshot read again the full way, ignoring its load index (when the index's columns turn out not to fit); file only. */
  readWhole?(): Promise<SnapshotData>;
  /** Removes the snapshot's load index, so the next start reads the snapshot the full way; file only. */
  dropLoadIndex?(): Promise<void>;
}

