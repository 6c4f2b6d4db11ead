/**
 * A damaged store.json is still reported when it has a load index, and left untouched with its index:
 * one that is not JSON, one whose users repeat a userName (found as the keys are indexed), one of a
 * newer format whose index matches it. And the empty stand-in the store leaves in place of a snapshot
 * it let go of is never written over store.json.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../server/app-errors.js';
import { SnapshotFile } from '../../server/store/snapshot-file.js';
import { emptySnapshot, STORE_FORMAT_VERSION } from '../../server/store/snapshot-format.js';
import { indexFile, indexFileOf } from '../../server/store/snapshot-index.js';
import { editStoreJson, rewriteSnapshot, seedAndClose, seedThenDamage } from '../helpers/store-damage.js';
import { file, openError, useStoreFolder } from '../helpers/store-load-index.js';

useStoreFolder();

describe('store.json load index and a damaged store.json', () => {
  it.each([
    ['not JSON', editStoreJson('cut store.json in half', (text) => text.slice(0, text.length / 2)), 'STORE_CORRUPT' as const],
    ['duplicate userNames', editStoreJson('give bob ann\'s userName', (text) => text.replace('bob@example.com', 'ann@example.com')), 'STORE_INVALID' as const],
  ])('reports a store.json that is %s and leaves it (and its index) untouched', async (_name, damaged, code) => {
    const left = await seedThenDamage(damaged);
    const error = await openError();
    expect(isAppError(error, code), String(error)).toBe(true);
    expect((await readFile(file())).equals(left.storeJson)).toBe(true);
    expect((await readFile(indexFileOf(file()))).equals(left.index!)).toBe(true);
  });

  it('refuses an index-matched store whose users repeat a userName (found as the keys are indexed, reported by the full read)', async () => {
    // Both files rewritten consistently, as a writer with a bug would: the same userName twice.
    const { storeJson: bytes } = await seedThenDamage(rewriteSnapshot('give the third user ann\'s userName', (data) => (data.users[2]!.userName = 'ANN@example.com')));
    const error = await openError();
    expect(isAppError(error, 'STORE_INVALID'), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/userName must be unique/);
    expect((await readFile(file())).equals(bytes)).toBe(true);
  });

  it('refuses a store.json of a newer format even when its index matches it, and leaves both files untouched', async () => {
    // What a later Scimscope with a new store format and the same index layout would leave: both files consistent.
    const left = await seedThenDamage(rewriteSnapshot('raise the format version', (data) => (data.version = STORE_FORMAT_VERSION + 1)));
    const [bytes, indexBytes] = [left.storeJson, left.index!];
    expect(await indexFile.read(file(), bytes)).not.toBeNull();
    const error = await openError();
    expect(isAppError(error, 'STORE_TOO_NEW'), String(error)).toBe(true);
    expect((await readFile(file())).equals(bytes)).toBe(true);
    expect((await readFile(indexFileOf(file()))).equals(indexBytes)).toBe(true);
  });

  it('refuses to write the stand-in for a snapshot let go of, and leaves store.json as it was', async () => {
    await seedAndClose();
    const bytes = await readFile(file());
    const snapshotFile = new SnapshotFile(file(), { prettyLimit: 0 });
    const standIn = snapshotFile.neverWrite(emptySnapshot());
    await expect(snapshotFile.write(standIn)).rejects.toThrow(/refusing to write the empty stand-in/);
    expect((await readFile(file())).equals(bytes)).toBe(true);
    // Any other empty snapshot is written as asked.
    await snapshotFile.write(emptySnapshot());
    expect(JSON.parse(await readFile(file(), 'utf8')).users).toEqual([]);
  });
});
