/**
 * How a body is kept in an exchange: parsed JSON when it is JSON and small enough, else text cut at
 * the size limit; always with its true size and a truncation flag; secrets redacted.
 */
import type { JsonValue } from '../contract/scim.js';
import { redactBody } from './redact.js';

export interface BodyRecord {
  body: JsonValue;
  size: number;
  truncated: boolean;
}

export const EMPTY_BODY: BodyRecord = { body: null, size: 0, truncated: false };

/** From raw bytes (when the parsed form is unknown). */
export function recordRawBody(raw: Buffer | null, limit: number, parsed?: unknown): BodyRecord {
  if (raw === null || raw.length === 0) return EMPTY_BODY;
  if (raw.length > limit) return { body: `${raw.subarray(0, limit).toString('utf8')}`, size: raw.length, truncated: true };
  if (parsed !== undefined) return { body: redactBody(parsed as JsonValue), size: raw.length, truncated: false };
  const text = raw.toString('utf8');
  try {
    return { body: redactBody(JSON.parse(text) as JsonValue), size: raw.length, truncated: false };
  } catch {
    return { body: text, size: raw.length, truncated: false };
  }
}

/** From a response: the object the app serialized when known, else the captured bytes. */
export function recordResponseBody(json: unknown, captured: Buffer[], size: number, limit: number): BodyRecord {
  if (size === 0) return EMPTY_BODY;
  if (json !== undefined && size <= limit) return { body: redactBody(json as JsonValue), size, truncated: false };
  return recordRawBody(Buffer.concat(captured), limit, undefined);
}
