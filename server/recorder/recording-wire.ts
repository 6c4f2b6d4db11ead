/**
 * The message that carries one captured exchange from the main thread to the recording worker.
 * Bodies travel as the bytes and text already at hand (the raw request, the response the server
 * serialized), so the main thread copies strings instead of serializing objects; the worker parses
 * them back with the same functions the main thread uses, so both sides build the same record.
 */
import type { ExchangeParts, InterpretationInputs } from './exchange-assembly.js';
import { tooDeep } from '../scim/json-depth.js';
import { recordRawBody, recordResponseBody, recordResponseJsonText, type BodyRecord } from './recorded-body.js';
import { isOAuthRequestPath, mentionsAnyInJson, redactBody, scrubbedText, scrubStrings } from './redact.js';
import type { JsonValue } from '../contract/scim.js';
import type { ListSpans } from './json-list-view.js';

export interface WireBody {
  /** Raw request bytes, or the response text. */
  data: Uint8Array | string | null;
  /** For responses: the text is JSON the server serialized (vs raw text a fault wrote). */
  json: boolean;
  size: number;
  /** For responses: text from an upstream server (proxy mode), parsed if it is JSON and redacted like a request body. */
  foreign?: boolean;
  /** For a list page's response: where its resources are in `data`, as the page was made (checked before use). */
  spans?: ListSpans;
}

export interface CapturedExchange {
  parts: Omit<ExchangeParts, 'requestBody' | 'responseBody'>;
  request: WireBody;
  response: WireBody;
  inputs: Omit<InterpretationInputs, 'parsedBody'>;
  limit: number;
  /** Set when the main thread could not capture the exchange whole: record what is known, with this reason. */
  captureError?: string;
  /** The lint entry to record instead of "interpretation failed" (a request the HTTP parser refused). */
  captureLint?: { code: string; message: string };
  /**
   * Set when the recorder had fallen behind and this exchange's bodies were not handed over
   * (recording-backend.ts): the message of the lint entry that says so. The bodies' sizes are kept.
   */
  bodiesNotKept?: string;
  /**
   * The workspace's secrets, read at the exchange's close: the worker searches what the server
   * produced for them and scrubs it (capture-scrub.ts), and an upstream's answer (`foreignBody`).
   * Absent from a capture the main thread scrubbed whole (capture-parts.ts).
   */
  secrets?: readonly string[];
  /** The request carried a secret outside Authorization (its body, target and headers already scrubbed): every part is scrubbed. */
  leaky?: true;
}

/** What a body that was not kept shows instead (with its size and the truncation flag). */
export const BODY_NOT_KEPT = '[body not recorded: the recorder had fallen behind the server]';
export const BODIES_NOT_KEPT_LINT = 'recorder.behind.bodies-not-kept';

/** The capture without its bodies (their sizes kept), marked with the note that says why. */
export function withoutBodies(capture: CapturedExchange, note: string): CapturedExchange {
  const { request, response } = capture;
  return {
    ...capture,
    request: { data: null, json: false, size: Math.max(request.size, request.data?.length ?? 0) },
    response: { data: null, json: response.json, size: response.size, ...(response.foreign ? { foreign: true } : {}) },
    bodiesNotKept: note,
  };
}

/** A body as it came over the wire, as bytes: a view of a Uint8Array's memory (no copy), or a string's UTF-8. */
export function bodyBytes(data: Uint8Array | string): Buffer {
  return typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * A capture reduced to what always survives a structured clone (JSON's data, bodies as text), with
 * the reason it is recorded without interpretation (record-processing.ts `degradedRecord`).
 */
export function plainCapture(capture: CapturedExchange, error: unknown): CapturedExchange {
  const text = (data: Uint8Array | string | null) => (data === null || typeof data === 'string' ? data : bodyBytes(data).toString('utf8'));
  const parts = JSON.parse(JSON.stringify(capture.parts, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value))) as CapturedExchange['parts'];
  return {
    parts,
    request: { data: text(capture.request.data), json: false, size: capture.request.size },
    response: { data: text(capture.response.data), json: false, size: capture.response.size },
    inputs: { leniencies: [], resourceType: capture.inputs.resourceType, resourceId: capture.inputs.resourceId, error: null, lookups: {}, rawQuery: capture.inputs.rawQuery },
    limit: capture.limit,
    // Still to be scrubbed where it is recorded, as the capture was.
    ...(capture.secrets ? { secrets: [...capture.secrets] } : {}),
    ...(capture.leaky ? { leaky: true as const } : {}),
    captureError: `could not hand the exchange to the recording worker (${(error as Error)?.message ?? String(error)})`,
  };
}

export interface WireResult {
  id: string;
  /** What memory keeps of the exchange. */
  record: import('./exchange-file.js').IndexRecord;
  /** Where its line is in the exchanges file; null when the disk refused it (then `line` is the record). */
  location: import('./exchange-file.js').BodyLocation | null;
  line?: string;
}

/** Rebuilds the parts (bodies bounded and redacted) and the parsed request body, in the worker. */
export function fromWire(c: CapturedExchange): { parts: ExchangeParts; parsedBody: unknown } {
  if (c.bodiesNotKept !== undefined) {
    // Nothing to interpret the bodies from: the record shows BODY_NOT_KEPT (record-processing.ts).
    const none = (size: number): BodyRecord => ({ body: null, size, truncated: size > 0 });
    return { parts: { ...c.parts, requestBody: none(c.request.size), responseBody: none(c.response.size) }, parsedBody: undefined };
  }
  // A view of the bytes that came over (no copy): nothing keeps it past this exchange.
  const data = c.request.data;
  const raw = data === null ? null : bodyBytes(data);
  let parsedBody: unknown;
  if (raw !== null && raw.length <= c.limit) {
    try {
      const text = raw.toString('utf8');
      parsedBody = tooDeep(text) ? undefined : JSON.parse(text);
    } catch {
      parsedBody = undefined;
    }
  }
  let requestBody = recordRawBody(raw, c.limit, parsedBody, isOAuthRequestPath(c.parts.path));
  if (c.request.size > requestBody.size) requestBody = { ...requestBody, size: c.request.size, truncated: true };
  const text = typeof c.response.data === 'string' ? c.response.data : null;
  let responseBody = recordResponseBody({ responseBytes: c.response.size }, c.limit);
  if (text !== null && c.response.foreign) {
    responseBody = foreignBody(text, c.response.size, c.limit, c.secrets);
  } else if (text !== null) {
    // The server's own JSON: a list page is not parsed whole (json-list-view.ts), and its text goes to the file as is.
    responseBody = c.response.json ? recordResponseJsonText(text, c.response.size, c.limit, c.response.spans) : recordResponseBody({ responseText: text, responseBytes: c.response.size }, c.limit);
  }
  return { parts: { ...c.parts, requestBody, responseBody }, parsedBody };
}

/**
 * An upstream's answer: JSON is parsed and redacted (it may hold what a view never would), so a large
 * list keeps its first resources and its paging fields; other text is kept as text. An upstream may
 * echo a credential it was sent, ours included, however its JSON escapes the credential's characters
 * (`\u0073`, `\/`): one gate (redact.ts `mentionsAnyInJson`), then the parsed strings are scrubbed
 * (as `scrubJsonText` would the text, without parsing it a second time), or the text when it is not JSON.
 */
export function foreignBody(text: string, size: number, limit: number, secrets?: readonly string[]): BodyRecord {
  const holds = secrets !== undefined && mentionsAnyInJson(text, secrets);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return recordResponseBody({ responseText: holds ? scrubbedText(text, secrets, false) : text, responseBytes: size }, limit);
  }
  const scrubbed = holds ? scrubStrings(parsed as JsonValue, secrets) : (parsed as JsonValue);
  return recordResponseBody({ responseJson: redactBody(scrubbed), responseBytes: size }, limit);
}
