/**
 * Listing and searching over real HTTP: paging edge cases (RFC 7644 §3.4.2.4), stable order,
 * sorting, filters (incl. Okta's incremental import on meta.lastModified), projection, .search.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

describe('SCIM list and search', () => {
  let t: TestSandbox;
  const names: string[] = [];

  beforeAll(async () => {
    t = await startSandbox({ seed: 'empty' });
    for (let i = 0; i < 25; i++) {
      const userName = `user${String(i).padStart(2, '0')}@example.com`;
      names.push(userName);
      const res = await t.scim('POST', '/Users', { body: { schemas: [USER], userName, title: i % 2 ? 'Odd' : 'Even', name: { familyName: `F${25 - i}` }, emails: [{ value: userName, type: 'work' }], active: i % 5 !== 0 } });
      expect(res.status).toBe(201);
    }
  });
  afterAll(() => t.close());

  const page = (query: string) => t.scim('GET', `/Users?${query}`);

  it.each([
    // query, totalResults, startIndex echoed, itemsPerPage, first userName
    ['startIndex=1&count=10', 25, 1, 10, 'user00@example.com'],
    ['startIndex=11&count=10', 25, 11, 10, 'user10@example.com'],
    ['startIndex=21&count=10', 25, 21, 5, 'user20@example.com'],
    ['startIndex=26&count=10', 25, 26, 0, undefined],
    ['startIndex=0&count=3', 25, 1, 3, 'user00@example.com'],
    ['startIndex=-5&count=3', 25, 1, 3, 'user00@example.com'],
    ['count=0', 25, 1, 0, undefined],
    ['count=-1', 25, 1, 0, undefined],
    ['', 25, 1, 25, 'user00@example.com'],
    ['count=5000', 25, 1, 25, 'user00@example.com'],
    ['StartIndex=3&Count=1', 25, 3, 1, 'user02@example.com'],
  ] as const)('paging %s', async (query, total, start, per, first) => {
    const res = await page(query);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: total, startIndex: start, itemsPerPage: per });
    expect(res.body.Resources).toHaveLength(per);
    expect(res.body.Resources[0]?.userName).toBe(first);
  });

  it('pages in a stable order that covers every user exactly once', async () => {
    const seen: string[] = [];
    for (let start = 1; start <= 25; start += 7) seen.push(...(await page(`startIndex=${start}&count=7`)).body.Resources.map((r: { userName: string }) => r.userName));
    expect(seen).toEqual(names);
  });

  it.each([
    ['userName eq "USER03@example.com"', 1],
    ['userName sw "user1"', 10],
    ['title eq "Odd" and active eq true', 10],
    ['active eq false', 5],
    ['not (active eq false)', 20],
    ["emails[type eq \"work\" and value ew \"7@example.com\"]", 2],
    ["emails.value co \"2\"", 7],
    ['name.familyName eq "F1"', 1],
    ['title pr', 25],
    ['externalId pr', 0],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "user00@example.com"', 1],
    ['(title eq "Odd" or title eq "Even") and userName ew "0@example.com"', 3],
    ['meta.lastModified gt "2000-01-01T00:00:00Z"', 25],
    ['meta.lastModified gt "2999-01-01T00:00:00Z"', 0],
  ])('filter %s → %i', async (filter, count) => {
    const res = await page(`filter=${encodeURIComponent(filter)}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.totalResults).toBe(count);
  });

  it('decodes + as a space in filters (as Entra sends them)', async () => {
    const res = await page('filter=userName+eq+%22user04%40example.com%22');
    expect(res.body.totalResults).toBe(1);
  });

  it('sorts ascending and descending by a string and by a sub-attribute', async () => {
    const asc = await page('sortBy=name.familyName&count=3');
    expect(asc.body.Resources.map((r: { name: { familyName: string } }) => r.name.familyName)).toEqual(['F1', 'F10', 'F11']);
    const desc = await page('sortBy=userName&sortOrder=descending&count=2');
    expect(desc.body.Resources.map((r: { userName: string }) => r.userName)).toEqual(['user24@example.com', 'user23@example.com']);
  });

  it('projects with attributes and excludedAttributes, keeping id and schemas', async () => {
    const res = await page('count=1&attributes=userName,name.familyName');
    expect(res.body.Resources[0]).toEqual({ schemas: [USER], id: expect.any(String), userName: 'user00@example.com', name: { familyName: 'F25' } });
    const excluded = await page('count=1&excludedAttributes=emails,meta,id');
    expect(excluded.body.Resources[0].emails).toBeUndefined();
    expect(excluded.body.Resources[0].meta).toBeUndefined();
    expect(excluded.body.Resources[0].id).toBeDefined();
  });

  it('answers POST /Users/.search like GET', async () => {
    const res = await t.scim('POST', '/Users/.search', { body: { schemas: [SEARCH], filter: 'userName sw "user2"', startIndex: 2, count: 2, attributes: ['userName'], sortBy: 'userName' } });
    expect(res.status).toBe(200);
    expect(res.body.totalResults).toBe(5);
    expect(res.body.Resources.map((r: { userName: string }) => r.userName)).toEqual(['user21@example.com', 'user22@example.com']);
  });

  it('serves discovery documents that match behaviour', async () => {
    const spc = await t.scim('GET', '/ServiceProviderConfig');
    expect(spc.body).toMatchObject({ patch: { supported: true }, bulk: { supported: false }, filter: { supported: true, maxResults: 1000 }, sort: { supported: true }, etag: { supported: true } });
    expect(spc.body.authenticationSchemes[0].type).toBe('oauthbearertoken');
    const types = await t.scim('GET', '/ResourceTypes');
    expect(types.body.Resources.map((r: { id: string }) => r.id)).toEqual(['User', 'Group']);
    const user = await t.scim('GET', '/ResourceTypes/User');
    expect(user.body.schemaExtensions).toEqual([{ schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', required: false }]);
    const schemas = await t.scim('GET', '/Schemas');
    expect(schemas.body.totalResults).toBe(3);
    const userSchema = await t.scim('GET', `/Schemas/${USER}`);
    const userName = userSchema.body.attributes.find((a: { name: string }) => a.name === 'userName');
    expect(userName).toMatchObject({ type: 'string', required: true, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'server', multiValued: false });
    const bulk = await t.scim('POST', '/Bulk', { body: {} });
    expect(bulk.status).toBe(501);
  });
});
