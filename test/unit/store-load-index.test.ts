/**
 * store.json's load index against real files: a store opened through the index (users indexed from
 * its columns, parsed on first use or in the background) holds exactly what the full read holds,
 * whatever was written before the stop, crash or edit; an index that does not match store.json's
 * bytes is ignored (the full read runs and the index is rewritten); an old store.json without one
 * is read as before and gets one; a damaged store.json is still reported and left untouched. The
 * index is a cache: failing to write it does not fail a compaction, columns that do not fit the
 * records make the start read the full way, and a user that does not parse in the background is
 * reported without crashing or losing a write. A store.json whose file identity (size, inode, mtime,
 * ctime) is the one the writer recorded is taken without hashing it; anything that moved its ctime
 * (a rewrite, a touch putting the mtime back, a chmod, a copy) is hashed as before, and even a forged
 * identity never makes the store answer from an index that does not describe the file.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, cp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isAppError } from '../../server/app-errors.js';
import type { ResourceTypeName, ScimResource } from '../../server/contract/scim.js';
import { FilePersistence } from '../../server/store/file-persistence.js';
import { readJournal } from '../../server/store/journal-format.js';
import { segmentName } from '../../server/store/journal-writer.js';
import type { Mutation } from '../../server/store/repository.js';
import { SnapshotFile } from '../../server/store/snapshot-file.js';
import { STORE_FORMAT_VERSION } from '../../server/store/snapshot-format.js';
import { indexFile, indexFileOf, type IndexBody } from '../../server/store/snapshot-index.js';
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
  vi.restoreAllMocks();
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

/** Opens the folder through the index, collecting what the store and its persistence report. */
async function openLogged(at = dir): Promise<{ store: Store; logs: string[] }> {
  const logs: string[] = [];
  const log = (m: string) => logs.push(m);
  const store = await Store.open(new FilePersistence({ dir: at, prettyLimit: 0, log }), { log });
  opened.push(store);
  return { store, logs };
}

/** Changes the index as a writer with a bug would: its body (with the body's hash recomputed) or its header. */
async function rewriteIndex(change: (body: IndexBody, header: Record<string, unknown>) => void, at = dir): Promise<void> {
  const text = await readFile(indexFileOf(path.join(at, 'store.json')), 'utf8');
  const newline = text.indexOf('\n');
  const header = JSON.parse(text.slice(0, newline)) as Record<string, unknown>;
  const body = JSON.parse(text.slice(newline + 1)) as IndexBody;
  change(body, header);
  const bodyText = JSON.stringify(body);
  header.body = { bytes: Buffer.byteLength(bodyText), sha256: createHash('sha256').update(bodyText).digest('hex') };
  await writeFile(indexFileOf(path.join(at, 'store.json')), `${JSON.stringify(header)}\n${bodyText}`);
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
    ['keys lowercased under another Unicode version', async () => rewriteIndex((_body, header) => (header.unicode = '6.0'))],
    ['user spans out of order', async () => rewriteIndex((body) => body.users.spans.splice(0, 4, ...body.users.spans.slice(2, 4), ...body.users.spans.slice(0, 2)))],
    ['a user span reaching into the groups', async () => rewriteIndex((body) => (body.users.spans[body.users.spans.length - 1] = body.groups[1]))],
    ['a user span past the end of store.json', async () => rewriteIndex((body) => (body.users.spans[body.users.spans.length - 1] = body.secrets[1] + 10))],
  ])('ignores the index when it does not describe store.json: %s', async (_name, damage) => {
    const first = await open(true);
    await first.commit(seed, { source: 'seed' });
    await first.close();
    await damage();
    const read = new SnapshotFile(file());
    await read.read();
    expect(read.lastRead?.pendingUsers).toBeNull();
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
    expect(existsSync(indexFileOf(file()))).toBe(false);
    // The store asks for the rewrite itself, once its background work after open is done.
    await store.settled;
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
    const error = await openError();
    expect(isAppError(error, code), String(error)).toBe(true);
    expect((await readFile(file())).equals(bytes)).toBe(true);
    expect((await readFile(indexFileOf(file()))).equals(indexBytes)).toBe(true);
  });

  it('refuses an index-matched store whose users repeat a userName (found as the keys are indexed, reported by the full read)', async () => {
    const first = await open(true);
    await first.commit(seed, { source: 'seed' });
    await first.close();
    // Rewrite both files consistently, as a writer with a bug would: the same userName twice.
    const data = JSON.parse(await readFile(file(), 'utf8'));
    data.users[2].userName = 'ANN@example.com';
    await new SnapshotFile(file(), { prettyLimit: 0 }).write(data);
    const bytes = await readFile(file());
    const error = await openError();
    expect(isAppError(error, 'STORE_INVALID'), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/userName must be unique/);
    expect((await readFile(file())).equals(bytes)).toBe(true);
  });

  it('reads the full way when the index columns do not fit the records (a key repeated in the index only), and writes a fresh index', async () => {
    const first = await open(true);
    await first.commit(seed, { source: 'seed' });
    await first.close();
    await rewriteIndex((body) => (body.users.keys[2] = body.users.keys[0]!));
    const broken = await readFile(indexFileOf(file()));
    const expected = contents(await open(false, await copyOf(dir)));
    const { store, logs } = await openLogged();
    expect(contents(store)).toEqual(expected);
    expect(logs.join('\n')).toMatch(/does not fit store\.json/);
    await store.settled;
    const fresh = await readFile(indexFileOf(file()));
    expect(fresh.equals(broken)).toBe(false);
    const read = new SnapshotFile(file());
    await read.read();
    expect(read.lastRead?.pendingUsers?.keys[2]).toBe('bob@example.com');
  });

  it('refuses a store.json of a newer format even when its index matches it, and leaves both files untouched', async () => {
    const first = await open(true);
    await first.commit(seed, { source: 'seed' });
    await first.close();
    // What a later Scimscope with a new store format and the same index layout would leave: both files consistent.
    const data = JSON.parse(await readFile(file(), 'utf8'));
    await new SnapshotFile(file(), { prettyLimit: 0 }).write({ ...data, version: STORE_FORMAT_VERSION + 1 });
    const bytes = await readFile(file());
    const indexBytes = await readFile(indexFileOf(file()));
    expect(await indexFile.read(file(), bytes)).not.toBeNull();
    const error = await openError();
    expect(isAppError(error, 'STORE_TOO_NEW'), String(error)).toBe(true);
    expect((await readFile(file())).equals(bytes)).toBe(true);
    expect((await readFile(indexFileOf(file()))).equals(indexBytes)).toBe(true);
  });

  it('never writes back a snapshot read through the index (its users are not in it)', async () => {
    const first = await open(true);
    await first.commit(seed, { source: 'seed' });
    await first.close();
    const bytes = await readFile(file());
    const snapshotFile = new SnapshotFile(file(), { prettyLimit: 0 });
    const data = await snapshotFile.read();
    expect(snapshotFile.lastRead?.pendingUsers?.ids).toHaveLength(5);
    await expect(snapshotFile.write(data!)).rejects.toThrow(/load index/);
    expect((await readFile(file())).equals(bytes)).toBe(true);
  });

  it('counts a compaction whose index write fails (a full disk) as done: store.json written, journal folded, stale index removed, failure reported', async () => {
    const { store, logs } = await openLogged();
    await store.commit(seed, { source: 'seed' });
    await store.compact();
    expect(existsSync(indexFileOf(file()))).toBe(true);
    await store.commit([put('User', user('u8', 'eight@example.com'))], { source: 'scim' });
    const write = vi.spyOn(indexFile, 'write').mockRejectedValueOnce(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
    await store.compact();
    expect(write).toHaveBeenCalledTimes(1);
    expect(logs.join('\n')).not.toMatch(/Compaction failed/);
    expect(logs.join('\n')).toMatch(/load index .* was not written .*ENOSPC/);
    expect(existsSync(indexFileOf(file()))).toBe(false);
    expect(JSON.parse(await readFile(file(), 'utf8')).users.map((u: ScimResource) => u.id)).toContain('u8');
    expect((await readJournal(path.join(dir, 'journal'), segmentName)).entries).toEqual([]);
    // The next start reads the full way and holds the same.
    expect(contents(await open(true, await copyOf(dir)))).toEqual(contents(store));
  });

  it('undoes a refused clear right after start without parsing the users it saved, and then holds exactly what it held', async () => {
    const first = await open(true);
    await first.commit(Array.from({ length: 3_000 }, (_, i) => put('User', user(`p${i}`, `p${i}@example.com`, { externalId: `x${i % 7}` }))), { source: 'seed' });
    await first.commit([{ kind: 'secret', id: 'p1', secret }, put('Group', group('g1', 'Team', ['p1', 'p2999']))], { source: 'seed' });
    await first.close();
    const expected = contents(await open(false, await copyOf(dir)));
    const persistence = new FilePersistence({ dir, prettyLimit: 0 });
    const store = await Store.open(persistence, { log: () => undefined });
    opened.push(store);
    vi.spyOn(persistence, 'append').mockRejectedValueOnce(new Error('disk full (injected)'));
    // A snapshot restore: clear, then a new user taking a name the clear freed. Up to the journal write
    // the commit runs synchronously, before the background parse has another turn: count its parses.
    const parse = vi.spyOn(JSON, 'parse');
    const committing = store.commit([{ kind: 'clear' }, put('User', user('n1', 'p5@example.com'))], { source: 'inspector' });
    const parsed = parse.mock.calls.length;
    parse.mockRestore();
    let error: unknown;
    try {
      await committing;
    } catch (e) {
      error = e;
    }
    expect(isAppError(error, 'STORE_WRITE_FAILED'), String(error)).toBe(true);
    expect(parsed).toBe(0);
    // Everything as it was but the sequence number, which a refused commit still used up.
    const now = contents(store);
    expect({ ...now, capture: { ...now.capture, journalSeq: expected.capture.journalSeq } }).toEqual(expected);
  });

  it('survives a user that does not parse in the background: reported, no crash, the journal kept through close, the next start reads the full way', async () => {
    const first = await open(true);
    await first.commit(seed, { source: 'seed' });
    await first.compact();
    await first.commit([put('User', user('u8', 'eight@example.com'))], { source: 'scim' });
    // A crash: the journal holds u8, so the store compacts once its users are parsed.
    const folder = await crashCopy();
    // Each span in its place and in order (so the index is taken), the first one a byte off: that user does not parse.
    await rewriteIndex((body) => (body.users.spans[0]! += 1), folder);
    const { store, logs } = await openLogged(folder);
    expect(store.get('User', 'u8')?.userName).toBe('eight@example.com');
    await store.settled;
    expect(logs.join('\n')).toMatch(/in the background failed/);
    expect(logs.join('\n')).toMatch(/Compaction failed/);
    expect(existsSync(indexFileOf(path.join(folder, 'store.json')))).toBe(false);
    await store.close();
    expect((await readJournal(path.join(folder, 'journal'), segmentName)).entries.length).toBeGreaterThan(0);
    const reopened = await open(true, folder);
    expect(reopened.get('User', 'u8')?.userName).toBe('eight@example.com');
    // Its compaction (the journal, and a fresh index) ends before the folder is copied.
    await reopened.settled;
    expect(existsSync(indexFileOf(path.join(folder, 'store.json')))).toBe(true);
    expect(contents(reopened)).toEqual(contents(await open(false, await copyOf(folder))));
  });
});

/** The identity the index recorded for store.json, as read from its header. */
async function recordedIdentity(at = dir): Promise<Record<string, string> | undefined> {
  const text = await readFile(indexFileOf(path.join(at, 'store.json')), 'utf8');
  return (JSON.parse(text.slice(0, text.indexOf('\n'))) as { store: { identity?: Record<string, string> } }).store.identity;
}

/** How a fresh read of the folder's store.json took its index: 'identity', 'sha256', or null (not taken). */
/** What opening the store throws (undefined if it opens). */
async function openError(): Promise<unknown> {
  return open(true).then((store) => store.close().then(() => undefined), (e: unknown) => e);
}

async function indexChecked(at = dir): Promise<string | null> {
  const read = new SnapshotFile(path.join(at, 'store.json'));
  await read.read();
  return read.lastRead?.pendingUsers ? (read.lastRead.indexChecked ?? null) : null;
}

describe('store.json recognised by its file identity (no hash at start)', () => {
  /**
   * Seeds the folder, then waits for the file system's clock (coarse: a tick of 1-4 ms on Linux) to
   * pass the ctime recorded in the index, by writing a probe file until its ctime is later, so a
   * change a test makes next gets a later ctime, as any change after a compaction does.
   */
  async function seeded(): Promise<void> {
    const first = await open(true);
    await first.commit(seed, { source: 'seed' });
    await first.close();
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
    await writeFile(file(), (await readFile(file(), 'utf8')).replace('bob@example.com', 'bib@example.com'));
    // What a clock turned back (or a forged index) would give: the recorded identity is the edited file's.
    const now = await stat(file(), { bigint: true });
    await rewriteIndex((_body, header) => ((header.store as { identity: unknown }).identity = { size: String(now.size), ino: String(now.ino), dev: String(now.dev), mtimeNs: String(now.mtimeNs), ctimeNs: String(now.ctimeNs) }));
    expect(await indexChecked()).toBe('identity');
    const { store, logs } = await openLogged();
    // The user's record no longer says what the index indexed it under: reading it refuses to answer.
    expect(() => store.get('User', 'u3')).toThrow(/does not match its load index/);
    await store.settled;
    expect(logs.join('\n')).toMatch(/in the background failed/);
    expect(existsSync(indexFileOf(file()))).toBe(false);
    await store.close();
    opened = opened.filter((s) => s !== store);
    // The next start reads store.json the full way and holds the edit.
    const reopened = await open(true);
    expect(reopened.get('User', 'u3')?.userName).toBe('bib@example.com');
    expect(reopened.idForUniqueName('User', 'bob@example.com')).toBeUndefined();
  });

  it('with a forged identity, serves an edit outside the indexed columns exactly as the full read does (the bytes are always the file\'s)', async () => {
    await seeded();
    await writeFile(file(), (await readFile(file(), 'utf8')).replace('"givenName":"Ann"', '"givenName":"Bea"'));
    const now = await stat(file(), { bigint: true });
    await rewriteIndex((_body, header) => ((header.store as { identity: unknown }).identity = { size: String(now.size), ino: String(now.ino), dev: String(now.dev), mtimeNs: String(now.mtimeNs), ctimeNs: String(now.ctimeNs) }));
    expect(await indexChecked()).toBe('identity');
    const expected = contents(await open(false, await copyOf(dir)));
    expect((expected.users[0] as { name?: { givenName?: string } }).name?.givenName).toBe('Bea');
    expect(contents(await open(true))).toEqual(expected);
  });

  it('with a forged identity, refuses spans that leave bytes between users (a user inserted by hand would be outside every span)', async () => {
    await seeded();
    const now = await stat(file(), { bigint: true });
    await rewriteIndex((body, header) => {
      (header.store as { identity: unknown }).identity = { size: String(now.size), ino: String(now.ino), dev: String(now.dev), mtimeNs: String(now.mtimeNs), ctimeNs: String(now.ctimeNs) };
      // The second user's span starts one byte late: a byte between two users that no span covers.
      body.users.spans[2]! += 1;
    });
    expect(await indexChecked()).toBeNull();
    const expected = contents(await open(false, await copyOf(dir)));
    expect(contents(await open(true))).toEqual(expected);
  });
});

/** A second copy of a folder, so two stores never share one (each takes the folder's lock). */
async function copyOf(folder: string): Promise<string> {
  const temp = await tempDir('scimscope-load-index-copy-');
  removers.push(temp.remove);
  await cp(folder, temp.dir, { recursive: true });
  return temp.dir;
}
