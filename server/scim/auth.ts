/**
 * SCIM endpoint authentication, in the mode the settings choose: `bearer` (`Authorization: Bearer
 * <token>`), `header` (Okta's Header Auth: the raw token as the whole header value), `basic`, or
 * `none`, or `oauth` (an access token from the sandbox's own authorization server, server/oauth/,
 * which this step asks through `checkOAuthToken`). Bearer and header modes each accept the other's
 * form, since Okta's UI makes both easy to pick. Secrets are compared in constant time. Failures
 * answer 401 with a SCIM error that says why; in oauth mode the challenge carries RFC 6750 §3's
 * `error="invalid_token"`, which is what tells an IdP to refresh.
 * An IdP sends the same header on every request, so each endpoint remembers the last header it
 * accepted and the settings it was accepted under; a request carrying that same header is accepted
 * after one constant-time comparison instead of a hash (see `authenticate`).
 */
import crypto from 'node:crypto';
import type { Next, ScimRequest, ScimResponse } from './http/pipeline.js';
import type { AuthSettings } from '../contract/settings.js';
import { ScimError } from './errors.js';

const digest = (s: string) => crypto.createHash('sha256').update(s).digest();
/** Digests of the expected secrets (a handful: token, basic credentials, admin token), so each request hashes once. */
const expectedDigests = new Map<string, Buffer>();

/**
 * Compares a presented secret with the expected one without leaking either's contents or length
 * through timing: both are hashed to fixed-length digests, then compared in constant time.
 */
export function secretsEqual(presented: string, expected: string): boolean {
  let expectedDigest = expectedDigests.get(expected);
  if (!expectedDigest) {
    if (expectedDigests.size >= 16) expectedDigests.clear();
    expectedDigests.set(expected, (expectedDigest = digest(expected)));
  }
  return crypto.timingSafeEqual(digest(presented), expectedDigest);
}

/**
 * Whether two strings are equal, in time that depends on `expected`'s length only: every character
 * of `expected` is compared, without an early exit, whatever `presented` holds or how long it is
 * (an index past its end reads NaN, which `^` treats as 0; a length difference is folded in).
 * `expected` must be a value the presenter cannot choose (here: a header this server accepted).
 */
export function sameSecretText(presented: string, expected: string): boolean {
  let diff = presented.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ presented.charCodeAt(i);
  return diff === 0;
}

export type AuthOutcome = { ok: true; scheme: string } | { ok: false; reason: string; invalidToken?: boolean };
/** Asks the authorization server about an access token. */
export type OAuthTokenCheck = (token: string) => { ok: true } | { ok: false; reason: 'unknown' | 'expired' | 'revoked' };

const OAUTH_REASONS = { unknown: 'The access token is not one this server issued.', expired: 'The access token expired; refresh it at /oauth2/token.', revoked: 'The access token was revoked.' };

export function checkCredentials(header: string | undefined, auth: AuthSettings, checkOAuthToken?: OAuthTokenCheck): AuthOutcome {
  if (auth.mode === 'none') return { ok: true, scheme: 'none' };
  if (header === undefined || header.trim() === '') return { ok: false, reason: 'The request has no Authorization header.' };
  const value = header.trim();
  const [scheme, ...rest] = value.split(/\s+/);
  const credential = rest.join(' ');
  if (auth.mode === 'oauth') {
    if (scheme?.toLowerCase() !== 'bearer' || credential === '') return { ok: false, reason: 'This server expects an OAuth access token (Authorization: Bearer <access token> from /oauth2/token).' };
    const result = checkOAuthToken ? checkOAuthToken(credential) : ({ ok: false, reason: 'unknown' } as const);
    return result.ok ? { ok: true, scheme: 'oauth' } : { ok: false, reason: OAUTH_REASONS[result.reason], invalidToken: true };
  }
  if (auth.mode === 'basic') {
    if (scheme?.toLowerCase() !== 'basic' || credential === '') return { ok: false, reason: 'This server expects HTTP Basic credentials (Authorization: Basic ...).' };
    const decoded = Buffer.from(credential, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon < 0 ? decoded : decoded.slice(0, colon);
    const pass = colon < 0 ? '' : decoded.slice(colon + 1);
    const okUser = secretsEqual(user, auth.basic.username);
    const okPass = secretsEqual(pass, auth.basic.password);
    return okUser && okPass ? { ok: true, scheme: 'basic' } : { ok: false, reason: 'The username or password is wrong.' };
  }
  // bearer and header modes
  if (scheme?.toLowerCase() === 'bearer' && credential !== '') {
    return secretsEqual(credential, auth.token) ? { ok: true, scheme: 'bearer' } : { ok: false, reason: 'The bearer token is wrong.' };
  }
  if (scheme?.toLowerCase() === 'basic' && credential !== '') return { ok: false, reason: `This server expects a token, not Basic credentials.` };
  return secretsEqual(value, auth.token) ? { ok: true, scheme: 'header' } : { ok: false, reason: 'The token in the Authorization header is wrong.' };
}

/** The last Authorization header an endpoint accepted, with everything its acceptance depended on. */
interface Accepted {
  header: string;
  scheme: string;
  mode: AuthSettings['mode'];
  token: string;
  username: string;
  password: string;
}

/** Whether `auth` is still what `accepted` was accepted under (server-side values only: no timing concern). */
function sameSettings(accepted: Accepted, auth: AuthSettings): boolean {
  return accepted.mode === auth.mode && accepted.token === auth.token && accepted.username === auth.basic.username && accepted.password === auth.basic.password;
}

/**
 * The pipeline's auth step. It remembers the last header it accepted (one per SCIM app, so one per
 * workspace): a request with exactly that header, while the mode, token and Basic credentials are
 * the ones it was accepted under, is accepted after `sameSecretText`, whose time depends only on the
 * remembered header's length, not on what was presented; `checkCredentials` is deterministic in
 * those inputs, so it would have answered the same. Anything else (another header, a changed or
 * rotated token, another mode) goes through `checkCredentials`; the old header is then refused by
 * it. OAuth access tokens are never remembered: they expire and are revoked between requests.
 */
export function authenticate(current: () => AuthSettings, checkOAuthToken?: OAuthTokenCheck) {
  let accepted: Accepted | null = null;
  return (req: ScimRequest, res: ScimResponse, next: Next) => {
    const auth = current();
    const header = req.headers.authorization;
    if (accepted !== null && header !== undefined && sameSettings(accepted, auth) && sameSecretText(header, accepted.header)) {
      res.locals.authScheme = accepted.scheme;
      return next();
    }
    const outcome = checkCredentials(header, auth, checkOAuthToken);
    if (outcome.ok) {
      if (header !== undefined && (auth.mode === 'bearer' || auth.mode === 'header' || auth.mode === 'basic')) {
        accepted = { header, scheme: outcome.scheme, mode: auth.mode, token: auth.token, username: auth.basic.username, password: auth.basic.password };
      }
      res.locals.authScheme = outcome.scheme;
      return next();
    }
    const challenge = auth.mode === 'basic'
      ? 'Basic realm="Scimscope", charset="UTF-8"'
      : outcome.invalidToken
        ? `Bearer realm="Scimscope", error="invalid_token", error_description="${outcome.reason.replace(/"/g, "'")}"`
        : 'Bearer realm="Scimscope"';
    next(new ScimError(401, outcome.reason, undefined, { 'WWW-Authenticate': challenge }));
  };
}
