/**
 * A trainer's edits to a paused exchange, checked before anything is touched and then applied: a
 * body (JSON, or the editor's text, parsed and held to the SCIM port's nesting bound), request
 * headers, and an answer written in place of the backend's. The trainer edits what the inspector
 * showed, with secrets redacted; a `[redacted]` left where a secret was keeps the real value, so
 * editing a user's name does not replace their password with the placeholder.
 */
import type { JsonValue } from '../contract/scim.js';
import { FRAMING_HEADERS } from '../faults/fault-schema.js';
import { redactHeaderValue, REDACTED } from '../recorder/redact.js';
import { MAX_JSON_DEPTH, tooDeep } from '../scim/json-depth.js';
import type { ScimRequest, ScimResponse } from '../scim/http/pipeline.js';
import type { RequestContext } from '../scim/request-context.js';
import { SCIM_MEDIA_TYPE } from '../scim/send.js';

/** A refusal of the admin API call (the admin error handler turns `status` into its JSON error). */
export class BreakpointError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'BreakpointError';
  }
}


/** The edited body: `undefined` when none was sent, `null` for "no body". Throws a 400 on bad JSON or nesting. */
export function editedBody(input: { body?: unknown; bodyText?: string }, what: string): JsonValue | undefined {
  if (input.bodyText !== undefined) {
    let text = input.bodyText;
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.trim() === '') return null;
    if (tooDeep(text)) throw new BreakpointError(400, `The edited ${what} body nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep; nothing was changed.`);
    try {
      return JSON.parse(text) as JsonValue;
    } catch (error) {
      throw new BreakpointError(400, `The edited ${what} body is not valid JSON (${(error as Error).message}); nothing was changed.`);
    }
  }
  if (input.body === undefined) return undefined;
  if (tooDeep(JSON.stringify(input.body))) throw new BreakpointError(400, `The edited ${what} body nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep; nothing was changed.`);
  return input.body as JsonValue;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,200}$/;

export function checkHeaderNames(headers: Record<string, unknown> | undefined): void {
  for (const name of Object.keys(headers ?? {})) {
    if (!HEADER_NAME.test(name)) throw new BreakpointError(400, `"${name}" is not a valid header name (RFC 9110 §5.1: a token, no spaces); nothing was changed.`);
    if (FRAMING_HEADERS.has(name.toLowerCase())) throw new BreakpointError(400, `The ${name} header is set by Scimscope and cannot be edited; nothing was changed.`);
  }
}

/** The edit with every `[redacted]` that stands where the original had a value put back to that value. */
export function restoreRedacted(edited: JsonValue, original: unknown): JsonValue {
  if (edited === REDACTED) return original !== undefined && original !== null && typeof original !== 'object' ? (original as JsonValue) : edited;
  if (Array.isArray(edited)) return Array.isArray(original) ? edited.map((v, i) => restoreRedacted(v, original[i])) : edited;
  if (edited !== null && typeof edited === 'object') {
    if (original === null || typeof original !== 'object' || Array.isArray(original)) return edited;
    const out: Record<string, JsonValue> = {};
    for (const [key, value] of Object.entries(edited)) out[key] = restoreRedacted(value, (original as Record<string, unknown>)[key]);
    return out;
  }
  return edited;
}

/**
 * Sets or removes (null) request headers, skipping values left as they were shown (a redacted
 * credential stays the real one). Returns the changed headers' shown values before the edit.
 */
export function applyHeaderEdits(req: ScimRequest, edits: Record<string, string | null>): Record<string, string | null> {
  const original: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(edits)) {
    const lower = name.toLowerCase();
    const values: string[] = [];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === lower) values.push(req.rawHeaders[i + 1]!);
    const shown = values.length > 0 ? redactHeaderValue(name, values.join(', ')) : null;
    if (value === shown) continue;
    original[name] = shown;
    const raw: string[] = [];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() !== lower) raw.push(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    if (value === null) delete req.headers[lower];
    else {
      raw.push(name, value);
      req.headers[lower] = value;
    }
    req.rawHeaders = raw;
  }
  return original;
}

/** Replaces the request body the backend will read (`null`: none). */
export function applyBodyEdit(req: ScimRequest, ctx: RequestContext, body: JsonValue | null): void {
  const text = body === null ? null : JSON.stringify(body);
  ctx.body = body === null ? undefined : body;
  ctx.rawBody = text === null ? null : Buffer.from(text);
  ctx.bodyChunks = ctx.rawBody ? [ctx.rawBody] : [];
  ctx.receivedBytes = ctx.rawBody?.length ?? 0;
  const length = String(ctx.rawBody?.length ?? 0);
  if (req.headers['content-length'] !== undefined) req.headers['content-length'] = length;
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'content-length') req.rawHeaders[i + 1] = length;
}

/** Writes an answer as the backend would have: the recorder reads what was sent from res.locals. */
export function writeAnswer(res: ScimResponse, status: number, headers: Record<string, string>, body: JsonValue | null | undefined): void {
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (body === undefined || body === null || status === 204 || status === 304) {
    res.removeHeader('Content-Type');
    res.locals.responseBytes = 0;
    res.end();
    return;
  }
  if (!res.hasHeader('Content-Type')) res.setHeader('Content-Type', SCIM_MEDIA_TYPE);
  const text = JSON.stringify(body);
  res.locals.responseJson = body;
  res.locals.responseText = text;
  res.locals.responseBytes = Buffer.byteLength(text);
  res.end(text);
}
