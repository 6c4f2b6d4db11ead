/**
 * A code exchange the token endpoint refuses after looking the code up (a wrong redirect_uri, a
 * wrong or missing PKCE verifier, a verifier the authorization request did not ask for) changes
 * nothing: it is recorded, and the code stays redeemable once by its client. Before, the refusal
 * burned the code, so the client's own correct request then read "already used; the tokens issued
 * for it are revoked" though none had been, and anyone holding a stolen code could spend the
 * client's by failing with it. Over real HTTP with a loopback IdP doing the consent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeUrl, consent, LoopbackIdp, pkcePair, tokenRequest } from '../helpers/oauth-idp.js';
import { startOAuthSandbox } from '../helpers/oauth-sandbox.js';
import { nextExchanges } from '../helpers/recording.js';
import type { TestSandbox } from '../helpers/sandbox.js';

describe('a refused code exchange leaves the code redeemable', () => {
  let t: TestSandbox;
  let idp: LoopbackIdp;
  let origin: string;
  let tokenUrl: string;
  let client: { id: string; secret: string };
  beforeAll(async () => {
    idp = await LoopbackIdp.start();
    ({ t, origin, tokenUrl, client } = await startOAuthSandbox(idp, { redirectUris: [idp.redirectUri, `${idp.redirectUri}-other`] }));
  });
  afterAll(async () => {
    await t?.close();
    await idp?.close();
  });

  it.each([
    ['a wrong redirect_uri', false, (v: string | null) => ({ redirect_uri: `${idp.redirectUri}-other`, ...(v ? { code_verifier: v } : {}) }), /redirect_uri does not match/],
    ['a wrong PKCE verifier', true, () => ({ redirect_uri: idp.redirectUri, code_verifier: pkcePair().verifier }), /does not match the code_challenge/],
    ['no PKCE verifier for a challenge', true, () => ({ redirect_uri: idp.redirectUri }), /send a valid code_verifier/],
    ['a verifier the request did not ask for', false, () => ({ redirect_uri: idp.redirectUri, code_verifier: pkcePair().verifier }), /had no code_challenge/],
  ])('%s: invalid_grant, recorded, then the right request gets the tokens', async (_what, withPkce, wrong, why) => {
    const pkce = withPkce ? pkcePair() : null;
    await consent(authorizeUrl(origin, { clientId: client.id, redirectUri: idp.redirectUri, state: 's', scope: 'scim', challenge: pkce?.challenge }), 'allow');
    const code = idp.hits.at(-1)!.code!;
    expect(code).toMatch(/^code_/);

    const recorded = nextExchanges(t.sandbox, 1);
    const refused = await tokenRequest(tokenUrl, { grant_type: 'authorization_code', code, ...wrong(pkce?.verifier ?? null) }, client);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_grant');
    expect(refused.body.error_description).toMatch(why);
    const [summary] = await recorded;
    expect(summary).toMatchObject({ method: 'POST', status: 400 });

    const right = await tokenRequest(tokenUrl, { grant_type: 'authorization_code', code, redirect_uri: idp.redirectUri, ...(pkce ? { code_verifier: pkce.verifier } : {}) }, client);
    expect(right.status, JSON.stringify(right.body)).toBe(200);
    expect(right.body.access_token).toMatch(/^at_/);
    // Once exchanged, the code is spent: a replay is refused and revokes what it gave.
    const replay = await tokenRequest(tokenUrl, { grant_type: 'authorization_code', code, redirect_uri: idp.redirectUri, ...(pkce ? { code_verifier: pkce.verifier } : {}) }, client);
    expect(replay.body.error_description).toMatch(/already used/);
    expect((await fetch(`${t.addresses.scimUrl}/Users?count=1`, { headers: { Authorization: `Bearer ${right.body.access_token}` } })).status).toBe(401);
  });
});
