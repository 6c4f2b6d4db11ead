/**
 * An index that does not describe store.json is never used: store.json edited by hand, a torn,
 * altered, foreign or missing index, keys lowercased under another Unicode version, spans out of
 * order or out of the file, or columns that do not fit the records all make the start read the full
 * way (and write a fresh index), holding what the full read holds; and a snapshot read through the
 * index (its users still bytes) is never written back.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SnapshotFile } from '../../server/store/snapshot-file.js';
import { indexFileOf } from '../../server/store/snapshot-index.js';
import { editIndexText, editStoreJson, removeIndex, rewriteIndexAs, seedAndClose, seedThenDamage } from '../helpers/store-damage.js';
import { contents, copyOf, dir, file, open, openLogged, useStoreFolder } from '../helpers/store-load-index.js';

useStoreFolder();

describe('store.json load index that does not fit', () => {
  it.each([
    ['store.json edited by hand (same length)', editStoreJson('rename bob to bib', (text) => text.replace('bob@example.com', 'bib@example.com'))],
    ['a torn index', editIndexText('keep its first 200 characters', (text) => text.slice(0, 200))],
    ['an index whose body was altered', editIndexText('rename u3 to u9 in the body', (text) => text.replace('"u3"', '"u9"'))],
    ['an index that is not JSON', editIndexText('replace it with garbage', () => 'garbage\n{')],
    ['no index (an older Scimscope)', removeIndex()],
    ['keys lowercased under another Unicode version', rewriteIndexAs('record Unicode 6.0', (_body, header) => (header.unicode = '6.0'))],
    ['user spans out of order', rewriteIndexAs('swap the first two user spans', (body) => body.users.spans.splice(0, 4, ...body.users.spans.slice(2, 4), ...body.users.spans.slice(0, 2)))],
    ['a user span reaching into the groups', rewriteIndexAs('end the last user span at a group', (body) => (body.users.spans[body.users.spans.length - 1] = body.groups[1]))],
    ['a user span past the end of store.json', rewriteIndexAs('end the last user span past the file', (body) => (body.users.spans[body.users.spans.length - 1] = body.secrets[1] + 10))],
  ])('ignores the index when it does not describe store.json: %s', async (_name, damaged) => {
    await seedThenDamage(damaged);
    const read = new SnapshotFile(file());
    await read.read();
    expect(read.lastRead?.pendingUsers).toBeNull();
    const expected = contents(await open(false, await copyOf(dir)));
    const store = await open(true);
    expect(contents(store)).toEqual(expected);
  });

  it('reads the full way when the index columns do not fit the records (a key repeated in the index only), and writes a fresh index', async () => {
    const { index: broken } = await seedThenDamage(rewriteIndexAs('repeat the first user\'s key as the third\'s', (body) => (body.users.keys[2] = body.users.keys[0]!)));
    const expected = contents(await open(false, await copyOf(dir)));
    const { store, logs } = await openLogged();
    expect(contents(store)).toEqual(expected);
    expect(logs.join('\n')).toMatch(/does not fit store\.json/);
    await store.settled;
    const fresh = await readFile(indexFileOf(file()));
    expect(fresh.equals(broken!)).toBe(false);
    const read = new SnapshotFile(file());
    await read.read();
    expect(read.lastRead?.pendingUsers?.keys[2]).toBe('bob@example.com');
  });

  it('never writes back a snapshot read through the index (its users are not in it)', async () => {
    await seedAndClose();
    const bytes = await readFile(file());
    const snapshotFile = new SnapshotFile(file(), { prettyLimit: 0 });
    const data = await snapshotFile.read();
    expect(snapshotFile.lastRead?.pendingUsers?.ids).toHaveLength(5);
    await expect(snapshotFile.write(data!)).rejects.toThrow(/load index/);
    expect((await readFile(file())).equals(bytes)).toBe(true);
  });
});
