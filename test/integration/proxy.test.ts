/**
 * Proxy mode over real HTTP: a Scimscope sandbox forwarding to a second sandbox (a correct SCIM
 * server) and to a deliberately broken one (test/fixtures/broken-upstream.ts). Bodies byte for
 * byte both ways, chunked and large; the header policy; credentials; upstream failures as SCIM
 * errors that are recorded while the process stays up; before- and after-phase faults; and the
 * response lint on the broken server's answers.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../../server/contract/exchange.js';
import { startBrokenUpstream, type BrokenMode, type BrokenUpstream } from '../fixtures/broken-upstream.js';
import { nextExchanges } from '../helpers/recording.js';
import { rawRequest } from '../helpers/raw-http.js';
import { closedPort } from '../helpers/ports.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const UPSTREAM_TOKEN = 'upstream-secret-token-0123456789';

async function exchange(t: TestSandbox, id: string): Promise<Exchange> {
  const res = await t.admin('GET', `/api/exchanges/${id}`);
  expect(res.status, res.text).toBe(200);
  return res.body as Exchange;
}


describe('proxy mode to a second Scimscope sandbox', () => {
  let upstream: TestSandbox;
  let proxy: TestSandbox;
  beforeAll(async () => {
    upstream = await startSandbox({ dataDir: ':memory:', seed: 'empty', token: UPSTREAM_TOKEN });
    proxy = await startSandbox({ seed: 'empty', upstream: { url: upstream.addresses.scimUrl, auth: 'token', token: UPSTREAM_TOKEN } });
  });
  afterAll(async () => {
    await proxy?.close();
    await upstream?.close();
  });

  it('creates in the upstream, not the local store, and answers with the upstream\'s exact bytes', async () => {
    const recorded = nextExchanges(proxy.sandbox, 1);
    const created = await proxy.scim('POST', '/Users', { body: { schemas: [USER], userName: 'proxied@example.com', name: { givenName: 'Zoë' } } });
    expect(created.status, created.text).toBe(201);
    expect(upstream.sandbox.store.counts().users).toBe(1);
    expect(proxy.sandbox.store.counts().users).toBe(0);
    // The upstream builds its URLs from X-Forwarded-Host, so the IdP is pointed back at Scimscope.
    expect(created.headers.get('location')).toBe(`${proxy.addresses.scimUrl}/Users/${created.body.id}`);
    const [summary] = await recorded;
    const ex = await exchange(proxy, summary!.id);
    expect(ex.operation.kind).toBe('user.create');
    expect(ex.upstream?.status).toBe(201);
    expect(ex.upstream?.url).toBe(`${upstream.addresses.scimUrl}/Users`);
    expect(ex.upstream?.durationMs).toBeGreaterThan(0);
    expect(ex.upstream!.durationMs!).toBeLessThanOrEqual(ex.durationMs);
    expect(ex.upstream?.error).toBeNull();
    expect((ex.response.body as { userName: string }).userName).toBe('proxied@example.com');

    const id = created.body.id as string;
    const direct = await upstream.scim('GET', `/Users/${id}`, { headers: { 'X-Forwarded-Host': `127.0.0.1:${proxy.addresses.scimPort}` } });
    const viaProxy = await proxy.scim('GET', `/Users/${id}`);
    expect(viaProxy.text).toBe(direct.text);
    expect(viaProxy.headers.get('etag')).toBe(direct.headers.get('etag'));
  });

  it('a filter that matches nothing comes back as the upstream\'s empty list', async () => {
    const res = await proxy.scim('GET', '/Users?filter=userName%20eq%20%22nobody%40example.com%22');
    expect(res.status).toBe(200);
    expect(res.body.totalResults).toBe(0);
  });

  it('the IdP still needs the sandbox\'s credentials; the upstream token does not open Scimscope', async () => {
    const res = await proxy.scim('GET', '/Users', { headers: { Authorization: `Bearer ${UPSTREAM_TOKEN}` } });
    expect(res.status).toBe(401);
  });

  it('a before-phase fault answers instead of the upstream; an after-phase one lets the upstream apply the write and fails the IdP', async () => {
    const before = (await proxy.admin('POST', '/api/faults', { body: { name: 'before', match: { methods: ['POST'] }, action: { type: 'error', status: 503, detail: 'before' } } })).body;
    const usersBefore = upstream.sandbox.store.counts().users;
    const blocked = await proxy.scim('POST', '/Users', { body: { schemas: [USER], userName: 'never@example.com' } });
    expect(blocked.status).toBe(503);
    expect(upstream.sandbox.store.counts().users).toBe(usersBefore);
    await proxy.admin('DELETE', `/api/faults/${before.id}`);

    const after = await proxy.admin('POST', '/api/faults', { body: { name: 'after', phase: 'after', match: { methods: ['POST'] }, action: { type: 'error', status: 500, detail: 'the IdP is told it failed' } } });
    expect(after.status, after.text).toBe(201);
    expect(after.body.phase).toBe('after');
    const recorded = nextExchanges(proxy.sandbox, 1);
    const failed = await proxy.scim('POST', '/Users', { body: { schemas: [USER], userName: 'applied@example.com' } });
    expect(failed.status).toBe(500);
    expect(failed.body.detail).toBe('the IdP is told it failed');
    expect(failed.headers.get('location')).toBeNull();
    const found = await upstream.scim('GET', '/Users?filter=userName%20eq%20%22applied%40example.com%22');
    expect(found.body.totalResults).toBe(1);
    const ex = await exchange(proxy, (await recorded)[0]!.id);
    expect(ex.fault).toMatchObject({ name: 'after', phase: 'after', action: 'error' });
    expect(ex.upstream?.status).toBe(201);
    expect(ex.response.status).toBe(500);
    await proxy.admin('DELETE', `/api/faults/${after.body.id}`);
  });

  it('an after-phase fault works on the local store too (sandbox mode)', async () => {
    const rule = (await upstream.admin('POST', '/api/faults', { body: { name: 'after-local', phase: 'after', match: { methods: ['POST'] }, action: { type: 'drop' } } })).body;
    const res = await rawRequest(`${upstream.addresses.scimUrl}/Users`, { method: 'POST', headers: { Authorization: `Bearer ${UPSTREAM_TOKEN}`, 'Content-Type': 'application/scim+json' }, body: JSON.stringify({ schemas: [USER], userName: 'dropped-but-kept@example.com' }) });
    expect(res.status).toBeNull();
    const found = await upstream.scim('GET', '/Users?filter=userName%20eq%20%22dropped-but-kept%40example.com%22');
    expect(found.body.totalResults).toBe(1);
    await upstream.admin('DELETE', `/api/faults/${rule.id}`);
  });

  it('never shows the upstream token: settings, exchanges, HAR', async () => {
    const settings = await proxy.admin('GET', '/api/settings');
    expect(settings.body.upstream).toMatchObject({ url: upstream.addresses.scimUrl, auth: 'token', tokenSet: true });
    const har = await proxy.admin('GET', '/api/exchanges.har');
    const list = await proxy.admin('GET', '/api/exchanges');
    for (const text of [settings.text, har.text, list.text]) expect(text).not.toContain(UPSTREAM_TOKEN);
  });

  it('replays an exchange to the upstream, edited first, linked to the original', async () => {
    const recorded = nextExchanges(proxy.sandbox, 1);
    const first = await proxy.scim('POST', '/Users', { body: { schemas: [USER], userName: 'replay-me@example.com' } });
    expect(first.status).toBe(201);
    const original = (await recorded)[0]!;
    const edited = JSON.stringify({ schemas: [USER], userName: 'replayed-edited@example.com' });
    const replay = await proxy.admin('POST', `/api/exchanges/${original.id}/replay`, { body: { body: edited, headers: { 'Content-Type': 'application/scim+json', 'X-Edited': 'yes' } } });
    expect(replay.status, replay.text).toBe(201);
    expect(replay.body.replayOf).toBe(original.id);
    expect(replay.body.status).toBe(201);
    const again = await exchange(proxy, replay.body.id);
    expect(again.request.headers['X-Edited']).toBe('yes');
    expect(again.upstream?.status).toBe(201);
    const found = await upstream.scim('GET', '/Users?filter=userName%20eq%20%22replayed-edited%40example.com%22');
    expect(found.body.totalResults).toBe(1);
    // A header that would split the request is refused.
    const bad = await proxy.admin('POST', `/api/exchanges/${original.id}/replay`, { body: { headers: { 'X-Bad': 'a\r\nInjected: 1' } } });
    expect(bad.status).toBe(400);
  });

  it('browses the upstream read-only for the Users view', async () => {
    const page = await proxy.admin('GET', '/api/upstream/Users?count=10');
    expect(page.status, page.text).toBe(200);
    expect(page.body.error).toBeNull();
    expect(page.body.resources.map((r: { userName: string }) => r.userName)).toContain('proxied@example.com');
  });
});

describe('proxy mode, header policy and byte-exact bodies (echoing upstream)', () => {
  let upstream: BrokenUpstream;
  let proxy: TestSandbox;
  beforeAll(async () => {
    upstream = await startBrokenUpstream('echo');
    proxy = await startSandbox({ dataDir: ':memory:', seed: 'empty', upstream: { url: upstream.url, auth: 'token', token: UPSTREAM_TOKEN } });
  });
  afterAll(async () => {
    await proxy?.close();
    await upstream?.close();
  });

  const send = (body: Buffer | null, headers: Record<string, string>, chunks = 1): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const u = new URL(`${proxy.addresses.scimUrl}/Users/abc?attributes=userName`);
      const req = http.request({ host: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, method: body ? 'PUT' : 'GET', headers: { Authorization: `Bearer ${proxy.token}`, ...headers }, agent: false }, (res) => {
        const got: Buffer[] = [];
        res.on('data', (c: Buffer) => got.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(got) }));
      });
      req.on('error', reject);
      if (body) {
        const size = Math.ceil(body.length / chunks);
        for (let i = 0; i < body.length; i += size) req.write(body.subarray(i, i + size));
      }
      req.end();
    });

  it.each([
    ['Content-Length', 1],
    ['chunked', 7],
  ])('forwards a request body byte for byte (%s)', async (_kind, chunks) => {
    const body = Buffer.from(JSON.stringify({ schemas: [USER], userName: 'bytes@example.com', displayName: 'Ünïcödé ✓ \u2028', spaced: '  two  spaces ' }, null, 3));
    const headers: Record<string, string> = { 'Content-Type': 'application/scim+json' };
    if (chunks > 1) headers['Transfer-Encoding'] = 'chunked';
    else headers['Content-Length'] = String(body.length);
    const res = await send(body, headers, chunks);
    expect(res.status).toBe(200);
    const got = upstream.received.at(-1)!;
    expect(got.body.equals(body)).toBe(true);
    expect(got.url).toBe('/scim/v2/Users/abc?attributes=userName');
  });

  it('strips hop-by-hop headers both ways, adds X-Forwarded-*, and swaps the credential', async () => {
    const res = await send(null, { Connection: 'keep-alive, X-Hop-Only', 'X-Hop-Only': 'secret-hop', 'Keep-Alive': 'timeout=5', 'Proxy-Authorization': 'Basic Zm9vOmJhcg==', TE: 'trailers', 'X-Custom': 'kept', 'X-Forwarded-For': '203.0.113.9' });
    expect(res.status).toBe(200);
    const got = upstream.received.at(-1)!;
    const names = got.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
    for (const hop of ['x-hop-only', 'keep-alive', 'proxy-authorization', 'te', 'x-scimscope-replay']) expect(names).not.toContain(hop);
    expect(got.headers['x-custom']).toBe('kept');
    expect(got.headers['x-forwarded-for']).toBe('203.0.113.9, 127.0.0.1');
    expect(got.headers['x-forwarded-proto']).toBe('http');
    expect(got.headers['x-forwarded-host']).toBe(`127.0.0.1:${proxy.addresses.scimPort}`);
    expect(got.headers.host).toBe(new URL(upstream.url).host);
    expect(got.headers.authorization).toBe(`Bearer ${UPSTREAM_TOKEN}`);
    expect(JSON.stringify(got.rawHeaders)).not.toContain(proxy.token);
    // The upstream's own hop-by-hop headers stop at Scimscope.
    expect(res.headers['x-upstream']).toBe('yes');
    expect(res.headers['x-upstream-hop']).toBeUndefined();
    expect(res.headers['keep-alive']).not.toBe('timeout=5');
  });

  it('with a custom header, the upstream gets only that header; with pass-through, the IdP\'s own Authorization', async () => {
    await proxy.admin('PUT', '/api/settings', { body: { upstream: { auth: 'header', headerName: 'X-Api-Key', token: 'key-abcdef-123456' } } });
    await send(null, {});
    let got = upstream.received.at(-1)!;
    expect(got.headers['x-api-key']).toBe('key-abcdef-123456');
    expect(got.headers.authorization).toBeUndefined();
    await proxy.admin('PUT', '/api/settings', { body: { upstream: { auth: 'passThrough', token: null } } });
    await send(null, {});
    got = upstream.received.at(-1)!;
    expect(got.headers.authorization).toBe(`Bearer ${proxy.token}`);
    await proxy.admin('PUT', '/api/settings', { body: { upstream: { auth: 'token', token: UPSTREAM_TOKEN } } });
  });

  it('streams a large chunked answer (an import page of 1,000 users) byte for byte and records it as a list', async () => {
    upstream.mode = 'chunked';
    try {
      const recorded = nextExchanges(proxy.sandbox, 1);
      const res = await send(null, {});
      expect(res.status).toBe(200);
      expect(res.headers['transfer-encoding']).toBe('chunked');
      expect(res.body.equals(upstream.lastChunkedBody!)).toBe(true);
      const ex = await exchange(proxy, (await recorded)[0]!.id);
      expect(ex.response.bodySize).toBe(upstream.lastChunkedBody!.length);
      expect((ex.response.body as { totalResults: number }).totalResults).toBe(1000);
    } finally {
      upstream.mode = 'echo';
    }
  });

  it('scrubs the upstream token from what the upstream echoes back, in exchanges and exports', async () => {
    const recorded = nextExchanges(proxy.sandbox, 1);
    const res = await send(null, {});
    expect(res.body.toString()).toContain(UPSTREAM_TOKEN); // the echo really carries it
    const ex = await exchange(proxy, (await recorded)[0]!.id);
    expect(JSON.stringify(ex)).not.toContain(UPSTREAM_TOKEN);
    const har = await proxy.admin('GET', '/api/exchanges.har');
    expect(har.text).not.toContain(UPSTREAM_TOKEN);
  });

  it('rejects an upstream URL that is not http(s) or carries credentials', async () => {
    for (const url of ['ftp://example.com/scim', 'http://user:pw@example.com/scim', 'not a url']) {
      const res = await proxy.admin('PUT', '/api/settings', { body: { upstream: { url } } });
      expect(res.status, url).toBe(400);
    }
  });
});

describe('upstream failures become recorded SCIM errors', () => {
  let upstream: BrokenUpstream;
  let proxy: TestSandbox;
  beforeAll(async () => {
    upstream = await startBrokenUpstream('echo');
    proxy = await startSandbox({ dataDir: ':memory:', seed: 'empty', upstream: { url: upstream.url, auth: 'token', token: UPSTREAM_TOKEN, responseTimeoutMs: 400 } });
  });
  afterAll(async () => {
    await proxy?.close();
    await upstream?.close();
  });

  const cases: { name: string; mode?: BrokenMode; down?: boolean; status: number | null; detail: RegExp; legError: RegExp }[] = [
    { name: 'down (connection refused)', down: true, status: 502, detail: /connection was refused/, legError: /refused/ },
    { name: 'slow (no answer in time)', mode: 'silent', status: 504, detail: /did not answer within 400 ms/, legError: /response timeout/ },
    { name: 'drops the connection', mode: 'drop', status: 502, detail: /closed the connection without answering/, legError: /closed/ },
    { name: 'answers garbage', mode: 'garbage', status: 502, detail: /not HTTP/, legError: /not an HTTP answer/ },
    { name: 'drops the connection mid-body', mode: 'dropMidBody', status: 200, detail: /.*/, legError: /closed/ },
  ];

  it.each(cases)('$name', async ({ mode, down, status, detail, legError }) => {
    const url = down ? `http://127.0.0.1:${await closedPort()}/scim/v2` : upstream.url;
    // The token with the URL: pointing the upstream at another origin drops it (config/settings-store.ts).
    const put = await proxy.admin('PUT', '/api/settings', { body: { upstream: { url, token: UPSTREAM_TOKEN } } });
    expect(put.status, put.text).toBe(200);
    upstream.mode = mode ?? 'echo';
    const recorded = nextExchanges(proxy.sandbox, 1);
    const res = await rawRequest(`${proxy.addresses.scimUrl}/Users?count=1`, { headers: { Authorization: `Bearer ${proxy.token}` } });
    const ex = await exchange(proxy, (await recorded)[0]!.id);
    expect(ex.upstream?.error).toMatch(legError);
    if (mode === 'dropMidBody') {
      // The answer had started: the IdP sees the cut, like the upstream's.
      expect(res.error ?? res.status).toBeTruthy();
      expect(ex.outcome).toBe('dropped');
    } else {
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/application\/scim\+json/);
      const body = JSON.parse(res.body) as { schemas: string[]; status: string; detail: string };
      expect(body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
      expect(body.status).toBe(String(status));
      expect(body.detail).toMatch(detail);
      expect(ex.response.status).toBe(status);
    }
    // The process is up and serving.
    upstream.mode = 'echo';
    await proxy.admin('PUT', '/api/settings', { body: { upstream: { url: upstream.url, token: UPSTREAM_TOKEN } } });
    expect((await proxy.scim('GET', '/Users')).status).toBe(200);
  });
});

describe('response lint on a broken upstream', () => {
  let upstream: BrokenUpstream;
  let proxy: TestSandbox;
  beforeAll(async () => {
    upstream = await startBrokenUpstream('broken');
    proxy = await startSandbox({ dataDir: ':memory:', seed: 'empty', upstream: { url: upstream.url, auth: 'token', token: UPSTREAM_TOKEN } });
  });
  afterAll(async () => {
    await proxy?.close();
    await upstream?.close();
  });

  const cases: { name: string; method: string; path: string; body?: unknown; codes: string[] }[] = [
    { name: 'create without Location or meta, as application/json', method: 'POST', path: '/Users', body: { schemas: [USER], userName: 'new@example.com' }, codes: ['response.create.location.missing', 'response.create.meta.missing', 'response.contentType.json'] },
    { name: 'duplicate 409 without scimType or SCIM Error', method: 'POST', path: '/Users', body: { schemas: [USER], userName: 'taken@example.com' }, codes: ['response.conflict.scimType.missing', 'response.error.schema.missing'] },
    { name: 'lookup answered 404', method: 'GET', path: '/Users?filter=userName%20eq%20%22x%22', codes: ['response.lookup.notFound404', 'response.error.schema.missing'] },
    { name: 'totalResults as a string, no paging fields', method: 'GET', path: '/Users', codes: ['response.list.notNumber'] },
    { name: 'PUT changes the id', method: 'PUT', path: '/Users/u1', body: { schemas: [USER], userName: 'a@example.com' }, codes: ['response.put.id.changed'] },
    { name: 'PATCH answered 200 without the resource', method: 'PATCH', path: '/Users/u1', body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'active', value: false }] }, codes: ['response.patch.notResource'] },
    { name: 'unhandled 500 as text/plain', method: 'DELETE', path: '/Users/u1', codes: ['response.contentType.notJson', 'response.error.schema.missing'] },
  ];

  it.each(cases)('$name', async ({ method, path, body, codes }) => {
    const recorded = nextExchanges(proxy.sandbox, 1);
    await proxy.scim(method, path, body === undefined ? {} : { body });
    const ex = await exchange(proxy, (await recorded)[0]!.id);
    const found = ex.lint.map((l) => l.code);
    expect(found).toEqual(expect.arrayContaining(codes));
    for (const l of ex.lint.filter((x) => x.code.startsWith('response.'))) {
      expect(l.sources?.length, l.code).toBeGreaterThan(0);
      for (const s of l.sources!) expect(['rfc', 'interop-draft', 'okta', 'entra']).toContain(s.kind);
    }
  });
});
