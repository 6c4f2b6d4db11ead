/**
 * How a body is kept in an exchange: parsed JSON when it is JSON and small enough, else text cut at
 * the size limit; always with its true size and a truncation flag; secrets redacted.
 */
import type { JsonValue } from '../contract/scim.js';
import { tooDeep } from '../scim/json-depth.js';
import { lazyElements, listSpansOf, type ListSpans } from './json-list-view.js';
import { redactBody, redactBodyText, redactOAuthBody, redactRawText } from './redact.js';

export interface BodyRecord {
  body: JsonValue;
  size: number;
  truncated: boolean;
  /** The body's JSON text when it is known to be exactly `JSON.stringify(body)`: written to the exchanges file as is. */
  json?: string;
}

export const EMPTY_BODY: BodyRecord = { body: null, size: 0, truncated: false };

/** From raw bytes (when the parsed form is unknown); `oauth`: sent to the OAuth endpoints, whose credentials go by name (redact.ts). */
export function recordRawBody(raw: Buffer | null, limit: number, parsed?: unknown, oauth = false): BodyRecord {
  if (raw === null || raw.length === 0) return EMPTY_BODY;
  const json = (value: JsonValue) => (oauth ? redactOAuthBody(redactBody(value)) : redactBody(value));
  if (raw.length > limit) return { body: redactBodyText(raw.subarray(0, limit).toString('utf8'), oauth), size: raw.length, truncated: true };
  if (parsed !== undefined && typeof parsed !== 'string') return { body: json(parsed as JsonValue), size: raw.length, truncated: false };
  const text = raw.toString('utf8');
  // Nested past the request bound: kept as text, so no recursive walk (redaction, lint, the inspector) meets it.
  if (tooDeep(text)) return { body: oauth ? redactBodyText(text, true) : redactRawText(text), size: raw.length, truncated: false };
  try {
    return { body: json(JSON.parse(text) as JsonValue), size: raw.length, truncated: false };
  } catch {
    return { body: redactBodyText(text, oauth), size: raw.length, truncated: false };
  }
}

/** What the writers of a response leave on res.locals for the recorder. */
export interface ResponseRecord {
  /** The object sendScim serialized. */
  responseJson?: unknown;
  /** Bytes of the body that was sent. */
  responseBytes?: number;
  /** A body written raw (the fault engine's malformed and wrong-type answers). */
  responseText?: string;
}

/**
 * From a response: the object the app serialized when known (it renders views, which never hold a
 * password, so it needs no redaction), else the raw text a fault wrote. A list too large to keep
 * whole keeps its first resources, so it is still JSON the inspector can show.
 */
export function recordResponseBody(sent: ResponseRecord, limit: number): BodyRecord {
  const size = sent.responseBytes ?? 0;
  if (size === 0) return EMPTY_BODY;
  const json = sent.responseJson;
  if (json !== undefined && size <= limit) return { body: json as JsonValue, size, truncated: false };
  if (json !== undefined && isList(json)) return { body: truncatedList(json, size, limit), size, truncated: true };
  if (sent.responseText !== undefined) return recordRawBody(Buffer.from(sent.responseText), limit, undefined);
  return { body: null, size, truncated: true };
}

function isList(json: unknown): json is { Resources: JsonValue[] } & Record<string, JsonValue> {
  return json !== null && typeof json === 'object' && Array.isArray((json as { Resources?: unknown }).Resources);
}

/** How many resources a list over the limit keeps, and the note that says how many it dropped. */
function truncation(count: number, size: number, limit: number): { keep: number; note: string } {
  const perResource = size / Math.max(count, 1);
  const keep = Math.max(1, Math.floor((limit * 0.9) / perResource));
  return { keep, note: `${count - keep} more resources were sent but not recorded (body limit ${limit} bytes)` };
}

function truncatedList(json: { Resources: JsonValue[] } & Record<string, JsonValue>, size: number, limit: number): JsonValue {
  const { keep, note } = truncation(json.Resources.length, size, limit);
  return { ...json, Resources: json.Resources.slice(0, keep), 'scimscope:truncated': note };
}

/**
 * Whitespace beside a structural character. In JSON, whitespace outside strings only sits between two
 * tokens, and one of them is always `{ [ , :` before it or `} ] , :` after it (two values are never
 * adjacent), so a valid JSON text this does not match is compact. It may match inside a string ("Lee,
 * Ann"): that body is serialized again, as before, never written wrongly. One native scan (~0.6 µs
 * for a ~600-byte user) instead of serializing the body (~3 µs).
 */
const SPACED = /[{[,:][ \t\n\r]|[ \t\n\r][}\],:]/;

/** Pages of at most this many resources are parsed whole (their resources are all read anyway). */
const WHOLE_PARSE_MAX = 1;

/**
 * `recordResponseBody` for the JSON text the server serialized (`JSON.stringify` output), without
 * parsing a list page whole: the envelope is parsed, the resources are parsed when read
 * (json-list-view.ts), and the record carries the body's text for the exchanges file. Same body,
 * size, truncation and text as parsing it would give; other bodies are parsed as before. `given`
 * are the spans the page was made with (scim/list-page.ts): used when they fit the text, else it is scanned.
 */
export function recordResponseJsonText(text: string, size: number, limit: number, given?: ListSpans): BodyRecord {
  if (size === 0) return EMPTY_BODY;
  const spans = listSpansOf(text, given);
  if (spans === null) {
    const body = JSON.parse(text) as JsonValue;
    // Not a list (a read, a create's or a PATCH's answer): its text, the server's own JSON.stringify
    // output, is the body's JSON too and goes to the file as is, not serialized again, when it is
    // compact (whitespace between tokens would not survive serializing; see SPACED).
    if (size <= limit && body !== null && typeof body === 'object' && !SPACED.test(text)) return { body, size, truncated: false, json: text };
    return recordResponseBody({ responseJson: body, responseBytes: size }, limit);
  }
  const { valueStart, valueEnd, elements } = spans;
  const count = elements.length / 2;
  // A page of one resource (a lookup by userName) has it read anyway (the summary, the identifiers):
  // parsed whole, it is one native parse instead of an envelope, a proxy and an element. Its text
  // is compact (listSpans found it so) and goes to the file as is, like any page's.
  if (count <= WHOLE_PARSE_MAX && size <= limit) return { body: JSON.parse(text) as JsonValue, size, truncated: false, json: text };
  const envelope = JSON.parse(`${text.slice(0, valueStart)}[]${text.slice(valueEnd)}`) as Record<string, JsonValue>;
  if (size <= limit) {
    envelope.Resources = lazyElements(text, elements, count) as JsonValue[];
    return { body: envelope, size, truncated: false, json: text };
  }
  if (Object.prototype.hasOwnProperty.call(envelope, 'scimscope:truncated')) return recordResponseBody({ responseJson: JSON.parse(text) as unknown, responseBytes: size }, limit);
  const { keep, note } = truncation(count, size, limit);
  const kept = Math.min(keep, count);
  envelope.Resources = lazyElements(text, elements, kept) as JsonValue[];
  envelope['scimscope:truncated'] = note;
  const resources = kept === 0 ? '' : text.slice(elements[0], elements[2 * kept - 1]);
  const json = `${text.slice(0, valueStart)}[${resources}]${text.slice(valueEnd, text.length - 1)},"scimscope:truncated":${JSON.stringify(note)}}`;
  return { body: envelope, size, truncated: true, json };
}
