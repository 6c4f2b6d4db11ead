/**
 * What the inspector sees of auth mode `oauth`: every OAuth request is recorded with a lifecycle
 * label and a summary in words, no code, token, CSRF token or secret survives in any export (admin
 * API, HAR, curl) or in any file in the data folder, fault presets act on the OAuth endpoints, and
 * issued tokens survive a restart while only their hashes are on disk.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeUrl, consent, LoopbackIdp, pkcePair, tokenRequest } from '../helpers/oauth-idp.js';
import { startOAuthSandbox } from '../helpers/oauth-sandbox.js';
import { request } from '../helpers/http.js';
import { filesUnder } from '../helpers/files-under.js';
import { nextExchanges } from '../helpers/recording.js';
import type { TestSandbox } from '../helpers/sandbox.js';
import { tempDir } from '../helpers/temp-dir.js';

let idp: LoopbackIdp;
let folder: { dir: string; remove: () => Promise<void> };

beforeAll(async () => {
  idp = await LoopbackIdp.start();
  folder = await tempDir();
});
afterAll(async () => {
  await idp.close();
  await folder.remove();
});

const start = () => startOAuthSandbox(idp, { dataDir: folder.dir });

describe('OAuth in Traffic, exports and files', () => {
  const secrets: string[] = [];
  let accessToken = '';

  it('labels every step of the flow and summarizes it in words', async () => {
    const { t, origin, tokenUrl, client } = await start();
    try {
      secrets.push(client.secret);
      const pkce = pkcePair();
      secrets.push(pkce.verifier);
      const recorded = nextExchanges(t.sandbox, 7);
      const flow = await consent(authorizeUrl(origin, { clientId: client.id, redirectUri: idp.redirectUri, state: 'xyz', scope: 'scim', challenge: pkce.challenge }), 'allow');
      secrets.push(/name="csrf_token" value="([^"]+)"/.exec(flow.pageHtml)![1]!);
      const code = idp.hits.at(-1)!.code!;
      secrets.push(code);
      const token = await tokenRequest(tokenUrl, { grant_type: 'authorization_code', code, redirect_uri: idp.redirectUri, code_verifier: pkce.verifier }, client);
      secrets.push(token.body.access_token, token.body.refresh_token);
      const scim = await request(`${t.addresses.scimUrl}/Users?startIndex=1&count=2`, { headers: { Authorization: `Bearer ${token.body.access_token}`, 'User-Agent': 'Okta SCIM Client 1.0.0' } });
      expect(scim.status).toBe(200);
      const refreshed = await tokenRequest(tokenUrl, { grant_type: 'refresh_token', refresh_token: token.body.refresh_token }, { ...client, via: 'body' });
      secrets.push(refreshed.body.access_token, refreshed.body.refresh_token);
      accessToken = refreshed.body.access_token;
      await consent(authorizeUrl(origin, { clientId: client.id, redirectUri: idp.redirectUri, state: 'no' }), 'deny');
      const exchanges = await recorded;
      const labels = exchanges.map((e) => [e.operation.kind, e.operation.summary]);
      expect(labels).toEqual([
        ['oauth.authorize', "The admin's browser opened the consent page for 127.0.0.1 (scope scim)"],
        ['oauth.consent', expect.stringMatching(/^The admin allowed 127\.0\.0\.1; an authorization code went back to 127\.0\.0\.1:\d+$/)],
        ['oauth.token', 'Okta exchanged an authorization code for a token'],
        ['connection.test', 'Okta tested the connection'],
        ['oauth.refresh', 'Okta refreshed its access token'],
        ['oauth.authorize', expect.any(String)],
        ['oauth.denied', 'The admin denied 127.0.0.1 access'],
      ]);

      // Every exit: the list, each full exchange, its curl, the HAR.
      const texts: string[] = [];
      const list = await t.admin('GET', '/api/exchanges?limit=100');
      texts.push(list.text);
      for (const item of list.body.items as { id: string }[]) {
        texts.push((await t.admin('GET', `/api/exchanges/${item.id}`)).text, (await t.admin('GET', `/api/exchanges/${item.id}/curl`)).text);
      }
      const har = await t.admin('GET', '/api/exchanges.har');
      expect(har.status).toBe(200);
      texts.push(har.text);
      for (const text of texts) for (const secret of secrets) expect(text.includes(secret), `secret #${secrets.indexOf(secret)} leaked: ${text.slice(Math.max(0, text.indexOf(secret) - 300), text.indexOf(secret) + 50)}`).toBe(false);
      // What is kept says where the secrets were.
      const tokenExchange = (await t.admin('GET', `/api/exchanges/${exchanges[2]!.id}`)).body;
      expect(tokenExchange.request.body).toContain('code=%5Bredacted%5D');
      expect(tokenExchange.request.body).toContain('grant_type=authorization_code');
      expect(tokenExchange.response.body).toMatchObject({ access_token: '[redacted]', refresh_token: '[redacted]', token_type: 'Bearer' });
      const consentExchange = (await t.admin('GET', `/api/exchanges/${exchanges[1]!.id}`)).body;
      expect(consentExchange.response.headers.location ?? consentExchange.response.headers.Location).toMatch(/code=%5Bredacted%5D&state=xyz$/);
    } finally {
      await t.stop();
    }
    // Files on disk, after the recorder flushed on close.
    for (const file of await filesUnder(folder.dir)) {
      const text = await readFile(file, 'utf8');
      for (const secret of secrets.filter((s) => s !== client.secret)) expect(text.includes(secret), `${file} holds a secret`).toBe(false);
      if (path.basename(file) !== 'settings.json') expect(text.includes(client.secret), `${file} holds the client secret`).toBe(false);
    }
  });

  it('issued tokens survive a restart (the token file holds hashes)', async () => {
    const { t } = await start();
    try {
      const res = await request(`${t.addresses.scimUrl}/Users?count=1`, { headers: { Authorization: `Bearer ${accessToken}` } });
      expect(res.status).toBe(200);
    } finally {
      await t.stop();
    }
  });
});

describe('OAuth fault presets', () => {
  let t: TestSandbox;
  let origin: string;
  let tokenUrl: string;
  let client: { id: string; secret: string };
  let tokens: { access_token: string; refresh_token: string };
  beforeAll(async () => {
    ({ t, origin, tokenUrl, client } = await start());
    await consent(authorizeUrl(origin, { clientId: client.id, redirectUri: idp.redirectUri }), 'allow');
    tokens = (await tokenRequest(tokenUrl, { grant_type: 'authorization_code', code: idp.hits.at(-1)!.code!, redirect_uri: idp.redirectUri }, client)).body as typeof tokens;
  });
  afterAll(() => t.stop());

  const withPreset = async (id: string, run: () => Promise<void>) => {
    const rule = await t.admin('POST', `/api/faults/presets/${id}`);
    expect(rule.status).toBe(201);
    try {
      await run();
    } finally {
      await t.admin('DELETE', `/api/faults/${rule.body.id}`);
    }
  };

  it('"access token expires now": one SCIM 401 with error="invalid_token", then the token works again', async () => {
    await withPreset('oauth-token-expires', async () => {
      const first = await request(`${t.addresses.scimUrl}/Users?count=1`, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
      expect(first.status).toBe(401);
      expect(first.headers.get('www-authenticate')).toContain('error="invalid_token"');
      expect((await request(`${t.addresses.scimUrl}/Users?count=1`, { headers: { Authorization: `Bearer ${tokens.access_token}` } })).status).toBe(200);
    });
  });

  it('a live access token sent in a SCIM request\'s query (RFC 6750 §2.3) is refused and recorded redacted, in every export and on disk', async () => {
    const recorded = nextExchanges(t.sandbox, 1);
    const res = await request(`${t.addresses.scimUrl}/Users?count=1&access_token=${tokens.access_token}`);
    expect(res.status).toBe(401);
    const [exchange] = await recorded;
    const detail = await t.admin('GET', `/api/exchanges/${exchange!.id}`);
    expect(detail.body.request.query).toEqual({ count: '1', access_token: '[redacted]' });
    const exits = [detail.text, (await t.admin('GET', `/api/exchanges/${exchange!.id}/curl`)).text, (await t.admin('GET', '/api/exchanges.har')).text, (await t.admin('GET', '/api/exchanges?limit=100')).text];
    await t.sandbox.exchanges.flush();
    for (const file of await filesUnder(t.dataDir)) exits.push(await readFile(file, 'utf8'));
    for (const text of exits) expect(text.includes(tokens.access_token)).toBe(false);
    // The token itself still works in its header: it was never used up or revoked.
    expect((await request(`${t.addresses.scimUrl}/Users?count=1`, { headers: { Authorization: `Bearer ${tokens.access_token}` } })).status).toBe(200);
  });

  it('"refresh fails": a refresh gets 400 invalid_grant as OAuth JSON; a code exchange is untouched', async () => {
    await withPreset('oauth-refresh-fails', async () => {
      const recorded = nextExchanges(t.sandbox, 1);
      const res = await tokenRequest(tokenUrl, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, client);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'invalid_grant' });
      const [exchange] = await recorded;
      expect(exchange!.operation.kind).toBe('oauth.refresh');
      expect(exchange!.fault?.name).toBe('Refresh fails (invalid_grant)');
      expect((await tokenRequest(tokenUrl, { grant_type: 'client_credentials' }, client)).status).toBe(200);
    });
    // The refresh token was not consumed by the faulted request.
    expect((await tokenRequest(tokenUrl, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, client)).status).toBe(200);
  });

  it('"token endpoint down": 503 temporarily_unavailable', async () => {
    await withPreset('oauth-token-endpoint-down', async () => {
      const res = await tokenRequest(tokenUrl, { grant_type: 'client_credentials' }, client);
      expect(res.status).toBe(503);
      expect(res.body.error).toBe('temporarily_unavailable');
      expect(res.headers.get('cache-control')).toBe('no-store');
    });
  });

  it('a rate-limit rule on the token endpoint answers 429 in OAuth JSON with Retry-After', async () => {
    const rule = await t.admin('POST', '/api/faults', { body: { name: 'token 429', match: { path: '/oauth2/token' }, when: {}, action: { type: 'rateLimit', retryAfter: 30 } } });
    expect(rule.status).toBe(201);
    try {
      const res = await tokenRequest(tokenUrl, { grant_type: 'client_credentials' }, client);
      expect(res.status).toBe(429);
      expect(res.body.error).toBe('temporarily_unavailable');
      expect(res.headers.get('retry-after')).toBe('30');
    } finally {
      await t.admin('DELETE', `/api/faults/${rule.body.id}`);
    }
  });

  it('"consent denied": Allow still returns error=access_denied to the IdP', async () => {
    await withPreset('oauth-consent-denied', async () => {
      await consent(authorizeUrl(origin, { clientId: client.id, redirectUri: idp.redirectUri, state: 'fault' }), 'allow');
      expect(idp.hits.at(-1)).toMatchObject({ error: 'access_denied', state: 'fault', code: null });
    });
  });
});
