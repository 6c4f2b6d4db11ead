/**
 * Every fault action in proxy mode, in both phases, over real HTTP to a recording upstream: a
 * before-phase rule answers without the upstream ever seeing the request (latency and a wrong media
 * type let it through); an after-phase rule lets the upstream receive it and then shapes what the
 * IdP gets. Also an https upstream with a self-signed certificate: refused by default with a clear
 * 502, accepted with `insecure`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../../server/contract/exchange.js';
import { startBrokenUpstream, type BrokenUpstream } from '../fixtures/broken-upstream.js';
import { nextExchanges } from '../helpers/recording.js';
import { rawRequest, type RawResult } from '../helpers/raw-http.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { tempDir } from '../helpers/temp-dir.js';

const TOKEN = 'upstream-token-for-faults-123';

type Case = { action: Record<string, unknown>; passes: boolean; check: (r: RawResult) => void };
const CASES: Record<string, Case> = {
  latency: { action: { type: 'latency', ms: 50 }, passes: true, check: (r) => expect(r.status).toBe(200) },
  error: { action: { type: 'error', status: 503, detail: 'injected' }, passes: false, check: (r) => expect(r.status).toBe(503) },
  rateLimit: { action: { type: 'rateLimit', retryAfter: 7 }, passes: false, check: (r) => (expect(r.status).toBe(429), expect(r.headers['retry-after']).toBe('7')) },
  drop: { action: { type: 'drop' }, passes: false, check: (r) => expect(r.status).toBeNull() },
  timeout: { action: { type: 'timeout', maxMs: 200 }, passes: false, check: (r) => expect(r.status).toBeNull() },
  malformed: { action: { type: 'malformed' }, passes: false, check: (r) => (expect(r.status).toBe(200), expect(() => JSON.parse(r.body)).toThrow()) },
  emptyBody: { action: { type: 'emptyBody' }, passes: false, check: (r) => (expect(r.status).toBe(200), expect(r.body).toBe('')) },
  wrongContentType: { action: { type: 'wrongContentType' }, passes: true, check: (r) => (expect(r.status).toBe(200), expect(r.headers['content-type']).toMatch(/text\/html/)) },
};
const table = Object.entries(CASES).flatMap(([name, c]) => (['before', 'after'] as const).map((phase) => ({ name, phase, ...c })));

describe('every fault action in proxy mode, before and after the upstream', () => {
  let upstream: BrokenUpstream;
  let proxy: TestSandbox;
  beforeAll(async () => {
    upstream = await startBrokenUpstream('echo');
    proxy = await startSandbox({ dataDir: ':memory:', seed: 'empty', upstream: { url: upstream.url, auth: 'token', token: TOKEN } });
  });
  afterAll(async () => {
    await proxy?.close();
    await upstream?.close();
  });

  it.each(table)('$name ($phase)', async ({ action, phase, passes, check }) => {
    for (const r of (await proxy.admin('GET', '/api/faults')).body.items) await proxy.admin('DELETE', `/api/faults/${r.id}`);
    const rule = await proxy.admin('POST', '/api/faults', { body: { name: `${action.type} ${phase}`, phase, action } });
    expect(rule.status, rule.text).toBe(201);
    const seen = upstream.received.length;
    const recorded = nextExchanges(proxy.sandbox, 1);
    const res = await rawRequest(`${proxy.addresses.scimUrl}/Users?count=1`, { headers: { Authorization: `Bearer ${proxy.token}` } });
    check(res);
    const reached = upstream.received.length - seen;
    expect(reached).toBe(phase === 'after' || passes ? 1 : 0);
    const ex = (await proxy.admin('GET', `/api/exchanges/${(await recorded)[0]!.id}`)).body as Exchange;
    expect(ex.fault).toMatchObject({ action: action.type, phase });
    if (phase === 'after') expect(ex.upstream?.status).toBe(200);
    else if (!passes) expect(ex.upstream ?? null).toBeNull();
  });
});

describe('an https upstream with a self-signed certificate', () => {
  let server: https.Server;
  let url: string;
  let proxy: TestSandbox;
  let removeDir: () => Promise<void>;
  beforeAll(async () => {
    const temp = await tempDir();
    removeDir = temp.remove;
    const key = path.join(temp.dir, 'key.pem');
    const cert = path.join(temp.dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    server = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/scim+json' });
      res.end('{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"startIndex":1,"itemsPerPage":0,"Resources":[]}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
    proxy = await startSandbox({ dataDir: ':memory:', seed: 'empty', upstream: { url, auth: 'none' } });
  });
  afterAll(async () => {
    await proxy?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await removeDir?.();
  });

  it('is refused by default with a 502 that names the fix, and accepted with insecure', async () => {
    const refused = await proxy.scim('GET', '/Users');
    expect(refused.status).toBe(502);
    expect(refused.body.detail).toMatch(/certificate could not be verified.*--upstream-insecure/);
    await proxy.admin('PUT', '/api/settings', { body: { upstream: { insecure: true } } });
    const ok = await proxy.scim('GET', '/Users');
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.totalResults).toBe(0);
  });
});
