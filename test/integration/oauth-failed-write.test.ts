/**
 * A token request that fails because the token file cannot be written changes nothing: a refresh
 * token presented then is still the live one afterwards (before, it was marked rotated in memory, so
 * the client's retry read as a replay and revoked the whole grant), and a code exchange that failed
 * so leaves the code redeemable. Over real HTTP; the write is made to fail by putting a non-empty
 * folder where the token file goes (the rename onto it fails, for root too), then taken away.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKENS_FILE } from '../../server/oauth/token-store.js';
import { filesUnder } from '../helpers/files-under.js';
import { nextExchanges } from '../helpers/recording.js';
import { authorizeUrl, consent, LoopbackIdp, tokenRequest } from '../helpers/oauth-idp.js';
import { startOAuthSandbox } from '../helpers/oauth-sandbox.js';
import type { TestSandbox } from '../helpers/sandbox.js';

describe('an OAuth token request whose write fails', () => {
  let t: TestSandbox;
  let idp: LoopbackIdp;
  let origin: string;
  let tokenUrl: string;
  let client: { id: string; secret: string };
  let tokensFile: string;
  const code = async () => {
    await consent(authorizeUrl(origin, { clientId: client.id, redirectUri: idp.redirectUri, state: 's', scope: 'scim' }), 'allow');
    return idp.hits.at(-1)!.code!;
  };
  /** Runs `work` while the token file cannot be replaced. */
  const withUnwritableFile = async <T,>(work: () => Promise<T>): Promise<T> => {
    await rm(tokensFile, { force: true });
    await mkdir(tokensFile);
    await writeFile(path.join(tokensFile, 'blocker'), 'x');
    try {
      return await work();
    } finally {
      await rm(tokensFile, { recursive: true, force: true });
    }
  };

  beforeAll(async () => {
    idp = await LoopbackIdp.start();
    ({ t, origin, tokenUrl, client } = await startOAuthSandbox(idp));
  });
  afterAll(async () => {
    await t?.close().catch(() => undefined);
    await idp?.close();
  });

  it('a refresh: refused with an error, and the same refresh token works once the disk does', async () => {
    const first = await tokenRequest(tokenUrl, { grant_type: 'authorization_code', code: await code(), redirect_uri: idp.redirectUri }, client);
    expect(first.status).toBe(200);
    const files = (await filesUnder(t.dataDir)).filter((f) => path.basename(f) === TOKENS_FILE);
    expect(files).toHaveLength(1);
    tokensFile = files[0]!;

    const recorded = nextExchanges(t.sandbox, 1);
    const failed = await withUnwritableFile(() => tokenRequest(tokenUrl, { grant_type: 'refresh_token', refresh_token: first.body.refresh_token }, client));
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect((await recorded)[0]).toMatchObject({ method: 'POST', status: failed.status });
    const retried = await tokenRequest(tokenUrl, { grant_type: 'refresh_token', refresh_token: first.body.refresh_token }, client);
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect((await fetch(`${t.addresses.scimUrl}/Users?count=1`, { headers: { Authorization: `Bearer ${retried.body.access_token}` } })).status).toBe(200);
  });

  it('a code exchange: refused with an error, and the same code works once the disk does', async () => {
    const c = await code();
    const failed = await withUnwritableFile(() => tokenRequest(tokenUrl, { grant_type: 'authorization_code', code: c, redirect_uri: idp.redirectUri }, client));
    expect(failed.status).toBeGreaterThanOrEqual(500);
    const retried = await tokenRequest(tokenUrl, { grant_type: 'authorization_code', code: c, redirect_uri: idp.redirectUri }, client);
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
  });
});
