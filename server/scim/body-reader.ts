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

/** Media types a SCIM body may come as: application/scim+json and application/json (RFC 7644 §3.1), any `+json`. */
const JSON_TYPES = /^application\/(?:[\w.+-]+\+)?json$/i;

export function readBody(limit = MAX_BODY_BYTES) {
  return (req: ScimRequest, res: ScimResponse, next: Next) => {
    const ctx = contextOf(res);
    // Most SCIM traffic (lookups, imports, reads) has no body: skip the stream machinery entirely.
    if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
      req.resume();
      return next();
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      next(new ScimError(413, `The request body is ${declared} bytes; the limit is ${limit}.`));
      return;
    }
    const chunks = ctx.bodyChunks;
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        next(new ScimError(413, `The request body is larger than the limit of ${limit} bytes.`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (failed) return;
      ctx.rawBody = size > 0 ? Buffer.concat(chunks, size) : null;
      next();
    });
    req.on('error', (error) => {
      if (!failed) next(error);
      failed = true;
    });
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
