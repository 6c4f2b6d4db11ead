/**
 * Edges of auth mode `oauth`: the /oauth2 endpoints are off (404, OAuth JSON) in the other modes, a
 * corrupt token file stops the start with a clear message and is left untouched, and a settings
 * update with a bad redirect URI or lifetime is refused and saves nothing.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../../server/sandbox.js';
import { request } from '../helpers/http.js';
import { startSandbox } from '../helpers/sandbox.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('OAuth edges', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it('in bearer mode /oauth2/* answers 404 with an OAuth error, and SCIM auth is unchanged', async () => {
    const t = await startSandbox();
    cleanups.push(() => t.close());
    const origin = t.addresses.scimUrl.replace(/\/scim\/v2$/, '');
    const token = await request(`${origin}/oauth2/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, rawBody: 'grant_type=client_credentials' });
    expect(token.status).toBe(404);
    expect(token.body.error).toBe('invalid_request');
    expect(token.body.error_description).toMatch(/oauth/);
    expect((await t.scim('GET', '/Users?count=1')).status).toBe(200);
    const unknown = await request(`${origin}/oauth2/nothing`, { method: 'GET' });
    expect(unknown.status).toBe(404);
  });

  it('a settings update with a bad redirect URI or lifetime is refused and nothing changes', async () => {
    const t = await startSandbox({ auth: 'oauth' });
    cleanups.push(() => t.close());
    const before = t.sandbox.settings.current.auth.oauth;
    for (const oauth of [{ redirectUris: ['not a url'] }, { redirectUris: ['https://x.example/cb#frag'] }, { accessTokenTtlSeconds: 0 }, { clientSecret: 'short' }, { unknown: true }]) {
      const res = await t.admin('PUT', '/api/settings', { body: { auth: { oauth } } });
      expect(res.status, JSON.stringify(oauth)).toBe(400);
    }
    expect(t.sandbox.settings.current.auth.oauth).toEqual(before);
    const stored = JSON.parse(await readFile(path.join(t.dataDir, 'settings.json'), 'utf8'));
    expect(stored.settings.auth.oauth).toEqual(before);
    const ok = await t.admin('PUT', '/api/settings', { body: { auth: { oauth: { accessTokenTtlSeconds: 5, redirectUris: ['https://portal.azure.com/TokenAuthorize'] } } } });
    expect(ok.status).toBe(200);
    expect(ok.body.auth.oauth).toMatchObject({ accessTokenTtlSeconds: 5, redirectUris: ['https://portal.azure.com/TokenAuthorize'], clientSecretSet: true });
    // The credentials endpoint shows the secret; the settings endpoint never does.
    expect((await t.admin('GET', '/api/settings')).text).not.toContain(before.clientSecret);
    const creds = await t.admin('GET', '/api/oauth/credentials');
    expect(creds.body.clientSecret).toBe(before.clientSecret);
    expect(creds.headers.get('cache-control')).toBe('no-store');
  });

  it('in oauth mode, scenarios and conformance runs started from the inspector reach SCIM with a fresh access token', async () => {
    const t = await startSandbox({ auth: 'oauth' });
    cleanups.push(() => t.close());
    const run = await t.admin('POST', '/api/scenario-runs', { body: { scenario: 'joiner', profile: 'okta' } });
    const played = await t.admin('POST', `/api/scenario-runs/${run.body.id}/run`);
    expect(played.body.outcomes.map((o: { status: number }) => o.status)).toEqual([200, 201]);
    const report = await t.admin('POST', '/api/conformance-runs', { body: { profiles: ['rfc'] } });
    expect(report.status).toBe(201);
    expect(report.body.summary).toMatchObject({ failed: 0, errors: 0, mustFailed: 0 });
    expect(report.body.summary.passed).toBeGreaterThan(10);
  });

  it('a corrupt token file stops the start with a message naming it, and is left untouched', async () => {
    const folder = await tempDir();
    cleanups.push(folder.remove);
    const file = path.join(folder.dir, 'oauth-tokens.json');
    await writeFile(file, '{"version":1,"tokens":[{"kind":"access"');
    await expect(createSandbox({ dataDir: folder.dir, log: () => undefined })).rejects.toThrow(/oauth-tokens\.json is not valid/);
    expect(await readFile(file, 'utf8')).toBe('{"version":1,"tokens":[{"kind":"access"');
    // The folder lock was released: once the file is moved away, the sandbox starts.
    await writeFile(file, '{"version":1,"tokens":[]}');
    const sandbox = await createSandbox({ dataDir: folder.dir, log: () => undefined });
    await sandbox.close();
  });
});
