/**
 * The directory kept in memory (its contents and how a mutation changes them: directory.ts), with
 * atomic commits that are acknowledged only once the persistence layer has them on disk.
 * Every commit reports the before and after of each resource it touched, side effects included,
 * for the recorder, the resource history and the live event stream.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { JsonObject, ResourceTypeName, ScimResource } from '../contract/scim.js';
import type { ChangeOrigin, ResourceChange, StoreCounts } from '../contract/store.js';
import { AppError, describeError } from '../app-errors.js';
import { boundSideEffects, checkUniqueNames, expandCascades, toJournalOp, touchedResources } from './commit-plan.js';
import { Directory } from './directory.js';
import type { JournalEntry } from './journal-format.js';
import type { Persistence } from './persistence.js';
import { compactLayout } from './record-layout.js';
import type { CommitResult, Mutation, Repository } from './repository.js';
import type { SnapshotData, StoredSecret } from './snapshot-format.js';
import type { RenderedView, ViewCacheStats } from './view-cache.js';
import { renderView, renderViewText } from './views.js';

export type { LoadedState, Persistence } from './persistence.js';

/** Users parsed per turn of the event loop while the load index's users are parsed in the background (a few ms). */
const PARSE_SLICE = 200;

export type StoreListener = (event: { changes: ResourceChange[]; origin: ChangeOrigin; counts: StoreCounts }) => void;

/** The steps of a commit, in order: `plan` (nothing applied yet), `apply` (after each mutation), `diff`, `journal` (entry built, not yet sent); then, once durable, `notify` (before each listener) and `after`. */
export type CommitStep = 'plan' | 'apply' | 'diff' | 'journal' | 'notify' | 'after';

export interface StoreOptions {
  /** Called at each step of every commit; tests make it throw to prove a commit is all-or-nothing. */
  probe?: (step: CommitStep) => void;
  log?: (message: string) => void;
  /** Bytes of rendered JSON kept between requests, all types together (see view-cache.ts); 0 turns the cache off. */
  viewCacheBytes?: number;
}

interface Undo {
  seq: number;
  undo: () => void;
}

const compactPut = (m: Mutation): Mutation => (m.kind === 'put' ? { ...m, resource: compactLayout(m.resource) } : m);

/**
 * Whether a commit's records were built by a write (SCIM, an inspector edit) and are worth laying out
 * again. A workspace copied from another (`seed`) commits that store's own records, which are immutable
 * and shared rather than copied; a restore or reset commits records just parsed from JSON, already laid
 * out so. Copying those would hold a second copy of every user and block the loop for nothing.
 */
function builtByAWrite(origin: ChangeOrigin): boolean {
  if (origin.source === 'seed' || origin.source === 'reset') return false;
  return !(origin.source === 'inspector' && origin.snapshot !== undefined);
}

export class Store implements Repository {
  private readonly dir: Directory;
  private seq = 0;
  private pending: Undo[] = [];
  private listeners: StoreListener[] = [];
  private closed = false;
  revision = 0;
  warnings: string[] = [];
  /** True when this store was created empty by this start (first run). */
  fresh = false;
  /** Resolves (never rejects) once the background work after open has ended: the parse of the load index's users, then the compaction that was due. */
  settled: Promise<void> = Promise.resolve();

  private readonly probe: (step: CommitStep) => void;
  private readonly log: (message: string) => void;

  private constructor(
    private readonly persistence: Persistence,
    options: StoreOptions,
  ) {
    this.probe = options.probe ?? (() => undefined);
    // Users still unparsed come back with an undone clear; the background parse stopped at the clear.
    this.dir = new Directory(options.viewCacheBytes, () => void this.parsePending());
    this.log = options.log ?? ((m) => console.error(m));
  }

  /**
   * Loads the snapshot, replays the journal and returns a store ready for requests. Users the snapshot's
   * load index handed over unparsed are indexed now and parsed on first read, or in the background.
   */
  static async open(persistence: Persistence, options: StoreOptions = {}): Promise<Store> {
    const store = new Store(persistence, options);
    const loaded = await persistence.load();
    store.warnings = loaded.warnings;
    store.fresh = loaded.fresh;
    let { snapshot } = loaded;
    let rewrite = loaded.rewrite === true;
    const problem = loaded.pendingUsers ? store.dir.tables.User.loadPending(loaded.pendingUsers) : null;
    if (problem) {
      // The index's columns do not fit (a writer's bug): the index is a cache, so read the file the full
      // way, which reports the file itself if it is at fault, and write a fresh index soon.
      if (!persistence.readWhole) throw new AppError('STORE_INVALID', { file: persistence.location ?? 'store', reason: problem });
      store.dir.tables.User.clear();
      store.log(`The load index of ${persistence.location} does not fit store.json (${problem}); reading store.json the full way.`);
      snapshot = await persistence.readWhole();
      rewrite = true;
    }
    store.dir.load(snapshot);
    store.seq = snapshot.journalSeq;
    for (const entry of loaded.journal) {
      if (entry.s <= snapshot.journalSeq) continue;
      for (const op of entry.ops) store.dir.apply(Directory.mutationOf(op));
      store.seq = entry.s;
    }
    persistence.onFailure((fromSeq, error) => store.undoFrom(fromSeq, error));
    // A journal left by a crash is folded into the snapshot, in the background, as is a large snapshot
    // without a load index; after the users are parsed, so the capture does not parse them all at once.
    const compact = rewrite || loaded.journal.some((e) => e.s > snapshot.journalSeq);
    store.settled = store
      .parsePending()
      .then(() => (compact && !store.closed ? store.compact() : undefined))
      .catch((error: unknown) => store.log(`Compacting ${store.location ?? 'the store'} after start failed: ${describeError(error)}`));
    return store;
  }

  /**
   * Parses the users still pending from the load index, a slice at a time between turns of the event
   * loop. A user that does not parse or no longer fits its indexed columns (a writer's bug, or a
   * store.json edited under a forged file identity; snapshot-index.ts) is reported, and the index removed so the next start reads store.json the full way;
   * until then, reading that user fails, and compactions fail (the journal keeps every write).
   */
  private async parsePending(): Promise<void> {
    try {
      while (!this.closed && this.dir.tables.User.materialize(PARSE_SLICE)) await yieldToLoop();
    } catch (error) {
      this.log(`Reading the users of ${this.location ?? 'the store'} in the background failed; restart Scimscope to read store.json the full way: ${describeError(error)}`);
      await this.persistence.dropLoadIndex?.().catch(() => undefined);
    }
  }

  get location(): string | null {
    return this.persistence.location;
  }

  onChange(listener: StoreListener): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  get(type: ResourceTypeName, id: string): ScimResource | undefined {
    return this.dir.tables[type].get(id);
  }

  idForUniqueName(type: ResourceTypeName, name: string): string | undefined {
    return this.dir.tables[type].idForUniqueKey(name);
  }

  idsForExternalId(type: ResourceTypeName, externalId: string): string[] {
    return this.dir.tables[type].idsForExternalId(externalId);
  }

  list(type: ResourceTypeName): readonly string[] {
    return this.dir.tables[type].orderedIds();
  }

  count(type: ResourceTypeName): number {
    return this.dir.tables[type].size;
  }

  counts(): StoreCounts {
    return { users: this.dir.tables.User.size, groups: this.dir.tables.Group.size };
  }

  groupsOf(memberId: string): readonly string[] {
    return [...(this.dir.memberships.groupsOf(memberId) ?? [])];
  }

  secretOf(userId: string): StoredSecret | undefined {
    return this.dir.secrets.get(userId);
  }

  view(type: ResourceTypeName, id: string, baseUrl?: string): JsonObject | undefined {
    const resource = this.dir.tables[type].get(id);
    if (!resource) return undefined;
    return renderView(this, type, resource, baseUrl);
  }

  rendered(type: ResourceTypeName, id: string, baseUrl: string): RenderedView | undefined {
    const resource = this.dir.tables[type].get(id);
    if (!resource) return undefined;
    return this.dir.views.get(type, resource, baseUrl, () => renderViewText(this, type, resource, baseUrl));
  }

  /** The rendered-view cache's hits, misses, entries and bytes (bench/render-views.ts). */
  viewCacheStats(): ViewCacheStats {
    return this.dir.views.stats();
  }

  async commit(mutations: Mutation[], origin: ChangeOrigin): Promise<CommitResult> {
    if (this.closed) throw new AppError('STORE_WRITE_FAILED', { reason: 'the server is shutting down' });
    // Each written record laid out as a loaded one is (record-layout.ts): same content, fewer bytes held.
    const cascaded = expandCascades(this, mutations);
    const expanded = builtByAWrite(origin) ? cascaded.map(compactPut) : cascaded;
    checkUniqueNames(this.dir.tables, expanded);
    const touched = touchedResources(this, expanded);
    const before = touched.map(({ type, id }) => this.view(type, id) ?? null);
    this.probe('plan');

    // From here the directory changes. Whatever throws before the entry is handed to the journal
    // (a bug, a stack overflow, a step the tests make throw) undoes every mutation applied so far:
    // a commit is all-or-nothing, not only when the disk refuses it.
    const undos: (() => void)[] = [];
    const undo = () => {
      for (let i = undos.length - 1; i >= 0; i--) undos[i]!();
    };
    const seq = this.seq + 1;
    let changes: ResourceChange[];
    let entry: JournalEntry;
    try {
      for (const m of expanded) {
        // The undo is taken before the mutation runs, so a mutation that throws half-way is undone too.
        undos.push(this.dir.undoFor(m));
        this.applyOne(m);
        this.probe('apply');
      }
      changes = [];
      for (let i = 0; i < touched.length; i++) {
        const { type, id } = touched[i]!;
        const after = this.view(type, id) ?? null;
        if (JSON.stringify(before[i]) !== JSON.stringify(after)) changes.push({ resourceType: type, id, before: before[i]!, after });
      }
      this.probe('diff');
      entry = { s: seq, at: new Date().toISOString(), ops: expanded.map(toJournalOp) };
      this.probe('journal');
    } catch (error) {
      undo();
      throw error;
    }
    this.seq = seq;
    this.revision++;
    this.pending.push({ seq, undo });
    try {
      await this.persistence.append(entry);
    } catch (error) {
      // The journal writer undoes what it refused (onFailure); a persistence that threw before reaching it did not.
      if (this.pending.some((p) => p.seq === seq)) this.undoFrom(seq, error);
      throw new AppError('STORE_WRITE_FAILED', { reason: describeError(error) }, { cause: error });
    }
    this.pending = this.pending.filter((p) => p.seq !== seq);
    // Durable from here: what follows only reports the commit, and a report that throws must not un-acknowledge it.
    const { kept, omitted } = boundSideEffects(changes, expanded);
    for (const listener of this.listeners) {
      try {
        this.probe('notify');
        listener({ changes: kept, origin, counts: this.counts() });
      } catch (error) {
        this.log(`A store listener failed after commit ${seq} (the commit stands): ${describeError(error)}`);
      }
    }
    try {
      this.probe('after');
      this.persistence.afterCommit(seq, () => this.capture());
    } catch (error) {
      this.log(`Scheduling compaction after commit ${seq} failed (the commit stands): ${describeError(error)}`);
    }
    return { changes: kept, omittedChanges: omitted };
  }

  /** Folds the journal into the snapshot file now. */
  compact(): Promise<void> {
    return this.persistence.compactNow(() => this.capture());
  }

  /** Finishes in-flight writes and compacts the journal into the snapshot. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.persistence.close(() => this.capture());
  }

  /** The whole directory as snapshot data; resources are shared, not copied (records are immutable). */
  capture(): SnapshotData {
    return this.dir.capture(this.seq);
  }

  // --- internals ---------------------------------------------------------------------------

  /** Applies one mutation of a commit (a method of its own so tests can make one throw half-way). */
  private applyOne(m: Mutation): void {
    this.dir.apply(m);
  }

  /** Undoes, newest first, every commit the journal refused. */
  private undoFrom(fromSeq: number, _error: unknown): void {
    const refused = this.pending.filter((p) => p.seq >= fromSeq).sort((a, b) => b.seq - a.seq);
    for (const p of refused) p.undo();
    this.pending = this.pending.filter((p) => p.seq < fromSeq);
    this.revision++;
  }
}
