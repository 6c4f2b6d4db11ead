/**
 * store.json's load index against real files: a store opened through the index (users indexed from
 * its columns, parsed on first use or in the background) holds exactly what the full read holds,
 * whatever was written before the stop, crash or edit; an index that does not match store.json's
 * bytes is ignored (the full read runs and the index is rewritten); an old store.json without one
 * is read as before and gets one; a damaged store.json is still reported and left untouched.
 */
import { existsSync } from 'node:fs';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../server/app-errors.js';
import type { ResourceTypeName, ScimResource } from '../../server/contract/scim.js';
import { FilePersistence } from '../../server/store/file-persistence.js';
import type { Mutation } from '../../server/store/repository.js';
import { SnapshotFile } from '../../server/store/snapshot-file.js';
import { indexFileOf } from '../../server/store/snapshot-index.js';
import { Store } from '../../server/store/store.js';
import { tempDir } from '../helpers/temp-dir.js';

let dir: string;
let removers: (() => Promise<void>)[] = [];
let opened: Store[] = [];
beforeEach(async () => {
  const temp = await tempDir('scimscope-load-index-');
  dir = temp.dir;
  removers = [temp.remove];
});
afterEach(async () => {
  for (const store of opened.reverse()) await store.close();
  opened = [];
  for (const remove of removers) await remove();
});

const file = () => path.join(dir, 'store.json');
const meta = { resourceType: 'User', created: '2026-01-01T00:00:00.000Z', lastModified: '2026-01-01T00:00:00.000Z', version: 'W/"1"' };
const user = (id: string, userName: string, extra: Record<string, unknown> = {}): ScimResource =>
  ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id, userName, ...extra, meta }) as ScimResource;
const group = (id: string, displayName: string, members: string[]): ScimResource =>
  ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id, displayName, members: members.map((value) => ({ value, type: 'User' })), meta: { ...meta, resourceType: 'Group' } }) as unknown as ScimResource;
const put = (type: ResourceTypeName, resource: ScimResource): Mutation => ({ kind: 'put', type, resource });

/** Opens the folder; `index: true` lets the store read through the load index (prettyLimit 0 writes one for any size). */
async function open(index: boolean, at = dir): Promise<Store> {
  const store = await Store.open(new FilePersistence({ dir: at, prettyLimit: 0, useIndex: index }), { log: () => undefined });
  opened.push(store);
  return store;
}

/** Everything a reader can ask the store, as plain data. */
function contents(store: Store) {
  const users = store.list('User').map((id) => store.get('User', id));
  const groups = store.list('Group').map((id) => store.get('Group', id));
  return {
    users,
    groups,
    counts: store.counts(),
    byName: users.map((u) => store.idForUniqueName('User', String(u!.userName).toUpperCase())),
    byExternalId: users.map((u) => (typeof u!.externalId === 'string' ? [...store.idsForExternalId('User', u!.externalId)].sort() : null)),
    groupsOf: users.map((u) => [...store.groupsOf(u!.id)].sort()),
    secrets: users.map((u) => store.secretOf(u!.id) ?? null),
    views: users.map((u) => store.view('User', u!.id, 'http://h/scim/v2')),
    capture: store.capture(),
  };
}

/** A copy of the folder as it is now (a process that never closed leaves exactly this). */
async function crashCopy(): Promise<string> {
  const temp = await tempDir('scimscope-load-index-crashed-');
  removers.push(temp.remove);
  await cp(dir, temp.dir, { recursive: true });
  return temp.dir;
}

const secret = { passwordHash: 'scrypt$x$y', updatedAt: '2026-01-01T00:00:00.000Z' };
/** The users every case starts from: non-ASCII names, a shared externalId, one without, a secret, a group. */
const seed: Mutation[] = [
  put('User', user('u1', 'ann@example.com', { externalId: 'ext-1', name: { givenName: 'Ann' } })),
  put('User', user('u2', 'Zoë.Ünal@example.com', { externalId: 'ext-shared', displayName: 'Zoë – Ünal' })),
  put('User', user('u3', 'bob@example.com', { externalId: 'ext-shared' })),
  put('User', user('u4', 'no-external@example.com')),
  put('User', user('u5', '漢字@example.com', { externalId: 'ext-5', emails: [{ value: '漢字@example.com', type: 'work' }] })),
  { kind: 'secret', id: 'u1', secret },
  put('Group', group('g1', 'Team', ['u1', 'u3'])),
];

/** What happens after the seed was folded into store.json (with its index): writes, then a clean stop or a crash. */
const cases: { name: string; after: Mutation[][]; stop: 'close' | 'crash' }[] = [
  { name: 'nothing', after: [], stop: 'close' },
  { name: 'a replaced user', after: [[put('User', user('u2', 'zoe@example.com', { externalId: 'ext-new' }))]], stop: 'crash' },
  { name: 'a deleted user (and its membership)', after: [[{ kind: 'delete', type: 'User', id: 'u3' }]], stop: 'crash' },
  { name: 'a freed userName taken by a new user', after: [[put('User', user('u1', 'renamed@example.com'))], [put('User', user('u6', 'ANN@example.com', { externalId: 'ext-1' }))]], stop: 'crash' },
  { name: 'a cleared store refilled', after: [[{ kind: 'clear' }], [put('User', user('n1', 'new@example.com'))]], stop: 'crash' },
  { name: 'writes, then a clean stop', after: [[put('User', user('u7', 'seven@example.com'))], [{ kind: 'delete', type: 'User', id: 'u4' }]], stop: 'close' },
];

describe('store.json load index', () => {
  it.each(cases)('opens to the same store as the full read after $name ($stop)', async ({ after, stop }) => {
    const first = await open(true);
    await first.commit(seed, { source: 'seed' });
    await first.close();
    expect(existsSync(indexFileOf(file()))).toBe(true);
    // The writes land in the journal, on top of a snapshot that has an index; a store opened through
    // it replays them over users it has not parsed yet.
    const second = await open(true);
    for (const mutations of after) await second.commit(mutations, { source: 'scim' });
    let folder = dir;
    if (stop === 'close') await second.close();
    else folder = await crashCopy();
    // The index matches what was written: the users come back unparsed, as columns.
    const read = new SnapshotFile(path.join(folder, 'store.json'));
    await read.read();
    expect(read.lastRead?.pendingUsers?.ids).toEqual(JSON.parse(await readFile(path.join(folder, 'store.json'), 'utf8')).users.map((u: ScimResource) => u.id));
    const full = await open(false, await copyOf(folder));
    const indexed = await open(true, folder);
    expect(contents(indexed)).toEqual(contents(full));
  });

  it('answers reads before the background parse reaches a user, and writes over unparsed users', async () => {
    const first = await open(true);
    await first.commit(
      Array.from({ length: 3_000 }, (_, i) => put('User', user(`p${i}`, `p${i}@example.com`, { externalId: `x${i}` }))),
      { source: 'seed' },
    );
    await first.close();
    const store = await open(true);
    // Synchronously after open: the background parse has had no turn yet.
    expect(store.get('User', 'p2999')?.userName).toBe('p2999@example.com');
    expect(store.idForUniqueName('User', 'P1500@EXAMPLE.COM')).toBe('p1500');
    expect(store.idsForExternalId('User', 'x42')).toEqual(['p42']);
    await store.commit([{ kind: 'delete', type: 'User', id: 'p10' }], { source: 'scim' });
    await store.commit([put('User', user('p20', 'renamed@example.com'))], { source: 'scim' });
    expect(store.idForUniqueName('User', 'p20@example.com')).toBeUndefined();
    expect(store.count('User')).toBe(2_999);
    await store.close();
    const reopened = await open(false);
    expect(reopened.get('User', 'p10')).toBeUndefined();
    expect(reopened.get('User', 'p20')?.userName).toBe('renamed@example.com');
    expect(reopened.list('User')).toHaveLength(2_999);
  });

  it.each([
    ['store.json edited by hand (same length)', async () => writeFile(file(), (await readFile(file(), 'utf8')).replace('bob@example.com', 'bib@example.com'))],
    ['a torn index', async () => writeFile(indexFileOf(file()), (await readFile(indexFileOf(file()), 'utf8')).slice(0, 200))],
    ['an index whose body was altered', async () => writeFile(indexFileOf(file()), (await readFile(indexFileOf(file()), 'utf8')).replace('"u3"', '"u9"'))],
    ['an index that is not JSON', async () => writeFile(indexFileOf(file()), 'garbage\n{')],
    ['no index (an older Scimscope)', async () => rm(indexFileOf(file()))],
  ])('ignores the index when it does not describe store.json: %s', async (_name, damage) => {
    const first = await open(true);
    await first.commit(seed, { source: 'seed' });
    await first.close();
    await damage();
    const expected = contents(await open(false, await copyOf(dir)));
    const store = await open(true);
    expect(contents(store)).toEqual(expected);
  });

  it('writes the index for a large store.json that had none, in the background after start', async () => {
    const first = await Store.open(new FilePersistence({ dir, prettyLimit: 2 }), { log: () => undefined });
    await first.commit(seed, { source: 'seed' });
    await first.close();
    await rm(indexFileOf(file()));
    const before = await readFile(file());
    const store = await Store.open(new FilePersistence({ dir, prettyLimit: 2 }), { log: () => undefined });
    opened.push(store);
    // The rewrite is a compaction: wait for it through the same door.
    await store.compact();
    expect(existsSync(indexFileOf(file()))).toBe(true);
    expect((await readFile(file())).equals(before)).toBe(true);
    expect(contents(await open(true, await copyOf(dir)))).toEqual(contents(store));
  });

  it.each([
    ['not JSON', (text: string) => text.slice(0, text.length / 2), 'STORE_CORRUPT' as const],
    ['duplicate userNames', (text: string) => text.replace('bob@example.com', 'ann@example.com'), 'STORE_INVALID' as const],
  ])('reports a store.json that is %s and leaves it (and its index) untouched', async (_name, damage, code) => {
    const first = await open(true);
    await first.commit(seed, { source: 'seed' });
    await first.close();
    await writeFile(file(), damage(await readFile(file(), 'utf8')));
    const bytes = await readFile(file());
    const indexBytes = await readFile(indexFileOf(file()));
    let error: unknown;
    try {
      await open(true);
    } catch (e) {
      error = e;
    }
    expect(isAppError(error, code), String(error)).toBe(true);
    expect((await readFile(file())).equals(bytes)).toBe(true);
    expect((await readFile(indexFileOf(file()))).equals(indexBytes)).toBe(true);
  });

  it('refuses an index-matched store whose users repeat a userName (the keys are checked as they are indexed)', async () => {
    const first = await open(true);
    await first.commit(seed, { source: 'seed' });
    await first.close();
    // Rewrite both files consistently, as a writer with a bug would: the same userName twice.
    const data = JSON.parse(await readFile(file(), 'utf8'));
    data.users[2].userName = 'ANN@example.com';
    await new SnapshotFile(file(), { prettyLimit: 0 }).write(data);
    const bytes = await readFile(file());
    let error: unknown;
    try {
      await open(true);
    } catch (e) {
      error = e;
    }
    expect(isAppError(error, 'STORE_INVALID'), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/userName must be unique/);
    expect((await readFile(file())).equals(bytes)).toBe(true);
  });
});

/** A second copy of a folder, so two stores never share one (each takes the folder's lock). */
async function copyOf(folder: string): Promise<string> {
  const temp = await tempDir('scimscope-load-index-copy-');
  removers.push(temp.remove);
  await cp(folder, temp.dir, { recursive: true });
  return temp.dir;
}
