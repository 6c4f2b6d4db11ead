/**
 * Rendered resources kept between requests as JSON text, so a list page concatenates text it
 * already has instead of rebuilding and re-serializing each resource. An entry holds the text, its
 * UTF-8 length, the record's `meta.version` and the base URL it was rendered for; no view object
 * and no record (a page needs only the text). It is valid until the store drops it: every put or
 * delete of its id does (so a changed, deleted or re-created resource is never served from here),
 * and so does every change to what its text derives from: a user's text shows its groups (their
 * names and its memberships), so a group's write drops its members' texts, before and after; a
 * group's text shows its members' names, so a member's write drops the texts of the groups listing
 * it (store.ts, dropViews). A write drops only the texts it changes, so a group push does not empty
 * the cache. The version is checked too, as a second lock. `meta.location` and `$ref`s depend on
 * the base URL the client used (local, tunnel, workspace prefix), so an entry is re-rendered for
 * another base.
 * The cache is bounded by bytes (text plus a fixed per-entry overhead), oldest entry out first, so
 * it costs a known amount of memory whatever the store holds or how large its resources are.
 * A text is kept when asked for a second time while its id is still remembered: a walk through
 * every page or random reads over a large store would otherwise churn the cache with texts never
 * asked for again (docs/performance.md, "Import pages and the view cache").
 */
import type { ResourceTypeName, ScimResource } from '../contract/scim.js';

/** A resource's JSON text as a client reads it (`JSON.stringify(view)`) and its length in UTF-8 bytes. */
export interface RenderedView {
  readonly json: string;
  readonly bytes: number;
}

interface Entry extends RenderedView {
  /** undefined for a record without `meta` (a hand-written store migrated from format 0 has none). */
  readonly version: string | undefined;
  readonly base: string;
  /** Its place in the eviction queue (a ticket with the same number). */
  readonly seq: number;
}

/** An entry's place in the eviction queue: its key, not its text, so a dropped entry's text is freed at once. */
interface Ticket {
  readonly type: ResourceTypeName;
  readonly id: string;
  readonly seq: number;
}

/** Bytes of text kept by default, all types together: 24 MiB holds ~25,000 typical users (bench/view-cache-memory.ts). */
export const VIEW_CACHE_BYTES = 24 * 1024 * 1024;
/** What one entry costs beyond its text (the entry, its map slot, its queue slot), counted against the bound. */
export const ENTRY_OVERHEAD_BYTES = 224;
/** Ids remembered as asked for once, per type (about 100 bytes each). */
const SEEN_IDS = 16_384;

/**
 * The UTF-8 length of `text`. `Buffer.byteLength` (native, vectorized): ~0.15 µs for a typical
 * user's 800 characters, where a JavaScript loop over `charCodeAt` took 1.7–2.7 µs and made a walk
 * through uncached pages cost 125% of main's CPU (bench/import-page-cpu.ts).
 */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text);
}

/**
 * Makes V8 store `text` as one flat run of characters (reading a character of a concatenation or
 * slice flattens it in place), so a kept text does not hold on to the larger string it was sliced
 * from.
 */
function flatten(text: string): void {
  if (text.length > 0) text.charCodeAt(0);
}

/**
 * First in, first out, for items whose removal from elsewhere is detected by the caller: an array
 * with a moving head, compacted when the head passes half of it (a Map's own order would do, but
 * taking its first key after many deletions scans every deleted slot).
 */
class Fifo<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  get length(): number {
    return this.items.length - this.head;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}

/** Ids asked for once lately, as a ring: the oldest is forgotten first. */
class Seen {
  private readonly ids = new Set<string>();
  private readonly ring: (string | undefined)[] = new Array<string | undefined>(SEEN_IDS);
  private next = 0;

  /** Counts an ask for `id`: true when it is the second one lately (and forgets it), false when the first (and remembers it). */
  secondAsk(id: string): boolean {
    if (this.ids.delete(id)) return true;
    const forgotten = this.ring[this.next];
    if (forgotten !== undefined) this.ids.delete(forgotten);
    this.ring[this.next] = id;
    this.next = (this.next + 1) % this.ring.length;
    this.ids.add(id);
    return false;
  }

  clear(): void {
    this.ids.clear();
    this.ring.fill(undefined);
    this.next = 0;
  }
}

/** What the cache has done since it was made: for the benchmark's hit rate and memory figures. */
export interface ViewCacheStats {
  hits: number;
  misses: number;
  /** Texts kept now, all types. */
  kept: number;
  /** Bytes counted against the bound now (texts plus per-entry overhead). */
  bytes: number;
  /** The bound. */
  maxBytes: number;
}

export class ViewCache {
  private readonly entries: Record<ResourceTypeName, Map<string, Entry>> = { User: new Map(), Group: new Map() };
  private readonly seen: Record<ResourceTypeName, Seen> = { User: new Seen(), Group: new Seen() };
  private readonly order = new Fifo<Ticket>();
  private seq = 0;
  private bytes = 0;
  private hits = 0;
  private misses = 0;

  /** @param maxBytes the bound (0 turns the cache off). */
  constructor(private readonly maxBytes = VIEW_CACHE_BYTES) {}

  /** Forgets the text of one resource (it, or something its text shows, changed). */
  drop(type: ResourceTypeName, id: string): void {
    const entry = this.entries[type].get(id);
    if (!entry) return;
    this.entries[type].delete(id);
    this.bytes -= entry.bytes + ENTRY_OVERHEAD_BYTES;
  }

  /** The cached text of `record` at `base`, or a fresh one from `render` (kept if asked for before). */
  get(type: ResourceTypeName, record: ScimResource, base: string, render: () => RenderedView): RenderedView {
    const shelf = this.entries[type];
    const version = (record.meta as ScimResource['meta'] | undefined)?.version;
    const entry = shelf.get(record.id);
    if (entry !== undefined && entry.version === version && entry.base === base) {
      this.hits++;
      return entry;
    }
    this.misses++;
    const { json, bytes } = render();
    const cost = bytes + ENTRY_OVERHEAD_BYTES;
    // A stale entry (another version or base) is dropped whatever happens to the fresh text, so it stops counting against the bound.
    if (entry !== undefined) this.drop(type, record.id);
    if (cost > this.maxBytes) return { json, bytes };
    if (entry === undefined && !this.seen[type].secondAsk(record.id)) return { json, bytes };
    // A fresh text may be the record's text sliced and a tail (view-text.ts): flatten what is kept, so it holds its own characters only.
    flatten(json);
    const fresh: Entry = { json, bytes, version, base, seq: ++this.seq };
    shelf.set(record.id, fresh);
    this.order.push({ type, id: record.id, seq: fresh.seq });
    this.bytes += cost;
    while (this.bytes > this.maxBytes) {
      const oldest = this.order.shift()!;
      // An entry dropped or replaced since it was queued is already out of the count.
      if (this.isLive(oldest)) this.drop(oldest.type, oldest.id);
    }
    // Dropped and replaced entries stay queued until they reach the head: compact when they dominate.
    if (this.order.length > 2 * (shelf.size + this.entries[type === 'User' ? 'Group' : 'User'].size) + 1024) this.requeue();
    return fresh;
  }

  stats(): ViewCacheStats {
    return { hits: this.hits, misses: this.misses, kept: this.entries.User.size + this.entries.Group.size, bytes: this.bytes, maxBytes: this.maxBytes };
  }

  clear(): void {
    for (const type of ['User', 'Group'] as const) {
      this.entries[type].clear();
      this.seen[type].clear();
    }
    this.order.clear();
    this.bytes = 0;
  }

  /** Rebuilds the queue from the live entries, oldest first. */
  private requeue(): void {
    const live: Ticket[] = [];
    for (let t = this.order.shift(); t !== undefined; t = this.order.shift()) if (this.isLive(t)) live.push(t);
    this.order.clear();
    for (const t of live) this.order.push(t);
  }

  private isLive(ticket: Ticket): boolean {
    return this.entries[ticket.type].get(ticket.id)?.seq === ticket.seq;
  }
}
