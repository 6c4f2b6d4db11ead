/**
 * store.json's load index against real files: a store opened through the index (users indexed from
 * its columns, parsed on first use or in the background) holds exactly what the full read holds,
 * whatever was written before the stop or crash; it answers reads and takes writes before the
 * background parse reaches a user; an old store.json without an index gets one in the background.
 * The other behaviours: store-load-index-mismatch (an index that does not describe store.json),
 * -refusals (a damaged store.json), -failures (a failing disk or user), store-load-identity.
 */
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScimResource } from '../../server/contract/scim.js';
import { FilePersistence } from '../../server/store/file-persistence.js';
import type { Mutation } from '../../server/store/repository.js';
import { SnapshotFile } from '../../server/store/snapshot-file.js';
import { indexFileOf } from '../../server/store/snapshot-index.js';
import { Store } from '../../server/store/store.js';
import { seedAndClose } from '../helpers/store-damage.js';
import { contents, copyOf, crashCopy, dir, file, open, put, seed, track, useStoreFolder, user } from '../helpers/store-load-index.js';

useStoreFolder();

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
    await seedAndClose();
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

  it('writes the index for a large store.json that had none, in the background after start', async () => {
    const first = await Store.open(new FilePersistence({ dir, prettyLimit: 2 }), { log: () => undefined });
    await first.commit(seed, { source: 'seed' });
    await first.close();
    await rm(indexFileOf(file()));
    const before = await readFile(file());
    const store = await Store.open(new FilePersistence({ dir, prettyLimit: 2 }), { log: () => undefined });
    track(store);
    expect(existsSync(indexFileOf(file()))).toBe(false);
    // The store asks for the rewrite itself, once its background work after open is done.
    await store.settled;
    expect(existsSync(indexFileOf(file()))).toBe(true);
    expect((await readFile(file())).equals(before)).toBe(true);
    expect(contents(await open(true, await copyOf(dir)))).toEqual(contents(store));
  });
});
