/**
 * The store.json load-index suites' shared folder and fixtures (test/unit/store-load-index*.test.ts,
 * store-load-identity.test.ts): each test gets its own temporary folder (useStoreFolder), every store
 * it opens is closed and every copy removed after it; the seed every case starts from, and what a
 * reader can ask a store, as plain data, to compare a store opened through the index with the full read.
 */
import { createHash } from 'node:crypto';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, vi } from 'vitest';
import type { ResourceTypeName, ScimResource } from '../../server/contract/scim.js';
import { FilePersistence } from '../../server/store/file-persistence.js';
import type { Mutation } from '../../server/store/repository.js';
import { SnapshotFile } from '../../server/store/snapshot-file.js';
import { indexFileOf, type IndexBody } from '../../server/store/snapshot-index.js';
import { Store } from '../../server/store/store.js';
import { tempDir } from './temp-dir.js';

/** The current test's folder (a live binding: a new one for every test). */
export let dir: string;
let removers: (() => Promise<void>)[] = [];
let opened: Store[] = [];

/** Gives each test of the calling file its own folder; closes what it opened and removes what it made. */
export function useStoreFolder(): void {
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
}

/** Closes `store` after the test. */
export function track(store: Store): void {
  opened.push(store);
}

/** A store the test closed itself: not closed again after it. */
export function forget(store: Store): void {
  opened = opened.filter((s) => s !== store);
}

export const file = () => path.join(dir, 'store.json');
export const meta = { resourceType: 'User', created: '2026-01-01T00:00:00.000Z', lastModified: '2026-01-01T00:00:00.000Z', version: 'W/"1"' };
export const user = (id: string, userName: string, extra: Record<string, unknown> = {}): ScimResource =>
  ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id, userName, ...extra, meta }) as ScimResource;
export const group = (id: string, displayName: string, members: string[]): ScimResource =>
  ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id, displayName, members: members.map((value) => ({ value, type: 'User' })), meta: { ...meta, resourceType: 'Group' } }) as unknown as ScimResource;
export const put = (type: ResourceTypeName, resource: ScimResource): Mutation => ({ kind: 'put', type, resource });

/** Opens the folder; `index: true` lets the store read through the load index (prettyLimit 0 writes one for any size). */
export async function open(index: boolean, at = dir): Promise<Store> {
  const store = await Store.open(new FilePersistence({ dir: at, prettyLimit: 0, useIndex: index }), { log: () => undefined });
  track(store);
  return store;
}

/** Opens the folder through the index, collecting what the store and its persistence report. */
export async function openLogged(at = dir): Promise<{ store: Store; logs: string[] }> {
  const logs: string[] = [];
  const log = (m: string) => logs.push(m);
  const store = await Store.open(new FilePersistence({ dir: at, prettyLimit: 0, log }), { log });
  track(store);
  return { store, logs };
}

/** Changes the index as a writer with a bug would: its body (with the body's hash recomputed) or its header. */
export async function rewriteIndex(change: (body: IndexBody, header: Record<string, unknown>) => void, at = dir): Promise<void> {
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
export function contents(store: Store) {
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
export async function crashCopy(): Promise<string> {
  const temp = await tempDir('scimscope-load-index-crashed-');
  removers.push(temp.remove);
  await cp(dir, temp.dir, { recursive: true });
  return temp.dir;
}

export const secret = { passwordHash: 'scrypt$x$y', updatedAt: '2026-01-01T00:00:00.000Z' };
/** The users every case starts from: non-ASCII names, a shared externalId, one without, a secret, a group. */
export const seed: Mutation[] = [
  put('User', user('u1', 'ann@example.com', { externalId: 'ext-1', name: { givenName: 'Ann' } })),
  put('User', user('u2', 'Zoë.Ünal@example.com', { externalId: 'ext-shared', displayName: 'Zoë – Ünal' })),
  put('User', user('u3', 'bob@example.com', { externalId: 'ext-shared' })),
  put('User', user('u4', 'no-external@example.com')),
  put('User', user('u5', '漢字@example.com', { externalId: 'ext-5', emails: [{ value: '漢字@example.com', type: 'work' }] })),
  { kind: 'secret', id: 'u1', secret },
  put('Group', group('g1', 'Team', ['u1', 'u3'])),
];

/** The identity the index recorded for store.json, as read from its header. */
export async function recordedIdentity(at = dir): Promise<Record<string, string> | undefined> {
  const text = await readFile(indexFileOf(path.join(at, 'store.json')), 'utf8');
  return (JSON.parse(text.slice(0, text.indexOf('\n'))) as { store: { identity?: Record<string, string> } }).store.identity;
}

/** What opening the store throws (undefined if it opens). */
export async function openError(): Promise<unknown> {
  return open(true).then((store) => store.close().then(() => undefined), (e: unknown) => e);
}

/** How a fresh read of the folder's store.json took its index: 'identity', 'sha256', or null (not taken). */
export async function indexChecked(at = dir): Promise<string | null> {
  const read = new SnapshotFile(path.join(at, 'store.json'));
  await read.read();
  return read.lastRead?.pendingUsers ? (read.lastRead.indexChecked ?? null) : null;
}

/** A second copy of a folder, so two stores never share one (each takes the folder's lock). */
export async function copyOf(folder: string): Promise<string> {
  const temp = await tempDir('scimscope-load-index-copy-');
  removers.push(temp.remove);
  await cp(folder, temp.dir, { recursive: true });
  return temp.dir;
}
