/**
 * What a fired rule does to the response: an error or rate limit with a SCIM error body, a dropped
 * socket, a request held open until the client gives up, a body that is not JSON, an empty body, or
 * the normal answer under the wrong media type. Each leaves on res.locals what the recorder needs.
 */
import type { FaultAction } from '../contract/faults.js';
import type { RecordingHints } from '../recorder/recorder.js';
import { isOAuthPath } from '../oauth/oauth-http.js';
import { errorBody } from '../scim/errors.js';
import type { Next, ScimRequest, ScimResponse } from '../scim/http/pipeline.js';
import { SCIM_MEDIA_TYPE, sendScim } from '../scim/send.js';
import { unsendableHeader } from './fault-schema.js';

export const DEFAULT_TIMEOUT_MS = 120_000;
/** A ListResponse cut off mid-resource: what a server that crashed while writing sends. */
const MALFORMED_BODY = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":1,"Resources":[{"id":"2819c223-7f76';

/** Requests a timeout action is holding: shutdown cuts them at once instead of waiting for them. */
const held = new WeakSet<object>();

function hints(res: ScimResponse): RecordingHints | undefined {
  return res.locals.recording as RecordingHints | undefined;
}

/** For shutdown: true (and the exchange marked dropped, as the timer would) when a timeout action holds `res`. */
export function dropIfHeld(res: object): boolean {
  if (!held.has(res)) return false;
  const h = hints(res as ScimResponse);
  if (h) h.dropped = true;
  return true;
}

function writeRaw(res: ScimResponse, status: number, text: string, contentType: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.locals.responseText = text;
  res.locals.responseBytes = Buffer.byteLength(text);
  res.end(text);
}

/** The rule's extra headers that can be sent: a faults.json written before they were checked may hold one that would break the answer. */
function sendable(headers: Record<string, string> | undefined): Record<string, string> {
  if (!headers) return {};
  return Object.fromEntries(Object.entries(headers).filter(([name, value]) => unsendableHeader(name, value) === null));
}

/** Answers (or withholds the answer to) a request according to a non-latency action. */
export function applyAction(action: FaultAction, req: ScimRequest, res: ScimResponse, next: Next): void {
  switch (action.type) {
    case 'latency':
      return next();
    case 'error':
      // The OAuth endpoints answer in their own protocol (a JSON error or a redirect with ?error=);
      // for them `scimType` carries the OAuth error code (invalid_grant, access_denied...).
      if (isOAuthPath(req.path)) {
        res.locals.oauthFault = { status: action.status, error: action.scimType ?? (action.status >= 500 ? 'temporarily_unavailable' : 'invalid_request'), description: action.detail ?? `Injected ${action.status} (Scimscope fault rule).`, headers: sendable(action.headers) };
        return next();
      }
      return sendScim(res, action.status, errorBody(action.status, action.detail ?? `Injected ${action.status} (Scimscope fault rule).`, action.scimType), sendable(action.headers));
    case 'rateLimit': {
      const headers: Record<string, string> = {};
      if (typeof action.retryAfter === 'number') headers['Retry-After'] = String(action.retryAfter);
      else if (action.retryAfter === 'http-date') headers['Retry-After'] = new Date(Date.now() + (action.httpDateSeconds ?? 120) * 1000).toUTCString();
      const when = headers['Retry-After'] ? ` Retry after ${headers['Retry-After']}.` : '';
      if (isOAuthPath(req.path)) {
        res.locals.oauthFault = { status: 429, error: 'temporarily_unavailable', description: `Too many requests (injected by Scimscope).${when}`, headers };
        return next();
      }
      return sendScim(res, 429, errorBody(429, `Too many requests (injected by Scimscope).${when}`), headers);
    }
    case 'drop': {
      const h = hints(res);
      if (h) h.dropped = true;
      req.socket.destroy();
      return;
    }
    case 'timeout': {
      const timer = setTimeout(() => {
        const h = hints(res);
        if (h) h.dropped = true;
        req.socket.destroy();
      }, action.maxMs ?? DEFAULT_TIMEOUT_MS);
      held.add(res);
      res.once('close', () => clearTimeout(timer));
      return;
    }
    case 'malformed':
      return writeRaw(res, action.status ?? 200, MALFORMED_BODY, SCIM_MEDIA_TYPE);
    case 'emptyBody': {
      const status = action.status ?? (req.method === 'POST' ? 201 : 200);
      res.statusCode = status;
      res.setHeader('Content-Length', '0');
      res.locals.responseBytes = 0;
      res.end();
      return;
    }
    case 'wrongContentType':
      res.locals.forceContentType = action.contentType ?? 'text/html; charset=utf-8';
      return next();
  }
}
