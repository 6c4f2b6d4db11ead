/**
 * Workspaces over real HTTP with real folders: create one, a list, a numbered series (all or
 * nothing, with clear 400/409 errors), duplicate, rename, delete; what survives a restart; a folder
 * that cannot be loaded is reported for its workspace and left byte for byte; named workspaces load
 * on first use and unload when idle (driven by an injected clock and `unloadIdle()`, never by waiting)
 * without losing what they recorded or stored.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { tempDir } from '../helpers/temp-dir.js';
import { adminJson, createWorkspace, openSocket, recordedOn, scimAs, scimBase, USER_SCHEMA } from '../helpers/workspaces.js';

const folder = (t: TestSandbox, name: string) => path.join(t.dataDir, 'workspaces', name);

describe('creating workspaces', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t?.close());

  it('creates one with its own SCIM URL and token, seeded with the demo directory, in its own folder', async () => {
    const res = await adminJson(t, 'POST', '/api/workspaces', { name: 'team-1' });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ name: 'team-1', scimUrl: scimBase(t, 'team-1'), mountPath: '/w/team-1', loaded: true });
    expect(res.body.token).not.toBe(t.token);
    const users = await scimAs(t, 'team-1', res.body.token, 'GET', '/Users');
    expect(users.status).toBe(200);
    expect(users.body.totalResults).toBe((await t.scim('GET', '/Users')).body.totalResults);
    expect((await readdir(folder(t, 'team-1'))).sort()).toEqual(expect.arrayContaining(['settings.json']));
    const list = await t.admin('GET', '/api/workspaces');
    expect(list.body.items.map((w: { name: string }) => w.name)).toEqual(['default', 'team-1']);
    expect(list.body.total).toBe(2);
    expect(list.body.items[0]).toMatchObject({ name: 'default', scimUrl: t.addresses.scimUrl, loaded: true, authMode: 'bearer' });
  });

  it('creates a numbered series in one call, each with a distinct token', async () => {
    const res = await adminJson(t, 'POST', '/api/workspaces', { prefix: 'class-', count: 3, from: 'empty' });
    expect(res.status).toBe(201);
    expect(res.body.total).toBe(3);
    expect(res.body.items.map((w: { name: string }) => w.name)).toEqual(['class-01', 'class-02', 'class-03']);
    expect(new Set(res.body.items.map((w: { token: string }) => w.token)).size).toBe(3);
    for (const w of res.body.items) expect((await scimAs(t, w.name, w.token, 'GET', '/Users')).body.totalResults).toBe(0);
  });

  it.each([
    { what: 'a bad name', body: { names: ['fine-1', 'Not OK'] }, status: 400, code: 'invalid_name' },
    { what: 'the reserved name', body: { names: ['fine-1', 'default'] }, status: 400, code: 'invalid_name' },
    { what: 'a name given twice', body: { names: ['fine-1', 'fine-1'] }, status: 400, code: 'duplicate_name' },
    { what: 'an existing name', body: { names: ['fine-1', 'class-02'] }, status: 409, code: 'workspace_exists' },
    { what: 'a prefix that makes bad names', body: { prefix: 'Class_', count: 2 }, status: 400, code: 'invalid_name' },
    { what: 'an unknown source', body: { names: ['fine-1'], from: 'no-such-thing' }, status: 400, code: 'unknown_source' },
    { what: 'two forms at once', body: { name: 'fine-1', names: ['fine-2'] }, status: 400, code: 'invalid_input' },
    { what: 'a count without a prefix', body: { count: 2 }, status: 400, code: 'invalid_input' },
    { what: 'an empty list', body: { names: [] }, status: 400, code: 'no_names' },
    { what: 'an unknown field', body: { name: 'fine-1', color: 'red' }, status: 400, code: 'invalid_input' },
  ])('refuses $what, creating none of them', async ({ body, status, code }) => {
    const before = (await t.admin('GET', '/api/workspaces')).body.items.map((w: { name: string }) => w.name);
    const res = await adminJson(t, 'POST', '/api/workspaces', body);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect((await t.admin('GET', '/api/workspaces')).body.items.map((w: { name: string }) => w.name)).toEqual(before);
    expect(existsSync(folder(t, 'fine-1'))).toBe(false);
    expect(existsSync(folder(t, 'fine-2'))).toBe(false);
  });

  it('duplicates a workspace: its users, password hashes, fault rules and settings, but a token of its own and none of its traffic', async () => {
    const source = await createWorkspace(t, 'source', 'empty');
    const made = await scimAs(t, 'source', source.token, 'POST', '/Users', { schemas: [USER_SCHEMA], userName: 'copied@example.com', password: 'Sup3r-secret!' });
    expect(made.status).toBe(201);
    expect((await adminJson(t, 'POST', '/api/w/source/faults', { name: 'slow', match: {}, when: {}, action: { type: 'latency', ms: 1 } })).status).toBe(201);
    expect((await adminJson(t, 'PUT', '/api/w/source/settings', { quirks: { duplicateAs400: true } })).status).toBe(200);

    const copy = await adminJson(t, 'POST', '/api/workspaces', { name: 'copy', from: 'source' });
    expect(copy.status).toBe(201);
    expect(copy.body.token).not.toBe(source.token);
    const faults = await t.admin('GET', '/api/w/copy/faults');
    expect(faults.body.items.map((r: { name: string; hits: number }) => [r.name, r.hits])).toEqual([['slow', 0]]);
    const user = await scimAs(t, 'copy', copy.body.token, 'GET', `/Users/${made.body.id}`);
    expect(user.status).toBe(200);
    expect(user.body.meta.location).toBe(`${scimBase(t, 'copy')}/Users/${made.body.id}`);
    expect(t.sandbox.workspaces.loaded('copy')!.store.secretOf(made.body.id)).toEqual(t.sandbox.workspaces.loaded('source')!.store.secretOf(made.body.id));
    expect((await t.admin('GET', '/api/w/copy/settings')).body.quirks.duplicateAs400).toBe(true);
    const traffic = await t.admin('GET', '/api/w/copy/exchanges');
    expect(traffic.body.items.every((e: { path: string; method: string }) => e.path !== '/scim/v2/Users' || e.method !== 'POST')).toBe(true);
    expect((await scimAs(t, 'copy', source.token, 'GET', '/Users')).status).toBe(401);
  });

  it('renames and deletes, but never the default workspace', async () => {
    expect((await adminJson(t, 'PATCH', '/api/workspaces/default', { name: 'other' })).body.error.code).toBe('default_workspace');
    expect((await t.admin('DELETE', '/api/workspaces/default')).body.error.code).toBe('default_workspace');
    expect((await t.admin('DELETE', '/api/workspaces/nope')).status).toBe(404);
    expect((await adminJson(t, 'PATCH', '/api/workspaces/copy', { name: 'source' })).status).toBe(409);
    expect((await adminJson(t, 'PATCH', '/api/workspaces/copy', { name: 'Bad Name' })).status).toBe(400);
    expect((await adminJson(t, 'PATCH', '/api/workspaces/copy', { name: 'copy-2' })).status).toBe(200);
    expect(existsSync(folder(t, 'copy'))).toBe(false);
    expect(existsSync(folder(t, 'copy-2'))).toBe(true);
    expect((await t.admin('DELETE', '/api/workspaces/copy-2')).status).toBe(204);
    expect(existsSync(folder(t, 'copy-2'))).toBe(false);
    expect((await t.admin('GET', '/api/workspaces/copy-2')).status).toBe(404);
  });

  it('answers SCIM requests to a workspace that does not exist with a SCIM 404', async () => {
    const res = await scimAs(t, 'ghost', 'whatever-token', 'GET', '/Users');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' });
    expect(res.body.detail).toContain('ghost');
  });

  it('takes `from` values it does not know from the resolver it was given (the snapshots seam)', async () => {
    const resolved: string[] = [];
    const r = await startSandbox({
      workspaces: {
        resolveFrom: (from) => {
          resolved.push(from);
          if (from === 'flaky') {
            let made = 0;
            return { seed: 'demo', prepare: async () => {
              if (++made === 2) throw new Error('the second one fails');
            } };
          }
          if (from !== 'lab-1') return null;
          return { seed: 'empty', prepare: async (core) => void (await core.services.users.create({ schemas: [USER_SCHEMA], userName: 'from-lab@example.com' }, { origin: { source: 'seed' }, leniencies: [] })) };
        },
      },
    });
    const made = await adminJson(r, 'POST', '/api/workspaces', { name: 'lab', from: 'lab-1' });
    expect(made.status).toBe(201);
    const users = await scimAs(r, 'lab', made.body.token, 'GET', '/Users');
    expect(users.body.Resources.map((u: { userName: string }) => u.userName)).toEqual(['from-lab@example.com']);
    expect((await adminJson(r, 'POST', '/api/workspaces', { name: 'lab-2', from: 'lab-9' })).body.error.code).toBe('unknown_source');
    expect(resolved).toEqual(['lab-1', 'lab-9']);

    // A failure part-way through a bulk creation undoes the ones already made: folders and list.
    const failed = await adminJson(r, 'POST', '/api/workspaces', { names: ['f-1', 'f-2', 'f-3'], from: 'flaky' });
    expect(failed.status).toBe(500);
    expect((await r.admin('GET', '/api/workspaces')).body.items.map((w: { name: string }) => w.name)).toEqual(['default', 'lab']);
    for (const name of ['f-1', 'f-2', 'f-3']) expect(existsSync(path.join(r.dataDir, 'workspaces', name))).toBe(false);
    expect((await scimAs(r, 'f-1', 'any-token-at-all', 'GET', '/Users')).status).toBe(404);
  });
});

describe('workspaces across restarts, lazy loading and idle unloading', () => {
  let clock = 1_000_000;
  const now = () => clock;
  const start = (dir: string) => startSandbox({ dataDir: dir, workspaces: { idleMs: 60_000, now } });

  it('survive a restart; load on first use; unload when idle, losing nothing', async () => {
    const temp = await tempDir();
    try {
      let t = await start(temp.dir);
      const made = await adminJson(t, 'POST', '/api/workspaces', { names: ['keep-a', 'keep-b'], from: 'empty' });
      const tokenA = made.body.items[0].token;
      const recorded = recordedOn(t.sandbox.workspaces.loaded('keep-a')!.bus, 1);
      const user = await scimAs(t, 'keep-a', tokenA, 'POST', '/Users', { schemas: [USER_SCHEMA], userName: 'durable@example.com' });
      await recorded;
      await t.stop();

      t = await start(temp.dir);
      const list = await t.admin('GET', '/api/workspaces');
      expect(list.body.items.map((w: { name: string; loaded: boolean }) => [w.name, w.loaded])).toEqual([['default', true], ['keep-a', false], ['keep-b', false]]);
      // First use loads it; the token and the data came through the restart.
      const read = await scimAs(t, 'keep-a', tokenA, 'GET', `/Users/${user.body.id}`);
      expect(read.status).toBe(200);
      expect(t.sandbox.workspaces.loaded('keep-a')).not.toBeNull();
      expect((await t.admin('GET', '/api/w/keep-a/exchanges')).body.total).toBeGreaterThanOrEqual(1);

      // Not idle long enough: stays. An open event stream keeps it loaded however long.
      clock += 30_000;
      expect(await t.sandbox.workspaces.unloadIdle()).toEqual([]);
      const socket = await openSocket(`${t.addresses.adminUrl.replace('http', 'ws')}/api/w/keep-a/events?initial=0`, { Authorization: `Bearer ${t.adminToken}` });
      clock += 120_000;
      expect(await t.sandbox.workspaces.unloadIdle()).toEqual([]);
      socket.ws.close();
      await socket.closed;
      await t.sandbox.workspaces.loaded('keep-a')!.settled();
      clock += 120_000;
      expect(await t.sandbox.workspaces.unloadIdle()).toEqual(['keep-a']);
      expect(t.sandbox.workspaces.loaded('keep-a')).toBeNull();
      // Closed cleanly: the store is folded into store.json, the exchange is on disk.
      const store = JSON.parse(await readFile(path.join(temp.dir, 'workspaces', 'keep-a', 'store.json'), 'utf8'));
      expect(store.users.map((u: { userName: string }) => u.userName)).toEqual(['durable@example.com']);
      const listed = await t.admin('GET', '/api/workspaces');
      expect(listed.body.items[1]).toMatchObject({ name: 'keep-a', loaded: false, authMode: 'bearer' });
      expect(listed.body.items[1].counts.users).toBe(1);
      // And loads again on the next request.
      expect((await scimAs(t, 'keep-a', tokenA, 'GET', '/Users')).body.totalResults).toBe(1);
      await t.stop();
    } finally {
      await temp.remove();
    }
  });

  it('loads once under a burst of first requests, and writes racing an unload are all kept', async () => {
    const temp = await tempDir();
    try {
      let t = await start(temp.dir);
      const made = await adminJson(t, 'POST', '/api/workspaces', { name: 'burst', from: 'empty' });
      await t.stop();
      t = await start(temp.dir);
      expect(t.sandbox.workspaces.loaded('burst')).toBeNull();
      const create = (i: number) => scimAs(t, 'burst', made.body.token, 'POST', '/Users', { schemas: [USER_SCHEMA], userName: `u${i}@example.com` });
      const first = await Promise.all(Array.from({ length: 20 }, (_, i) => create(i)));
      expect(first.map((r) => r.status)).toEqual(Array(20).fill(201));
      // Unloads asked for while writes are arriving: each waits its turn, nothing is lost or opened twice.
      clock += 120_000;
      const racing = await Promise.all([...Array.from({ length: 20 }, (_, i) => create(20 + i)), t.sandbox.workspaces.unloadIdle().then(() => null)]);
      expect(racing.slice(0, 20).map((r) => r!.status)).toEqual(Array(20).fill(201));
      clock += 120_000;
      await t.sandbox.workspaces.unloadIdle();
      const list = await scimAs(t, 'burst', made.body.token, 'GET', '/Users?count=100');
      expect(list.body.totalResults).toBe(40);
      await t.stop();
      t = await start(temp.dir);
      expect((await scimAs(t, 'burst', made.body.token, 'GET', '/Users?count=100')).body.totalResults).toBe(40);
      await t.stop();
    } finally {
      await temp.remove();
    }
  });

  it('reports a workspace whose folder cannot be loaded, leaves it untouched, and serves the others', async () => {
    const temp = await tempDir();
    try {
      let t = await start(temp.dir);
      const made = await adminJson(t, 'POST', '/api/workspaces', { names: ['broken', 'fine'], from: 'empty' });
      await t.stop();
      const storeFile = path.join(temp.dir, 'workspaces', 'broken', 'store.json');
      await writeFile(storeFile, '{"version": 1, "users": [ this is not json');
      const before = await readFile(storeFile);

      t = await start(temp.dir);
      const res = await scimAs(t, 'broken', made.body.items[0].token, 'GET', '/Users');
      expect(res.status).toBe(503);
      expect(res.body.schemas).toContain('urn:ietf:params:scim:api:messages:2.0:Error');
      expect(res.body.detail).toContain('broken');
      const admin = await t.admin('GET', '/api/w/broken/users');
      expect(admin.status).toBe(503);
      expect(admin.body.error.code).toBe('workspace_unavailable');
      const list = await t.admin('GET', '/api/workspaces');
      expect(list.body.items.find((w: { name: string }) => w.name === 'broken')).toMatchObject({ loaded: false, error: expect.stringContaining('store.json') });
      expect((await scimAs(t, 'fine', made.body.items[1].token, 'GET', '/Users')).status).toBe(200);
      expect((await t.scim('GET', '/Users')).status).toBe(200);
      await t.stop();
      expect((await readFile(storeFile)).equals(before)).toBe(true);
    } finally {
      await temp.remove();
    }
  });
});
