/**
 * store.json written on a nearly full disk, where one write(2) takes only part of the bytes (a short
 * count, not an error) or none: the snapshot is whole or not written at all, and the journal it would
 * have retired stays. The writer used to take one write per chunk as done, so a compaction on a full
 * disk put a cut-off store.json in place, deleted the journal, and the next start had nothing.
 */
import { promises as fsp } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScimResource } from '../../server/contract/scim.js';
import { FilePersistence } from '../../server/store/file-persistence.js';
import { Store } from '../../server/store/store.js';
import { fileHandlePrototype } from '../helpers/file-handle.js';
import { tempDir } from '../helpers/temp-dir.js';

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dir, remove } = await tempDir('scimscope-short-writes-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await remove();
});

const user = (i: number): ScimResource =>
  ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: `u${i}`, userName: `user${i}@example.com`, name: { givenName: `Given${i}`, familyName: 'Family' }, meta: { resourceType: 'User', created: '2026-01-01T00:00:00.000Z', lastModified: '2026-01-01T00:00:00.000Z', version: 'W/"1"' } }) as ScimResource;

/** FileHandle.write as a nearly full disk answers it, for the files whose name matches: at most `cap` bytes a call. */
async function diskTakesAtMost(cap: number, file: RegExp): Promise<void> {
  const proto = await fileHandlePrototype(dir);
  const real = proto.write;
  const opened = new WeakMap<object, string>();
  const open = fsp.open.bind(fsp);
  vi.spyOn(fsp, 'open').mockImplementation(async (name, ...rest) => {
    const handle = await open(name, ...(rest as [string]));
    opened.set(handle, String(name));
    return handle;
  });
  vi.spyOn(proto, 'write').mockImplementation(function (this: object, ...args: unknown[]) {
    const [buffer, offset = 0, length] = args as [Buffer, number, number | undefined];
    if (!file.test(opened.get(this) ?? '') || !Buffer.isBuffer(buffer)) return real.apply(this, args);
    const wanted = length ?? buffer.length - offset;
    return real.call(this, buffer, offset, Math.min(cap, wanted));
  });
}

describe('store.json on a disk that takes part of each write', () => {
  it.each([
    ['pretty (small store)', 50],
    ['with its load index (large store)', 6_000],
  ])('writes every byte of a %s snapshot in as many writes as the disk needs', async (_name, count) => {
    const store = await Store.open(new FilePersistence({ dir }));
    await store.commit(Array.from({ length: count }, (_, i) => ({ kind: 'put' as const, type: 'User' as const, resource: user(i) })), { source: 'scim' });
    await diskTakesAtMost(4096, /store\.json\.tmp$/);
    await store.close();
    vi.restoreAllMocks();
    const reopened = await Store.open(new FilePersistence({ dir }));
    expect(reopened.count('User')).toBe(count);
    expect(reopened.get('User', `u${count - 1}`)?.userName).toBe(`user${count - 1}@example.com`);
    expect(reopened.warnings).toEqual([]);
    await reopened.close();
  });

  it('leaves store.json and the journal as they were when the disk takes nothing', async () => {
    const store = await Store.open(new FilePersistence({ dir }));
    await store.commit([{ kind: 'put', type: 'User', resource: user(1) }], { source: 'scim' });
    await store.close();
    const before = await readFile(path.join(dir, 'store.json'), 'utf8');
    const again = await Store.open(new FilePersistence({ dir }));
    await again.commit([{ kind: 'put', type: 'User', resource: user(2) }], { source: 'scim' });
    const journalBefore = await readdir(path.join(dir, 'journal'));
    await diskTakesAtMost(0, /store\.json\.tmp$/);
    await again.close().catch(() => undefined);
    vi.restoreAllMocks();
    expect(await readFile(path.join(dir, 'store.json'), 'utf8')).toBe(before);
    expect(await readdir(path.join(dir, 'journal'))).toEqual(journalBefore);
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const reopened = await Store.open(new FilePersistence({ dir }));
    expect([reopened.get('User', 'u1')?.userName, reopened.get('User', 'u2')?.userName]).toEqual(['user1@example.com', 'user2@example.com']);
    await reopened.close();
  });
});
