/**
 * One resource type's records in memory, with the indexes that keep lookups from scanning:
 * id, a unique case-insensitive key (userName / displayName), externalId, and creation order
 * for stable paging. Records are treated as immutable: a write replaces the object, so a
 * snapshot can hold references while writes continue.
 */
import type { ScimResource } from '../contract/scim.js';

export class ResourceTable {
  private readonly byId = new Map<string, ScimResource>();
  private readonly byUniqueKey = new Map<string, string>();
  private readonly byExternalId = new Map<string, Set<string>>();
  /** Ids in creation order; deletions compact lazily. */
  private order: string[] = [];
  /** Deleted ids still in `order`: one put back before compaction (a commit undone) keeps its place. */
  private deletedInOrder = new Set<string>();

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
    return [...(this.byExternalId.get(value) ?? [])];
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
      let set = this.byExternalId.get(ext);
      if (!set) this.byExternalId.set(ext, (set = new Set()));
      set.add(resource.id);
    }
  }

  private unindex(resource: ScimResource): void {
    const key = this.uniqueKeyOf(resource);
    if (key !== undefined && this.byUniqueKey.get(key) === resource.id) this.byUniqueKey.delete(key);
    const ext = resource.externalId;
    if (typeof ext === 'string') {
      const set = this.byExternalId.get(ext);
      set?.delete(resource.id);
      if (set && set.size === 0) this.byExternalId.delete(ext);
    }
  }
}
