/**
 * A workspace copied from another takes its settings but none of its credentials, the upstream token
 * included (review R4): the copy's proxy mode points at the same upstream with no credential until
 * one is entered for it, so a student's workspace cannot drive the teacher's upstream with the
 * teacher's token. Over real HTTP, with an upstream that records the Authorization it receives.
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
});
