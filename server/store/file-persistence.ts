/**
 * Durable persistence for the store: a lowdb snapshot (store.json, human-readable) plus the
 * append-only journal (journal/*.jsonl) that each write reaches before it is acknowledged.
 * Compaction folds the journal into a new snapshot in the background, and once more on close,
 * so a cleanly stopped server leaves everything in store.json for people to read or hand-edit.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { Low } from 'lowdb';
import { listSegments, readJournal, type JournalEntry } from './journal-format.js';
import { JournalWriter, segmentName } from './journal-writer.js';
import { PRETTY_LIMIT, SnapshotFile } from './snapshot-file.js';
import { emptySnapshot, type SnapshotData } from './snapshot-format.js';
import { indexFile } from './snapshot-index.js';
import type { LoadedState, Persistence } from './persistence.js';

export interface FilePersistenceOptions {
  dir: string;
  /** fdatasync each journal batch (default true). */
  sync?: boolean;
  /** Compact after this many journal entries (default 10,000). */
  compactEvery?: number;
  /** ...or once the open journal segment reaches this many bytes (default 32 MiB). */
  compactBytes?: number;
  /** Above this many resources store.json is one resource per line with a load index (default 5,000; tests lower it). */
  prettyLimit?: number;
  /** Read store.json through its load index when it matches (default true). */
  useIndex?: boolean;
  log?: (message: string) => void;
}

export const STORE_FILE = 'store.json';
export const JOURNAL_DIR = 'journal';

export class FilePersistence implements Persistence {
  readonly kind = 'file' as const;
  readonly location: string;
  private readonly journalDir: string;
  private readonly db: Low<SnapshotData>;
  private readonly adapter: SnapshotFile;
  private writer: JournalWriter | null = null;
  private failureHandler: ((fromSeq: number, error: unknown) => void) | null = null;
  private entriesSinceSnapshot = 0;
  private compaction: Promise<void> | null = null;
  private closing = false;

  constructor(private readonly options: FilePersistenceOptions) {
    this.location = path.join(options.dir, STORE_FILE);
    this.journalDir = path.join(options.dir, JOURNAL_DIR);
    this.adapter = new SnapshotFile(this.location, {
      ...(options.prettyLimit !== undefined ? { prettyLimit: options.prettyLimit } : {}),
      ...(options.useIndex !== undefined ? { useIndex: options.useIndex } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    this.db = new Low(this.adapter, emptySnapshot());
  }

  async load(): Promise<LoadedState> {
    await this.db.read();
    const warnings: string[] = [];
    const migrated = this.adapter.lastRead?.migratedFrom;
    if (migrated) warnings.push(`Upgraded ${this.location} from format version ${migrated.version}; the original is kept at ${migrated.backup}.`);
    const fresh = this.adapter.lastRead === null;
    const snapshot = this.db.data;
    const journal = await readJournal(this.journalDir, segmentName, snapshot.journalSeq);
    warnings.push(...journal.warnings);
    this.entriesSinceSnapshot = journal.entries.filter((e) => e.s > snapshot.journalSeq).length;
    this.writer = new JournalWriter({
      dir: this.journalDir,
      firstSegment: (journal.segments[journal.segments.length - 1] ?? 0) + 1,
      durableSeq: Math.max(snapshot.journalSeq, journal.entries[journal.entries.length - 1]?.s ?? 0),
      sync: this.options.sync ?? true,
      onFailure: (fromSeq, error) => this.failureHandler?.(fromSeq, error),
    });
    // Migrated files are rewritten in the current format at once; a fresh folder gets its file now.
    if (fresh || migrated) await this.db.write();
    const pendingUsers = this.adapter.lastRead?.pendingUsers ?? null;
    // The store holds them from here; kept here too, store.json's bytes would outlive the background parse.
    if (this.adapter.lastRead) this.adapter.lastRead.pendingUsers = null;
    // A large store.json without a matching load index (an older version's, or edited by hand) gets one at the next compaction; ask for it soon.
    const unindexed = !fresh && !migrated && !pendingUsers && this.options.useIndex !== false && snapshot.users.length + snapshot.groups.length > (this.options.prettyLimit ?? PRETTY_LIMIT);
    // A skipped torn line is folded away now too: left in place, it would be judged again at every start.
    const rewrite = unindexed || journal.tornSkipped;
    this.releaseData();
    return { fresh: fresh && journal.entries.length === 0, snapshot, journal: journal.entries, warnings, pendingUsers, rewrite };
  }

  async readWhole(): Promise<SnapshotData> {
    const data = await this.adapter.readWhole();
    if (!data) throw new Error(`${this.location} is gone`);
    this.releaseData();
    return data;
  }

  /**
   * Lets go of the snapshot lowdb holds once it is read or written: the store holds the records, and
   * kept here a snapshot would hold until the next compaction the version of every record written
   * since (the soak PATCHes ~40 users a second) and a list of every user (wave 5, docs/decisions.md).
   */
  private releaseData(): void {
    // A stand-in the adapter refuses to write: a write that forgot to set the data first fails instead of emptying store.json.
    this.db.data = this.adapter.neverWrite(emptySnapshot());
  }

  dropLoadIndex(): Promise<void> {
    return indexFile.remove(this.location);
  }

  append(entry: JournalEntry): Promise<void> {
    this.entriesSinceSnapshot++;
    return this.requireWriter().append(entry.s, `${JSON.stringify(entry)}\n`);
  }

  onFailure(handler: (fromSeq: number, error: unknown) => void): void {
    this.failureHandler = handler;
  }

  afterCommit(_seq: number, capture: () => SnapshotData): void {
    // A commit that was in flight when close() began is already in close()'s own compaction.
    if (this.compaction || this.closing) return;
    const writer = this.requireWriter();
    const due = this.entriesSinceSnapshot >= (this.options.compactEvery ?? 10_000) || writer.bytesInSegment >= (this.options.compactBytes ?? 32 * 1024 * 1024);
    if (due) this.startCompaction(capture);
  }

  /** Starts a compaction unless one is running; resolves when it ends. */
  compactNow(capture: () => SnapshotData): Promise<void> {
    if (this.closing) return this.compaction ?? Promise.resolve();
    return this.compaction ?? this.startCompaction(capture);
  }

  /** Waits for a running compaction, folds what is left into store.json, closes the journal: nothing writes after. */
  async close(capture: () => SnapshotData): Promise<void> {
    this.closing = true;
    try {
      while (this.compaction) await this.compaction;
      if (this.entriesSinceSnapshot > 0) await this.startCompaction(capture);
    } finally {
      await this.writer?.close();
    }
  }

  private startCompaction(capture: () => SnapshotData): Promise<void> {
    const writer = this.requireWriter();
    writer.resetFailure();
    // Rotation and capture happen in the same tick: every entry in segments up to `covered` is in `data`.
    const covered = writer.rotate();
    let data: SnapshotData;
    try {
      data = capture();
    } catch (error) {
      // The directory could not be captured (a user the load index handed over did not parse): the
      // journal keeps every write, as it does for any failed compaction.
      this.options.log?.(`Compaction failed: ${(error as Error).message}`);
      return Promise.resolve();
    }
    const counted = this.entriesSinceSnapshot;
    this.entriesSinceSnapshot = 0;
    const run = async () => {
      try {
        const allDurable = await writer.waitDurable(data.journalSeq);
        if (!allDurable) throw new Error('a journal write failed while compacting; the snapshot was not replaced');
        this.db.data = data;
        try {
          await this.db.write();
        } finally {
          this.releaseData();
        }
        await this.removeSegmentsUpTo(covered);
      } catch (error) {
        this.entriesSinceSnapshot += counted;
        this.options.log?.(`Compaction failed: ${(error as Error).message}`);
      } finally {
        this.compaction = null;
      }
    };
    this.compaction = run();
    return this.compaction;
  }

  private async removeSegmentsUpTo(last: number): Promise<void> {
    for (const n of await listSegments(this.journalDir)) {
      if (n <= last) await fsp.rm(path.join(this.journalDir, segmentName(n)), { force: true });
    }
  }

  private requireWriter(): JournalWriter {
    if (!this.writer) throw new Error('persistence used before load()');
    return this.writer;
  }
}
