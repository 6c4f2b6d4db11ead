/**
 * /oauth2/authorize (RFC 6749 §4.1.1-4.1.2): GET validates the request and shows the consent page;
 * the page's form POSTs the admin's decision back, with a CSRF token that must match both the pending
 * consent and a SameSite cookie set with the page. Allow redirects to the client's redirect URI with a
 * single-use code and the client's `state`; Deny (or a fault rule) redirects with `error`. A request
 * whose client or redirect URI is wrong is never redirected (§4.1.2.1): it gets an error page.
 */
import crypto from 'node:crypto';
import type { OAuthSettings } from '../contract/settings.js';
import type { ScimRequest, ScimResponse } from '../scim/http/pipeline.js';
import { sendConsentPage, sendErrorPage } from './consent-page.js';
import type { AuthorizationRequest, GrantStore } from './grant-store.js';
import { formParams, OAuthError } from './oauth-http.js';

const CSRF_COOKIE = 'scimscope_oauth_csrf';
export const DEFAULT_SCOPE = 'scim';
/** RFC 7636 §4.2: BASE64URL(SHA256(verifier)) is 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** An error from a fault rule, for the OAuth endpoints to express in their own protocol. */
export interface InjectedOAuthError {
  status: number;
  error: string;
  description: string;
  headers: Record<string, string>;
}

export function redirectWith(res: ScimResponse, redirectUri: string, params: Record<string, string | null>): void {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== null) url.searchParams.set(k, v);
  res.statusCode = 302;
  res.setHeader('Location', url.href);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.end();
}

function cookieValue(req: ScimRequest, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

function clientLabel(redirectUri: string): string {
  const host = new URL(redirectUri).hostname;
  if (/(^|\.)okta(preview|-emea)?\.com$|(^|\.)okta1\.com$|trexcloud\.com$/.test(host)) return 'Okta';
  if (host === 'portal.azure.com' || host.endsWith('.microsoft.com')) return 'Microsoft Entra ID';
  return 'this client';
}

/** Validates client_id and redirect_uri; null (after answering with an error page) when they are wrong. */
function checkClient(res: ScimResponse, q: Map<string, string>, client: OAuthSettings): { clientId: string; redirectUri: string } | null {
  const clientId = q.get('client_id');
  const redirectUri = q.get('redirect_uri');
  if (clientId === undefined || clientId !== client.clientId) {
    sendErrorPage(res, 400, 'Unknown client', clientId === undefined ? 'The authorization request has no client_id.' : `No client "${clientId}" is registered with this sandbox. Compare the client ID in the IdP with Scimscope's Connect view.`);
    return null;
  }
  // RFC 6749 §3.1.2.3 / Security BCP §4.1.3: exact string match, no pattern or prefix.
  if (redirectUri === undefined || !client.redirectUris.includes(redirectUri)) {
    sendErrorPage(res, 400, 'Redirect URI not registered', `${redirectUri === undefined ? 'The request has no redirect_uri.' : `"${redirectUri}" is not one of the registered redirect URIs.`} Add it exactly in Scimscope's Settings → OAuth.`);
    return null;
  }
  return { clientId, redirectUri };
}

/** A named workspace's prefix (`/w/<name>`) set by the SCIM app, which the browser's next request must carry. */
const mountOf = (res: ScimResponse): string => (typeof res.locals.mountPath === 'string' ? res.locals.mountPath : '');

export function handleAuthorizeGet(req: ScimRequest, res: ScimResponse, client: OAuthSettings, grants: GrantStore, injected: InjectedOAuthError | null): void {
  let q: Map<string, string>;
  try {
    q = formParams(req, res, 'query');
  } catch (error) {
    return sendErrorPage(res, 400, 'Invalid request', (error as OAuthError).description);
  }
  const checked = checkClient(res, q, client);
  if (!checked) return;
  const state = q.get('state') ?? null;
  const fail = (error: string, description: string) => redirectWith(res, checked.redirectUri, { error, error_description: description, state });
  if (injected) return fail(injected.error, injected.description);
  if (q.get('response_type') !== 'code') return fail('unsupported_response_type', 'Only response_type=code is supported.');
  const challenge = q.get('code_challenge') ?? null;
  const method = q.get('code_challenge_method') ?? (challenge ? 'plain' : null);
  if (challenge !== null && method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256.');
  if (challenge !== null && !S256_CHALLENGE.test(challenge)) return fail('invalid_request', 'code_challenge is not a base64url SHA-256 digest.');
  if (challenge === null && client.requirePkce) return fail('invalid_request', 'This server requires PKCE: send code_challenge with code_challenge_method=S256.');
  const request: AuthorizationRequest = { clientId: checked.clientId, redirectUri: checked.redirectUri, scope: q.get('scope') ?? DEFAULT_SCOPE, state, codeChallenge: challenge };
  const { id, csrf } = grants.openConsent(request);
  res.setHeader('Set-Cookie', `${CSRF_COOKIE}=${csrf}; Path=${mountOf(res)}/oauth2; HttpOnly; SameSite=Strict; Max-Age=600`);
  sendConsentPage(res, { action: `${mountOf(res)}/oauth2/authorize`, clientId: request.clientId, clientLabel: clientLabel(request.redirectUri), scope: request.scope, redirectUri: request.redirectUri, consentId: id, csrf, pkce: challenge !== null });
}

export function handleAuthorizePost(req: ScimRequest, res: ScimResponse, grants: GrantStore, injected: InjectedOAuthError | null): void {
  let form: Map<string, string>;
  try {
    form = formParams(req, res, 'body');
  } catch (error) {
    return sendErrorPage(res, 400, 'Invalid request', (error as OAuthError).description);
  }
  const csrf = form.get('csrf_token') ?? '';
  const cookie = cookieValue(req, CSRF_COOKIE) ?? '';
  const sameBrowser = csrf.length > 0 && cookie.length === csrf.length && crypto.timingSafeEqual(Buffer.from(cookie), Buffer.from(csrf));
  const request = sameBrowser ? grants.takeConsent(form.get('consent') ?? '', csrf) : null;
  if (!request) return sendErrorPage(res, 400, 'This consent form is no longer valid', 'It expired, was already answered, or did not come from this browser. Start again from the identity provider.');
  res.setHeader('Set-Cookie', `${CSRF_COOKIE}=; Path=${mountOf(res)}/oauth2; HttpOnly; SameSite=Strict; Max-Age=0`);
  if (injected) return redirectWith(res, request.redirectUri, { error: injected.error, error_description: injected.description, state: request.state });
  if (form.get('decision') !== 'allow') return redirectWith(res, request.redirectUri, { error: 'access_denied', error_description: 'The administrator denied access.', state: request.state });
  const code = grants.issueCode(request);
  redirectWith(res, request.redirectUri, { code, state: request.state });
}
