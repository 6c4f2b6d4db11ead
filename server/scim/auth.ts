/**
 * SCIM endpoint authentication, in the mode the settings choose: `bearer` (`Authorization: Bearer
 * <token>`), `header` (Okta's Header Auth: the raw token as the whole header value), `basic`, or
 * `none`, or `oauth` (an access token from the sandbox's own authorization server, server/oauth/,
 * which this step asks through `checkOAuthToken`). Bearer and header modes each accept the other's
 * form, since Okta's UI makes both easy to pick. Secrets are compared in constant time. Failures
 * answer 401 with a SCIM error that says why; in oauth mode the challenge carries RFC 6750 §3's
 * `error="invalid_token"`, which is what tells an IdP to refresh.
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

export function authenticate(current: () => AuthSettings, checkOAuthToken?: OAuthTokenCheck) {
  return (req: ScimRequest, res: ScimResponse, next: Next) => {
    const auth = current();
    const outcome = checkCredentials(req.headers.authorization, auth, checkOAuthToken);
    if (outcome.ok) {
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
