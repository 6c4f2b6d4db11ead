/**
 * Shares the strings a stored record repeats, so 100,000 users do not hold 100,000 copies of the same
 * text. JSON.parse (store.json, the journal, a request body) gives every string value its own copy,
 * and a SCIM user repeats a lot: its `schemas` URNs (the same in every user), `meta.created` and
 * `meta.lastModified` (equal until the first change), `userName` again in `emails[].value`,
 * `displayName` again in `name.formatted`, and enumerated values (`type`, `locale`, `department`…)
 * shared with thousands of other users. Measured at 100k users (bench/store-memory.ts): about 1 in 5
 * of a user's heap bytes were such copies.
 *
 * `StringPool.share` makes equal strings the same string: within the record (a small map per record, seeded
 * with the strings of the version it replaces, so a PATCH does not bring a second copy of each), and
 * across a table's records through a bounded pool for `schemas` lists and for short values of attributes that
 * name a category rather than a person. It writes each value back in place, equal to what it was, in
 * the same key order, so the record reads and serializes exactly as before. Each list but `schemas` is
 * written back as an equal copy of exactly its length (a list built by push or filter keeps spare room).
 */
import type { JsonObject, JsonValue, ScimResource } from '../contract/scim.js';

/** Attributes whose values are categories shared by many resources (RFC 7643 §4.1, enterprise extension). */
const CATEGORY_KEYS = new Set([
  'type', 'locale', 'preferredLanguage', 'timezone', 'title', 'userType', 'department', 'division', 'organization',
  'costCenter', 'country', 'region', 'locality', 'resourceType', 'version', 'display',
]);
/** Longer values are unlikely to repeat across resources. */
const MAX_POOLED_LENGTH = 64;
/** Distinct strings the cross-record pool holds at most (then it only serves what it has). */
const MAX_POOL_SIZE = 20_000;
/** Deeper values are left as they are (SCIM resources are two or three levels deep). */
const MAX_DEPTH = 6;

/** Per record: the strings seen so far, to share within it. */
type Seen = Map<string, string>;

function local(seen: Seen, value: string): string {
  const known = seen.get(value);
  if (known !== undefined) return known;
  seen.set(value, value);
  return value;
}

/** Adds the strings of a stored record (or part) to `seen`, first copy kept. */
function collect(value: JsonValue, seen: Seen, depth: number): void {
  if (typeof value === 'string') {
    if (!seen.has(value)) seen.set(value, value);
    return;
  }
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) collect(value[i]!, seen, depth + 1);
    return;
  }
  for (const k in value) if (Object.hasOwn(value, k)) collect(value[k]!, seen, depth + 1);
}

/**
 * One store table's shared strings. Each table has its own (a workspace's pool goes with its store,
 * and no workspace's values are kept on behalf of another); it is bounded, and emptied with the table.
 */
export class StringPool {
  private readonly strings = new Map<string, string>();
  /** Shared `schemas` lists, frozen, by their entries joined. */
  private readonly schemaLists = new Map<string, readonly string[]>();

  /**
   * Makes equal strings in `resource` the same string, in place: every value stays equal (a string
   * replaced by an equal one, `schemas` by an equal frozen list), so this is invisible to readers.
   * A frozen record (or part) is left as it is.
   */
  share(resource: ScimResource, previous?: ScimResource): void {
    if (Object.isFrozen(resource)) return;
    const seen: Seen = new Map();
    // A write's new version repeats most of the old one's strings; holding the old ones (the id and unique
    // key are also the indexes' keys) keeps them single copies instead of one per version written.
    if (previous !== undefined) collect(previous, seen, 0);
    this.shareObject(resource, seen, 0);
  }

  clear(): void {
    this.strings.clear();
    this.schemaLists.clear();
  }

  private pooled(value: string): string {
    if (value.length > MAX_POOLED_LENGTH) return value;
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    if (this.strings.size < MAX_POOL_SIZE) this.strings.set(value, value);
    return value;
  }

  private schemasList(value: JsonValue[]): JsonValue[] {
    if (value.length > 8 || !value.every((v) => typeof v === 'string')) return value;
    const key = value.join('\n');
    const known = this.schemaLists.get(key);
    if (known) return known as JsonValue[];
    if (this.schemaLists.size >= 256) return value;
    const shared = Object.freeze((value as string[]).map((v) => this.pooled(v)));
    this.schemaLists.set(key, shared);
    return shared as JsonValue[];
  }

  private shareValue(value: JsonValue, key: string, seen: Seen, depth: number): JsonValue {
    if (typeof value === 'string') return CATEGORY_KEYS.has(key) ? this.pooled(value) : local(seen, value);
    if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH || Object.isFrozen(value)) return value;
    if (Array.isArray(value)) {
      if (key === 'schemas') return this.schemasList(value);
      for (let i = 0; i < value.length; i++) {
        const item = value[i]!;
        // Strings compare by content, so the shared copy is written back whether or not it is another one.
        if (typeof item === 'string' || (item !== null && typeof item === 'object')) value[i] = this.shareValue(item, key, seen, depth + 1);
      }
      // An equal copy of exactly its length: an array built by push or filter (resource-input.ts) keeps
      // room for ~17 elements, ~120 bytes more than a one-email list needs (bench/created-user-heap.ts).
      return value.slice();
    }
    this.shareObject(value, seen, depth + 1);
    return value;
  }

  private shareObject(value: JsonObject, seen: Seen, depth: number): void {
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const item = value[k]!;
      if (typeof item === 'string' || (item !== null && typeof item === 'object')) {
        const next = this.shareValue(item, k, seen, depth);
        // A `__proto__` key (JSON can hold one) is an own property: keep it one.
        if (k === '__proto__') Object.defineProperty(value, k, { value: next, enumerable: true, writable: true, configurable: true });
        else value[k] = next;
      }
    }
  }
}
