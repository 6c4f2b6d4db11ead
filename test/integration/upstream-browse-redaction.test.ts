/**
 * The inspector's upstream browse (`GET /api/upstream/:type`, proxy mode) is an exit of the admin
 * API, and redacts what the upstream answers as a recorded answer is redacted (review R9): secret
 * members (password, clientSecret) and the workspace's configured secrets (the upstream token echoed
 * back), in the resources and in the error text. Over real HTTP, with an upstream under development
 * that returns what it stores.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const UPSTREAM_TOKEN = 'UPSTREAM-TOKEN-echoed-9911-abcdef';
const PASSWORD = 'Upstream-Plain-Pw-4242';
const CLIENT_SECRET = 'ext-client-secret-7373';

describe('browsing the upstream through the admin API', () => {
  let t: TestSandbox;
  let upstream: http.Server;
  beforeAll(async () => {
    upstream = http.createServer((req, res) => {
      if (req.url?.startsWith('/scim/v2/Groups')) {
        res.writeHead(401, { 'Content-Type': 'application/scim+json' }).end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: `token ${UPSTREAM_TOKEN} is not allowed here` }));
        return;
      }
      const user = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'u1', userName: 'dev@example.com', password: PASSWORD, 'urn:example:ext': { clientSecret: CLIENT_SECRET, note: `issued for ${UPSTREAM_TOKEN}` } };
      res.writeHead(200, { 'Content-Type': 'application/scim+json' }).end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1, Resources: [user] }));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    t = await startSandbox({ seed: 'empty' });
    const res = await t.admin('PUT', '/api/settings', { body: { upstream: { url: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/scim/v2`, auth: 'token', token: UPSTREAM_TOKEN } } });
    expect(res.status).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => upstream?.close(resolve));
  });

  it('redacts secret members and the configured secrets in the resources', async () => {
    const res = await t.admin('GET', '/api/upstream/Users');
    expect(res.status).toBe(200);
    expect(res.body.totalResults).toBe(1);
    for (const secret of [PASSWORD, CLIENT_SECRET, UPSTREAM_TOKEN]) expect(res.text).not.toContain(secret);
    expect(res.body.resources[0]).toMatchObject({ userName: 'dev@example.com', password: '[redacted]', 'urn:example:ext': { clientSecret: '[redacted]' } });
  });

  it('scrubs the configured secrets from the error text', async () => {
    const res = await t.admin('GET', '/api/upstream/Groups');
    expect(res.status).toBe(200);
    expect(res.body.error).toContain('401');
    expect(res.text).not.toContain(UPSTREAM_TOKEN);
  });
});
