/**
 * How a body is kept in an exchange: parsed JSON when it is JSON and small enough, else text cut at
 * the size limit; always with its true size and a truncation flag; secrets redacted.
 */
import type { JsonValue } from '../contract/scim.js';
import { tooDeep } from '../scim/json-depth.js';
import { redactBody, redactOAuthParams, redactRawText } from './redact.js';

export interface BodyRecord {
  body: JsonValue;
  size: number;
  truncated: boolean;
}

export const EMPTY_BODY: BodyRecord = { body: null, size: 0, truncated: false };

/** From raw bytes (when the parsed form is unknown). */
export function recordRawBody(raw: Buffer | null, limit: number, parsed?: unknown): BodyRecord {
  if (raw === null || raw.length === 0) return EMPTY_BODY;
  if (raw.length > limit) return { body: redactText(raw.subarray(0, limit).toString('utf8')), size: raw.length, truncated: true };
  if (parsed !== undefined && typeof parsed !== 'string') return { body: redactBody(parsed as JsonValue), size: raw.length, truncated: false };
  const text = raw.toString('utf8');
  // Nested past the request bound: kept as text, so no recursive walk (redaction, lint, the inspector) meets it.
  if (tooDeep(text)) return { body: redactRawText(text), size: raw.length, truncated: false };
  try {
    return { body: redactBody(JSON.parse(text) as JsonValue), size: raw.length, truncated: false };
  } catch {
    return { body: redactText(text), size: raw.length, truncated: false };
  }
}

/** A body that is not JSON: form-encoded OAuth parameters lose their credentials. */
function redactText(text: string): string {
  return /^[\w.~%+-]+=/.test(text) ? redactOAuthParams(text) : text;
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

function truncatedList(json: { Resources: JsonValue[] } & Record<string, JsonValue>, size: number, limit: number): JsonValue {
  const perResource = size / Math.max(json.Resources.length, 1);
  const keep = Math.max(1, Math.floor((limit * 0.9) / perResource));
  return { ...json, Resources: json.Resources.slice(0, keep), 'scimscope:truncated': `${json.Resources.length - keep} more resources were sent but not recorded (body limit ${limit} bytes)` };
}
