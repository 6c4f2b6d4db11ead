/**
 * A view written straight from the record (views.ts renderViewText, view-text.ts) is, character
 * for character, `JSON.stringify` of the view object (renderView): over a table of awkward records
 * (escapes, controls, lone surrogates, unicode, extension schemas, `__proto__` and integer-like keys,
 * missing or odd meta, stored `groups`, members of every kind, groups with and without base URL) and
 * over a few thousand random records from a seeded generator. The records live in a real Store, so
 * groups and members come from its membership index as the server's do.
 */
import { describe, expect, it, vi } from 'vitest';
import type { JsonObject, ResourceTypeName, ScimResource } from '../../server/contract/scim.js';
import { MemoryPersistence } from '../../server/store/memory-persistence.js';
import type { Mutation } from '../../server/store/repository.js';
import { Store } from '../../server/store/store.js';
import { seededRandom } from '../../server/seed/seeded-random.js';
import { keyText, valueText } from '../../server/store/view-text.js';
import { renderView, renderViewText } from '../../server/store/views.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const meta = (resourceType: string, extra: Record<string, unknown> = {}) => ({ resourceType, created: '2026-01-01T00:00:00.000Z', lastModified: '2026-01-02T00:00:00.000Z', version: 'W/"3"', ...extra });
const BASES = [undefined, '', 'http://127.0.0.1:7171/scim/v2', 'https://tunnel.example.net/w/team "a"/scim/v2', 'http://h/\u00e9\u0001\\'];

/** JSON.parse of the text, so every record has the shape a stored record has (own `__proto__` keys included). */
const parsed = (text: string) => JSON.parse(text) as ScimResource;

const USERS: [string, ScimResource][] = [
  ['a typical Okta user', { schemas: [USER, ENTERPRISE], id: 'u-typical', userName: 'ann.lee.1@example.com', externalId: '00u000000000001', name: { givenName: 'Ann', familyName: 'Lee', formatted: 'Ann Lee' }, displayName: 'Ann Lee', emails: [{ value: 'ann.lee.1@example.com', type: 'work', primary: true }], active: true, [ENTERPRISE]: { department: 'Engineering', employeeNumber: '10001', manager: { value: 'u-x', displayName: 'Boss' } }, meta: meta('User') } as ScimResource],
  ['escapes and controls', { schemas: [USER], id: 'u-esc', userName: 'q"uote\\back/slash@x.y', displayName: 'tab\there\nnew\rline\b\f\u0000\u0007\u001f\u007f', title: '"', meta: meta('User') } as ScimResource],
  ['unicode, emoji, lone surrogates, line separators', { schemas: [USER], id: 'u-uni', userName: 'zoë@ex.com', displayName: 'Ingénieure 🎉 ß 中文', nickName: '\ud800 alone \udfff', title: 'a\u2028b\u2029c', locale: '\ud83d\ude00', meta: meta('User') } as ScimResource],
  ['only a userName', { id: 'u-min', userName: 'min@x.y', meta: meta('User') } as unknown as ScimResource],
  ['no meta (a hand-written store)', { id: 'u-nometa', userName: 'nometa@x.y' } as unknown as ScimResource],
  ['meta with a location already, and extra keys', { id: 'u-loc', userName: 'loc@x.y', meta: meta('User', { location: 'http://old/Users/u-loc', extra: [1, null, 'x'] }) } as unknown as ScimResource],
  ['meta not last, empty meta', { id: 'u-metafirst', meta: {}, userName: 'metafirst@x.y', active: false } as unknown as ScimResource],
  ['empty meta, last', { id: 'u-emptymeta', userName: 'emptymeta@x.y', meta: {} } as unknown as ScimResource],
  ['meta whose only key is undefined', { id: 'u-undefmeta', userName: 'undefmeta@x.y', meta: { gone: undefined } } as unknown as ScimResource],
  ['meta that is not an object', { id: 'u-metastr', userName: 'metastr@x.y', meta: 'W/"1"' } as unknown as ScimResource],
  ['meta null', { id: 'u-metanull', userName: 'metanull@x.y', meta: null } as unknown as ScimResource],
  ['a stored groups attribute', { id: 'u-storedgroups', groups: [{ value: 'nowhere' }], userName: 'stored@x.y', meta: meta('User') } as unknown as ScimResource],
  ['__proto__ and integer-like keys', parsed('{"id":"u-proto","userName":"proto@x.y","__proto__":{"polluted":true},"2":"two","1":"one","x":{"__proto__":[1],"0":"z"},"meta":{"__proto__":"m","version":"W/\\"1\\""}}')],
  ['numbers, nulls, nesting, empty containers', { id: 'u-num', userName: 'num@x.y', n: [0, -0, 1.5, -2e-7, 1e21, 123456789012345680000, Number.MAX_SAFE_INTEGER], z: null, e: {}, a: [], deep: [[[{ a: [[]] }]]], meta: meta('User') } as unknown as ScimResource],
  ['values JSON cannot hold (undefined, non-finite numbers, functions)', { id: 'u-odd', userName: 'odd@x.y', u: undefined, inf: Infinity, nan: NaN, arr: [undefined, () => 1, NaN], f: () => 1, meta: meta('User', { gone: undefined }) } as unknown as ScimResource],
  ['a Date (toJSON)', { id: 'u-date', userName: 'date@x.y', when: new Date(Date.UTC(2026, 0, 1)), meta: meta('User') } as unknown as ScimResource],
  ['keys that need escaping', { id: 'u-keys', userName: 'keys@x.y', 'a"b': 1, 'c\\d': 2, 'e\nf': 3, '': 4, 'é': 5, meta: meta('User') } as unknown as ScimResource],
  ['an id that needs escaping', { id: 'u "odd"\\id', userName: 'oddid@x.y', meta: meta('User') } as unknown as ScimResource],
];

const GROUPS: ScimResource[] = [
  { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: 'g-eng', displayName: 'Engineering "core"', members: [{ value: 'u-typical' }, { value: 'u-esc' }, { value: 'g-nested' }, { value: 'gone', display: 'Departed' }, { value: 'gone2' }, { value: 'gone3', type: 'Group' }], meta: meta('Group') } as ScimResource,
  { id: 'g-nested', displayName: 'Nested 🎉', members: [{ value: 'u-uni' }], meta: meta('Group') } as unknown as ScimResource,
  { id: 'g-nodisplay', members: [{ value: 'u-typical' }], meta: meta('Group') } as unknown as ScimResource,
  { id: 'g-nomembers', displayName: 'Empty', meta: meta('Group') } as unknown as ScimResource,
  { id: 'g-membersodd', displayName: 'Odd', members: 'not an array', meta: meta('Group') } as unknown as ScimResource,
];

async function storeOf(users: ScimResource[], groups: ScimResource[]): Promise<Store> {
  const store = await Store.open(new MemoryPersistence(), { viewCacheBytes: 0, log: () => undefined });
  const mutations: Mutation[] = [...users.map((resource): Mutation => ({ kind: 'put', type: 'User', resource })), ...groups.map((resource): Mutation => ({ kind: 'put', type: 'Group', resource }))];
  await store.commit(mutations, { source: 'inspector' });
  return store;
}

function expectSameText(store: Store, type: ResourceTypeName, id: string): void {
  const record = store.get(type, id)!;
  expect(record, `${type} ${id} stored`).toBeDefined();
  for (const base of BASES) {
    const expected = JSON.stringify(renderView(store, type, record, base));
    const rendered = renderViewText(store, type, record, base);
    expect(rendered.json, `${type} ${id} at ${JSON.stringify(base)}`).toBe(expected);
    expect(rendered.bytes, `${type} ${id} at ${JSON.stringify(base)}: UTF-8 length`).toBe(Buffer.byteLength(expected));
  }
}

describe('a view written from the record is JSON.stringify of the view object', () => {
  it.each(USERS)('%s', async (_name, user) => {
    const store = await storeOf(USERS.map(([, u]) => u), GROUPS);
    try {
      expectSameText(store, 'User', user.id);
    } finally {
      await store.close();
    }
  });

  it('groups: members that are users, groups, gone, without display; no members; members not an array', async () => {
    const store = await storeOf(USERS.map(([, u]) => u), GROUPS);
    try {
      for (const group of GROUPS) expectSameText(store, 'Group', group.id);
    } finally {
      await store.close();
    }
  });

  it('a user whose groups are gone from the store shows an empty groups array, as the view does', async () => {
    const store = await storeOf([USERS[0]![1]], GROUPS.slice(0, 1));
    try {
      expectSameText(store, 'User', 'u-typical');
      // The membership index still names g-eng while the group's record is not found: the view's `groups: []`.
      const hollow = { get: (type: ResourceTypeName, id: string) => (type === 'Group' ? undefined : store.get(type, id)), groupsOf: (id: string) => store.groupsOf(id) };
      const record = store.get('User', 'u-typical')!;
      expect(renderViewText(hollow, 'User', record, 'http://b').json).toBe(JSON.stringify(renderView(hollow, 'User', record, 'http://b')));
      expect(renderViewText(hollow, 'User', record, 'http://b').json).toContain('"groups":[]');
    } finally {
      await store.close();
    }
  });
});

/** A seeded generator (mulberry32), so a failure names a seed that reproduces it. */
const random = seededRandom;

const CHARS = ['a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\t', '\u0000', '\u001f', '\u007f', 'é', 'ß', '中', '\u2028', '\ud800', '\udc00', '🎉', '\ud83d', '{', ':', ','];
const KEYS = ['value', 'display', 'type', 'primary', 'userName', 'name', 'emails', '__proto__', '0', '10', 'meta', 'groups', 'location', ENTERPRISE, 'a"b', ''];

function randomString(next: () => number): string {
  let s = '';
  const n = Math.floor(next() * 12);
  for (let i = 0; i < n; i++) s += CHARS[Math.floor(next() * CHARS.length)]!;
  return s;
}

function randomValue(next: () => number, depth: number): unknown {
  const r = next();
  if (depth > 3 || r < 0.35) return randomString(next);
  if (r < 0.45) return Math.floor(next() * 2e6) / (next() < 0.5 ? 1 : 7) - 1e6;
  if (r < 0.55) return next() < 0.5;
  if (r < 0.6) return null;
  if (r < 0.8) return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
  return randomObject(next, depth + 1);
}

function randomObject(next: () => number, depth: number): JsonObject {
  const fields: string[] = [];
  for (let i = Math.floor(next() * 5); i > 0; i--) fields.push(`${JSON.stringify(next() < 0.7 ? KEYS[Math.floor(next() * KEYS.length)]! : randomString(next))}:${JSON.stringify(randomValue(next, depth))}`);
  return JSON.parse(`{${fields.join(',')}}`) as JsonObject;
}

describe('random records', () => {
  it('2,000 seeded random users and their views agree, at several bases', async () => {
    for (const seed of [1, 2, 3, 4]) {
      const next = random(seed);
      const users: ScimResource[] = [];
      for (let i = 0; i < 500; i++) {
        const record = randomObject(next, 0);
        delete record.id;
        // userName is unique in the store: keep its place in the record, with a value of its own.
        if (typeof record.userName === 'string') record.userName = `${record.userName}#${seed}-${i}`;
        const withMeta = next() < 0.9;
        const metaValue = next() < 0.8 ? meta('User', next() < 0.3 ? { location: randomString(next) } : {}) : randomObject(next, 2);
        users.push(JSON.parse(JSON.stringify({ id: `s${seed}-${i}-${randomString(next)}`, ...record, ...(withMeta ? { meta: metaValue } : {}) })) as ScimResource);
      }
      const groups = [{ id: `g${seed}`, displayName: randomString(next), members: users.slice(0, 50).map((u) => ({ value: u.id })), meta: meta('Group') } as unknown as ScimResource];
      const store = await storeOf(users, groups);
      try {
        for (const u of users) expectSameText(store, 'User', u.id);
        expectSameText(store, 'Group', `g${seed}`);
      } finally {
        await store.close();
      }
    }
  });

  it('valueText and keyText agree with JSON.stringify on random values', () => {
    const next = random(99);
    for (let i = 0; i < 5_000; i++) {
      const value = randomValue(next, 0);
      expect(valueText(value), JSON.stringify(value)).toBe(JSON.stringify(value));
      const key = randomString(next);
      expect(keyText(key)).toBe(`${JSON.stringify(key)}:`);
    }
  });

  it('keeps the text of short keys only: a long key (client data, up to the body limit) is written but not kept', async () => {
    // A fresh copy of the module: the tests above may have filled its bounded table.
    vi.resetModules();
    const fresh = await import('../../server/store/view-text.js');
    const long = `k${'x'.repeat(200_000)}`;
    expect(fresh.keyText(long)).toBe(`${JSON.stringify(long)}:`);
    expect(fresh.keyTextsKept()).toBe(0);
    expect(fresh.keyText('userName')).toBe('"userName":');
    expect(fresh.keyTextsKept()).toBe(1);
  });
});
