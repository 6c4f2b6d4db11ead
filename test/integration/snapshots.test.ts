/**
 * Snapshots over real HTTP: a directory saved, changed in every way SCIM can change it, restored
 * and saved again gives the same file bytes and the same store; a restore is one all-or-nothing
 * commit (a throw half-way through it changes nothing) that shows in each resource's timeline; a
 * damaged or newer snapshot file is reported, never restored and never overwritten; names are
 * checked; and the datasets a store resets to have the shapes they promise, the same every time.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serializeSnapshot } from '../../server/snapshots/snapshot-format.js';
import { captureDirectory } from '../../server/snapshots/restore.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const patchOp = (op: string, path: string | undefined, value: unknown) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op, ...(path ? { path } : {}), value }] });

/** The store's whole content in the snapshot format (what "the store's content is equal" means). */
const storeText = (t: TestSandbox) => serializeSnapshot(captureDirectory(t.sandbox.store));
const snapshotFile = (t: TestSandbox, name: string) => path.join(t.dataDir, 'snapshots', `${name}.json`);

describe('snapshot round trip', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());

  it('gives the same file bytes and the same store after save, change, restore, save', async () => {
    // A password, so the directory holds a hash too.
    const pw = await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'pw.user@example.com', password: 'Secret-Passw0rd!', active: true } });
    expect(pw.status).toBe(201);
    const usersBefore = (await t.admin('GET', '/api/users?count=100')).body.items.map((u: { id: string }) => u.id);
    const saved = await t.admin('POST', '/api/snapshots', { body: { name: 'before' } });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ name: 'before', counts: { users: 8, groups: 2 } });
    const bytesBefore = await readFile(snapshotFile(t, 'before'));
    expect(bytesBefore.toString()).toContain('scrypt$');
    const storeBefore = storeText(t);

    // Change everything: a deactivation, a password change, a delete, a create, a group rename and
    // membership change, and two users swapping userNames (the restore must take them back).
    const [a, b, c] = usersBefore as string[];
    const nameOf = async (id: string) => (await t.scim('GET', `/Users/${id}`)).body.userName as string;
    const nameA = await nameOf(a!);
    const nameB = await nameOf(b!);
    expect((await t.scim('PATCH', `/Users/${a}`, { body: patchOp('replace', 'userName', 'swap-tmp@example.com') })).status).toBe(200);
    expect((await t.scim('PATCH', `/Users/${b}`, { body: patchOp('replace', 'userName', nameA) })).status).toBe(200);
    expect((await t.scim('PATCH', `/Users/${a}`, { body: patchOp('replace', 'userName', nameB) })).status).toBe(200);
    expect((await t.scim('PATCH', `/Users/${pw.body.id}`, { body: patchOp('replace', undefined, { active: false, password: 'An0ther-Passw0rd!' }) })).status).toBe(200);
    expect((await t.scim('DELETE', `/Users/${c}`)).status).toBe(204);
    expect((await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'newcomer@example.com' } })).status).toBe(201);
    const groups = (await t.admin('GET', '/api/groups')).body.items;
    expect((await t.scim('PATCH', `/Groups/${groups[0].id}`, { body: patchOp('replace', undefined, { displayName: 'Renamed' }) })).status).toBe(200);
    expect((await t.scim('PATCH', `/Groups/${groups[1].id}`, { body: patchOp('add', 'members', [{ value: a }]) })).status).toBe(200);
    expect(storeText(t)).not.toBe(storeBefore);

    const restored = await t.admin('POST', '/api/snapshots/before/restore');
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ name: 'before', counts: { users: 8, groups: 2 } });
    expect(storeText(t)).toBe(storeBefore);
    expect((await t.admin('GET', '/api/users?count=100')).body.items.map((u: { id: string }) => u.id)).toEqual(usersBefore);

    expect((await t.admin('POST', '/api/snapshots', { body: { name: 'after' } })).status).toBe(201);
    expect((await readFile(snapshotFile(t, 'after'))).equals(bytesBefore)).toBe(true);

    // The restore is durable: a restart reads the same directory back.
    await t.stop();
    const again = await startSandbox({ dataDir: t.dataDir });
    try {
      expect(storeText(again)).toBe(storeBefore);
    } finally {
      await again.stop();
    }
  });
});

describe('restoring a snapshot', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());

  it('shows in the timelines of the resources it changed, as an inspector action naming the snapshot', async () => {
    expect((await t.admin('POST', '/api/snapshots', { body: { name: 'lab-1' } })).status).toBe(201);
    const [jane] = (await t.admin('GET', '/api/users')).body.items;
    await t.scim('PATCH', `/Users/${jane.id}`, { body: patchOp('replace', 'active', false) });
    const extra = await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'extra@example.com' } });
    const untouched = (await t.admin('GET', '/api/users')).body.items[1];
    const untouchedHistory = (await t.admin('GET', `/api/users/${untouched.id}/history`)).body.items.length;

    expect((await t.admin('POST', '/api/snapshots/lab-1/restore')).status).toBe(200);
    const last = (id: string) => t.admin('GET', `/api/users/${id}/history`).then((r) => r.body.items.at(-1));
    expect(await last(jane.id)).toMatchObject({ source: 'inspector', action: 'snapshot.restore', kind: 'user.reactivate', summary: expect.stringContaining('restored snapshot "lab-1"') });
    expect(await last(extra.body.id)).toMatchObject({ source: 'inspector', action: 'snapshot.restore', kind: 'user.delete' });
    // A resource the restore did not change gets no entry.
    expect((await t.admin('GET', `/api/users/${untouched.id}/history`)).body.items.length).toBe(untouchedHistory);
  });

  it('is all-or-nothing: a throw half-way through the commit changes nothing', async () => {
    expect((await t.admin('POST', '/api/store/reset', { body: { dataset: 'demo' } })).status).toBe(200);
    expect((await t.admin('POST', '/api/snapshots', { body: { name: 'small', overwrite: true } })).status).toBe(201);
    await t.admin('POST', '/api/store/reset', { body: { dataset: 'messy' } });
    const before = storeText(t);
    const usersBefore = (await t.admin('GET', '/api/users?count=100')).body;
    const store = t.sandbox.store as unknown as { applyOne: (m: unknown) => void };
    const real = store.applyOne.bind(store);
    let calls = 0;
    // The clear and a few records are applied, then the next mutation throws.
    const spy = vi.spyOn(store, 'applyOne').mockImplementation((m) => {
      if (++calls === 5) throw new RangeError('injected half-way through the restore');
      real(m);
    });
    try {
      const failed = await t.admin('POST', '/api/snapshots/small/restore');
      expect(failed.status).toBe(500);
      expect(calls).toBeGreaterThanOrEqual(5);
    } finally {
      spy.mockRestore();
    }
    expect(storeText(t)).toBe(before);
    expect((await t.admin('GET', '/api/users?count=100')).body).toEqual(usersBefore);
    // Indexes too: every unique name still finds its user.
    for (const u of usersBefore.items) expect(t.sandbox.store.idForUniqueName('User', u.userName)).toBe(u.id);
    // And the same restore then works.
    expect((await t.admin('POST', '/api/snapshots/small/restore')).status).toBe(200);
    expect(t.sandbox.store.counts()).toEqual({ users: 7, groups: 2 });
  });
});

describe('damaged and newer snapshot files', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
    expect((await t.admin('POST', '/api/snapshots', { body: { name: 'good' } })).status).toBe(201);
  });
  afterAll(() => t.close());

  const good = () => readFile(snapshotFile(t, 'good'), 'utf8');
  const cases: [string, (text: string) => string, number, string, RegExp][] = [
    ['not JSON', (s) => s.slice(0, 40), 422, 'snapshot_corrupt', /not valid JSON/],
    ['another format', (s) => s.replace('scimscope-snapshot', 'something-else'), 422, 'snapshot_corrupt', /not a Scimscope snapshot/],
    ['two users with one id', (s) => { const j = JSON.parse(s); j.users[1].id = j.users[0].id; return JSON.stringify(j); }, 422, 'snapshot_corrupt', /repeats the id/],
    ['a user without userName', (s) => { const j = JSON.parse(s); delete j.users[2].userName; return JSON.stringify(j); }, 422, 'snapshot_corrupt', /has no "userName"/],
    ['userNames equal ignoring case', (s) => { const j = JSON.parse(s); j.users[1].userName = j.users[0].userName.toUpperCase(); return JSON.stringify(j); }, 422, 'snapshot_corrupt', /unique, ignoring case/],
    ['a hash for a user it lacks', (s) => { const j = JSON.parse(s); j.secrets.nobody = { passwordHash: 'x', updatedAt: 'y' }; return JSON.stringify(j); }, 422, 'snapshot_corrupt', /not a user of the snapshot/],
    // Records the SCIM layer would not have stored: restored, every later PUT or PATCH of them would be refused.
    ['a group member that is no user or group of it', (s) => { const j = JSON.parse(s); j.groups[0].members = [{ value: 'no-such-user' }]; return JSON.stringify(j); }, 422, 'snapshot_corrupt', /groups\.0 \(".+"\): Member "no-such-user" is not the id of any User or Group here/],
    ['a user whose name is a string', (s) => { const j = JSON.parse(s); j.users[0].name = 'Jane'; return JSON.stringify(j); }, 422, 'snapshot_corrupt', /users\.0 \(".+"\): "name" must be an object, not "Jane"/],
    ['a newer format version', (s) => s.replace('"version": 1', '"version": 7'), 422, 'snapshot_too_new', /format version 7; Scimscope .* reads up to version 1/],
  ];
  it.each(cases)('reports %s, restores nothing and never overwrites it', async (_name, damage, status, code, message) => {
    const text = damage(await good());
    await writeFile(snapshotFile(t, 'bad'), text);
    const before = storeText(t);
    const listed = (await t.admin('GET', '/api/snapshots')).body.items.find((s: { name: string }) => s.name === 'bad');
    expect(listed).toMatchObject({ name: 'bad', counts: null, error: expect.stringMatching(message) });
    const restore = await t.admin('POST', '/api/snapshots/bad/restore');
    expect(restore.status).toBe(status);
    expect(restore.body.error).toMatchObject({ code, message: expect.stringMatching(message) });
    expect(restore.body.error.message).toContain('left untouched');
    const overwrite = await t.admin('POST', '/api/snapshots', { body: { name: 'bad', overwrite: true } });
    expect(overwrite.status).toBe(409);
    expect(overwrite.body.error.code).toBe('damaged');
    expect(storeText(t)).toBe(before);
    expect(await readFile(snapshotFile(t, 'bad'), 'utf8')).toBe(text);
  });

  it('deletes a damaged snapshot when asked', async () => {
    await writeFile(snapshotFile(t, 'bad'), '{');
    expect((await t.admin('DELETE', '/api/snapshots/bad')).status).toBe(204);
    expect((await t.admin('GET', '/api/snapshots')).body.items.map((s: { name: string }) => s.name)).toEqual(['good']);
  });
});

describe('snapshot names and conflicts', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());

  it.each([['Upper'], ['with space'], ['-leading-dash'], ['dots.in.name'], [''], ['a'.repeat(65)], ['../escape'], ['ünï']])('refuses the name %j with a clear 400', async (name) => {
    const res = await t.admin('POST', '/api/snapshots', { body: { name } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_name', message: expect.stringContaining('lowercase letters, digits') });
  });

  it('refuses a body without a name', async () => {
    const res = await t.admin('POST', '/api/snapshots', { body: {} });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/name/);
  });

  it('answers 409 for an existing name unless overwrite, 404 for an unknown one, and deletes', async () => {
    expect((await t.admin('POST', '/api/snapshots', { body: { name: 'one' } })).status).toBe(201);
    const dup = await t.admin('POST', '/api/snapshots', { body: { name: 'one' } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toMatch(/already exists.*overwrite/);
    expect((await t.admin('POST', '/api/snapshots', { body: { name: 'one', overwrite: true } })).status).toBe(201);
    expect((await t.admin('POST', '/api/snapshots/two/restore')).status).toBe(404);
    expect((await t.admin('POST', '/api/snapshots/Bad%20Name/restore')).status).toBe(400);
    const list = await t.admin('GET', '/api/snapshots');
    expect(list.body).toMatchObject({ total: 1, items: [{ name: 'one', counts: { users: 7, groups: 2 }, savedAt: expect.any(String), bytes: expect.any(Number) }] });
    expect((await t.admin('DELETE', '/api/snapshots/one')).status).toBe(204);
    expect((await t.admin('DELETE', '/api/snapshots/one')).status).toBe(404);
  });
});

describe('datasets', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());

  const allUsers = async () => (await t.scim('GET', '/Users?count=2000')).body.Resources as any[];
  const allGroups = async () => (await t.scim('GET', '/Groups?count=200')).body.Resources as any[];

  it('lists the datasets with their sizes', async () => {
    const res = await t.admin('GET', '/api/datasets');
    expect(res.body.items.map((d: { name: string; users: number; groups: number }) => [d.name, d.users, d.groups])).toEqual([
      ['demo', 7, 2],
      ['large', 1000, 50],
      ['messy', 35, 20],
      ['empty', 0, 0],
    ]);
  });

  it('resets to 1,000 users in 50 groups, every group with members, the same every time', async () => {
    const res = await t.admin('POST', '/api/store/reset', { body: { dataset: 'large' } });
    expect(res.body).toMatchObject({ dataset: 'large', counts: { users: 1000, groups: 50 } });
    const users = await allUsers();
    expect(users).toHaveLength(1000);
    expect(new Set(users.map((u) => u.userName.toLowerCase())).size).toBe(1000);
    const groups = await allGroups();
    expect(groups).toHaveLength(50);
    for (const g of groups) expect(g.members?.length ?? 0).toBeGreaterThan(0);
    const before = storeText(t);
    await t.admin('POST', '/api/store/reset', { body: { dataset: 'empty' } });
    expect(t.sandbox.store.counts()).toEqual({ users: 0, groups: 0 });
    await t.admin('POST', '/api/store/reset', { body: { dataset: 'large' } });
    expect(storeText(t)).toBe(before);
  });

  it('resets to messy data with the promised mess in it', async () => {
    await t.admin('POST', '/api/store/reset', { body: { dataset: 'messy' } });
    const users = await allUsers();
    const names = users.map((u) => u.userName as string);
    // Look-alike userNames the store allows: equal after NFC, or after full case folding, but stored apart.
    const nfc = names.map((n) => n.normalize('NFC'));
    expect(nfc.some((n, i) => nfc.indexOf(n) !== i)).toBe(true);
    expect(names).toEqual(expect.arrayContaining(['strasse.weber@example.com', 'straße.weber@example.com']));
    // The same person twice: one display name in different cases, different externalIds.
    const janes = users.filter((u) => u.name?.familyName?.toLowerCase() === 'doe');
    expect(new Set(janes.map((u) => u.displayName.toLowerCase().replace(/[^a-z]/g, ''))).size).toBeLessThan(janes.length);
    expect(new Set(janes.map((u) => u.externalId)).size).toBe(janes.length);
    expect(janes.flatMap((u) => u.emails.map((e: { value: string }) => e.value))).toEqual(expect.arrayContaining(['Jane.Doe@Example.com', 'jane.doe@example.com']));
    const text = JSON.stringify(users);
    expect(text).toMatch(/\p{M}/u); // combining marks
    expect(text).toMatch(/[\u0590-\u05FF]/); // Hebrew
    expect(text).toMatch(/[\u0600-\u06FF]/); // Arabic
    expect(text).toMatch(/\p{Extended_Pictographic}/u); // emoji
    expect(users.filter((u) => u.active === false).length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...users.map((u) => (u.groups ?? []).length))).toBeGreaterThanOrEqual(15);
    // A reset is recorded in the timelines as a reset to that dataset.
    const [first] = (await t.admin('GET', '/api/users')).body.items;
    expect((await t.admin('GET', `/api/users/${first.id}/history`)).body.items.at(-1).summary).toContain('to the "messy" dataset');
  });

  it('still accepts the older { seed } and refuses an unknown dataset', async () => {
    expect((await t.admin('POST', '/api/store/reset', { body: { seed: 'empty' } })).body).toMatchObject({ dataset: 'empty', counts: { users: 0, groups: 0 } });
    const bad = await t.admin('POST', '/api/store/reset', { body: { dataset: 'huge' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/dataset/);
  });
});

describe('snapshots of a sandbox without a data folder', () => {
  it('are kept in memory and restore the same directory', async () => {
    const t = await startSandbox({ dataDir: ':memory:' });
    expect((await t.admin('POST', '/api/snapshots', { body: { name: 'mem' } })).status).toBe(201);
    const before = storeText(t);
    await t.admin('POST', '/api/store/reset', { body: { dataset: 'empty' } });
    expect((await t.admin('GET', '/api/snapshots')).body.items).toMatchObject([{ name: 'mem', counts: { users: 7, groups: 2 } }]);
    expect((await t.admin('POST', '/api/snapshots/mem/restore')).status).toBe(200);
    expect(storeText(t)).toBe(before);
  });
});
