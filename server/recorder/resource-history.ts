/**
 * Each resource's timeline: every change to it, whether made by SCIM traffic (with the exchange,
 * client and lifecycle label) or from the inspector, seed or reset, with its before and after.
 * The entries live on disk, in `history.jsonl` with its offset index `history-index.jsonl` (the
 * exchanges' file pair, exchange-file.ts, with its rotation at `cap` records); memory keeps per
 * resource only where each entry's line is, and the lines written in the last moment (they go to
 * disk in batches). Opening a timeline reads its lines, all of them or one page (newest first,
 * below a seq: every entry gets the next number of the workspace's history, kept in its lines, so a
 * cursor stays right while entries arrive and the oldest are evicted). Numbers follow commit
 * order: a SCIM change is numbered when the store commits it and labelled when its exchange is
 * interpreted (reserve, complete). Start-up reads the index, not the entries (history-load.ts). The cap
 * (`recording.historyCap`) can change while running: lowering it evicts the oldest at once. In
 * memory mode the files go to a temporary folder removed at close().
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HistoryEntry, TimelineEntry } from '../contract/admin.js';
import type { ResourceTypeName } from '../contract/scim.js';
import { BoundedQueue } from './bounded-queue.js';
import type { ExchangeFileState } from './exchange-file.js';
import { RecordReader } from './exchange-file-reader.js';
import { CommitSecrets } from './history-commit-secrets.js';
import { HistoryDrafts, NODE_TIMERS, type HistoryLabels, type SweepTimers } from './history-drafts.js';
import { decodeHistoryLine, encodeHistoryLine, entryAsWritten, linePrefix } from './history-line.js';
import { historyKey as keyOf, loadHistory } from './history-load.js';
import { HISTORY_FILES, HistoryWriter, type QueuedEntry } from './history-writer.js';

export type { HistoryEntry, TimelineEntry };

export { HISTORY_FILES };

/** One page of a timeline: the newest `count` entries below `before` (all when absent). */
export interface PageRange {
  before?: number;
  count: number;
}

/**
 * What memory keeps of one entry: a few dozen bytes (the key and label strings are shared): its
 * key, label, its place in the workspace's history (seq: increasing, never reused while running)
 * and where its line sits (history-writer.ts).
 */
type EntryRecord = QueuedEntry;

/** The drafts' clock (monotonic, in ms) and sweep timers: the real ones unless a test passes its own. */
export interface HistoryOptions {
  now?: () => number;
  timers?: SweepTimers;
}

export class ResourceHistory {
  private readonly byResource = new Map<string, EntryRecord[]>();
  /** Every entry, oldest first, capped; evicting one drops it from its resource's list too. */
  private readonly order: BoundedQueue<EntryRecord>;
  private readonly writer: HistoryWriter;
  /** Labels are few: one string each, not one per entry. */
  private readonly kinds = new Map<string, string>();
  private closed = false;
  private nextSeq = 1;
  /** SCIM changes numbered when committed, waiting for their exchange's labels (history-drafts.ts). */
  private readonly waiting: HistoryDrafts<EntryRecord>;
  /** The workspace's configured secrets, replaced in every line (redactWith). */
  private secrets: () => readonly string[] = () => [];
  /** The secrets of each waiting exchange's commit (a secret rotated before its labels come still scrubs its lines). */
  private readonly committedSecrets = new CommitSecrets();

  private constructor(
    /** Where the files are (a temporary folder in memory mode). */
    readonly dir: string,
    private readonly temporary: boolean,
    cap: number,
    state: ExchangeFileState | null,
    private readonly log: (m: string) => void,
    options: HistoryOptions,
  ) {
    // What waited past its time is written as drafted, on the timer too (an idle server writes it).
    this.waiting = new HistoryDrafts<EntryRecord>(options.now, options.timers ?? NODE_TIMERS, () => {
      for (const overdue of this.waiting.overdue(true)) this.complete(overdue, null, []);
    });
    this.writer = new HistoryWriter(dir, cap, state, log);
    this.order = new BoundedQueue(cap, (old) => {
      const list = this.byResource.get(old.key);
      if (!list) return;
      list.shift();
      if (list.length === 0) this.byResource.delete(old.key);
    });
  }

  /** `cap`: the workspace's `recording.historyCap` setting (default in settings-file.ts). */
  static async open(dir: string | null, cap: number, log: (m: string) => void = () => {}, options: HistoryOptions = {}): Promise<{ history: ResourceHistory; warnings: string[] }> {
    if (dir === null) {
      const temp = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'scimscope-history-'));
      return { history: new ResourceHistory(temp, true, cap, null, log, options), warnings: [] };
    }
    const { records, warnings, state } = loadHistory(dir, cap, log);
    const history = new ResourceHistory(dir, false, cap, state, log, options);
    for (const { record, location } of records) history.remember({ key: record.key, kind: history.intern(record.kind), seq: record.seq!, gen: location.gen, offset: location.offset, length: location.length, line: null });
    history.nextSeq = (records.at(-1)?.record.seq ?? 0) + 1;
    return { history, warnings };
  }

  /**
   * Every line, labelled, drafted or from the inspector, has these replaced (history-line.ts, with
   * redact.ts scrubSecrets, the recorder's scrub): a stored attribute may hold a secret a client sent, and the
   * recorder's scrubbed copies do not reach a change written as drafted.
   */
  redactWith(secrets: () => readonly string[]): void {
    this.secrets = secrets;
  }

  /** How many SCIM changes wait for their exchange's labels. */
  get drafts(): number {
    return this.waiting.size;
  }

  /** How many entries are kept (the newest `cap`). */
  get size(): number {
    return this.order.size;
  }

  /** Keeps the newest `cap` entries from now on; a lower cap evicts the oldest at once. */
  setCap(cap: number): void {
    this.writer.setCap(cap);
    this.order.setCap(cap);
  }

  append(entries: HistoryEntry[]): void {
    if (this.closed) {
      if (entries.length > 0) this.log(`Dropped ${entries.length} history entries: they came after close().`);
      return;
    }
    for (const entry of entries) {
      const seq = this.nextSeq++;
      const record: EntryRecord = { key: keyOf(entry.resourceType, entry.id), kind: this.intern(entry.kind), seq, gen: -1, offset: 0, length: 0, line: this.encode(entry, seq) };
      this.remember(record);
      this.writer.queue(record);
    }
    this.writer.schedule();
  }

  /**
   * Numbers a SCIM request's changes as it commits them, so the timeline is in commit order even
   * though the exchange's labels come from the recording worker later (`complete`). Until then a
   * timeline shows their drafts; their lines are written once labelled, or as drafted when the
   * labels do not come in time (history-drafts.ts bounds the wait). An exchange recorded before its
   * commit came (its client went away meanwhile) labels the changes at once.
   */
  reserve(exchangeId: string, drafts: HistoryEntry[]): void {
    if (this.closed || drafts.length === 0) return;
    this.committedSecrets.remember(exchangeId, this.secrets());
    for (const draft of drafts) {
      const record: EntryRecord = { key: keyOf(draft.resourceType, draft.id), kind: this.intern(draft.kind), seq: this.nextSeq++, gen: -1, offset: 0, length: 0, line: null };
      this.remember(record);
      this.waiting.wait(exchangeId, record, draft);
    }
    const recorded = this.waiting.recorded(exchangeId);
    if (recorded) this.complete(exchangeId, recorded.labels, []);
    for (const overdue of this.waiting.overdue()) this.complete(overdue, null, []);
  }

  /**
   * Whether `complete` would use an exchange's labels: changes of it wait, or it is of a kind whose
   * commit may still come. The recorder skips making the labels of the others (a lookup, a read, an
   * import page: most exchanges), for which `complete` does nothing.
   */
  wantsLabels(exchangeId: string, kind: string): boolean {
    return this.waiting.peek(exchangeId) !== undefined || (!this.closed && this.waiting.keepsLabelsOf(kind));
  }

  /**
   * Labels the changes `reserve` numbered for an exchange and queues their lines. `changes` are the
   * recorder's copies (as the store made them: the lines scrub them with the secrets of the commit
   * and of now): they replace the drafts' before and after, change for change. Null labels write the
   * drafts as they are. An exchange with no change waiting keeps its labels a while, for a commit that comes after it.
   */
  complete(exchangeId: string, labels: HistoryLabels, changes: readonly { resourceType: string; id: string; before: HistoryEntry['before']; after: HistoryEntry['after'] }[]): void {
    const waiting = this.waiting.peek(exchangeId);
    if (!waiting) {
      if (!this.closed) this.waiting.settle(exchangeId, labels);
      return;
    }
    // Every line is made while the drafts still wait: a throw leaves them all waiting, none dropped.
    const secrets = this.secretsOf(exchangeId);
    const lines = waiting.map((record, i) => {
      const draft = this.waiting.draftOf(record)!;
      const change = changes[i];
      const same = change !== undefined && change.resourceType === draft.resourceType && change.id === draft.id;
      const entry: HistoryEntry = { ...draft, ...labels, ...(same ? { before: change.before, after: change.after } : {}) };
      return { kind: this.intern(entry.kind), line: encodeHistoryLine(entry, record.seq, secrets) };
    });
    this.waiting.take(exchangeId);
    this.committedSecrets.forget(exchangeId);
    waiting.forEach((record, i) => {
      this.waiting.forget(record);
      record.kind = lines[i]!.kind;
      record.line = lines[i]!.line;
      this.writer.queue(record);
    });
    this.writer.schedule();
  }

  /** A resource's entries, oldest first, read from disk (the newest from memory if not written yet). */
  async forResource(type: ResourceTypeName, id: string): Promise<TimelineEntry[]> {
    const list = this.byResource.get(keyOf(type, id));
    return list ? this.read(type, id, [...list]) : [];
  }

  /**
   * One page of a resource's timeline, newest first: the `count` newest entries with a seq below
   * `before`, how many entries the whole timeline has, and the `before` of the next (older) page.
   */
  async page(type: ResourceTypeName, id: string, range: PageRange): Promise<{ entries: TimelineEntry[]; total: number; nextBefore: number | null }> {
    const list = this.byResource.get(keyOf(type, id));
    if (!list) return { entries: [], total: 0, nextBefore: null };
    const end = range.before === undefined ? list.length : firstAtOrAbove(list, range.before);
    const start = Math.max(0, end - range.count);
    const entries = await this.read(type, id, list.slice(start, end));
    return { entries: entries.reverse(), total: list.length, nextBefore: start > 0 ? list[start]!.seq : null };
  }

  private async read(type: ResourceTypeName, id: string, records: EntryRecord[]): Promise<TimelineEntry[]> {
    const reader = new RecordReader(this.dir, this.writer.gen, HISTORY_FILES);
    const prefix = linePrefix(id, type);
    const entries: TimelineEntry[] = [];
    let missing = 0;
    try {
      for (const record of records) {
        // A SCIM change still waiting for its labels shows its draft, as its line will read (no password, no secret).
        const draft = record.gen === -1 && record.line === null ? this.waiting.draftOf(record) : undefined;
        if (draft) {
          entries.push(entryAsWritten(draft, record.seq, this.secretsOf(draft.exchangeId)));
          continue;
        }
        const line = record.line ?? (record.gen >= this.writer.gen - 1 ? reader.readLine(record, prefix) : null);
        const entry = line === null ? null : this.check(line, type, record);
        if (entry) entries.push(entry);
        else missing++;
      }
    } finally {
      reader.close();
    }
    if (missing > 0) this.log(`Could not read ${missing} history entries of ${type} ${id} back from ${path.join(this.dir, HISTORY_FILES.data)}.`);
    return entries;
  }

  async clear(): Promise<void> {
    this.waiting.clear();
    this.committedSecrets.clear();
    this.byResource.clear();
    this.order.clear();
    this.writer.clear();
  }

  /** Writes the waiting lines now. */
  flush(): Promise<void> {
    this.writer.write();
    return Promise.resolve();
  }

  async close(): Promise<void> {
    this.waiting.stop();
    for (const exchangeId of this.waiting.waitingExchanges()) this.complete(exchangeId, null, []);
    this.closed = true;
    this.writer.close();
    if (this.temporary) await fs.promises.rm(this.dir, { recursive: true, force: true });
  }

  private check(line: string, type: ResourceTypeName, record: EntryRecord): TimelineEntry | null {
    try {
      const entry = decodeHistoryLine(line);
      const matches = entry.resourceType === type && entry.kind === record.kind && (entry.seq === undefined || entry.seq === record.seq);
      return matches ? { seq: record.seq, ...entry } : null;
    } catch {
      return null;
    }
  }

  private encode(entry: HistoryEntry, seq: number): string {
    return encodeHistoryLine(entry, seq, this.secrets());
  }

  private secretsOf(exchangeId: string | null): readonly string[] {
    return this.committedSecrets.of(exchangeId, this.secrets());
  }

  private intern(kind: string): string {
    let k = this.kinds.get(kind);
    if (k === undefined) this.kinds.set(kind, (k = kind));
    return k;
  }

  private remember(record: EntryRecord): void {
    const list = this.byResource.get(record.key);
    if (list) {
      // One key string per resource, not one per entry.
      record.key = list[0]?.key ?? record.key;
      list.push(record);
    } else {
      // Most resources have one entry (a create): an array of exactly one.
      this.byResource.set(record.key, [record]);
    }
    this.order.push(record);
  }
}

/** The index of the first record whose seq is `seq` or more (the list is in seq order). */
function firstAtOrAbove(list: readonly EntryRecord[], seq: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
