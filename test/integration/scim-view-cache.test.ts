/**
 * The cache of rendered JSON text behind list pages, over real HTTP: workspaces never see each
 * other's cached text (a workspace copied from another holds the same ids), `meta.location` follows
 * the workspace prefix, and the byte bound holds: with more text than the bound, pages walked again
 * and again keep the cache within it, evict, and never answer with an evicted, changed, deleted or
 * re-created resource's old text. Every answer is compared with a fresh rendering of the store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject, ResourceTypeName } from '../../server/contract/scim.js';
import type { Store } from '../../server/store/store.js';
import { VIEW_CACHE_BYTES } from '../../server/store/view-cache.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { createWorkspace, scimAs, scimBase, USER_SCHEMA } from '../helpers/workspaces.js';

const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** The page a fresh rendering of `store` gives for these ids at `base`. */
function freshPage(store: Store, type: ResourceTypeName, base: string, page: { totalResults: number; startIndex: number; Resources: { id: string }[] }): string {
  const Resources = page.Resources.map((r) => store.view(type, r.id, base) as JsonObject);
  return JSON.stringify({ schemas: [LIST], totalResults: page.totalResults, startIndex: page.startIndex, itemsPerPage: Resources.length, Resources });
}

describe('workspaces and the view cache', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startSandbox({ seed: 'empty', journalSync: false });
  });
  afterAll(async () => {
    await sb.close();
  });

  it('a workspace copied from another (same ids) never gets its text, and its locations carry /w/<name>/', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await sb.scim('POST', '/Users', { body: { schemas: [USER_SCHEMA], userName: `u${i}@example.com`, title: 'Engineer' } });
      expect(res.status, res.text).toBe(201);
    }
    const acme = await createWorkspace(sb, 'acme', 'default');
    const acmeStore = sb.sandbox.workspaces.loaded('acme')!.store;
    const page = (name: string) => scimAs(sb, name, name === 'default' ? sb.token : acme.token, 'GET', '/Users?startIndex=1&count=100');
    // Three reads each, alternating, so both caches hold every text before the checks.
    for (let i = 0; i < 3; i++) for (const name of ['default', 'acme']) expect((await page(name)).status).toBe(200);
    const defaultPage = await page('default');
    const acmePage = await page('acme');
    expect(defaultPage.body.Resources.map((r: { id: string }) => r.id)).toEqual(acmePage.body.Resources.map((r: { id: string }) => r.id));
    expect(defaultPage.text).toBe(freshPage(sb.sandbox.store, 'User', scimBase(sb, 'default'), defaultPage.body));
    expect(acmePage.text).toBe(freshPage(acmeStore, 'User', scimBase(sb, 'acme'), acmePage.body));
    for (const r of acmePage.body.Resources) expect(r.meta.location).toBe(`${scimBase(sb, 'acme')}/Users/${r.id}`);
    for (const r of defaultPage.body.Resources) expect(r.meta.location).toBe(`${scimBase(sb, 'default')}/Users/${r.id}`);

    // A change in one workspace shows there, and only there.
    const id = acmePage.body.Resources[2].id as string;
    const patched = await scimAs(sb, 'acme', acme.token, 'PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'Manager' }] });
    expect([200, 204]).toContain(patched.status);
    const after = { default: await page('default'), acme: await page('acme') };
    expect(after.acme.body.Resources[2].title).toBe('Manager');
    expect(after.acme.body.Resources[2].meta.version).toBe('W/"2"');
    expect(after.default.body.Resources[2].title).toBe('Engineer');
    expect(after.default.body.Resources[2].meta.version).toBe('W/"1"');
    expect(after.default.text).toBe(defaultPage.text);
    expect(after.acme.text).toBe(freshPage(acmeStore, 'User', scimBase(sb, 'acme'), after.acme.body));
  });
});

describe('the byte bound', () => {
  let sb: TestSandbox;
  const USERS = 100;
  // About 280 KB of text each: 100 users are ~28 MB, more than the 24 MiB bound.
  const padding = (i: number) => `${i % 7 === 0 ? 'Ingénieure ' : 'Engineer '}${'x'.repeat(280_000)}`;
  beforeAll(async () => {
    sb = await startSandbox({ seed: 'empty', journalSync: false });
    for (let i = 0; i < USERS; i++) {
      const res = await sb.scim('POST', '/Users', { body: { schemas: [USER_SCHEMA], userName: `big${i}@example.com`, title: padding(i) } });
      expect(res.status, res.text.slice(0, 200)).toBe(201);
    }
  }, 120_000);
  afterAll(async () => {
    await sb.close();
  });

  /** Reads every page of ten users, checking each against a fresh rendering and the count against the store. */
  async function walk(): Promise<void> {
    const store = sb.sandbox.store;
    for (let start = 1; start <= store.count('User'); start += 10) {
      const res = await sb.scim('GET', `/Users?startIndex=${start}&count=10`);
      expect(res.status).toBe(200);
      expect(res.body.totalResults).toBe(store.count('User'));
      expect(res.text, `page at ${start}`).toBe(freshPage(store, 'User', sb.addresses.scimUrl, res.body));
      expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(res.text));
      const stats = store.viewCacheStats();
      expect(stats.bytes).toBeLessThanOrEqual(VIEW_CACHE_BYTES);
    }
  }

  it('stays within its bytes, evicts, and never serves an evicted or changed text', { timeout: 120_000 }, async () => {
    const store = sb.sandbox.store;
    for (let pass = 0; pass < 3; pass++) await walk();
    const stats = store.viewCacheStats();
    expect(stats.maxBytes).toBe(VIEW_CACHE_BYTES);
    expect(stats.kept).toBeGreaterThan(50);
    expect(stats.kept).toBeLessThan(USERS);
    expect(stats.hits).toBeGreaterThan(0);
    // Change users at both ends of the walk (evicted early, kept late), delete one, create one under a freed name.
    const ids = [...store.list('User')];
    for (const id of [ids[0]!, ids[5]!, ids[95]!, ids[99]!]) {
      const res = await sb.scim('PATCH', `/Users/${id}`, { body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'Changed' }] } });
      expect([200, 204]).toContain(res.status);
    }
    const replaced = await sb.scim('PUT', `/Users/${ids[98]}`, { body: { schemas: [USER_SCHEMA], userName: 'big98@example.com', title: 'Replaced' } });
    expect(replaced.status).toBe(200);
    expect((await sb.scim('DELETE', `/Users/${ids[97]}`)).status).toBe(204);
    expect((await sb.scim('POST', '/Users', { body: { schemas: [USER_SCHEMA], userName: 'big97@example.com', title: 'Again' } })).status).toBe(201);
    for (let pass = 0; pass < 2; pass++) await walk();
    expect(store.viewCacheStats().bytes).toBeLessThanOrEqual(VIEW_CACHE_BYTES);
  });
});
