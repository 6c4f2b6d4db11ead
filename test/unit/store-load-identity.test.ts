/**
 * A store.json whose file identity (size, inode, mtime, ctime) is the one the writer recorded is
 * taken without hashing it; anything that moved its ctime (a rewrite, a touch putting the mtime back,
 * a chmod, a copy) is hashed as before, and even a forged identity never makes the store answer from
 * an index that does not describe the file.
 */
import { existsSync } from 'node:fs';
import { chmod, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexFileOf } from '../../server/store/snapshot-index.js';
import { damage, editStoreJson, forgeIdentity, seedAndClose } from '../helpers/store-damage.js';
import { contents, copyOf, dir, file, forget, indexChecked, open, openLogged, recordedIdentity, rewriteIndex, useStoreFolder } from '../helpers/store-load-index.js';

useStoreFolder();

describe('store.json recognised by its file identity (no hash at start)', () => {
  /**
   * Seeds the folder, then waits for the file system's clock (coarse: a tick of 1-4 ms on Linux) to
   * pass the ctime recorded in the index, by writing a probe file until its ctime is later, so a
   * change a test makes next gets a later ctime, as any change after a compaction does.
   */
  async function seeded(): Promise<void> {
    await seedAndClose();
    const recorded = BigInt((await recordedIdentity())!.ctimeNs!);
    const probe = path.join(dir, 'probe');
    do await writeFile(probe, 'x');
    while ((await stat(probe, { bigint: true })).ctimeNs <= recorded);
    await rm(probe);
  }

  it('takes the index without hashing store.json when the file is the one the writer left (same size, inode, mtime, ctime)', async () => {
    await seeded();
    const stats = await stat(file(), { bigint: true });
    expect(await recordedIdentity()).toEqual({ size: String(stats.size), ino: String(stats.ino), dev: String(stats.dev), mtimeNs: String(stats.mtimeNs), ctimeNs: String(stats.ctimeNs) });
    expect(await indexChecked()).toBe('identity');
    const expected = contents(await open(false, await copyOf(dir)));
    expect(contents(await open(true))).toEqual(expected);
  });

  it('hashes a copy of the folder (another inode, another ctime) and still takes a matching index', async () => {
    await seeded();
    expect(await indexChecked(await copyOf(dir))).toBe('sha256');
  });

  it.each([
    ['rewritten with the same bytes (mtime and ctime move)', async () => writeFile(file(), await readFile(file()))],
    ['touched: mtime put back exactly as recorded after a same-length hand edit (ctime still moves)', async () => {
      const before = await stat(file());
      await writeFile(file(), (await readFile(file(), 'utf8')).replace('bob@example.com', 'bib@example.com'));
      await utimes(file(), before.atime, before.mtime);
      // utimes keeps microseconds; the index is given the file's new mtime to the nanosecond, as if it were put back exactly.
      const mtimeNs = String((await stat(file(), { bigint: true })).mtimeNs);
      await rewriteIndex((_body, header) => ((header.store as { identity: Record<string, string> }).identity.mtimeNs = mtimeNs));
    }],
    ['chmod (metadata only: ctime moves)', async () => chmod(file(), 0o644)],
  ])('does not trust the identity when store.json was %s: it hashes, and reads the edit the full way', async (_name, change) => {
    await seeded();
    await change();
    const checked = await indexChecked();
    expect(checked === 'sha256' || checked === null).toBe(true);
    const expected = contents(await open(false, await copyOf(dir)));
    expect(contents(await open(true))).toEqual(expected);
  });

  it('fails loudly, never silently, when the recorded identity is forged to match a hand edit of an indexed userName', async () => {
    await seeded();
    // What a clock turned back (or a forged index) would give: the recorded identity is the edited file's.
    await damage(editStoreJson('rename bob to bib', (text) => text.replace('bob@example.com', 'bib@example.com')), forgeIdentity());
    expect(await indexChecked()).toBe('identity');
    const { store, logs } = await openLogged();
    // The user's record no longer says what the index indexed it under: reading it refuses to answer.
    expect(() => store.get('User', 'u3')).toThrow(/does not match its load index/);
    await store.settled;
    expect(logs.join('\n')).toMatch(/in the background failed/);
    expect(existsSync(indexFileOf(file()))).toBe(false);
    await store.close();
    forget(store);
    // The next start reads store.json the full way and holds the edit.
    const reopened = await open(true);
    expect(reopened.get('User', 'u3')?.userName).toBe('bib@example.com');
    expect(reopened.idForUniqueName('User', 'bob@example.com')).toBeUndefined();
  });

  it('with a forged identity, serves an edit outside the indexed columns exactly as the full read does (the bytes are always the file\'s)', async () => {
    await seeded();
    await damage(editStoreJson('rename Ann to Bea', (text) => text.replace('"givenName":"Ann"', '"givenName":"Bea"')), forgeIdentity());
    expect(await indexChecked()).toBe('identity');
    const expected = contents(await open(false, await copyOf(dir)));
    expect((expected.users[0] as { name?: { givenName?: string } }).name?.givenName).toBe('Bea');
    expect(contents(await open(true))).toEqual(expected);
  });

  it('with a forged identity, refuses spans that leave bytes between users (a user inserted by hand would be outside every span)', async () => {
    await seeded();
    // The second user's span starts one byte late: a byte between two users that no span covers.
    await damage(forgeIdentity((body) => (body.users.spans[2]! += 1)));
    expect(await indexChecked()).toBeNull();
    const expected = contents(await open(false, await copyOf(dir)));
    expect(contents(await open(true))).toEqual(expected);
  });
});
