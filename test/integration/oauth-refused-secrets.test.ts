/**
 * A request the OAuth endpoints refuse has not used the refresh token or code it carries, which is
 * still live: its recording must keep it out as carefully as an accepted one's, whatever the body's
 * shape (a JSON body, a form starting with an empty pair, text, a body cut at the size limit, an
 * exchange recorded without interpretation). Every exit is checked (list, detail, curl, HAR, every
 * file in the data folder), and the token is shown to still work afterwards. (Review R6 of wave 7.)
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesUnder } from '../helpers/files-under.js';
import { authorizeUrl, consent, LoopbackIdp, tokenRequest } from '../helpers/oauth-idp.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

let idp: LoopbackIdp;
beforeAll(async () => {
  idp = await LoopbackIdp.start();
});
afterAll(async () => {
  await idp.close();
});

type Shape = { name: string; path: string; contentType: string; body: (live: { refresh: string; code: string; client: { id: string; secret: string } }) => string };

/** Each is refused (400 or 401) before the token or code in it is used. */
const SHAPES: Shape[] = [
  { name: 'a JSON token request', path: '/oauth2/token', contentType: 'application/json', body: ({ refresh, client }) => JSON.stringify({ grant_type: 'refresh_token', refresh_token: refresh, client_id: client.id }) },
  { name: 'a JSON body nesting the token', path: '/oauth2/token', contentType: 'application/json', body: ({ refresh }) => JSON.stringify({ grant: { type: 'refresh_token', refresh_token: refresh }, tokens: [{ token: refresh }] }) },
  { name: 'a form starting with an empty pair, wrong client secret', path: '/oauth2/token', contentType: 'application/x-www-form-urlencoded', body: ({ refresh, client }) => `&grant_type=refresh_token&refresh_token=${refresh}&client_id=${client.id}&client_secret=wrong-secret-0001` },
  { name: 'a form after a space', path: '/oauth2/token', contentType: 'application/x-www-form-urlencoded', body: ({ code, client }) => ` code=${code}&grant_type=authorization_code&client_id=${client.id}&client_secret=wrong-secret-0002` },
  { name: 'a JSON authorization-code request', path: '/oauth2/token', contentType: 'application/json', body: ({ code, client }) => JSON.stringify({ grant_type: 'authorization_code', code, client_id: client.id }) },
  { name: 'text that is neither', path: '/oauth2/token', contentType: 'text/plain', body: ({ refresh }) => `please: refresh_token=${refresh}` },
  { name: 'a JSON revocation', path: '/oauth2/revoke', contentType: 'application/json', body: ({ refresh }) => JSON.stringify({ token: refresh, token_type_hint: 'refresh_token' }) },
  { name: 'a JSON body cut at the body limit', path: '/oauth2/token', contentType: 'application/json', body: ({ refresh }) => JSON.stringify({ refresh_token: refresh, padding: 'x'.repeat(3000) }) },
];

describe('OAuth requests the server refuses keep their live credentials out of the recording', () => {
  let t: TestSandbox;
  it.each(SHAPES.map((s) => [s.name, s] as const))('%s', async (_name, shape) => {
    t = await startSandbox({ auth: 'oauth' });
    await t.sandbox.settings.update({ auth: { oauth: { redirectUris: [idp.redirectUri] } }, recording: { maxBodyBytes: 2048 } });
    const origin = t.addresses.scimUrl.replace(/\/scim\/v2$/, '');
    const { clientId, clientSecret } = t.sandbox.settings.current.auth.oauth;
    const client = { id: clientId, secret: clientSecret };
    // A real flow: one code redeemed for a refresh token, a second code left unredeemed.
    await consent(authorizeUrl(origin, { clientId, redirectUri: idp.redirectUri, state: 'a' }), 'allow');
    const tokens = await tokenRequest(`${origin}/oauth2/token`, { grant_type: 'authorization_code', code: idp.hits.at(-1)!.code!, redirect_uri: idp.redirectUri }, client);
    expect(tokens.status).toBe(200);
    await consent(authorizeUrl(origin, { clientId, redirectUri: idp.redirectUri, state: 'b' }), 'allow');
    const live = { refresh: tokens.body.refresh_token as string, code: idp.hits.at(-1)!.code!, client };

    const recorded = nextExchanges(t.sandbox, 1);
    const refused = await fetch(`${origin}${shape.path}`, { method: 'POST', headers: { 'Content-Type': shape.contentType }, body: shape.body(live) });
    expect([400, 401]).toContain(refused.status);
    await refused.text();
    const [exchange] = await recorded;
    const texts = [
      (await t.admin('GET', '/api/exchanges?limit=100')).text,
      (await t.admin('GET', `/api/exchanges/${exchange!.id}`)).text,
      (await t.admin('GET', `/api/exchanges/${exchange!.id}/curl`)).text,
      (await t.admin('GET', '/api/exchanges.har')).text,
    ];
    for (const text of texts) for (const secret of [live.refresh, live.code]) expect(text.includes(secret), `leaked: ${text.slice(Math.max(0, text.indexOf(secret) - 120), text.indexOf(secret) + 20)}`).toBe(false);
    // Said where it was: `[redacted]` in JSON, percent-encoded in a form.
    expect((await t.admin('GET', `/api/exchanges/${exchange!.id}`)).text).toMatch(/\[redacted\]|%5Bredacted%5D/);

    // They were live: the refusal did not use them.
    const still = await tokenRequest(`${origin}/oauth2/token`, { grant_type: 'refresh_token', refresh_token: live.refresh }, client);
    expect(still.status).toBe(200);
    await t.stop();
    for (const file of await filesUnder(t.dataDir)) {
      const text = await readFile(file, 'utf8');
      for (const secret of [live.refresh, live.code]) expect(text.includes(secret), `${file} holds a live credential`).toBe(false);
    }
  });
});
