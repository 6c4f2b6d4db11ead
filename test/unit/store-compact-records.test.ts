/**
 * The store keeps records compactly (repeated strings shared, a written record laid out as JSON.parse
 * would build it when that changes nothing, an externalId held by one record indexed without a set), and
 * none of it shows: a record reads and serializes exactly as written,
 * `__proto__` keys included; a shared `schemas` list cannot be changed through one record; the
 * externalId index answers right as holders come, go and change.
 */
import { describe, expect, it } from 'vitest';
import type { ScimResource } from '../../server/contract/scim.js';
import { MemoryPersistence } from '../../server/store/memory-persistence.js';
import type { Mutation } from '../../server/store/repository.js';
import { Store } from '../../server/store/store.js';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const stamp = '2026-01-01T00:00:00.000Z';

/** A user as JSON.parse gives it: every string its own copy. */
function parsedUser(id: string, userName: string, externalId?: string): ScimResource {
  return JSON.parse(
    JSON.stringify({
      schemas: [CORE, ENTERPRISE],
      id,
      userName,
      ...(externalId !== undefined ? { externalId } : {}),
      name: { givenName: 'Ann', familyName: 'Lee', formatted: 'Ann Lee' },
      displayName: 'Ann Lee',
      emails: [{ value: userName, type: 'work', primary: true }],
      [ENTERPRISE]: { department: 'Engineering', manager: { value: 'boss', displayName: 'Ann Lee' } },
      meta: { resourceType: 'User', created: stamp, lastModified: stamp, version: 'W/"1"' },
    }),
  ) as ScimResource;
}

const put = (resource: ScimResource): Mutation => ({ kind: 'put', type: 'User', resource });
const del = (id: string): Mutation => ({ kind: 'delete', type: 'User', id });

async function open(...users: ScimResource[]): Promise<Store> {
  return Store.open(new MemoryPersistence({ version: 1, journalSeq: 0, users, groups: [], secrets: {} }), { log: () => undefined });
}

describe('compact records', () => {
  it('reads and serializes a stored record exactly as it was written, from a snapshot and from a commit', async () => {
    const loaded = parsedUser('a', 'ann@x.y', 'ext-a');
    const written = parsedUser('b', 'bob@x.y', 'ext-b');
    const expected = [JSON.stringify(loaded), JSON.stringify(written)];
    const store = await open(loaded);
    await store.commit([put(written)], { source: 'inspector' });
    expect([JSON.stringify(store.get('User', 'a')), JSON.stringify(store.get('User', 'b'))]).toEqual(expected);
    expect(store.get('User', 'a')).toEqual(JSON.parse(expected[0]!));
    expect(JSON.stringify(store.capture().users)).toBe(`[${expected.join(',')}]`);
  });

  it('reads and serializes lists built in code (push, filter, nested, empty, with holes) exactly as written', async () => {
    const emails: unknown[] = [];
    emails.push({ value: 'ann@x.y', type: 'work', primary: true });
    emails.push({ value: 'ann@home.y', type: 'home' });
    const roles = [1, 2, 3].map((n) => ({ value: `r${n}` })).filter((r) => r.value !== 'r2');
    const sparse = ['a', , 'c'];
    const user = { ...parsedUser('l', 'ann@x.y'), emails, roles, entitlements: [], x509Certificates: [[{ value: 'nested' }], []], urns: sparse } as unknown as ScimResource;
    const text = JSON.stringify(user);
    const store = await open();
    await store.commit([put(user)], { source: 'inspector' });
    const stored = store.get('User', 'l')!;
    expect(JSON.stringify(stored)).toBe(text);
    expect(JSON.stringify(store.capture().users)).toBe(`[${text}]`);
    expect(Array.isArray(stored.emails) && Array.isArray(stored.x509Certificates)).toBe(true);
  });

  // A written record is stored as JSON.parse would build it (record-layout.ts) only when that changes
  // nothing; each of these would not survive a JSON round trip, so the record is stored as built.
  const notJson: [string, (user: Record<string, unknown>) => void, (stored: Record<string, unknown>) => void][] = [
    ['an undefined member', (u) => (u.nickName = undefined), (s) => expect('nickName' in s && s.nickName === undefined).toBe(true)],
    ['a hole in a list', (u) => (u.urns = ['a', , 'c']), (s) => expect(1 in (s.urns as unknown[])).toBe(false)],
    ['-0', (u) => (u.rank = -0), (s) => expect(Object.is(s.rank, -0)).toBe(true)],
    ['NaN', (u) => (u.rank = NaN), (s) => expect(Number.isNaN(s.rank)).toBe(true)],
    ['a Date', (u) => (u.when = new Date(0)), (s) => expect(s.when).toBeInstanceOf(Date)],
    ['a toJSON member', (u) => (u.name = { givenName: 'Ann', toJSON: () => 'x' }), (s) => expect(typeof (s.name as { toJSON?: unknown }).toJSON).toBe('function')],
  ];
  it.each(notJson)('stores a record holding %s as it was built', async (_what, build, check) => {
    const user = parsedUser('n', 'ann@x.y') as unknown as Record<string, unknown>;
    build(user);
    const text = JSON.stringify(user);
    const store = await open();
    await store.commit([put(user as unknown as ScimResource)], { source: 'inspector' });
    const stored = store.get('User', 'n')! as unknown as Record<string, unknown>;
    check(stored);
    expect(JSON.stringify(stored)).toBe(text);
    expect(JSON.stringify(store.capture().users)).toBe(`[${text}]`);
  });

  it('stores a JSON record as an equal copy, so the writer changing its object afterwards changes nothing stored', async () => {
    const user = { ...parsedUser('c', 'ann@x.y', 'ext-c'), roles: [{ value: 'r1' }].filter(Boolean), nested: { a: [1, 2.5, true, null, 'x'] } } as unknown as ScimResource;
    const text = JSON.stringify(user);
    const store = await open();
    await store.commit([put(user)], { source: 'inspector' });
    (user.name as Record<string, unknown>).givenName = 'changed';
    (user.emails as unknown[]).push({ value: 'other@x.y' });
    expect(JSON.stringify(store.get('User', 'c'))).toBe(text);
    expect(store.idsForExternalId('User', 'ext-c')).toEqual(['c']);
    expect(store.idForUniqueName('User', 'ANN@x.y')).toBe('c');
  });

  // A copied workspace commits the source store's own records (shared, not copied); a restore or reset commits
  // records just parsed from JSON. Laying those out again would hold a second copy of every user for nothing.
  it.each([
    { origin: { source: 'seed' } as const, laidOut: false },
    { origin: { source: 'reset', dataset: 'small' } as const, laidOut: false },
    { origin: { source: 'inspector', action: 'snapshot.restore', snapshot: 'before' } as const, laidOut: false },
    { origin: { source: 'inspector', action: 'edit' } as const, laidOut: true },
    { origin: { source: 'scim' } as const, laidOut: true },
  ])('lays out again only what a write built: $origin.source $origin.action', async ({ origin, laidOut }) => {
    const user = parsedUser('d', 'dee@x.y', 'ext-d');
    const store = await open();
    await store.commit([put(user)], origin);
    expect(store.get('User', 'd') === user).toBe(!laidOut);
    expect(JSON.stringify(store.get('User', 'd'))).toBe(JSON.stringify(user));
  });

  it('replaces a record read through the load index or already parsed with the new version, every index in step', async () => {
    const store = await open(parsedUser('a', 'ann@x.y', 'ext-a'));
    for (const [userName, externalId] of [['ann@x.y', 'ext-a'], ['Ann.Two@x.y', 'ext-b'], ['ann.two@x.y', 'ext-b']] as const) {
      const next = parsedUser('a', userName, externalId);
      await store.commit([put(next)], { source: 'inspector' });
      expect(JSON.stringify(store.get('User', 'a'))).toBe(JSON.stringify(next));
      expect(store.idForUniqueName('User', userName.toUpperCase())).toBe('a');
      expect(store.idsForExternalId('User', externalId)).toEqual(['a']);
    }
    expect(store.idForUniqueName('User', 'ann@x.y')).toBeUndefined();
    expect(store.idsForExternalId('User', 'ext-a')).toEqual([]);
    expect(store.list('User')).toEqual(['a']);
  });

  it('keeps a "__proto__" key an own property and the prototype untouched', async () => {
    const user = JSON.parse(`{"schemas":["${CORE}"],"id":"p","userName":"p@x.y","__proto__":{"polluted":"yes"},"meta":{"resourceType":"User","created":"${stamp}","lastModified":"${stamp}","version":"W/\\"1\\""}}`) as ScimResource;
    const text = JSON.stringify(user);
    const store = await open();
    await store.commit([put(user)], { source: 'inspector' });
    const stored = store.get('User', 'p')!;
    expect(JSON.stringify(stored)).toBe(text);
    expect(Object.getPrototypeOf(stored)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('shares one schemas list between users without letting one record change it for the others', async () => {
    const store = await open(parsedUser('a', 'ann@x.y'), parsedUser('b', 'bob@x.y'));
    const a = store.get('User', 'a')!;
    const b = store.get('User', 'b')!;
    expect(a.schemas).toEqual([CORE, ENTERPRISE]);
    expect(() => (a.schemas as string[]).push('urn:other')).toThrow(TypeError);
    expect(b.schemas).toEqual([CORE, ENTERPRISE]);
  });

  it('answers externalId lookups as holders are added, share a value, change it and go', async () => {
    const store = await open(parsedUser('a', 'ann@x.y', 'ext-1'));
    const ids = (value: string) => [...store.idsForExternalId('User', value)].sort();
    const steps: [string, Mutation[], Record<string, string[]>][] = [
      ['one holder', [], { 'ext-1': ['a'], 'ext-2': [] }],
      ['a second holder of the same value', [put(parsedUser('b', 'bob@x.y', 'ext-1'))], { 'ext-1': ['a', 'b'] }],
      ['a third', [put(parsedUser('c', 'cy@x.y', 'ext-1'))], { 'ext-1': ['a', 'b', 'c'] }],
      ['one holder changes its value', [put(parsedUser('b', 'bob@x.y', 'ext-2'))], { 'ext-1': ['a', 'c'], 'ext-2': ['b'] }],
      ['one deleted', [del('a')], { 'ext-1': ['c'], 'ext-2': ['b'] }],
      ['the same record written again', [put(parsedUser('c', 'cy@x.y', 'ext-1'))], { 'ext-1': ['c'] }],
      ['the last holder drops its externalId', [put(parsedUser('c', 'cy@x.y'))], { 'ext-1': [] }],
      ['the other deleted', [del('b')], { 'ext-2': [] }],
    ];
    for (const [step, mutations, expected] of steps) {
      if (mutations.length > 0) await store.commit(mutations, { source: 'inspector' });
      for (const [value, holders] of Object.entries(expected)) expect(ids(value), `${step}: ${value}`).toEqual(holders);
    }
  });

  it('undoes a refused commit back to the same externalId answers', async () => {
    const store = await open(parsedUser('a', 'ann@x.y', 'ext-1'), parsedUser('b', 'bob@x.y', 'ext-1'));
    // The second put takes a userName already held: the whole commit is refused.
    await expect(store.commit([put(parsedUser('a', 'ann@x.y', 'ext-9')), put(parsedUser('c', 'BOB@x.y', 'ext-1'))], { source: 'inspector' })).rejects.toThrow();
    expect([...store.idsForExternalId('User', 'ext-1')].sort()).toEqual(['a', 'b']);
    expect(store.idsForExternalId('User', 'ext-9')).toEqual([]);
  });
});
