/**
 * A list page's JSON text, made from its resources' JSON texts, and a small cache of whole pages.
 * The page is what `JSON.stringify({ schemas, totalResults, startIndex, itemsPerPage, Resources })`
 * gives, without serializing the resources again; it comes with its UTF-8 length (summed from the
 * resources') and the spans of its "Resources" elements, which this module knows for free and the
 * recorder would otherwise find again by scanning ~80 KB of text (json-list-view.ts).
 * An IdP may ask for the same import page again (a retried or re-run import over an unchanged
 * directory, bench/run.ts's import scenario): a page asked for a second time while the store has not
 * changed is kept, text and bytes, and answered as is. Any write to the store (a new revision)
 * empties it. Which pages are offered to the cache is the routes' choice (resource-routes.ts).
 */
import type { ListSpans } from '../recorder/json-list-view.js';
import type { RenderedView } from '../store/view-cache.js';

const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const LIST_HEAD = `{"schemas":${JSON.stringify([LIST])},"totalResults":`;

export interface ListPageText {
  readonly json: string;
  /** UTF-8 length of `json`. */
  readonly bytes: number;
  /** Where "Resources" and each of its elements are in `json` (UTF-16 offsets). */
  readonly spans: ListSpans;
  /** `json` encoded, for a page kept in the cache (written without encoding it again). */
  readonly body?: Buffer;
}

/**
 * A ListResponse's JSON from its resources' JSON text, as one flat string (one `join`, not a chain
 * of concatenations that the socket write and the recorder's hand-off would each flatten again).
 * It stays a string: a page written into a fresh Buffer counts as external memory, and at 80 KB a
 * page that made V8 run full collections over the whole heap (docs/performance.md).
 */
export function listPage(totalResults: number | string, startIndex: number, rendered: readonly RenderedView[]): ListPageText {
  const head = `${LIST_HEAD}${JSON.stringify(totalResults)},"startIndex":${JSON.stringify(startIndex)},"itemsPerPage":${rendered.length},"Resources":[`;
  const n = rendered.length;
  const valueStart = head.length - 1;
  let bytes = head.length + Math.max(n - 1, 0) + 2;
  const elements: number[] = new Array<number>(2 * n);
  let json: string;
  if (n === 0) json = `${head}]}`;
  else {
    const parts: string[] = new Array<string>(n);
    let at = head.length;
    for (let i = 0; i < n; i++) {
      const r = rendered[i]!;
      parts[i] = r.json;
      bytes += r.bytes;
      elements[2 * i] = at;
      at += r.json.length;
      elements[2 * i + 1] = at;
      at++;
    }
    parts[0] = head + parts[0]!;
    parts[n - 1] = `${parts[n - 1]!}]}`;
    json = n === 1 ? parts[0] : parts.join(',');
  }
  return { json, bytes, spans: { valueStart, valueEnd: json.length - 1, elements } };
}

/**
 * Bytes of pages kept by default, per resource type and workspace (text and its encoding, counted as
 * two copies): about 7 pages of 100 typical users. Small on purpose: it is for a page asked for
 * again, not for a whole import (1,000 pages at 100k users), and a classroom runs many workspaces.
 */
export const PAGE_CACHE_BYTES = 1024 * 1024;
/** Page keys remembered as asked for once. */
const SEEN_KEYS = 256;

/** Pages kept between requests while the store's revision stays the same; oldest out first. */
export class PageCache {
  private revision = -1;
  private readonly pages = new Map<string, ListPageText>();
  private readonly seen = new Set<string>();
  private bytes = 0;

  /** @param maxBytes the bound (0 turns the cache off). */
  constructor(private readonly maxBytes = PAGE_CACHE_BYTES) {}

  /** The page for `key` at `revision`, kept or made by `make` (and kept when asked for before). */
  get(key: string, revision: number, make: () => ListPageText): ListPageText {
    if (revision !== this.revision) {
      this.pages.clear();
      this.seen.clear();
      this.bytes = 0;
      this.revision = revision;
    }
    const kept = this.pages.get(key);
    if (kept !== undefined) return kept;
    const page = make();
    const cost = 2 * page.bytes;
    if (this.maxBytes === 0 || cost > this.maxBytes) return page;
    if (!this.seen.delete(key)) {
      if (this.seen.size >= SEEN_KEYS) this.seen.delete(this.seen.values().next().value!);
      this.seen.add(key);
      return page;
    }
    const stored: ListPageText = { ...page, body: Buffer.from(page.json) };
    this.pages.set(key, stored);
    this.bytes += cost;
    for (const [oldKey, old] of this.pages) {
      if (this.bytes <= this.maxBytes) break;
      this.pages.delete(oldKey);
      this.bytes -= 2 * old.bytes;
    }
    return stored;
  }

  /** Pages kept now and the bytes counted for them. */
  stats(): { pages: number; bytes: number } {
    return { pages: this.pages.size, bytes: this.bytes };
  }
}
