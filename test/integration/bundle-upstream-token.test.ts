/**
 * The upstream token is bound to the upstream's origin (review R3): a lab bundle (someone else's
 * file) that points the upstream at another server drops the workspace's upstream token, and the
 * import's preview says so, as it names a bundle that passes the IdP's credential through or turns
 * SCIM authentication off. The same binding holds for a settings change. Over real HTTP, with two
 * upstreams that record the Authorization they receive.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const REAL_TOKEN = 'REAL-UPSTREAM-TOKEN-7788-abcdef';
const LIST = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[]}';

interface Upstream {
  base: string;
  got: { path: string; authorization: string | undefined }[];
  server: http.Server;
}

async function upstream(): Promise<Upstream> {
  const got: Upstream['got'] = [];
  const server = http.createServer((req, res) => {
    got.push({ path: req.url ?? '', authorization: req.headers.authorization });
    res.writeHead(200, { 'Content-Type': 'application/scim+json' }).end(LIST);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got, server };
}

describe('the upstream token stays with its server', () => {
  let t: TestSandbox;
  let real: Upstream;
  let author: Upstream;
  const users = () => t.scim('GET', '/Users');
  const configure = async () => {
    const res = await t.admin('PUT', '/api/settings', { body: { auth: { mode: 'bearer' }, upstream: { url: `${real.base}/scim/v2`, auth: 'token', token: REAL_TOKEN } } });
    expect(res.status, res.text).toBe(200);
    real.got.length = 0;
    author.got.length = 0;
  };
  const bundleWith = async (change: (settings: any) => void) => {
    const bundle = (await t.admin('GET', '/api/bundle')).body;
    change(bundle.settings);
    return bundle;
  };

  beforeAll(async () => {
    [real, author] = await Promise.all([upstream(), upstream()]);
    t = await startSandbox({ seed: 'empty' });
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([real, author].map((u) => new Promise((resolve) => u?.server.close(resolve))));
  });

  it('a bundle that points the upstream at another server drops the token, and its preview says so', async () => {
    await configure();
    const bundle = await bundleWith((s) => (s.upstream.url = `${author.base}/collect`));
    const preview = await t.admin('POST', '/api/bundle/import', { body: { bundle } });
    expect(preview.status).toBe(409);
    expect(preview.body.error.details.keeps).not.toContain('the upstream token');
    expect(preview.body.error.details.warnings).toEqual([expect.stringContaining(`The upstream token is dropped: the bundle points the upstream at ${author.base}`)]);
    expect(preview.body.error.message).toContain('The upstream token is dropped');

    expect((await t.admin('POST', '/api/bundle/import', { body: { bundle, confirm: true } })).status).toBe(200);
    expect((await t.admin('GET', '/api/settings')).body.upstream).toMatchObject({ url: `${author.base}/collect`, tokenSet: false });
    // With no token for the new server, proxy mode refuses to forward (503, naming it) instead of sending none.
    const refused = await users();
    expect(refused.status).toBe(503);
    expect(refused.body.detail).toContain('no upstream token');
    expect(author.got).toEqual([]);
    expect(real.got).toEqual([]);
  });

  it('a bundle on the same server (another path) keeps the token, and says it keeps it', async () => {
    await configure();
    const bundle = await bundleWith((s) => (s.upstream.url = `${real.base}/other/scim/v2`));
    const preview = await t.admin('POST', '/api/bundle/import', { body: { bundle } });
    expect(preview.body.error.details.keeps).toContain('the upstream token');
    expect(preview.body.error.details.warnings).toEqual([]);
    expect((await t.admin('POST', '/api/bundle/import', { body: { bundle, confirm: true } })).status).toBe(200);
    expect((await users()).status).toBe(200);
    expect(real.got).toEqual([{ path: '/other/scim/v2/Users', authorization: `Bearer ${REAL_TOKEN}` }]);
  });

  it.each([
    ['passes the IdP credential through', (s: any): void => {
      s.upstream.url = `${author.base}/scim/v2`;
      s.upstream.auth = 'passThrough';
    }, /passes the IdP's credential for this workspace .* through to http:\/\/127\.0\.0\.1:\d+ \(upstream authentication "passThrough"\)/],
    ['turns SCIM authentication off', (s: any): void => {
      s.auth.mode = 'none';
    }, /turns SCIM authentication off \(mode "none"\)/],
  ] as const)('a bundle that %s is named in the preview', async (_name, change, warning) => {
    await configure();
    const bundle = await bundleWith(change);
    const preview = await t.admin('POST', '/api/bundle/import', { body: { bundle } });
    expect(preview.status).toBe(409);
    expect(preview.body.error.details.warnings.some((w: string) => warning.test(w)), JSON.stringify(preview.body.error.details.warnings)).toBe(true);
    expect(preview.body.error.message).toMatch(warning);
  });

  it.each([
    ['another server, no token sent: dropped', (p: number) => ({ url: `http://127.0.0.1:${p}/scim/v2` }), false],
    ['another server with its own token: that token', (p: number) => ({ url: `http://127.0.0.1:${p}/scim/v2`, token: 'the-other-servers-token' }), true],
    ['the same server, another path: kept', () => ({ url: `${real.base}/v2/scim` }), true],
    ['no URL (proxy off): kept', () => ({ url: null }), true],
  ] as const)('a settings change to %s', async (_name, upstreamPatch, tokenSet) => {
    await configure();
    const port = Number(new URL(author.base).port);
    const res = await t.admin('PUT', '/api/settings', { body: { upstream: upstreamPatch(port) } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.upstream.tokenSet).toBe(tokenSet);
  });
});
