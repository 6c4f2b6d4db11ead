/**
 * What the load index's file identity may vouch for, against real files: the writer records the
 * identity of the file it wrote through its own handle, never of a file put at store.json's path
 * between its rename and its stat (then the next start hashes); an identity without an inode or with
 * whole-millisecond times (FAT, exFAT, some network file systems) is "no identity"; and the index's
 * journalSeq must be the one in store.json's own head on every path, so journal replay never starts
 * from a number the file does not carry.
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { copyFile, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScimResource } from '../../server/contract/scim.js';
import { SnapshotFile } from '../../server/store/snapshot-file.js';
import { STORE_FORMAT_VERSION, type SnapshotData } from '../../server/store/snapshot-format.js';
import { indexFileOf, type IndexBody } from '../../server/store/snapshot-index.js';
import { sameIdentity, trustworthy, writtenIdentity, type FileIdentity } from '../../server/store/store-identity.js';
import { tempDir } from '../helpers/temp-dir.js';

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => ({ dir, remove } = await tempDir('scimscope-identity-')));
afterEach(async () => {
  vi.restoreAllMocks();
  await remove();
});

const file = () => path.join(dir, 'store.json');
const meta = { resourceType: 'User', created: '2026-01-01T00:00:00.000Z', lastModified: '2026-01-01T00:00:00.000Z', version: 'W/"1"' };
const user = (id: string): ScimResource => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id, userName: `${id}@example.com`, meta }) as ScimResource;
const group = (id: string): ScimResource => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id, displayName: id, members: [], meta: { ...meta, resourceType: 'Group' } }) as unknown as ScimResource;
const snapshot = (users: number, journalSeq = 7): SnapshotData => ({
  version: STORE_FORMAT_VERSION,
  journalSeq,
  users: Array.from({ length: users }, (_, i) => user(`u${i}`)),
  groups: [group('g1')],
  secrets: {},
});

/** Writes store.json through the real writer, one resource per line with a load index (prettyLimit 0). */
async function written(data: SnapshotData): Promise<void> {
  await new SnapshotFile(file(), { prettyLimit: 0 }).write(data);
}

/** A fresh read: how the index was taken ('identity', 'sha256', null when not taken) and the journalSeq read. */
async function readBack(): Promise<{ checked: string | null; journalSeq: number | undefined }> {
  const read = new SnapshotFile(file());
  const data = await read.read();
  return { checked: read.lastRead?.pendingUsers ? (read.lastRead.indexChecked ?? null) : null, journalSeq: data?.journalSeq };
}

async function recordedIdentity(): Promise<unknown> {
  const text = await readFile(indexFileOf(file()), 'utf8');
  return (JSON.parse(text.slice(0, text.indexOf('\n'))) as { store: { identity?: unknown } }).store.identity;
}

async function rewriteIndexBody(change: (body: IndexBody) => void): Promise<void> {
  const text = await readFile(indexFileOf(file()), 'utf8');
  const newline = text.indexOf('\n');
  const header = JSON.parse(text.slice(0, newline)) as Record<string, unknown>;
  const body = JSON.parse(text.slice(newline + 1)) as IndexBody;
  change(body);
  const bodyText = JSON.stringify(body);
  header.body = { bytes: Buffer.byteLength(bodyText), sha256: createHash('sha256').update(bodyText).digest('hex') };
  await writeFile(indexFileOf(file()), `${JSON.stringify(header)}\n${bodyText}`);
}

/**
 * Waits for the file system's clock (coarse on older kernels: a tick of 1-4 ms) to pass `at`'s mtime
 * and ctime, by writing a probe file until its ctime is later, so a change next gets later times.
 */
async function nextTick(at: string): Promise<void> {
  const { ctimeNs } = await fsp.stat(at, { bigint: true });
  const probe = path.join(dir, 'probe');
  do await writeFile(probe, 'x');
  while ((await fsp.stat(probe, { bigint: true })).ctimeNs <= ctimeNs);
  await fsp.rm(probe);
}

const identity = (over: Partial<FileIdentity> = {}): FileIdentity => ({ size: '100', ino: '42', dev: '2049', mtimeNs: '1764892800123456789', ctimeNs: '1764892800223456789', ...over });

describe('which identities vouch for a file', () => {
  it.each([
    ['a local file system identity', identity(), true],
    ['no inode (0)', identity({ ino: '0' }), false],
    ['a whole-second ctime (FAT, HFS+, some network shares)', identity({ ctimeNs: '1764892800000000000' }), false],
    ['a whole-millisecond ctime (exFAT keeps 10 ms)', identity({ ctimeNs: '1764892800120000000' }), false],
  ])('%s: trusted %s', (_name, id, trusted) => {
    expect(trustworthy(id)).toBe(trusted);
    expect(sameIdentity({ ...id }, id)).toBe(trusted);
    expect(writtenIdentity({ ...id, ctimeNs: '1' }, id)).toEqual(trusted ? id : null);
  });

  it.each([
    ['another inode (a file renamed over it)', { ino: '43' }],
    ['another size', { size: '101' }],
    ['another mtime (rewritten in place)', { mtimeNs: '1764892800123456790' }],
    ['another device', { dev: '2050' }],
  ])('the writer records no identity when the file at the path has %s than the one it wrote', (_name, change) => {
    expect(writtenIdentity(identity(), identity(change))).toBeNull();
  });
});

describe('the writer vouches only for the file it wrote', () => {
  it('records the identity of store.json as its rename left it, and a start takes it without hashing', async () => {
    await written(snapshot(3));
    const stats = await fsp.stat(file(), { bigint: true });
    expect(await recordedIdentity()).toEqual({ size: String(stats.size), ino: String(stats.ino), dev: String(stats.dev), mtimeNs: String(stats.mtimeNs), ctimeNs: String(stats.ctimeNs) });
    expect(await readBack()).toEqual({ checked: 'identity', journalSeq: 7 });
  });

  it.each([
    ['replaced by a copy (another inode)', async (at: string) => {
      await copyFile(at, `${at}.other`);
      await rename(`${at}.other`, at);
    }],
    ['rewritten in place with the same bytes (the mtime moves)', async (at: string) => {
      await nextTick(at);
      await writeFile(at, await readFile(at));
    }],
  ])('records no identity when store.json is %s between the rename and the stat, so the next start hashes', async (_name, meddle) => {
    const realRename = fsp.rename.bind(fsp);
    // Another process acting on store.json right after the writer's rename puts it in place.
    vi.spyOn(fsp, 'rename').mockImplementation(async (from, to) => {
      await realRename(from, to);
      if (to === file()) await meddle(file());
    });
    await written(snapshot(3));
    vi.restoreAllMocks();
    expect(await recordedIdentity()).toBeUndefined();
    expect(await readBack()).toEqual({ checked: 'sha256', journalSeq: 7 });
  });
});

describe("the index's journalSeq is store.json's own", () => {
  it.each([
    ['with users, identity path', 3, false],
    ['without users, identity path', 0, false],
    ['with users, hash path (store.json chmod-ed: its ctime moved)', 3, true],
  ])('%s: an index whose journalSeq differs from the head of store.json is not taken, and the full read gives the file\'s', async (_name, users, moveCtime) => {
    await written(snapshot(users, 7));
    if (moveCtime) {
      await nextTick(file());
      await fsp.chmod(file(), 0o644);
    }
    expect(await readBack()).toEqual({ checked: moveCtime ? 'sha256' : 'identity', journalSeq: 7 });
    await rewriteIndexBody((body) => (body.journalSeq = 9));
    expect(await readBack()).toEqual({ checked: null, journalSeq: 7 });
  });

  it('an index whose spans leave the end of store.json unchecked is not taken', async () => {
    await written(snapshot(3));
    await rewriteIndexBody((body) => (body.secrets = [body.secrets[0], body.secrets[1] - 1]));
    expect((await readBack()).checked).toBeNull();
  });
});
