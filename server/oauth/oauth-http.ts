/**
 * The wire format of the token and revocation endpoints (RFC 6749 §3.2, §5, RFC 7009): form-encoded
 * parameters, each at most once; client authentication by HTTP Basic or by client_id/client_secret
 * in the body (never both), compared in constant time; JSON answers with `Cache-Control: no-store`.
 * What the recorder keeps of an answer is the redacted copy: tokens never reach an exchange.
 */
import type { OAuthSettings } from '../contract/settings.js';
import { OAUTH_SECRET_FIELDS, REDACTED } from '../recorder/redact.js';
import { secretsEqual } from '../scim/auth.js';
import type { ScimRequest, ScimResponse } from '../scim/http/pipeline.js';
import { contextOf } from '../scim/request-context.js';

export const OAUTH_BASE_PATH = '/oauth2';

export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${error}: ${description}`);
  }
}

export const invalidRequest = (description: string) => new OAuthError(400, 'invalid_request', description);
export const invalidGrant = (description: string) => new OAuthError(400, 'invalid_grant', description);
export const invalidClient = (description: string) => new OAuthError(401, 'invalid_client', description, { 'WWW-Authenticate': 'Basic realm="Scimscope OAuth", charset="UTF-8"' });

/**
 * Whether the OAuth server answers this mount-relative path (it routes: `/scim/v2/Users/oauth2` must stay SCIM's).
 * Not recorder/redact.ts `isOAuthRequestPath`, on purpose: that one redacts and so over-matches `oauth2` as a segment
 * anywhere, since it also sees raw, un-mounted paths (`/w/<name>/oauth2/token` of a request Node's parser refused).
 */
export function isOAuthPath(path: string): boolean {
  const lower = path.toLowerCase();
  return lower === OAUTH_BASE_PATH || lower.startsWith(`${OAUTH_BASE_PATH}/`);
}

/** A copy of a JSON answer with every token replaced, for the recorder. */
export function redactOAuthJson(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) out[k] = OAUTH_SECRET_FIELDS.has(k) && typeof v === 'string' ? REDACTED : v;
  return out;
}

export function sendOAuthJson(res: ScimResponse, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  const text = JSON.stringify(body);
  const recorded = redactOAuthJson(body);
  res.locals.responseJson = recorded;
  res.locals.responseText = JSON.stringify(recorded);
  res.locals.responseBytes = Buffer.byteLength(text);
  res.end(text);
}

export function sendOAuthError(res: ScimResponse, error: OAuthError): void {
  const ctx = res.locals.scim ? contextOf(res) : null;
  if (ctx) ctx.error = { status: error.status, scimType: error.error, detail: error.description };
  sendOAuthJson(res, error.status, { error: error.error, error_description: error.description }, error.headers);
}

/** The form parameters of a request body (or query); a repeated parameter is an invalid_request. */
export function formParams(req: ScimRequest, res: ScimResponse, source: 'body' | 'query'): Map<string, string> {
  let text = '';
  if (source === 'query') text = req.originalUrl.slice(req.path.length + 1);
  else {
    const raw = contextOf(res).rawBody;
    if (raw && raw.length > 0) {
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/x-www-form-urlencoded') throw invalidRequest(`The body must be application/x-www-form-urlencoded (RFC 6749 §4.1.3), not "${type || 'no Content-Type'}".`);
      text = raw.toString('utf8');
    }
  }
  const out = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(text)) {
    if (out.has(key)) throw invalidRequest(`The parameter "${key}" was sent more than once (RFC 6749 §3.2).`);
    if (value !== '') out.set(key, value);
  }
  return out;
}

/** RFC 6749 §2.3.1: the client ID and secret are form-urlencoded before Basic encoding. */
const formDecode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));

/** Authenticates the client by Basic header or body parameters; throws invalid_client (401). */
export function authenticateClient(req: ScimRequest, params: Map<string, string>, client: OAuthSettings): void {
  const header = req.headers.authorization;
  let id: string | undefined;
  let secret: string | undefined;
  if (header !== undefined && /^basic\s+/i.test(header)) {
    if (params.has('client_secret')) throw invalidRequest('The client authenticated twice (Authorization header and client_secret); use one method (RFC 6749 §2.3).');
    const decoded = Buffer.from(header.replace(/^basic\s+/i, ''), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    try {
      id = formDecode(colon < 0 ? decoded : decoded.slice(0, colon));
      secret = formDecode(colon < 0 ? '' : decoded.slice(colon + 1));
    } catch {
      throw invalidClient('The Basic credentials could not be decoded.');
    }
    const bodyId = params.get('client_id');
    if (bodyId !== undefined && bodyId !== id) throw invalidRequest('client_id in the body differs from the one in the Authorization header.');
  } else {
    id = params.get('client_id');
    secret = params.get('client_secret');
  }
  if (id === undefined) throw invalidClient('No client authentication: send HTTP Basic credentials or client_id and client_secret.');
  const okId = secretsEqual(id, client.clientId);
  const okSecret = secretsEqual(secret ?? '', client.clientSecret);
  if (!okId) throw invalidClient(`Unknown client "${id}".`);
  if (!okSecret) throw invalidClient(secret === undefined ? 'The client secret is missing.' : 'The client secret is wrong.');
}
