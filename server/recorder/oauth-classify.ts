/**
 * What a request to the sandbox's OAuth endpoints (/oauth2/*) meant, in lifecycle words: the admin
 * opening the consent page (`oauth.authorize`), allowing it (`oauth.consent`) or denying it
 * (`oauth.denied`), the IdP exchanging a code or client credentials for a token (`oauth.token`),
 * refreshing (`oauth.refresh`) and revoking (`oauth.revoke`). Self-contained: the operation
 * classifier calls it first and uses its answer when it gives one. It reads only what the recorder
 * keeps, where codes and tokens are already redacted.
 */
import type { Operation, OperationKind } from '../contract/exchange.js';

/** The parts of an exchange this needs (a subset of the classifier's facts). */
export interface OAuthFacts {
  method: string;
  path?: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  responseBody: unknown;
  responseHeaders?: Record<string, string>;
}

const op = (kind: OperationKind, summary: string): Operation => ({ kind, resourceType: null, resourceId: null, summary });

function params(body: unknown): URLSearchParams {
  if (typeof body === 'string') return new URLSearchParams(body);
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const pairs: [string, string][] = Object.entries(body as Record<string, unknown>).map(([k, v]) => [k, String(v)]);
    return new URLSearchParams(pairs);
  }
  return new URLSearchParams();
}

/** The IdP behind a redirect URI, from the callback forms Okta and Entra document. */
function idpOf(redirectUri: string | null | undefined): string | null {
  if (!redirectUri) return null;
  try {
    const host = new URL(redirectUri).hostname;
    if (/(^|\.)(okta|oktapreview|okta-emea|okta1|trexcloud)\.com$/.test(host)) return 'Okta';
    if (host === 'portal.azure.com' || host.endsWith('.microsoft.com')) return 'Entra';
    return host;
  } catch {
    return null;
  }
}

/** "invalid_grant (The refresh token was already used)" from a JSON error, a redirect or an error page. */
function errorText(f: OAuthFacts, location: URL | null): string {
  const body = f.responseBody;
  if (body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string') {
    const { error, error_description: d } = body as { error: string; error_description?: unknown };
    return typeof d === 'string' && d !== '' ? `${error} (${d.replace(/\.$/, '')})` : error;
  }
  const redirected = location?.searchParams.get('error');
  if (redirected) {
    const d = location!.searchParams.get('error_description');
    return d ? `${redirected} (${d.replace(/\.$/, '')})` : redirected;
  }
  const heading = typeof body === 'string' ? /<h1[^>]*>([^<]*)<\/h1>/.exec(body)?.[1] : undefined;
  return heading ? `${f.status} (${heading})` : String(f.status || 'no response');
}

export function classifyOAuth(f: OAuthFacts, who: string): Operation | null {
  const path = (f.path ?? '').toLowerCase();
  if (path !== '/oauth2' && !path.startsWith('/oauth2/')) return null;
  const endpoint = path.slice('/oauth2'.length);
  const method = f.method.toUpperCase();
  const locationHeader = f.responseHeaders?.location;
  let location: URL | null = null;
  try {
    location = locationHeader ? new URL(locationHeader) : null;
  } catch {
    location = null;
  }
  const ok = f.status >= 200 && f.status < 400 && !location?.searchParams.has('error');
  const why = () => errorText(f, location);

  if (endpoint === '/authorize' && method === 'GET') {
    const idp = idpOf(f.query.redirect_uri) ?? who;
    const scope = f.query.scope ? ` (scope ${f.query.scope})` : '';
    if (f.status === 200) return op('oauth.authorize', `The admin's browser opened the consent page for ${idp}${scope}`);
    if (location) return op('oauth.denied', `The authorization request for ${idp} was sent back: ${why()}`);
    return op('oauth.authorize', `The authorization request for ${idp} was refused: ${why()}`);
  }
  if (endpoint === '/authorize' && method === 'POST') {
    const idp = idpOf(location ? location.origin + location.pathname : null) ?? 'the client';
    if (location?.searchParams.get('error') === 'access_denied' && params(f.body).get('decision') !== 'allow') return op('oauth.denied', `The admin denied ${idp} access`);
    if (location && !ok) return op('oauth.denied', `Consent for ${idp} failed: ${why()}`);
    if (location) return op('oauth.consent', `The admin allowed ${idp}; an authorization code went back to ${location.host}`);
    return op('oauth.consent', `The consent form was refused: ${why()}`);
  }
  if (endpoint === '/token') {
    const grant = params(f.body).get('grant_type');
    if (grant === 'refresh_token') return ok ? op('oauth.refresh', `${who} refreshed its access token`) : op('oauth.refresh', `${who}'s token refresh was refused: ${why()}`);
    if (grant === 'authorization_code') return ok ? op('oauth.token', `${who} exchanged an authorization code for a token`) : op('oauth.token', `${who}'s code exchange was refused: ${why()}`);
    if (grant === 'client_credentials') return ok ? op('oauth.token', `${who} obtained a token with its client credentials`) : op('oauth.token', `${who}'s client-credentials request was refused: ${why()}`);
    return op('oauth.token', `${who} asked for a token${grant ? ` (grant_type ${grant})` : ''}: ${ok ? f.status : why()}`);
  }
  if (endpoint === '/revoke') return ok ? op('oauth.revoke', `${who} revoked a token`) : op('oauth.revoke', `${who}'s token revocation was refused: ${why()}`);
  return op('unknown', `${who} called ${method} ${f.path}: ${why()}`);
}
