/**
 * One resource type's records in memory, with the indexes that keep lookups from scanning:
 * id, a unique case-insensitive key (userName / displayName), externalId, and creation order
 * for stable paging. Records are treated as immutable: a write replaces the object, so a
 * snapshot can hold references while writes continue. A record's repeated strings are shared as it
 * comes in (record-strings.ts), and an externalId held by one record (the usual case) maps to its id
 * alone, not to a set of one: at 100k users a one-element Set cost ~300 bytes per user.
 *
 * A table can also be loaded from a snapshot's load index (`loadPending`): every index is built from
 * the index's columns at once, and each record stays a `PendingPosition` (its place in the index's columns)
 * until it is first read, or until `materialize` parses it in the background. Every read goes through
 * `get`/`values`, which parse a pending record on the spot, so callers never see one.
 */
import type { ScimResource } from '../contract/scim.js';
import { StringPool } from './record-strings.js';
import type { PendingUsers } from './snapshot-index.js';

/** A record not parsed yet: its position in the load index's columns (a small integer, so loading allocates nothing per record). */
type PendingPosition = number;

export class ResourceTable {
  // Not readonly: `clear` replaces each structure instead of emptying it, so `saveAll` can keep the old ones.
  private byId = new Map<string, ScimResource | PendingPosition>();
  private byUniqueKey = new Map<string, string>();
  /** externalId -> the id holding it, or the ids when several do (externalId is not unique). */
  private byExternalId = new Map<string, string | Set<string>>();
  /** Ids in creation order; deletions compact lazily. */
  private order: string[] = [];
  /** Deleted ids still in `order`: one put back before compaction (a commit undone) keeps its place. */
  private deletedInOrder = new Set<string>();
  private strings = new StringPool();
  /** The load index records were taken from, and how far `materialize` has walked it; null once all are parsed. */
  private pending: { source: PendingUsers; next: number } | null = null;

  /** @param uniqueAttribute the attribute that is unique case-insensitively (userName, displayName). */
  constructor(readonly uniqueAttribute: string) {}

  get size(): number {
    return this.byId.size;
  }

  get(id: string): ScimResource | undefined {
    const held = this.byId.get(id);
    return typeof held === 'number' ? this.parse(id, held) : held;
  }

  /** The id holding a unique key (case-insensitive), if any. */
  idForUniqueKey(value: string): string | undefined {
    return this.byUniqueKey.get(value.toLowerCase());
  }

  idsForExternalId(value: string): string[] {
    const held = this.byExternalId.get(value);
    if (held === undefined) return [];
    return typeof held === 'string' ? [held] : [...held];
  }

  /** Ids in creation order (oldest first). */
  orderedIds(): readonly string[] {
    if (this.deletedInOrder.size > 0) {
      this.order = this.order.filter((id) => this.byId.has(id));
      this.deletedInOrder.clear();
    }
    return this.order;
  }

  *values(): IterableIterator<ScimResource> {
    for (const id of this.orderedIds()) {
      const r = this.get(id);
      if (r) yield r;
    }
  }

  /** Inserts or replaces a record, keeping every index in step. */
  put(resource: ScimResource): void {
    const previous = this.byId.get(resource.id);
    const key = this.uniqueKeyOf(resource);
    const ext = typeof resource.externalId === 'string' ? resource.externalId : undefined;
    if (previous !== undefined) this.unindex(resource.id, previous, key, ext);
    else if (!this.deletedInOrder.delete(resource.id)) this.order.push(resource.id);
    // The id the indexes already hold, for a record replaced while still unparsed (a parsed one holds it too).
    if (typeof previous === 'number' && !Object.isFrozen(resource)) resource.id = this.pending!.source.ids[previous]!;
    this.strings.share(resource, typeof previous === 'object' ? previous : undefined);
    this.byId.set(resource.id, resource);
    this.index(resource.id, key, ext);
  }

  /** Removes a record; true when there was one. */
  delete(id: string): boolean {
    const previous = this.byId.get(id);
    if (previous === undefined) return false;
    this.unindex(id, previous);
    this.byId.delete(id);
    this.deletedInOrder.add(id);
    // Keep the order array from growing without bound under create/delete churn.
    if (this.deletedInOrder.size > 1024 && this.deletedInOrder.size > this.byId.size) this.orderedIds();
    return true;
  }

  /** Empties the table by replacing every structure (what `saveAll` took stays as it was). */
  clear(): void {
    this.byId = new Map();
    this.byUniqueKey = new Map();
    this.byExternalId = new Map();
    this.order = [];
    this.deletedInOrder = new Set();
    this.strings = new StringPool();
    this.pending = null;
  }

  /**
   * How to put the whole table back as it is now, for undoing a commit that clears it: the structures
   * themselves, unparsed records and their source included, so nothing is copied or parsed (a clear
   * replaces them; writes after it go to the new ones). Valid only when a `clear` follows.
   */
  saveAll(): () => void {
    const { byId, byUniqueKey, byExternalId, order, deletedInOrder, strings, pending } = this;
    return () => {
      this.byId = byId;
      this.byUniqueKey = byUniqueKey;
      this.byExternalId = byExternalId;
      this.order = order;
      this.deletedInOrder = deletedInOrder;
      this.strings = strings;
      this.pending = pending;
    };
  }

  /**
   * Fills an empty table from a load index's columns without parsing a record. Checks what
   * validateSnapshot checks of each user (an id, unique; a unique key, unique ignoring case) and
   * answers the first problem found, or null.
   */
  loadPending(source: PendingUsers): string | null {
    if (this.byId.size > 0) throw new Error('loadPending needs an empty table');
    const { ids, keys, externalIds } = source;
    const attribute = this.uniqueAttribute;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (typeof id !== 'string' || id === '') return `users[${i}] has no "id"`;
      this.byId.set(id, i);
      if (this.byId.size !== i + 1) return `users[${i}] repeats the id "${id}"`;
      const key = keys[i];
      if (typeof key !== 'string' || key === '') return `users[${i}] (id "${id}") has no "${attribute}"`;
      this.byUniqueKey.set(key, id);
      if (this.byUniqueKey.size !== i + 1) return `users[${i}] (id "${id}") has the same ${attribute} as another user; ${attribute} must be unique, ignoring case`;
      const ext = externalIds[i];
      if (typeof ext === 'string') this.index(id, undefined, ext);
    }
    this.order = ids.slice();
    this.pending = { source, next: 0 };
    return null;
  }

  /** Parses up to `count` pending records, oldest first; false once none is left (the source's bytes are then let go). */
  materialize(count: number): boolean {
    const pending = this.pending;
    if (!pending) return false;
    const { ids } = pending.source;
    let done = 0;
    while (pending.next < ids.length && done < count) {
      const id = ids[pending.next]!;
      // A record written since (or deleted) is no longer this number.
      if (this.byId.get(id) === pending.next) {
        this.parse(id, pending.next);
        done++;
      }
      pending.next++;
    }
    if (pending.next < ids.length) return true;
    this.pending = null;
    return false;
  }

  /**
   * Parses a pending record in place. Its bytes are the writer's (the load index hashed them, or found
   * store.json's file identity unchanged), and the record must still be the one the columns indexed:
   * same id, unique key and externalId, or reading it fails loudly rather than answer from an index
   * that does not describe it.
   */
  private parse(id: string, at: PendingPosition): ScimResource {
    const { bytes, spans, externalIds, keys } = this.pending!.source;
    const text = bytes.toString('utf8', spans[2 * at], spans[2 * at + 1]);
    const record = JSON.parse(text) as ScimResource;
    const ext = externalIds[at];
    const key = keys[at];
    if (record === null || typeof record !== 'object' || record.id !== id || (this.uniqueKeyOf(record) ?? null) !== key || (typeof record.externalId === 'string' ? record.externalId : null) !== ext) {
      throw new Error(`store.json does not match its load index at user ${at} (id "${id}")`);
    }
    // The index's strings are already the map keys: let the record hold the same ones.
    record.id = id;
    if (typeof ext === 'string') record.externalId = ext;
    if (typeof key === 'string' && record[this.uniqueAttribute] === key) record[this.uniqueAttribute] = key;
    this.strings.share(record);
    this.byId.set(id, record);
    return record;
  }

  private uniqueKeyOf(resource: ScimResource): string | undefined {
    const value = resource[this.uniqueAttribute];
    return typeof value === 'string' ? value.toLowerCase() : undefined;
  }

  /** The unique key and externalId a held record is indexed under. */
  private keysOf(held: ScimResource | PendingPosition): [string | undefined, string | undefined] {
    if (typeof held === 'number') {
      const { keys, externalIds } = this.pending!.source;
      const ext = externalIds[held];
      return [keys[held] ?? undefined, typeof ext === 'string' ? ext : undefined];
    }
    return [this.uniqueKeyOf(held), typeof held.externalId === 'string' ? held.externalId : undefined];
  }

  private index(id: string, key: string | undefined, ext: string | undefined): void {
    if (key !== undefined) this.byUniqueKey.set(key, id);
    if (ext !== undefined) {
      const held = this.byExternalId.get(ext);
      if (held === undefined) this.byExternalId.set(ext, id);
      else if (typeof held !== 'string') held.add(id);
      else if (held !== id) this.byExternalId.set(ext, new Set([held, id]));
    }
  }

  /**
   * Drops a record's index entries, except those its next version keeps (`nextKey`, `nextExt`): a PATCH
   * that leaves userName and externalId as they were then changes neither map. A `Map` keeps a deleted
   * entry's slot until it next grows, so deleting and adding the same key on every write made the maps
   * grow to twice the size their entries need (bench/created-user-heap.ts: the externalId map of 10,000
   * users at 32,768 slots after the soak's PATCHes).
   */
  private unindex(id: string, previous: ScimResource | PendingPosition, nextKey?: string, nextExt?: string): void {
    const [key, ext] = this.keysOf(previous);
    if (key !== undefined && key !== nextKey && this.byUniqueKey.get(key) === id) this.byUniqueKey.delete(key);
    if (ext !== undefined && ext !== nextExt) {
      const held = this.byExternalId.get(ext);
      if (held === id) this.byExternalId.delete(ext);
      else if (held !== undefined && typeof held !== 'string') {
        held.delete(id);
        if (held.size === 1) this.byExternalId.set(ext, held.values().next().value!);
        else if (held.size === 0) this.byExternalId.delete(ext);
      }
    }
  }
}
