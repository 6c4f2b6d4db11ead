/**
 * Auth mode `oauth` over real HTTP: a sandbox on port 0 and a loopback IdP doing what Okta does
 * (authorize in the admin's browser, consent, code exchange, SCIM calls, refresh), plus every way it
 * is meant to fail: PKCE, rotation and reuse, expiry (on an injected clock), revocation, wrong
 * redirect URI, wrong secret, a replayed code, and the RFC 6749 error bodies.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authorizeUrl, consent, LoopbackIdp, pkcePair, tokenRequest } from '../helpers/oauth-idp.js';
import { startOAuthSandbox } from '../helpers/oauth-sandbox.js';
import { request } from '../helpers/http.js';
import { nextExchanges } from '../helpers/recording.js';
import type { TestSandbox } from '../helpers/sandbox.js';

let t: TestSandbox;
let idp: LoopbackIdp;
let clockOffset = 0;
let origin: string;
let tokenUrl: string;
let client: { id: string; secret: string };

const scimWith = (accessToken: string, path = '/Users?count=1') => request(`${t.addresses.scimUrl}${path}`, { headers: { Authorization: `Bearer ${accessToken}` } });

/** The whole code flow; returns the token answer. */
async function codeFlow(options: { pkce?: boolean; state?: string } = {}) {
  const pkce = options.pkce ? pkcePair() : null;
  const state = options.state ?? `st-${Math.random().toString(36).slice(2)}`;
  const before = idp.hits.length;
  const flow = await consent(authorizeUrl(origin, { clientId: client.id, redirectUri: idp.redirectUri, state, scope: 'scim', challenge: pkce?.challenge }), 'allow');
  expect(flow.page.status).toBe(200);
  expect(idp.hits.length).toBe(before + 1);
  const hit = idp.hits.at(-1)!;
  expect(hit.state).toBe(state);
  expect(hit.code).toMatch(/^code_/);
  const answer = await tokenRequest(tokenUrl, { grant_type: 'authorization_code', code: hit.code!, redirect_uri: idp.redirectUri, ...(pkce ? { code_verifier: pkce.verifier } : {}) }, client);
  return { answer, code: hit.code!, pkce };
}

beforeAll(async () => {
  idp = await LoopbackIdp.start();
  ({ t, origin, tokenUrl, client } = await startOAuthSandbox(idp, { now: () => Date.now() + clockOffset }));
});
afterAll(async () => {
  await t.close();
  await idp.close();
});
beforeEach(async () => {
  clockOffset = 0;
  await t.sandbox.settings.update({ auth: { oauth: { accessTokenTtlSeconds: 3600, requirePkce: false } } });
});

describe('OAuth authorization code flow', () => {
  it('authorize → consent → code → token → SCIM, then refresh with rotation', async () => {
    const { answer } = await codeFlow();
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'scim' });
    expect(answer.body.access_token).toMatch(/^at_/);
    expect(answer.body.refresh_token).toMatch(/^rt_/);
    expect((await scimWith(answer.body.access_token)).status).toBe(200);

    // Refresh with the client authenticating in the body this time.
    const refreshed = await tokenRequest(tokenUrl, { grant_type: 'refresh_token', refresh_token: answer.body.refresh_token }, { ...client, via: 'body' });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(answer.body.refresh_token);
    expect(refreshed.body.access_token).not.toBe(answer.body.access_token);
    expect((await scimWith(refreshed.body.access_token)).status).toBe(200);

    // The rotated-out refresh token presented again: refused, and the whole family is revoked.
    const reuse = await tokenRequest(tokenUrl, { grant_type: 'refresh_token', refresh_token: answer.body.refresh_token }, client);
    expect(reuse.status).toBe(400);
    expect(reuse.body.error).toBe('invalid_grant');
    const newest = await tokenRequest(tokenUrl, { grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token }, client);
    expect(newest.body.error).toBe('invalid_grant');
    const scim = await scimWith(refreshed.body.access_token);
    expect(scim.status).toBe(401);
    expect(scim.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
  });

  it('with PKCE (S256): the right verifier works, a wrong one is invalid_grant', async () => {
    const ok = await codeFlow({ pkce: true });
    expect(ok.answer.status).toBe(200);
    const pkce = pkcePair();
    await consent(authorizeUrl(origin, { clientId: client.id, redirectUri: idp.redirectUri, state: 'p', challenge: pkce.challenge }), 'allow');
    const wrong = await tokenRequest(tokenUrl, { grant_type: 'authorization_code', code: idp.hits.at(-1)!.code!, redirect_uri: idp.redirectUri, code_verifier: pkcePair().verifier }, client);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('invalid_grant');
  });

  it('enforced PKCE sends a request without code_challenge back with invalid_request', async () => {
    await t.sandbox.settings.update({ auth: { oauth: { requirePkce: true } } });
    const flow = await consent(authorizeUrl(origin, { clientId: client.id, redirectUri: idp.redirectUri, state: 'need-pkce' }), 'allow');
    expect(flow.page.status).toBe(302);
    expect(idp.hits.at(-1)).toMatchObject({ error: 'invalid_request', state: 'need-pkce', code: null });
    expect((await codeFlow({ pkce: true })).answer.status).toBe(200);
  });

  it('Deny returns error=access_denied with the state', async () => {
    await consent(authorizeUrl(origin, { clientId: client.id, redirectUri: idp.redirectUri, state: 'deny-me' }), 'deny');
    expect(idp.hits.at(-1)).toMatchObject({ error: 'access_denied', state: 'deny-me', code: null });
  });

  it('a redirect URI that is not registered exactly gets an error page, never a redirect', async () => {
    for (const redirectUri of [`${idp.redirectUri}/`, idp.redirectUri.replace('127.0.0.1', 'localhost'), `${idp.redirectUri}?x=1`]) {
      const before = idp.hits.length;
      const res = await fetch(authorizeUrl(origin, { clientId: client.id, redirectUri, state: 's' }), { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('Redirect URI not registered');
      expect(idp.hits.length).toBe(before);
    }
  });

  it('the consent page escapes what the request carries and is locked down by CSP', async () => {
    const res = await fetch(authorizeUrl(origin, { clientId: client.id, redirectUri: idp.redirectUri, scope: '<script>alert(1)</script>' }));
    const html = await res.text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'.*form-action 'self' http:\/\/127\.0\.0\.1:\d+.*frame-ancestors 'none'/);
  });

  it('a consent POST without the page cookie (CSRF) is refused', async () => {
    const page = await fetch(authorizeUrl(origin, { clientId: client.id, redirectUri: idp.redirectUri }));
    const html = await page.text();
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)![1]!;
    const post = await fetch(`${origin}/oauth2/authorize`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ consent: field('consent'), csrf_token: field('csrf_token'), decision: 'allow' }).toString() });
    expect(post.status).toBe(400);
    expect(post.headers.get('location')).toBeNull();
  });

  it('a replayed code is invalid_grant and revokes the tokens issued for it', async () => {
    const { answer, code } = await codeFlow();
    const replay = await tokenRequest(tokenUrl, { grant_type: 'authorization_code', code, redirect_uri: idp.redirectUri }, client);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    expect((await scimWith(answer.body.access_token)).status).toBe(401);
  });

  it('an expired code is invalid_grant', async () => {
    await consent(authorizeUrl(origin, { clientId: client.id, redirectUri: idp.redirectUri }), 'allow');
    clockOffset = 61_000;
    const late = await tokenRequest(tokenUrl, { grant_type: 'authorization_code', code: idp.hits.at(-1)!.code!, redirect_uri: idp.redirectUri }, client);
    expect(late.body).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('OAuth token endpoint errors (RFC 6749 §5.2)', () => {
  const cases: [string, Record<string, string>, { via?: 'basic' | 'body' | 'none'; secret?: string }, number, string][] = [
    ['wrong secret (Basic)', { grant_type: 'client_credentials' }, { secret: 'cs_wrong-wrong-wrong-wrong' }, 401, 'invalid_client'],
    ['wrong secret (body)', { grant_type: 'client_credentials' }, { via: 'body', secret: 'cs_wrong-wrong-wrong-wrong' }, 401, 'invalid_client'],
    ['no client authentication', { grant_type: 'client_credentials' }, { via: 'none' }, 401, 'invalid_client'],
    ['unsupported grant', { grant_type: 'password', username: 'a', password: 'b' }, {}, 400, 'unsupported_grant_type'],
    ['missing grant_type', {}, {}, 400, 'invalid_request'],
    ['missing code', { grant_type: 'authorization_code', redirect_uri: 'http://x' }, {}, 400, 'invalid_request'],
    ['unknown code', { grant_type: 'authorization_code', code: 'code_nope', redirect_uri: 'http://x' }, {}, 400, 'invalid_grant'],
    ['unknown refresh token', { grant_type: 'refresh_token', refresh_token: 'rt_nope' }, {}, 400, 'invalid_grant'],
  ];
  it.each(cases)('%s', async (_name, params, auth, status, error) => {
    const res = await tokenRequest(tokenUrl, params, { id: client.id, secret: auth.secret ?? client.secret, via: auth.via });
    expect(res.status).toBe(status);
    expect(res.body.error).toBe(error);
    expect(typeof res.body.error_description).toBe('string');
    expect(res.headers.get('cache-control')).toBe('no-store');
    if (status === 401) expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
  });

  it('a JSON body is invalid_request; a parameter sent twice is invalid_request', async () => {
    const basic = `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`;
    const json = await request(tokenUrl, { method: 'POST', headers: { Authorization: basic, 'Content-Type': 'application/json' }, rawBody: '{"grant_type":"client_credentials"}' });
    expect(json.body.error).toBe('invalid_request');
    const twice = await request(tokenUrl, { method: 'POST', headers: { Authorization: basic, 'Content-Type': 'application/x-www-form-urlencoded' }, rawBody: 'grant_type=client_credentials&grant_type=client_credentials' });
    expect(twice.body.error).toBe('invalid_request');
  });
});

describe('OAuth access tokens at the SCIM endpoint', () => {
  it('client credentials: an access token and no refresh token', async () => {
    const res = await tokenRequest(tokenUrl, { grant_type: 'client_credentials' }, client);
    expect(res.status).toBe(200);
    expect(res.body.refresh_token).toBeUndefined();
    expect((await scimWith(res.body.access_token)).status).toBe(200);
  });

  it('a bad token, the static SCIM token, or none: 401 SCIM error', async () => {
    for (const header of ['Bearer at_not-a-real-token', `Bearer ${t.token}`, t.token, undefined]) {
      const res = await request(`${t.addresses.scimUrl}/Users`, { headers: header ? { Authorization: header } : {} });
      expect(res.status).toBe(401);
      expect(res.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="Scimscope"/);
    }
  });

  it('expiry: with a 1-second lifetime the token is refused once the clock passes it, with error="invalid_token"', async () => {
    await t.sandbox.settings.update({ auth: { oauth: { accessTokenTtlSeconds: 1 } } });
    const { answer } = await codeFlow();
    expect(answer.body.expires_in).toBe(1);
    expect((await scimWith(answer.body.access_token)).status).toBe(200);
    clockOffset = 1_000;
    const expired = await scimWith(answer.body.access_token);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(expired.body.detail).toMatch(/expired/);
    // The IdP refreshes and carries on.
    const refreshed = await tokenRequest(tokenUrl, { grant_type: 'refresh_token', refresh_token: answer.body.refresh_token }, client);
    expect((await scimWith(refreshed.body.access_token)).status).toBe(200);
  });

  it('revocation (RFC 7009): revoking the refresh token ends its access tokens; revoke-all ends everything', async () => {
    const a = (await codeFlow()).answer.body;
    const b = (await codeFlow()).answer.body;
    const revoke = await request(`${origin}/oauth2/revoke`, { method: 'POST', headers: { Authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' }, rawBody: new URLSearchParams({ token: a.refresh_token, token_type_hint: 'refresh_token' }).toString() });
    expect(revoke.status).toBe(200);
    expect((await scimWith(a.access_token)).status).toBe(401);
    expect((await scimWith(b.access_token)).status).toBe(200);
    const all = await t.admin('POST', '/api/oauth/revoke-all');
    expect(all.body.revoked).toBeGreaterThan(0);
    expect((await scimWith(b.access_token)).status).toBe(401);
    expect((await tokenRequest(tokenUrl, { grant_type: 'refresh_token', refresh_token: b.refresh_token }, client)).body.error).toBe('invalid_grant');
  });

  it('expire-access-tokens (admin API) makes the IdP refresh', async () => {
    const a = (await codeFlow()).answer.body;
    expect((await t.admin('POST', '/api/oauth/expire-access-tokens')).body.expired).toBeGreaterThan(0);
    expect((await scimWith(a.access_token)).headers.get('www-authenticate')).toContain('invalid_token');
    const r = await tokenRequest(tokenUrl, { grant_type: 'refresh_token', refresh_token: a.refresh_token }, client);
    expect((await scimWith(r.body.access_token)).status).toBe(200);
  });

  it('replay from the inspector works in oauth mode (with a token of its own), after the IdP token expired', async () => {
    const { answer } = await codeFlow();
    const recorded = nextExchanges(t.sandbox, 1);
    expect((await scimWith(answer.body.access_token, '/Users?count=2')).status).toBe(200);
    const [original] = await recorded;
    clockOffset = 2 * 3600 * 1000;
    const replayed = await t.admin('POST', `/api/exchanges/${original!.id}/replay`);
    expect(replayed.status).toBe(201);
    expect(replayed.body.status).toBe(200);
  });
});
