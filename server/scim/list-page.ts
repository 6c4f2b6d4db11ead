/**
 * A list page's JSON text, made from its resources' JSON texts.
 * The page is what `JSON.stringify({ schemas, totalResults, startIndex, itemsPerPage, Resources })`
 * gives, without serializing the resources again; it comes with its UTF-8 length (summed from the
 * resources') and the spans of its "Resources" elements, which this module knows for free and the
 * recorder would otherwise find again by scanning ~80 KB of text (json-list-view.ts).
 * (A cache of whole pages was tried and removed: docs/decisions.md, "The page cache removed".)
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
