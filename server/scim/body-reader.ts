/**
 * Request bodies, read by hand rather than by a JSON body parser so that every failure is a SCIM
 * error (413, 415, 400 invalidSyntax) and the recorder sees the exact bytes received. Reading
 * (`readBody`) runs before authentication so rejected requests are recorded whole; parsing
 * (`parseBody`) runs after it, so an unauthenticated client only ever learns "401".
 */
import type { Next, ScimRequest, ScimResponse } from './http/pipeline.js';
import { ScimError, badRequest } from './errors.js';
import { MAX_JSON_DEPTH, tooDeep } from './json-depth.js';
import { contextOf } from './request-context.js';

export const MAX_BODY_BYTES = 1024 * 1024;
/** How much of a body over the limit is read and thrown away so the client can read its 413; past it, the connection is closed. */
export const DISCARD_LIMIT_BYTES = 8 * 1024 * 1024;

/** Media types a SCIM body may come as: application/scim+json and application/json (RFC 7644 §3.1), any `+json`. */
const JSON_TYPES = /^application\/(?:[\w.+-]+\+)?json$/i;

export function readBody(limit = MAX_BODY_BYTES, discardLimit = Math.max(DISCARD_LIMIT_BYTES, limit)) {
  return (req: ScimRequest, res: ScimResponse, next: Next) => {
    const ctx = contextOf(res);
    // Most SCIM traffic (lookups, imports, reads) has no body: skip the stream machinery entirely.
    if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
      req.resume();
      return next();
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    const chunks = ctx.bodyChunks;
    let size = 0;
    let settled = false;
    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      next(error);
    };
    const tooLarge = (bytes: string) => new ScimError(413, `The request body is ${bytes}; the limit is ${limit} bytes.`);
    if (Number.isFinite(declared) && declared > discardLimit) {
      // Too large even to read and throw away: answer now; the error handler closes the connection.
      req.resume();
      settle(tooLarge(`${declared} bytes`));
      return;
    }
    // Over the limit but within the discard bound, the rest is read and thrown away before the 413 is
    // sent, so a client that sends its whole body before reading the answer gets it instead of a reset.
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      ctx.receivedBytes = size;
      if (size <= limit) chunks.push(chunk);
      else if (size > discardLimit) settle(tooLarge(`over ${discardLimit} bytes (still arriving)`));
    });
    req.on('end', () => {
      if (size > limit) return settle(tooLarge(`${size} bytes`));
      ctx.rawBody = size > 0 ? Buffer.concat(chunks, size) : null;
      settle();
    });
    req.on('error', (error) => settle(error));
  };
}

/** Parses the body read earlier as JSON, for the methods that carry one. */
export function parseBody(req: ScimRequest, res: ScimResponse, next: Next): void {
  const ctx = contextOf(res);
  const raw = ctx.rawBody;
  if (raw === null || raw.length === 0) {
    if (req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH') {
      const isSearch = /\/\.search$/.test(req.path);
      if (!isSearch) throw badRequest('invalidSyntax', `A ${req.method} request needs a JSON body, and this one is empty.`);
    }
    return next();
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
  if (type === '') {
    ctx.leniencies.push({ code: 'request.contentType.missing', sent: '(no Content-Type)', normalized: 'parsed the body as JSON' });
  } else if (!JSON_TYPES.test(type)) {
    throw new ScimError(415, `Content-Type "${type}" is not supported; send application/scim+json or application/json.`);
  }
  const charset = /charset=([^;]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.trim().toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw new ScimError(415, `charset "${charset}" is not supported; SCIM bodies are UTF-8.`);
  }
  let text = raw.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Refused before parsing, so nothing recursive downstream ever sees a body deeper than the bound.
  if (tooDeep(text)) {
    throw badRequest('invalidSyntax', `The request body nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep; no SCIM request needs that many.`);
  }
  try {
    ctx.body = JSON.parse(text);
  } catch (error) {
    throw badRequest('invalidSyntax', `The request body is not valid JSON: ${(error as Error).message}.`);
  }
  next();
}
