/**
 * Rendered views kept between requests, so a list page or a read by id concatenates JSON it already
 * has instead of rebuilding and re-serializing each resource. An entry is valid while the stored
 * record is the same object (records are immutable: every write puts a new one) and while nothing
 * it derives from changed: a user's view shows its groups (their names and its memberships), a
 * group's view shows its members' names. The store bumps two generations for that: `groups` on any
 * group or membership change, `all` on any change at all; a user's entry is checked against the
 * first, a group's against the second. `meta.location` and `$ref`s depend on the base URL the client
 * used, so an entry also names its base and is re-rendered for another. The cache is bounded
 * (oldest entry out first), so it costs a fixed amount of memory whatever the store holds.
 * A view is kept only when asked for a second time while its id is still remembered: a walk through
 * every page (one full import) or random reads over a large store would otherwise fill the cache
 * with views never asked for again, and keeping each one long enough to be evicted costs more
 * (old-generation garbage) than rendering it (measured: bench/render-views.ts, docs/performance.md).
 */
import type { JsonObject, ResourceTypeName, ScimResource } from '../contract/scim.js';

/** A view and its JSON text (`JSON.stringify(view)`). The view is shared between responses: never mutate it. */
export interface RenderedView {
  readonly view: JsonObject;
  readonly json: string;
}

interface Entry extends RenderedView {
  record: ScimResource;
  generation: number;
  base: string;
}

/** Views kept per resource type by default: about 10 MB for typical users, whatever the store's size. */
export const VIEW_CACHE_CAPACITY = 10_000;

/**
 * Insertion order of a bounded set of ids, as a ring: the oldest id is the one to let go. (A Map's
 * own order would do, but taking its first key after many deletions from the front scans every
 * deleted slot, which made each eviction cost more than the render it saved.)
 */
class Ring {
  private readonly slots: (string | undefined)[];
  private next = 0;

  constructor(size: number) {
    this.slots = new Array<string | undefined>(size);
  }

  /** Records `id` as the newest; returns the id it pushed out, if the ring was full. */
  push(id: string): string | undefined {
    const out = this.slots[this.next];
    this.slots[this.next] = id;
    this.next = (this.next + 1) % this.slots.length;
    return out;
  }

  clear(): void {
    this.slots.fill(undefined);
    this.next = 0;
  }
}

/** One resource type's kept views, and the ids rendered once recently. */
interface Shelf {
  entries: Map<string, Entry>;
  order: Ring;
  seen: Set<string>;
  seenOrder: Ring;
}

/** What the cache has done since it was made: for the benchmark's hit rate and memory figures. */
export interface ViewCacheStats {
  hits: number;
  misses: number;
  /** Views kept now, all types. */
  kept: number;
}

export class ViewCache {
  private readonly shelves: Record<ResourceTypeName, Shelf>;
  private hits = 0;
  private misses = 0;
  /** Bumped on any change to a group or to the membership index (what a user's view derives). */
  groupsGeneration = 0;
  /** Bumped on any change at all (what a group's view derives: its members' names and existence). */
  allGeneration = 0;

  constructor(private readonly capacity = VIEW_CACHE_CAPACITY) {
    const shelf = (): Shelf => ({ entries: new Map(), order: new Ring(Math.max(capacity, 1)), seen: new Set(), seenOrder: new Ring(Math.max(capacity, 1)) });
    this.shelves = { User: shelf(), Group: shelf() };
  }

  /** Marks derived attributes stale; `groups` when a group or a membership changed. */
  invalidate(groups: boolean): void {
    this.allGeneration++;
    if (groups) this.groupsGeneration++;
  }

  /** The cached rendering of `record` at `base`, or a fresh one from `render` (kept if asked for before). */
  get(type: ResourceTypeName, record: ScimResource, base: string, render: () => JsonObject): RenderedView {
    const shelf = this.shelves[type];
    const generation = type === 'User' ? this.groupsGeneration : this.allGeneration;
    const entry = shelf.entries.get(record.id);
    if (entry && entry.record === record && entry.generation === generation && entry.base === base) {
      this.hits++;
      return entry;
    }
    this.misses++;
    const view = Object.freeze(render());
    const fresh: Entry = { view, json: JSON.stringify(view), record, generation, base };
    if (this.capacity <= 0) return fresh;
    if (!entry) {
      // First time asked for (lately): remember the id, keep nothing.
      if (!shelf.seen.delete(record.id)) {
        const forgotten = shelf.seenOrder.push(record.id);
        if (forgotten !== undefined) shelf.seen.delete(forgotten);
        shelf.seen.add(record.id);
        return fresh;
      }
      const evicted = shelf.order.push(record.id);
      if (evicted !== undefined) shelf.entries.delete(evicted);
    }
    shelf.entries.set(record.id, fresh);
    return fresh;
  }

  stats(): ViewCacheStats {
    return { hits: this.hits, misses: this.misses, kept: this.shelves.User.entries.size + this.shelves.Group.entries.size };
  }

  clear(): void {
    for (const shelf of Object.values(this.shelves)) {
      shelf.entries.clear();
      shelf.order.clear();
      shelf.seen.clear();
      shelf.seenOrder.clear();
    }
  }
}
