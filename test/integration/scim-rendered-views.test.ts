/**
 * Responses built from cached rendered views are byte for byte the responses a fresh rendering
 * gives, whatever changed in between. After each step of a provisioning story (writes, PATCHes,
 * renames, membership changes, deletes, a refused write), every probe URL is read three times over
 * real HTTP (a view is kept when asked for a second time, so the third read is served from the
 * cache) and every answer must equal the text rendered
 * afresh from the store for that moment: lists with filters, paging, sorting and projection, reads
 * by id with their ETags, searches, and the same URLs through a tunnel's base URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject, ResourceTypeName } from '../../server/contract/scim.js';
import { parseProjection, project } from '../../server/scim/projection.js';
import { resourceTypes } from '../../server/scim/schemas/resource-types.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const TUNNEL = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'scimscope-test.example.net' };

let sb: TestSandbox;
const ids: Record<string, string> = {};

beforeAll(async () => {
  sb = await startSandbox({ seed: 'empty' });
});
afterAll(async () => {
  await sb.close();
});

const user = (name: string, extra: JsonObject = {}) => ({ schemas: [USER], userName: `${name}@example.com`, displayName: name, name: { givenName: name, familyName: 'Test' }, emails: [{ value: `${name}@example.com`, type: 'work', primary: true }], active: true, ...extra });
const patch = (...ops: JsonObject[]) => ({ schemas: [PATCH], Operations: ops });

async function create(key: string, type: 'Users' | 'Groups', body: JsonObject): Promise<void> {
  const res = await sb.scim('POST', `/${type}`, { body });
  expect(res.status, res.text).toBe(201);
  ids[key] = res.body.id;
}

async function write(method: string, path: string, body?: JsonObject, expected = [200, 204]): Promise<void> {
  const res = await sb.scim(method, path, body ? { body } : {});
  expect(expected, `${method} ${path}: ${res.text}`).toContain(res.status);
}

/** The probes: what an IdP reads. `$u1` etc. stand for ids. */
const PROBES: { path: string; method?: 'POST'; body?: JsonObject; tunnel?: boolean }[] = [
  { path: '/Users' },
  { path: '/Users?startIndex=2&count=2' },
  { path: '/Users?count=0' },
  { path: '/Users?filter=userName%20eq%20%22ann%40example.com%22' },
  { path: '/Users?filter=displayName%20co%20%22n%22&sortBy=userName&sortOrder=descending' },
  { path: '/Users?attributes=userName,groups' },
  { path: '/Users?excludedAttributes=groups,emails' },
  { path: '/Users?attributes=emails[type%20eq%20%22work%22].value' },
  { path: '/Groups' },
  { path: '/Groups?excludedAttributes=members' },
  { path: '/Groups?filter=displayName%20sw%20%22Eng%22' },
  { path: '/Users/.search', method: 'POST', body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'active eq true', startIndex: 1, count: 3 } },
  { path: '/Users', tunnel: true },
  { path: '/Groups', tunnel: true },
];

const typeOf = (path: string): ResourceTypeName => (path.startsWith('/Groups') ? 'Group' : 'User');

/** The text a fresh rendering gives for one resource, projected as the query asks. */
function freshView(type: ResourceTypeName, id: string, base: string, query: URLSearchParams | JsonObject | null): JsonObject {
  const view = sb.sandbox.store.view(type, id, base)!;
  const get = (k: string) => (query instanceof URLSearchParams ? query.get(k) : query && typeof query[k] === 'string' ? (query[k] as string) : null);
  const attributes = get('attributes');
  const excluded = get('excludedAttributes');
  if (!attributes && !excluded) return view;
  return project(view, parseProjection(resourceTypes[type], attributes?.split(',') ?? null, excluded?.split(',') ?? null));
}

/** Reads a probe three times and checks the answers against a fresh rendering of the store as it is now. */
async function check(probe: (typeof PROBES)[number]): Promise<void> {
  const base = probe.tunnel ? `https://${TUNNEL['X-Forwarded-Host']}/scim/v2` : sb.addresses.scimUrl;
  const init = { headers: probe.tunnel ? TUNNEL : {}, ...(probe.body ? { body: probe.body } : {}) };
  const first = await sb.scim(probe.method ?? 'GET', probe.path, init);
  for (const again of [2, 3]) {
    const later = await sb.scim(probe.method ?? 'GET', probe.path, init);
    expect(later.text, `${probe.path}: answer ${again} differs from the first`).toBe(first.text);
  }
  expect(first.status, first.text).toBe(200);
  const list = first.body as { totalResults: number; startIndex: number; itemsPerPage: number; Resources: { id: string }[] };
  const query = probe.body ?? new URL(`http://x${probe.path}`).searchParams;
  const type = typeOf(probe.path);
  const expected = JSON.stringify({ schemas: [LIST], totalResults: list.totalResults, startIndex: list.startIndex, itemsPerPage: list.itemsPerPage, Resources: list.Resources.map((r) => freshView(type, r.id, base, query)) });
  expect(first.text, `${probe.path}: differs from a fresh rendering`).toBe(expected);
  // Totals counted afresh, so a stale page (a deleted user still listed) cannot pass.
  expect(list.totalResults).toBe(probe.path.includes('filter=') || probe.body ? filteredTotal(probe) : sb.sandbox.store.count(type));
}

/** Every stored resource read by id, three times, with its ETag, plain and through the tunnel. */
async function checkReads(): Promise<void> {
  const store = sb.sandbox.store;
  for (const type of ['User', 'Group'] as const) {
    for (const id of store.list(type)) {
      for (const tunnel of [false, true]) {
        const path = `/${type}s/${id}`;
        const base = tunnel ? `https://${TUNNEL['X-Forwarded-Host']}/scim/v2` : sb.addresses.scimUrl;
        const first = await sb.scim('GET', path, { headers: tunnel ? TUNNEL : {} });
        expect(first.status).toBe(200);
        for (let again = 2; again <= 3; again++) expect((await sb.scim('GET', path, { headers: tunnel ? TUNNEL : {} })).text).toBe(first.text);
        expect(first.text).toBe(JSON.stringify(store.view(type, id, base)));
        expect(first.headers.get('etag')).toBe(store.get(type, id)!.meta.version);
        const notModified = await sb.scim('GET', path, { headers: { 'If-None-Match': first.headers.get('etag')! } });
        expect(notModified.status).toBe(304);
      }
      const projected = await sb.scim('GET', `/${type}s/${id}?excludedAttributes=meta`);
      expect(projected.text).toBe(JSON.stringify(freshView(type, id, sb.addresses.scimUrl, new URLSearchParams('excludedAttributes=meta'))));
    }
  }
}

/** The story; after each step every probe and every read is checked. */
const STEPS: { name: string; run: () => Promise<void> }[] = [
  {
    name: 'users and groups created, one group nested in another',
    run: async () => {
      for (const name of ['ann', 'ben', 'chloe', 'dev', 'elif']) await create(name, 'Users', user(name));
      await create('eng', 'Groups', { schemas: [GROUP], displayName: 'Engineering', members: [{ value: ids.ann! }, { value: ids.ben! }] });
      await create('all', 'Groups', { schemas: [GROUP], displayName: 'Everyone', members: [{ value: ids.ben! }, { value: ids.eng! }] });
    },
  },
  { name: 'a member renamed (groups show the new display)', run: () => write('PATCH', `/Users/${ids.ann}`, patch({ op: 'replace', path: 'displayName', value: 'Ann Renamed' })) },
  { name: 'a group renamed (its members show the new name)', run: () => write('PATCH', `/Groups/${ids.eng}`, patch({ op: 'replace', path: 'displayName', value: 'Engineering Core' })) },
  { name: 'a member added to a group', run: () => write('PATCH', `/Groups/${ids.eng}`, patch({ op: 'add', path: 'members', value: [{ value: ids.chloe! }] })) },
  { name: 'a member removed from a group', run: () => write('PATCH', `/Groups/${ids.eng}`, patch({ op: 'remove', path: `members[value eq "${ids.ann}"]` })) },
  { name: 'members replaced wholesale', run: () => write('PUT', `/Groups/${ids.all}`, { schemas: [GROUP], displayName: 'Everyone', members: [{ value: ids.dev! }, { value: ids.eng! }] }) },
  { name: 'a user replaced', run: () => write('PUT', `/Users/${ids.ben}`, user('ben', { displayName: 'Benjamin', title: 'Lead' })) },
  { name: 'a user deactivated', run: () => write('PATCH', `/Users/${ids.chloe}`, patch({ op: 'replace', value: { active: false } })) },
  { name: 'a refused write (duplicate userName) changes nothing', run: () => write('POST', '/Users', user('ann'), [409]) },
  { name: 'a member deleted (groups drop it)', run: () => write('DELETE', `/Users/${ids.chloe}`, undefined, [204]) },
  { name: 'a nested group deleted (users lose it, the outer group drops it)', run: () => write('DELETE', `/Groups/${ids.eng}`, undefined, [204]) },
  {
    name: 'a user re-created under a freed name and put in a group',
    run: async () => {
      await create('chloe2', 'Users', user('chloe'));
      await write('PATCH', `/Groups/${ids.all}`, patch({ op: 'add', path: 'members', value: [{ value: ids.chloe2! }] }));
    },
  },
  {
    // The views are written as text straight from the records (views.ts renderViewText): the characters JSON escapes, unicode, an extension schema, and a user with only a userName.
    name: 'users with escapes, unicode and an extension schema, and a bare one, put in a group',
    run: async () => {
      const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
      await create('odd', 'Users', user('q"uote\\back', { schemas: [USER, enterprise], displayName: 'tab\there\nnew \u0007 Ingénieure 🎉 \u2028 中文', title: '"quoted"', [enterprise]: { department: 'R&D "x"', employeeNumber: '0042', manager: { value: ids.ben! } } }));
      await create('bare', 'Users', { schemas: [USER], userName: 'bare@example.com' });
      await write('PATCH', `/Groups/${ids.all}`, patch({ op: 'add', path: 'members', value: [{ value: ids.odd! }, { value: ids.bare! }] }));
    },
  },
];

/**
 * Leaves every view in the cache rendered at the local base URL (the checks end with the tunnel's),
 * so the next step's first reads are answered from entries made before its change.
 */
async function warm(): Promise<void> {
  const store = sb.sandbox.store;
  const paths = [...PROBES.filter((p) => !p.tunnel && !p.method).map((p) => p.path), ...store.list('User').map((id) => `/Users/${id}`), ...store.list('Group').map((id) => `/Groups/${id}`)];
  for (const path of paths) for (let i = 0; i < 2; i++) expect((await sb.scim('GET', path)).status).toBe(200);
}

describe('responses from cached views equal fresh renderings', () => {
  it.each(STEPS.map((s, i) => [i + 1, s.name, s] as const))('step %i: %s', async (_i, _name, step) => {
    await step.run();
    for (const probe of PROBES) await check(probe);
    await checkReads();
    await warm();
  });
});

/** What a filter selects, counted by reading every resource afresh (not through the server's index). */
function filteredTotal(probe: (typeof PROBES)[number]): number {
  const store = sb.sandbox.store;
  const type = typeOf(probe.path);
  const views = store.list(type).map((id) => store.view(type, id)!);
  if (probe.body) return views.filter((v) => v.active === true).length;
  const filter = new URL(`http://x${probe.path}`).searchParams.get('filter')!;
  if (filter.startsWith('userName eq')) return views.filter((v) => v.userName === 'ann@example.com').length;
  if (filter.startsWith('displayName co')) return views.filter((v) => typeof v.displayName === 'string' && v.displayName.toLowerCase().includes('n')).length;
  if (filter.startsWith('displayName sw')) return views.filter((v) => String(v.displayName).toLowerCase().startsWith('eng')).length;
  throw new Error(`no count for ${filter}`);
}
