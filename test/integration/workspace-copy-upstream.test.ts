/**
 * A workspace copied from another takes its settings but none of its credentials, the upstream token
 * included (review R4): the copy's proxy mode points at the same upstream with no credential until
 * one is entered for it, so a student's workspace cannot drive the teacher's upstream with the
 * teacher's token. The 201 says so (`warnings`), and the copy refuses to forward (503) rather than
 * send no credential. Over real HTTP, with an upstream that records the Authorization it receives.
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { adminJson, scimAs } from '../helpers/workspaces.js';

const TEACHER_TOKEN = 'TEACHER-UPSTREAM-TOKEN-5566-abcdef';

describe('copying a workspace in proxy mode', () => {
  let t: TestSandbox;
  let upstream: http.Server;
  let base: string;
  const got: (string | undefined)[] = [];
  beforeAll(async () => {
    upstream = http.createServer((req, res) => {
      got.push(req.headers.authorization);
      res.writeHead(200, { 'Content-Type': 'application/scim+json' }).end('{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[]}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/scim/v2`;
    t = await startSandbox({ seed: 'empty' });
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => upstream?.close(resolve));
  });

  it.each([
    ['one copy', { name: 'copy-1', from: 'default' }, ['copy-1']],
    ['a numbered series', { prefix: 'class-', count: 2, from: 'default' }, ['class-01', 'class-02']],
  ])('%s keeps the upstream URL and settings but not the upstream token', async (_what, body, names) => {
    expect((await t.admin('PUT', '/api/settings', { body: { upstream: { url: base, auth: 'token', token: TEACHER_TOKEN, connectTimeoutMs: 1234 } } })).status).toBe(200);
    const created = await adminJson(t, 'POST', '/api/workspaces', body);
    expect(created.status, created.text).toBe(201);
    // The answer says what the copies lack, once for all of them.
    expect(created.body.warnings).toEqual([expect.stringContaining('The upstream token of "default" is not copied')]);
    for (const name of names) expect(created.body.warnings[0]).toContain(`"${name}"`);
    expect(created.body.warnings[0]).toContain(`${new URL(base).origin} (proxy mode, upstream authentication "token")`);
    expect(created.body.warnings[0]).not.toContain(TEACHER_TOKEN);
    const tokens: Record<string, string> = Object.fromEntries(('items' in created.body ? created.body.items : [created.body]).map((w: { name: string; token: string }) => [w.name, w.token]));
    for (const name of names) {
      expect((await t.admin('GET', `/api/w/${name}/settings`)).body.upstream).toMatchObject({ url: base, auth: 'token', connectTimeoutMs: 1234, tokenSet: false });
      const file = await readFile(path.join(t.dataDir, 'workspaces', name, 'settings.json'), 'utf8');
      expect(file).not.toContain(TEACHER_TOKEN);
      // Until one is entered the copy refuses to forward, saying why, rather than sending no credential.
      got.length = 0;
      const refused = await scimAs(t, name, tokens[name]!, 'GET', '/Users');
      expect(refused.status).toBe(503);
      expect(refused.body.detail).toContain('no upstream token');
      expect(got).toEqual([]);
    }
    // The source keeps its own.
    got.length = 0;
    expect((await t.scim('GET', '/Users')).status).toBe(200);
    expect(got).toEqual([`Bearer ${TEACHER_TOKEN}`]);
  });

  let copies = 0;
  it.each([
    ['sandbox mode', { url: null }, null],
    ['proxy mode, "none"', { auth: 'none' }, null],
    ['proxy mode, "header", no token at the source', { auth: 'header', headerName: 'X-Api-Key', token: null }, /^"default" has no upstream token to copy: "w-\d+" forwards its SCIM requests to http:\/\/127\.0\.0\.1:\d+ \(proxy mode, upstream authentication "header"\) and refuses them \(503, "no upstream token"\)/],
    ['proxy mode, "passThrough"', { auth: 'passThrough' }, /^"w-\d+" passes the IdP's credential through to http:\/\/127\.0\.0\.1:\d+ \(upstream authentication "passThrough"\): that is its own new credential \(SCIM token or OAuth client\), not the one of "default"/],
  ] as const)('a copy of a workspace in %s warns as it should', async (_what, upstreamPatch, warning) => {
    const reset = await t.admin('PUT', '/api/settings', { body: { upstream: { url: base, auth: 'token', token: TEACHER_TOKEN, ...upstreamPatch } } });
    expect(reset.status, reset.text).toBe(200);
    const name = `w-${++copies}`;
    const created = await adminJson(t, 'POST', '/api/workspaces', { name, from: 'default' });
    expect(created.status, created.text).toBe(201);
    if (warning === null) expect(created.body.warnings).toEqual([]);
    else expect(created.body.warnings).toEqual([expect.stringMatching(warning)]);
  });

  it.each([
    ['demo', { name: 'plain-demo' }],
    ['a list from empty', { names: ['plain-1', 'plain-2'], from: 'empty' }],
  ])('a workspace that copies nothing (%s) answers no warnings', async (_what, body) => {
    expect((await t.admin('PUT', '/api/settings', { body: { upstream: { url: base, auth: 'token', token: TEACHER_TOKEN } } })).status).toBe(200);
    const created = await adminJson(t, 'POST', '/api/workspaces', body);
    expect(created.status, created.text).toBe(201);
    expect(created.body.warnings).toEqual([]);
  });
});
