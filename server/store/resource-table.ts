/**
 * One resource type's records in memory, with the indexes that keep lookups from scanning:
 * id, a unique case-insensitive key (userName / displayName), externalId, and creation order
 * for stable paging. Records are treated as immutable: a write replaces the object, so a
 * snapshot can hold references while writes continue. A record's repeated strings are shared as it
 * comes in (record-strings.ts), and an externalId held by one record (the usual case) maps to its id
 * alone, not to a set of one: at 100k users a one-element Set cost ~300 bytes per user.
 */
import type { ScimResource } from '../contract/scim.js';
import { StringPool } from './record-strings.js';

export class ResourceTable {
  private readonly byId = new Map<string, ScimResource>();
  private readonly byUniqueKey = new Map<string, string>();
  /** externalId -> the id holding it, or the ids when several do (externalId is not unique). */
  private readonly byExternalId = new Map<string, string | Set<string>>();
  /** Ids in creation order; deletions compact lazily. */
  private order: string[] = [];
  /** Deleted ids still in `order`: one put back before compaction (a commit undone) keeps its place. */
  private deletedInOrder = new Set<string>();
  private readonly strings = new StringPool();

  /** @param uniqueAttribute the attribute that is unique case-insensitively (userName, displayName). */
  constructor(readonly uniqueAttribute: string) {}

  get size(): number {
    return this.byId.size;
  }

  get(id: string): ScimResource | undefined {
    return this.byId.get(id);
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
      const r = this.byId.get(id);
      if (r) yield r;
    }
  }

  /** Inserts or replaces a record, keeping every index in step. */
  put(resource: ScimResource): void {
    const previous = this.byId.get(resource.id);
    if (previous) this.unindex(previous);
    else if (!this.deletedInOrder.delete(resource.id)) this.order.push(resource.id);
    this.strings.share(resource);
    this.byId.set(resource.id, resource);
    this.index(resource);
  }

  delete(id: string): ScimResource | undefined {
    const previous = this.byId.get(id);
    if (!previous) return undefined;
    this.unindex(previous);
    this.byId.delete(id);
    this.deletedInOrder.add(id);
    // Keep the order array from growing without bound under create/delete churn.
    if (this.deletedInOrder.size > 1024 && this.deletedInOrder.size > this.byId.size) this.orderedIds();
    return previous;
  }

  clear(): void {
    this.byId.clear();
    this.byUniqueKey.clear();
    this.byExternalId.clear();
    this.order = [];
    this.deletedInOrder.clear();
    this.strings.clear();
  }

  private uniqueKeyOf(resource: ScimResource): string | undefined {
    const value = resource[this.uniqueAttribute];
    return typeof value === 'string' ? value.toLowerCase() : undefined;
  }

  private index(resource: ScimResource): void {
    const key = this.uniqueKeyOf(resource);
    if (key !== undefined) this.byUniqueKey.set(key, resource.id);
    const ext = resource.externalId;
    if (typeof ext === 'string') {
      const held = this.byExternalId.get(ext);
      if (held === undefined) this.byExternalId.set(ext, resource.id);
      else if (typeof held !== 'string') held.add(resource.id);
      else if (held !== resource.id) this.byExternalId.set(ext, new Set([held, resource.id]));
    }
  }

  private unindex(resource: ScimResource): void {
    const key = this.uniqueKeyOf(resource);
    if (key !== undefined && this.byUniqueKey.get(key) === resource.id) this.byUniqueKey.delete(key);
    const ext = resource.externalId;
    if (typeof ext === 'string') {
      const held = this.byExternalId.get(ext);
      if (held === resource.id) this.byExternalId.delete(ext);
      else if (held !== undefined && typeof held !== 'string') {
        held.delete(resource.id);
        if (held.size === 1) this.byExternalId.set(ext, held.values().next().value!);
        else if (held.size === 0) this.byExternalId.delete(ext);
      }
    }
  }
}
