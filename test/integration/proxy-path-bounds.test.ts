/**
 * Proxy mode keeps every forwarded request under the upstream base path (review R1): a "." or ".."
 * segment in the IdP's path, however spelled (%2e, %2E., a backslash separator), would otherwise be
 * resolved by the URL and climb out of the base with Scimscope's upstream credential attached. Such
 * a path is refused with a SCIM 400 invalidPath, recorded, and never reaches the upstream. Requests
 * are sent with node:http with the path as written: fetch and URL resolve dot segments client-side.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const UPSTREAM_TOKEN = 'upstream-token-for-path-bounds-42';

function send(port: number, path: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, headers: { Authorization: `Bearer ${token}` }, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('proxy mode: the forwarded path stays under the upstream base', () => {
  let proxy: TestSandbox;
  let upstream: http.Server;
  const seen: { path: string; authorization: string | undefined }[] = [];
  beforeAll(async () => {
    upstream = http.createServer((req, res) => {
      seen.push({ path: req.url ?? '', authorization: req.headers.authorization });
      res.writeHead(200, { 'Content-Type': 'application/scim+json' }).end('{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[]}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const { port } = upstream.address() as AddressInfo;
    proxy = await startSandbox({ seed: 'empty', upstream: { url: `http://127.0.0.1:${port}/tenant-a/scim/v2`, auth: 'token', token: UPSTREAM_TOKEN } });
  });
  afterAll(async () => {
    await proxy?.close();
    await new Promise((resolve) => upstream?.close(resolve));
  });

  it.each([
    ['/scim/v2/Users', '/tenant-a/scim/v2/Users'],
    ['/scim/v2/Users/a..b?attributes=userName', '/tenant-a/scim/v2/Users/a..b?attributes=userName'],
    ['/scim/v2/Users/...', '/tenant-a/scim/v2/Users/...'],
    ['/scim/v2/Users/a%2Fb;v=1', '/tenant-a/scim/v2/Users/a%2Fb;v=1'],
  ])('%s is forwarded to %s', async (path, expected) => {
    seen.length = 0;
    const res = await send(proxy.addresses.scimPort, path, proxy.token);
    expect(res.status, res.body).toBe(200);
    expect(seen).toEqual([{ path: expected, authorization: `Bearer ${UPSTREAM_TOKEN}` }]);
  });

  it.each([
    '/scim/v2/%2e%2e/%2e%2e/%2e%2e/internal/metrics',
    '/scim/v2/Users/%2E%2E/%2e%2e/%2e%2e/tenant-b/admin/delete-all',
    '/scim/v2/Users/../../../tenant-b/scim/v2/Users',
    '/scim/v2/Users/.%2e/Groups',
    '/scim/v2/Users/%2e./Groups',
    '/scim/v2/./Users',
    '/scim/v2/Users/%2e',
    '/scim/v2/Users/..\\..\\..\\internal',
    // As lenient upstreams read them (review B4): `;` parameters, encoded separators, double encoding, NUL.
    '/scim/v2/..;/..;/..;/internal/admin',
    '/scim/v2/Users/..;jsessionid=1/..;/..;/internal/admin',
    '/scim/v2/%2e%2e%2f%2e%2e%2f%2e%2e%2finternal%2fadmin',
    '/scim/v2/..%5c..%5c..%5cinternal%5cadmin',
    '/scim/v2/%252e%252e/%252e%252e/%252e%252e/internal/admin',
    '/scim/v2/Users/.%00./x',
  ])('%s is refused with 400 invalidPath, recorded, and never forwarded', async (path) => {
    seen.length = 0;
    const recorded = nextExchanges(proxy.sandbox, 1);
    const res = await send(proxy.addresses.scimPort, path, proxy.token);
    expect(res.status, res.body).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'invalidPath' });
    const [summary] = await recorded;
    expect(summary).toMatchObject({ status: 400 });
    expect(seen).toEqual([]);
  });
});
