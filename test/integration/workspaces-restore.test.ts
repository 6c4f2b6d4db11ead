/**
 * `POST /api/workspaces/restore` over real HTTP on a real data folder: a class restored from a
 * snapshot of the default workspace (workspaces unloaded by a restart are loaded for it), from a
 * dataset (recorded as a reset), the default workspace only when named, and every refusal (bad body,
 * unknown source or workspace, a folder that cannot be loaded) leaving every directory as it was; a
 * restore that fails part-way (a store commit made to throw) puts back the workspaces it had restored.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { tempDir } from '../helpers/temp-dir.js';
import { adminJson, scimAs, USER_SCHEMA } from '../helpers/workspaces.js';

const prefixOf = (name: string) => (name === 'default' ? '/api' : `/api/w/${name}`);

/** A workspace's directory as the admin API lists it (ids, names, state, members). */
async function directoryOf(t: TestSandbox, name: string) {
  const users = await t.admin('GET', `${prefixOf(name)}/users?count=1000`);
  const groups = await t.admin('GET', `${prefixOf(name)}/groups?count=1000`);
  expect([users.status, groups.status], `${name}: ${users.text}`).toEqual([200, 200]);
  return {
    users: users.body.items.map((u: any) => ({ id: u.id, userName: u.userName, active: u.active })),
    groups: groups.body.items.map((g: any) => ({ id: g.id, displayName: g.displayName, members: (g.members ?? []).map((m: any) => m.value).sort() })),
  };
}

describe('restoring a class of workspaces in one call', () => {
  let temp: Awaited<ReturnType<typeof tempDir>>;
  let t: TestSandbox;
  const tokens: Record<string, string> = {};
  const start = () => startSandbox({ dataDir: temp.dir, workspaces: { idleMs: 60_000 } });

  beforeAll(async () => {
    temp = await tempDir();
    t = await start();
    const made = await adminJson(t, 'POST', '/api/workspaces', { names: ['r-1', 'r-2', 'r-3', 'other', 'broken'] });
    expect(made.status, made.text).toBe(201);
    for (const w of made.body.items) tokens[w.name] = w.token;
    expect((await t.scim('POST', '/Users', { body: { schemas: [USER_SCHEMA], userName: 'lab.only@example.com' } })).status).toBe(201);
    expect((await adminJson(t, 'POST', '/api/snapshots', { name: 'lab' })).status).toBe(201);
    // r-1 drifts from the demo start: one user gone, one added.
    const [first] = (await directoryOf(t, 'r-1')).users;
    expect((await scimAs(t, 'r-1', tokens['r-1']!, 'DELETE', `/Users/${first.id}`)).status).toBe(204);
    expect((await scimAs(t, 'r-1', tokens['r-1']!, 'POST', '/Users', { schemas: [USER_SCHEMA], userName: 'trainee.made@example.com' })).status).toBe(201);
    await t.stop();
    await writeFile(path.join(temp.dir, 'workspaces', 'broken', 'store.json'), '{"version": 1, "users": [ not json');
    t = await start();
  }, 60_000);

  afterAll(async () => {
    await t?.stop();
    await temp?.remove();
  });

  const REFUSALS: Array<[string, unknown, number, string]> = [
    ['no targets', { from: 'lab' }, 400, 'invalid_input'],
    ['two target forms', { from: 'lab', all: true, names: ['r-1'] }, 400, 'invalid_input'],
    ['an empty list', { from: 'lab', names: [] }, 400, 'no_names'],
    ['no source', { names: ['r-1'] }, 400, 'invalid_input'],
    ['all: false', { from: 'lab', all: false }, 400, 'invalid_input'],
    ['an unknown field', { from: 'lab', names: ['r-1'], force: true }, 400, 'invalid_input'],
    ['an unknown source', { from: 'no-such-lab', names: ['r-1'] }, 400, 'unknown_source'],
    ['an unknown workspace among known ones', { from: 'lab', names: ['r-1', 'ghost'] }, 404, 'workspace_not_found'],
    ['a prefix nothing starts with', { from: 'lab', prefix: 'zz-' }, 404, 'workspace_not_found'],
    ['a workspace whose folder cannot be loaded, after one that can', { from: 'lab', names: ['r-1', 'broken'] }, 503, 'workspace_unavailable'],
  ];

  it.each(REFUSALS)('refuses %s, and nothing changes', async (_case, body, status, code) => {
    const before = await Promise.all(['default', 'r-1', 'r-2'].map((n) => directoryOf(t, n)));
    const brokenBytes = await readFile(path.join(temp.dir, 'workspaces', 'broken', 'store.json'));
    const res = await adminJson(t, 'POST', '/api/workspaces/restore', body);
    expect([res.status, res.body.error?.code], res.text).toEqual([status, code]);
    expect(await Promise.all(['default', 'r-1', 'r-2'].map((n) => directoryOf(t, n)))).toEqual(before);
    expect((await readFile(path.join(temp.dir, 'workspaces', 'broken', 'store.json'))).equals(brokenBytes)).toBe(true);
  });

  it('restores the workspaces a prefix names from the lab snapshot, loading them first, and no other', async () => {
    // The restart left them unloaded.
    expect(t.sandbox.workspaces.loaded('r-3')).toBeNull();
    const lab = await directoryOf(t, 'default');
    const otherBefore = await directoryOf(t, 'other');
    const r1 = await directoryOf(t, 'r-1');
    const made = r1.users.find((u: any) => u.userName === 'trainee.made@example.com');
    const res = await adminJson(t, 'POST', '/api/workspaces/restore', { from: 'lab', prefix: 'r-' });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ from: 'lab', total: 3 });
    expect(res.body.items.map((i: any) => [i.name, i.counts])).toEqual(['r-1', 'r-2', 'r-3'].map((n) => [n, { users: lab.users.length, groups: lab.groups.length }]));
    expect(res.body.items.every((i: any) => i.changed > 0)).toBe(true);
    for (const name of ['r-1', 'r-2', 'r-3']) expect(await directoryOf(t, name), name).toEqual(lab);
    expect(await directoryOf(t, 'other')).toEqual(otherBefore);
    expect(await directoryOf(t, 'default')).toEqual(lab);
    // In r-1's timelines as a restore of the lab.
    const history = await t.admin('GET', `/api/w/r-1/users/${made.id}/history`);
    expect(history.body.items.at(-1)).toMatchObject({ source: 'inspector', action: 'snapshot.restore', kind: 'user.delete', summary: expect.stringContaining('restored snapshot "lab"') });
    // The same restore again changes nothing.
    const again = await adminJson(t, 'POST', '/api/workspaces/restore', { from: 'lab', names: ['r-2'] });
    expect(again.body.items).toEqual([{ name: 'r-2', counts: { users: lab.users.length, groups: lab.groups.length }, changed: 0 }]);
  });

  it('restores from a dataset, recorded as a reset to it', async () => {
    const [someone] = (await directoryOf(t, 'r-3')).users;
    const res = await adminJson(t, 'POST', '/api/workspaces/restore', { from: 'empty', names: ['r-3'] });
    expect(res.status, res.text).toBe(200);
    expect(res.body.items).toEqual([{ name: 'r-3', counts: { users: 0, groups: 0 }, changed: expect.any(Number) }]);
    expect((await t.admin('GET', `/api/w/r-3/users/${someone.id}/history`)).body.items.at(-1)).toMatchObject({ source: 'reset', kind: 'user.delete' });
  });

  it('restores every named workspace with all: true, the default one only when named', async () => {
    const res = await adminJson(t, 'POST', '/api/workspaces/restore', { from: 'lab', all: true });
    // "broken" is among every named workspace, so the whole call is refused.
    expect([res.status, res.body.error?.code]).toEqual([503, 'workspace_unavailable']);
    expect((await adminJson(t, 'DELETE', '/api/workspaces/broken')).status).toBe(204);
    const all = await adminJson(t, 'POST', '/api/workspaces/restore', { from: 'demo', all: true });
    expect(all.status, all.text).toBe(200);
    expect(all.body.items.map((i: any) => i.name)).toEqual(['other', 'r-1', 'r-2', 'r-3']);
    expect((await directoryOf(t, 'default')).users.map((u: any) => u.userName)).toContain('lab.only@example.com');
    const named = await adminJson(t, 'POST', '/api/workspaces/restore', { from: 'demo', names: ['default'] });
    expect(named.status, named.text).toBe(200);
    expect(await directoryOf(t, 'default')).toEqual(await directoryOf(t, 'r-1'));
  });

  it('puts back the workspaces already restored when one restore fails part-way, and says so', async () => {
    const names = ['other', 'r-1', 'r-2', 'r-3'];
    const before = await Promise.all(names.map((n) => directoryOf(t, n)));
    expect(before.every((d) => d.users.length > 0)).toBe(true);
    const failing = t.sandbox.workspaces.loaded('r-3')!;
    const spy = vi.spyOn(failing.store, 'commit').mockRejectedValueOnce(new Error('journal write failed (injected)'));
    try {
      const res = await adminJson(t, 'POST', '/api/workspaces/restore', { from: 'empty', all: true });
      expect([res.status, res.body.error?.code], res.text).toEqual([500, 'restore_failed']);
      expect(res.body.error.message).toContain('Restoring workspace "r-3" failed (journal write failed (injected)). The 3 workspaces restored before it were put back');
    } finally {
      spy.mockRestore();
    }
    expect(await Promise.all(names.map((n) => directoryOf(t, n)))).toEqual(before);
    // r-1's timeline shows the restore and its undo.
    const [someone] = before[1]!.users;
    const items = (await t.admin('GET', `/api/w/r-1/users/${someone.id}/history`)).body.items;
    expect(items.slice(-2)).toMatchObject([
      { source: 'reset', kind: 'user.delete' },
      { source: 'inspector', action: 'workspaces.restore.undo', kind: 'user.create', summary: expect.stringContaining('undid a class restore that failed') },
    ]);
  });

  it('names the workspaces it could not put back when the undo fails too', async () => {
    const before = await Promise.all(['other', 'r-1', 'r-2'].map((n) => directoryOf(t, n)));
    const r1 = t.sandbox.workspaces.loaded('r-1')!;
    const r2 = t.sandbox.workspaces.loaded('r-2')!;
    const realCommit = r1.store.commit.bind(r1.store);
    // r-1's restore goes through and its undo throws; r-2's restore throws.
    const undo = vi.spyOn(r1.store, 'commit').mockImplementationOnce(realCommit).mockRejectedValueOnce(new Error('disk full (injected)'));
    const fail = vi.spyOn(r2.store, 'commit').mockRejectedValueOnce(new Error('journal write failed (injected)'));
    try {
      const res = await adminJson(t, 'POST', '/api/workspaces/restore', { from: 'empty', names: ['other', 'r-1', 'r-2'] });
      expect([res.status, res.body.error?.code], res.text).toEqual([500, 'restore_failed']);
      expect(res.body.error.message).toContain('putting back "r-1" failed too');
    } finally {
      undo.mockRestore();
      fail.mockRestore();
    }
    const after = await Promise.all(['other', 'r-1', 'r-2'].map((n) => directoryOf(t, n)));
    expect([after[0], after[2]]).toEqual([before[0], before[2]]);
    expect(after[1]).toEqual({ users: [], groups: [] });
  });
});
