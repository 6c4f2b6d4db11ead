/**
 * The OAuth lifecycle labels and summaries, as a table over the facts the recorder keeps (codes and
 * tokens already redacted), and the redaction of OAuth parameters in form bodies and redirect URLs.
 */
import { describe, expect, it } from 'vitest';
import { classifyOAuth, type OAuthFacts } from '../../server/recorder/oauth-classify.js';
import { redactHeaderValue, redactOAuthParams } from '../../server/recorder/redact.js';

const facts = (over: Partial<OAuthFacts>): OAuthFacts => ({ method: 'GET', path: '/oauth2/authorize', query: {}, body: undefined, status: 200, responseBody: undefined, responseHeaders: {}, ...over });
const OKTA_CB = 'https://system-admin.okta.com/admin/app/cpc/acme_scim/oauth/callback';

describe('classifyOAuth', () => {
  it.each<[string, Partial<OAuthFacts>, string, string]>([
    ['consent page shown', { query: { redirect_uri: OKTA_CB, scope: 'scim' } }, 'oauth.authorize', "The admin's browser opened the consent page for Okta (scope scim)"],
    ['Entra authorize', { query: { redirect_uri: 'https://portal.azure.com/TokenAuthorize' } }, 'oauth.authorize', "The admin's browser opened the consent page for Entra"],
    ['unregistered redirect (error page)', { status: 400, query: { redirect_uri: 'https://evil.example/cb' }, responseBody: '<h1 class="error">Redirect URI not registered</h1>' }, 'oauth.authorize', 'The authorization request for evil.example was refused: 400 (Redirect URI not registered)'],
    ['PKCE missing (redirected error)', { status: 302, query: { redirect_uri: OKTA_CB }, responseHeaders: { location: `${OKTA_CB}?error=invalid_request&error_description=PKCE+required.` } }, 'oauth.denied', 'The authorization request for Okta was sent back: invalid_request (PKCE required)'],
    ['allowed', { method: 'POST', status: 302, body: 'consent=x&csrf_token=%5Bredacted%5D&decision=allow', responseHeaders: { location: `${OKTA_CB}?code=%5Bredacted%5D&state=s` } }, 'oauth.consent', 'The admin allowed Okta; an authorization code went back to system-admin.okta.com'],
    ['denied', { method: 'POST', status: 302, body: 'consent=x&decision=deny', responseHeaders: { location: `${OKTA_CB}?error=access_denied&state=s` } }, 'oauth.denied', 'The admin denied Okta access'],
    ['denied by a fault', { method: 'POST', status: 302, body: 'decision=allow', responseHeaders: { location: `${OKTA_CB}?error=access_denied&error_description=Injected.` } }, 'oauth.denied', 'Consent for Okta failed: access_denied (Injected)'],
    ['code exchange', { method: 'POST', path: '/oauth2/token', body: 'grant_type=authorization_code&code=%5Bredacted%5D' }, 'oauth.token', 'Okta exchanged an authorization code for a token'],
    ['replayed code', { method: 'POST', path: '/oauth2/token', status: 400, body: 'grant_type=authorization_code', responseBody: { error: 'invalid_grant', error_description: 'The authorization code was already used.' } }, 'oauth.token', "Okta's code exchange was refused: invalid_grant (The authorization code was already used)"],
    ['refresh', { method: 'POST', path: '/oauth2/token', body: 'grant_type=refresh_token&refresh_token=%5Bredacted%5D' }, 'oauth.refresh', 'Okta refreshed its access token'],
    ['refresh, form as an object (fault engine)', { method: 'POST', path: '/oauth2/token', body: { grant_type: 'refresh_token' }, status: 503, responseBody: { error: 'temporarily_unavailable' } }, 'oauth.refresh', "Okta's token refresh was refused: temporarily_unavailable"],
    ['client credentials', { method: 'POST', path: '/oauth2/token', body: 'grant_type=client_credentials' }, 'oauth.token', 'Okta obtained a token with its client credentials'],
    ['wrong secret', { method: 'POST', path: '/oauth2/token', status: 401, body: 'grant_type=client_credentials', responseBody: { error: 'invalid_client', error_description: 'The client secret is wrong.' } }, 'oauth.token', "Okta's client-credentials request was refused: invalid_client (The client secret is wrong)"],
    ['revoke', { method: 'POST', path: '/oauth2/revoke', body: 'token=%5Bredacted%5D' }, 'oauth.revoke', 'Okta revoked a token'],
  ])('%s', (_name, over, kind, summary) => {
    expect(classifyOAuth(facts(over), 'Okta')).toEqual({ kind, resourceType: null, resourceId: null, summary });
  });

  it('leaves other paths alone', () => {
    expect(classifyOAuth(facts({ path: '/scim/v2/Users' }), 'Okta')).toBeNull();
    expect(classifyOAuth(facts({ path: '/oauth2x' }), 'Okta')).toBeNull();
  });
});

describe('OAuth redaction', () => {
  it.each([
    ['grant_type=authorization_code&code=abc&redirect_uri=x&code_verifier=v', 'grant_type=authorization_code&code=%5Bredacted%5D&redirect_uri=x&code_verifier=%5Bredacted%5D'],
    ['client_id=c&client_secret=s3cret&grant_type=refresh_token&refresh_token=rt_1', 'client_id=c&client_secret=%5Bredacted%5D&grant_type=refresh_token&refresh_token=%5Bredacted%5D'],
    ['token=at_1&token_type_hint=access_token', 'token=%5Bredacted%5D&token_type_hint=access_token'],
    ['consent=id&csrf_token=t&decision=allow', 'consent=id&csrf_token=%5Bredacted%5D&decision=allow'],
  ])('%s', (input, output) => {
    expect(redactOAuthParams(input)).toBe(output);
  });

  it('redacts the code in a Location header and keeps the state', () => {
    expect(redactHeaderValue('Location', `${OKTA_CB}?code=code_abc&state=xyz`)).toBe(`${OKTA_CB}?code=%5Bredacted%5D&state=xyz`);
    expect(redactHeaderValue('location', '/scim/v2/Users/1')).toBe('/scim/v2/Users/1');
  });
});
