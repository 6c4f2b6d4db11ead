/**
 * The rendered-view cache is bounded by bytes: a small cache under a walk through more resources
 * than it holds keeps within its bound, and whatever it evicted, re-admitted or kept, every answer is
 * the view rendered afresh at that moment: after a user is updated, renamed in a group, or
 * deleted and created again with the same id, and at another base URL. Checked against a store
 * with the cache off, step by step.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScimResource } from '../../server/contract/scim.js';
import { FilePersistence } from '../../server/store/file-persistence.js';
import { MemoryPersistence } from '../../server/store/memory-persistence.js';
import type { Mutation } from '../../server/store/repository.js';
import { Store } from '../../server/store/store.js';
import { ENTRY_OVERHEAD_BYTES, utf8Length } from '../../server/store/view-cache.js';
import { tempDir } from '../helpers/temp-dir.js';

const meta = (resourceType: string, version = 1) => ({ resourceType, created: '2026-01-01T00:00:00.000Z', lastModified: `2026-01-0${version}T00:00:00.000Z`, version: `W/"${version}"` });
const user = (id: string, title: string, version = 1) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id, userName: `${id}@x.y`, title, meta: meta('User', version) }) as ScimResource;
const group = (id: string, displayName: string, members: string[]) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id, displayName, members: members.map((value) => ({ value })), meta: meta('Group') }) as ScimResource;
const put = (resource: ScimResource, type: 'User' | 'Group' = 'User'): Mutation => ({ kind: 'put', type, resource });

const IDS = Array.from({ length: 12 }, (_, i) => `u${i}`);
const BASE = 'http://127.0.0.1:1/scim/v2';
const TUNNEL = 'https://tunnel.example.net/scim/v2';

/** A bound that holds about `views` of the users below (their texts are ~290 bytes). */
const boundFor = (views: number) => views * (300 + ENTRY_OVERHEAD_BYTES);

async function pair(views: number): Promise<{ cached: Store; fresh: Store }> {
  const open = (viewCacheBytes: number) => Store.open(new MemoryPersistence(), { viewCacheBytes, log: () => undefined });
  return { cached: await open(boundFor(views)), fresh: await open(0) };
}

async function commit(stores: { cached: Store; fresh: Store }, mutations: () => Mutation[]): Promise<void> {
  await stores.cached.commit(mutations(), { source: 'inspector' });
  await stores.fresh.commit(mutations(), { source: 'inspector' });
}

let calls = 0;
/**
 * Reads each id three times in a row (a view is kept when asked for a second time, so the third is
 * a hit; moving on to the next ids evicts it) and compares each answer with a fresh rendering. The
 * order turns round on every call, so the views the last call left in the cache (its last four
 * ids) are the first read by the next one, after the change between them.
 */
function expectSame(stores: { cached: Store; fresh: Store }, step: string, base = BASE): void {
  for (const id of calls++ % 2 === 0 ? IDS : [...IDS].reverse()) {
    for (let pass = 0; pass < 3; pass++) {
      const cached = stores.cached.rendered('User', id, base);
      const fresh = stores.fresh.rendered('User', id, base);
      expect(cached?.json, `${step}, ${id}, pass ${pass}`).toBe(fresh?.json);
      if (cached) expect(cached.bytes).toBe(Buffer.byteLength(cached.json));
    }
  }
}

describe('a bounded view cache', () => {
  it('keeps at most its bytes while walking through more resources than it holds', async () => {
    const stores = await pair(4);
    await commit(stores, () => IDS.map((id) => put(user(id, 'Engineer'))));
    for (let walk = 0; walk < 3; walk++) for (const id of IDS) stores.cached.rendered('User', id, BASE);
    for (let again = 0; again < 3; again++) for (const id of IDS.slice(0, 3)) stores.cached.rendered('User', id, BASE);
    const stats = stores.cached.viewCacheStats();
    expect(stats.bytes).toBeLessThanOrEqual(boundFor(4));
    expect(stats.kept).toBeGreaterThanOrEqual(3);
    expect(stats.kept).toBeLessThanOrEqual(5);
    // The three ids asked for again and again are kept on their second ask and served from the cache on their third.
    expect(stats.hits).toBeGreaterThanOrEqual(3);
  });

  it('never serves an evicted, replaced or stale view, through updates, renames, deletes and another base URL', async () => {
    const stores = await pair(4);
    // Each step leaves u8-u11 or u0-u3 in the cache (see expectSame): the changes touch both ends.
    await commit(stores, () => [...IDS.map((id) => put(user(id, 'Engineer'))), put(group('g1', 'Sales', ['u0', 'u1', 'u10', 'u11']), 'Group')]);
    expectSame(stores, 'seeded');
    await commit(stores, () => [put(user('u11', 'Manager', 2))]);
    expectSame(stores, 'u11 updated');
    await commit(stores, () => [put(user('u1', 'Manager', 2))]);
    expectSame(stores, 'u1 updated');
    await commit(stores, () => [put(group('g1', 'Sales EMEA', ['u0', 'u1', 'u10', 'u11']), 'Group')]);
    expectSame(stores, 'group renamed');
    await commit(stores, () => [put(group('g1', 'Sales EMEA', ['u2', 'u9', 'u10']), 'Group')]);
    expectSame(stores, 'members changed');
    await commit(stores, () => [{ kind: 'delete', type: 'User', id: 'u2' }, { kind: 'delete', type: 'User', id: 'u10' }]);
    expectSame(stores, 'u2 and u10 deleted');
    await commit(stores, () => [put(user('u2', 'Returned', 3)), put(user('u10', 'Returned', 3))]);
    expectSame(stores, 'u2 and u10 created again with the same ids');
    expectSame(stores, 'through a tunnel', TUNNEL);
    expectSame(stores, 'back on the local base');
    expect(stores.cached.viewCacheStats().hits).toBeGreaterThan(0);
  });
});

describe('what the bound counts', () => {
  it('stops counting a stale text when the fresh one is too large to keep', async () => {
    // The bound is exactly one user's text at BASE; the same user at the longer TUNNEL base does not fit.
    const measure = await Store.open(new MemoryPersistence(), { log: () => undefined });
    await measure.commit([put(user('u0', 'Engineer'))], { source: 'inspector' });
    for (let i = 0; i < 2; i++) measure.rendered('User', 'u0', BASE);
    const one = measure.viewCacheStats().bytes;
    expect(one).toBeGreaterThan(0);
    const store = await Store.open(new MemoryPersistence(), { viewCacheBytes: one, log: () => undefined });
    await store.commit([put(user('u0', 'Engineer'))], { source: 'inspector' });
    for (let i = 0; i < 2; i++) store.rendered('User', 'u0', BASE);
    expect(store.viewCacheStats()).toMatchObject({ kept: 1, bytes: one });
    const tunnel = store.rendered('User', 'u0', TUNNEL)!;
    expect(tunnel.bytes + ENTRY_OVERHEAD_BYTES).toBeGreaterThan(one);
    // The text at BASE is no longer the one asked for: it is dropped, not left counted against the bound.
    expect(store.viewCacheStats()).toMatchObject({ kept: 0, bytes: 0 });
    expect(store.rendered('User', 'u0', BASE)?.json).toBe(measure.rendered('User', 'u0', BASE)?.json);
  });
});

describe('records without meta', () => {
  it('renders and caches the users and groups of a hand-written store.json (format 0, no meta: given at load)', async () => {
    const temp = await tempDir();
    try {
      const handWritten = { users: [{ id: 'u1', userName: 'ann@example.com' }], groups: [{ id: 'g1', displayName: 'Team', members: [{ value: 'u1' }] }] };
      await writeFile(path.join(temp.dir, 'store.json'), JSON.stringify(handWritten));
      const store = await Store.open(new FilePersistence({ dir: temp.dir }), { log: () => undefined });
      try {
        for (let pass = 0; pass < 3; pass++) {
          expect(JSON.parse(store.rendered('User', 'u1', BASE)!.json)).toEqual({ id: 'u1', userName: 'ann@example.com', groups: [{ value: 'g1', display: 'Team', type: 'direct', $ref: `${BASE}/Groups/g1` }], meta: { resourceType: 'User', version: 'W/"1"', created: expect.any(String), lastModified: expect.any(String), location: `${BASE}/Users/u1` } });
          expect(JSON.parse(store.rendered('Group', 'g1', BASE)!.json).members).toEqual([{ value: 'u1', display: 'ann@example.com', type: 'User', $ref: `${BASE}/Users/u1` }]);
        }
        expect(store.viewCacheStats().hits).toBe(2);
      } finally {
        await store.close();
      }
    } finally {
      await temp.remove();
    }
  });
});

describe('utf8Length', () => {
  it.each(['', 'plain ascii', 'Ingénieure', 'emoji 🎉 and ß', '\u007f', '\u0080'])('%j counts as Buffer.byteLength does', (text) => {
    expect(utf8Length(text)).toBe(Buffer.byteLength(text));
  });
});

describe('what a write drops', () => {
  it('keeps the texts a group push does not change, and drops the ones it does', async () => {
    const stores = await pair(20);
    await commit(stores, () => [...IDS.map((id) => put(user(id, 'Engineer'))), put(group('g1', 'Sales', ['u0', 'u1']), 'Group')]);
    for (let i = 0; i < 2; i++) for (const id of IDS) stores.cached.rendered('User', id, BASE);
    // A member added to g1: u2's text changes (its groups), u5's does not.
    await commit(stores, () => [put(group('g1', 'Sales', ['u0', 'u1', 'u2']), 'Group')]);
    const before = stores.cached.viewCacheStats();
    expect(stores.cached.rendered('User', 'u5', BASE)?.json).toBe(stores.fresh.rendered('User', 'u5', BASE)?.json);
    expect(stores.cached.viewCacheStats().hits).toBe(before.hits + 1);
    expect(stores.cached.rendered('User', 'u2', BASE)?.json).toBe(stores.fresh.rendered('User', 'u2', BASE)?.json);
    expect(stores.cached.viewCacheStats().misses).toBe(before.misses + 1);
    expect(JSON.parse(stores.cached.rendered('User', 'u2', BASE)!.json).groups).toEqual([{ value: 'g1', display: 'Sales', type: 'direct', $ref: `${BASE}/Groups/g1` }]);
  });
});
