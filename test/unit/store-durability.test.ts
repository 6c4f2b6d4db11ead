/**
 * The durable store against real files: acknowledged writes survive a process that never closed,
 * torn journal tails are skipped, damaged or future files are refused and left byte-for-byte
 * untouched, old formats are migrated with a backup, compaction folds the journal into store.json.
 */
import { existsSync } from 'node:fs';
import { appendFile, cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScimResource } from '../../server/contract/scim.js';
import { isAppError } from '../../server/app-errors.js';
import { FilePersistence } from '../../server/store/file-persistence.js';
import { segmentName } from '../../server/store/journal-writer.js';
import { Store } from '../../server/store/store.js';
import { tempDir } from '../helpers/temp-dir.js';

let dir: string;
let removers: (() => Promise<void>)[] = [];
/** Every store a test opens; each is closed after the test, newest first, before its folder goes. */
let opened: Store[] = [];
beforeEach(async () => {
  const temp = await tempDir('scimscope-store-');
  dir = temp.dir;
  removers = [temp.remove];
});
afterEach(async () => {
  for (const store of opened.reverse()) await store.close();
  opened = [];
  for (const remove of removers) await remove();
});

const user = (id: string, userName: string, extra: Record<string, unknown> = {}): ScimResource =>
  ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id, userName, ...extra, meta: { resourceType: 'User', created: '2026-01-01T00:00:00.000Z', lastModified: '2026-01-01T00:00:00.000Z', version: 'W/"1"' } }) as ScimResource;

const open = async (options: Partial<ConstructorParameters<typeof FilePersistence>[0]> = {}) => {
  const store = await Store.open(new FilePersistence({ dir, ...options }));
  opened.push(store);
  return store;
};

/**
 * A crash, without killing the test process: the data folder as it is on disk right now (the
 * running store never closes it) becomes the folder the next `open()` uses. What the copy holds is
 * exactly what a killed process would have left, since an acknowledged write is already on disk.
 */
async function crash(): Promise<void> {
  const temp = await tempDir('scimscope-store-crashed-');
  removers.push(temp.remove);
  await cp(dir, temp.dir, { recursive: true });
  dir = temp.dir;
}

async function expectRefused(code: string, file: string) {
  const before = await readFile(file);
  let error: unknown;
  try {
    await open();
  } catch (e) {
    error = e;
  }
  expect(isAppError(error), String(error)).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  expect((error as Error).message).toContain(file);
  expect((await readFile(file)).equals(before)).toBe(true);
}

describe('durable store', () => {
  it('keeps acknowledged writes when the process never closes the store (crash)', async () => {
    const store = await open();
    await store.commit([{ kind: 'put', type: 'User', resource: user('u1', 'a@x.y') }], { source: 'scim' });
    await store.commit([{ kind: 'put', type: 'User', resource: user('u2', 'b@x.y') }], { source: 'scim' });
    await store.commit([{ kind: 'delete', type: 'User', id: 'u1' }], { source: 'scim' });
    // No close(): as if killed. A new store on what the disk holds must see all three writes.
    await crash();
    const reopened = await open();
    expect(reopened.get('User', 'u1')).toBeUndefined();
    expect(reopened.get('User', 'u2')?.userName).toBe('b@x.y');
    expect(reopened.idForUniqueName('User', 'B@X.Y')).toBe('u2');
  });

  it('group-commits concurrent writes: all resolve, all durable', async () => {
    const store = await open();
    await Promise.all(Array.from({ length: 200 }, (_, i) => store.commit([{ kind: 'put', type: 'User', resource: user(`c${i}`, `c${i}@x.y`) }], { source: 'scim' })));
    await crash();
    const reopened = await open();
    expect(reopened.count('User')).toBe(200);
  });

  it('skips a torn last journal line with a warning', async () => {
    const store = await open();
    await store.commit([{ kind: 'put', type: 'User', resource: user('u1', 'a@x.y') }], { source: 'scim' });
    await crash();
    const journal = path.join(dir, 'journal');
    const [segment] = await readdir(journal);
    await appendFile(path.join(journal, segment!), '{"s":99,"at":"2026-01-01","ops":[{"op":"put","t":"User","r":{"id":"u9"');
    const reopened = await open();
    expect(reopened.get('User', 'u1')).toBeDefined();
    expect(reopened.get('User', 'u9')).toBeUndefined();
    expect(reopened.warnings.join(' ')).toMatch(/incomplete last entry/);
  });

  /** Three acknowledged writes, then the crash: the journal's one segment and its three lines. */
  async function threeWritesThenCrash(): Promise<{ journal: string; first: string; lines: string[] }> {
    const store = await open();
    for (const i of [1, 2, 3]) await store.commit([{ kind: 'put', type: 'User', resource: user(`u${i}`, `u${i}@x.y`) }], { source: 'scim' });
    await crash();
    const journal = path.join(dir, 'journal');
    const [first] = await readdir(journal);
    const lines = (await readFile(path.join(journal, first!), 'utf8')).trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l).s)).toEqual([1, 2, 3]);
    return { journal, first: first!, lines };
  }
  const nextSegment = (name: string) => name.replace(/\d+/, (d) => String(Number(d) + 1).padStart(d.length, '0'));
  const entryFor = (seq: number, id: string) => JSON.stringify({ s: seq, at: '2026-01-01T00:00:00.000Z', ops: [{ op: 'put', t: 'User', r: user(id, `${id}@x.y`) }] });

  it('skips a torn last line of an older segment when the next start numbered on from before it (never acknowledged)', async () => {
    const { journal, first, lines } = await threeWritesThenCrash();
    // Crashed while writing entry 3; the next start wrote its own entry 3 in a new segment, then crashed before compacting.
    await writeFile(path.join(journal, first), `${lines[0]}\n${lines[1]}\n${lines[2]!.slice(0, 60)}`);
    await writeFile(path.join(journal, nextSegment(first)), `${entryFor(3, 'u9')}\n`);
    const reopened = await open();
    expect(['u1', 'u2', 'u3', 'u9'].map((id) => reopened.get('User', id) !== undefined)).toEqual([true, true, false, true]);
    expect(reopened.warnings.join(' ')).toMatch(/incomplete last entry .*line 3/);
  });

  it('opens a journal whose torn first line numbered on from store.json, with the write the next session acknowledged after it', async () => {
    // A clean stop leaves store.json at journalSeq 1 and no journal entries.
    const first = await open();
    await first.commit([{ kind: 'put', type: 'User', resource: user('u1', 'u1@x.y') }], { source: 'scim' });
    await first.close();
    opened = opened.filter((s) => s !== first);
    expect(JSON.parse(await readFile(path.join(dir, 'store.json'), 'utf8')).journalSeq).toBe(1);
    // The next session's first write (entry 2) was torn by a power loss; the session after it skipped
    // it, numbered on from store.json (its acknowledged write is entry 2 again) and crashed before compacting.
    const journal = path.join(dir, 'journal');
    const torn = entryFor(2, 'u2');
    await writeFile(path.join(journal, segmentName(1)), torn.slice(0, torn.length >> 1));
    await writeFile(path.join(journal, segmentName(2)), `${entryFor(2, 'u3')}\n`);
    const reopened = await open();
    expect(['u1', 'u2', 'u3'].map((id) => reopened.get('User', id) !== undefined)).toEqual([true, false, true]);
    expect(reopened.warnings.join(' ')).toMatch(/incomplete last entry/);
  });

  it('folds the journal into store.json at the start that skipped a torn line, even with nothing to replay', async () => {
    const store = await open();
    await store.commit([{ kind: 'put', type: 'User', resource: user('u1', 'a@x.y') }], { source: 'scim' });
    await store.close();
    opened = opened.filter((s) => s !== store);
    // Only a torn line after a clean stop: nothing to replay, so nothing else would compact it away.
    const journal = path.join(dir, 'journal');
    const torn = entryFor(2, 'u2');
    await writeFile(path.join(journal, segmentName(1)), torn.slice(0, torn.length >> 1));
    const reopened = await open();
    expect(reopened.warnings.join(' ')).toMatch(/incomplete last entry/);
    await reopened.settled;
    expect(await readdir(journal)).not.toContain(segmentName(1));
    expect(reopened.get('User', 'u1')).toBeDefined();
  });

  it('refuses a torn last line of an older segment that later entries follow (an acknowledged write), leaving both untouched', async () => {
    const { journal, first, lines } = await threeWritesThenCrash();
    // Entry 3 was acknowledged (entry 4 follows it in the next segment), then damaged on disk.
    await writeFile(path.join(journal, first), `${lines[0]}\n${lines[1]}\n${lines[2]!.slice(0, 60)}`);
    const second = path.join(journal, nextSegment(first));
    await writeFile(second, `${entryFor(4, 'u4')}\n`);
    const secondBefore = await readFile(second);
    await expectRefused('JOURNAL_CORRUPT', path.join(journal, first));
    expect((await readFile(second)).equals(secondBefore)).toBe(true);
    expect((await readdir(journal)).sort()).toEqual([first, nextSegment(first)]);
  });

  it('refuses a journal damaged in the middle, leaving it untouched', async () => {
    const store = await open();
    await store.commit([{ kind: 'put', type: 'User', resource: user('u1', 'a@x.y') }], { source: 'scim' });
    await crash();
    const journal = path.join(dir, 'journal');
    const file = path.join(journal, (await readdir(journal))[0]!);
    const text = await readFile(file, 'utf8');
    await writeFile(file, `garbage\n${text}`);
    await expectRefused('JOURNAL_CORRUPT', file);
  });

  it.each([
    ['not JSON', '{"version": 1, "users": [', 'STORE_CORRUPT'],
    ['a newer format', JSON.stringify({ version: 99, journalSeq: 0, users: [], groups: [], secrets: {} }), 'STORE_TOO_NEW'],
    ['the wrong shape', JSON.stringify({ version: 1, journalSeq: 0, users: 'nope', groups: [], secrets: {} }), 'STORE_INVALID'],
    ['a user without id', JSON.stringify({ version: 1, journalSeq: 0, users: [{ userName: 'a' }], groups: [], secrets: {} }), 'STORE_INVALID'],
    ['duplicate userNames (ignoring case)', JSON.stringify({ version: 1, journalSeq: 0, users: [user('a', 'x@y.z'), user('b', 'X@Y.Z')], groups: [], secrets: {} }), 'STORE_INVALID'],
    ['a top-level array', '[]', 'STORE_INVALID'],
  ])('refuses a store.json that is %s, leaving it byte-for-byte untouched', async (_name, content, code) => {
    const file = path.join(dir, 'store.json');
    await writeFile(file, content);
    await expectRefused(code, file);
  });

  it('migrates a version-0 file (hand-written, no version) and keeps a backup', async () => {
    const file = path.join(dir, 'store.json');
    const original = JSON.stringify({ users: [user('u1', 'hand@x.y')], groups: [] });
    await writeFile(file, original);
    const store = await open();
    expect(store.get('User', 'u1')?.userName).toBe('hand@x.y');
    expect(await readFile(`${file}.v0.bak`, 'utf8')).toBe(original);
    expect(JSON.parse(await readFile(file, 'utf8')).version).toBe(1);
    expect(store.warnings.join(' ')).toMatch(/Upgraded/);
  });

  it('compacts the journal into store.json and removes old segments', async () => {
    const store = await open({ compactEvery: 50 });
    for (let i = 0; i < 120; i++) await store.commit([{ kind: 'put', type: 'User', resource: user(`k${i}`, `k${i}@x.y`) }], { source: 'scim' });
    await store.close();
    const snapshot = JSON.parse(await readFile(path.join(dir, 'store.json'), 'utf8'));
    expect(snapshot.users).toHaveLength(120);
    expect(snapshot.journalSeq).toBe(120);
    expect(await readdir(path.join(dir, 'journal'))).toEqual([]);
    const reopened = await open();
    expect(reopened.count('User')).toBe(120);
  });

  it('writes store.json one resource per line above 5,000 resources, and reads it back', async () => {
    const store = await open();
    await store.commit(Array.from({ length: 5_001 }, (_, i) => ({ kind: 'put' as const, type: 'User' as const, resource: user(`p${i}`, `p${i}@x.y`) })), { source: 'seed' });
    await store.close();
    const text = await readFile(path.join(dir, 'store.json'), 'utf8');
    expect(text.split('\n').length).toBeGreaterThan(5_001);
    expect(text.split('\n').length).toBeLessThan(5_020);
    expect((await open()).count('User')).toBe(5_001);
  });

  it('undoes a write the disk refused, and answers with STORE_WRITE_FAILED', async () => {
    const store = await open();
    // A file where the journal folder should be makes the first append fail.
    await writeFile(path.join(dir, 'journal'), 'not a folder');
    let error: unknown;
    try {
      await store.commit([{ kind: 'put', type: 'User', resource: user('f1', 'f@x.y') }], { source: 'scim' });
    } catch (e) {
      error = e;
    }
    expect(isAppError(error, 'STORE_WRITE_FAILED')).toBe(true);
    expect(store.get('User', 'f1')).toBeUndefined();
    expect(store.idForUniqueName('User', 'f@x.y')).toBeUndefined();
    // Closing afterwards does not wait for the refused write (it will never reach the disk), and
    // the snapshot it leaves does not hold it.
    await store.close();
    expect(JSON.parse(await readFile(path.join(dir, 'store.json'), 'utf8')).users).toEqual([]);
  });

  it('keeps membership and cascades deletes through the journal', async () => {
    const store = await open();
    await store.commit([{ kind: 'put', type: 'User', resource: user('u1', 'a@x.y') }], { source: 'scim' });
    const group = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: 'g1', displayName: 'G', members: [{ value: 'u1', type: 'User' }], meta: user('x', 'x').meta } as unknown as ScimResource;
    const created = await store.commit([{ kind: 'put', type: 'Group', resource: group }], { source: 'scim' });
    expect(created.changes.map((c) => `${c.resourceType}:${c.id}`).sort()).toEqual(['Group:g1', 'User:u1']);
    const deleted = await store.commit([{ kind: 'delete', type: 'User', id: 'u1' }], { source: 'scim' });
    expect(deleted.changes.find((c) => c.id === 'g1')?.after?.members).toEqual([]);
    // The reopened store replays the journal, then folds it into store.json in the background:
    // afterEach's close() must wait for that write before the folder is removed.
    await crash();
    const reopened = await open();
    expect(reopened.get('Group', 'g1')?.members).toEqual([]);
    expect(reopened.groupsOf('u1')).toEqual([]);
  });

  it('creates store.json on first start, so people can find it', async () => {
    await open();
    expect(existsSync(path.join(dir, 'store.json'))).toBe(true);
  });
});

describe('durable store after a crash', () => {
  it('folds a replayed journal into store.json and closes without waiting on writes that were never made', async () => {
    const store = await open();
    await store.commit([{ kind: 'put', type: 'User', resource: user('u1', 'a@x.y') }], { source: 'scim' });
    // No close (crash). The next start replays the journal and compacts it in the background.
    await crash();
    const reopened = await open();
    await reopened.close();
    const snapshot = JSON.parse(await readFile(path.join(dir, 'store.json'), 'utf8'));
    expect(snapshot.users.map((u: { id: string }) => u.id)).toEqual(['u1']);
    expect(await readdir(path.join(dir, 'journal'))).toEqual([]);
  });
});

describe('store.json by hand', () => {
  it('serves edits made while the server was stopped', async () => {
    const store = await open();
    await store.commit([{ kind: 'put', type: 'User', resource: user('u1', 'before@x.y', { title: 'Engineer' }) }], { source: 'scim' });
    await store.close();
    const file = path.join(dir, 'store.json');
    const data = JSON.parse(await readFile(file, 'utf8'));
    data.users[0].title = 'Edited by hand';
    data.users.push(user('u2', 'added@x.y'));
    await writeFile(file, JSON.stringify(data, null, 2));
    const reopened = await open();
    expect(reopened.get('User', 'u1')?.title).toBe('Edited by hand');
    expect(reopened.idForUniqueName('User', 'ADDED@x.y')).toBe('u2');
  });
});
