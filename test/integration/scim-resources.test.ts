/**
 * SCIM resource semantics over real HTTP: create/read/replace/modify/delete, server-managed
 * attributes, passwords, group membership reflected on users, ETags, content types.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../server/store/password-hash.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

describe('SCIM resources', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox({ seed: 'empty' });
  });
  afterAll(() => t.close());

  it('creates a user: 201, Location, ETag, meta, server-issued id; ignores client-sent id, meta and groups', async () => {
    const res = await t.scim('POST', '/Users', {
      body: { schemas: [USER], id: 'mine', meta: { created: '1999-01-01T00:00:00Z' }, groups: [{ value: 'g' }], userName: 'ann@example.com', name: { givenName: 'Ann', familyName: 'Lee' }, emails: [{ value: 'ann@example.com', type: 'work', primary: true }], active: true, password: 'Secret-123' },
    });
    expect(res.status).toBe(201);
    expect(res.body.id).not.toBe('mine');
    expect(res.body.groups).toBeUndefined();
    expect(res.body.password).toBeUndefined();
    expect(res.body.meta.resourceType).toBe('User');
    expect(res.body.meta.created).not.toBe('1999-01-01T00:00:00Z');
    expect(res.body.meta.version).toBe('W/"1"');
    expect(res.headers.get('location')).toBe(`${t.addresses.scimUrl}/Users/${res.body.id}`);
    expect(res.body.meta.location).toBe(res.headers.get('location'));
    expect(res.headers.get('etag')).toBe('W/"1"');
    expect(res.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
  });

  it('never returns or stores the password in clear, but keeps a hash', async () => {
    const res = await t.scim('GET', '/Users?filter=userName%20eq%20%22ann%40example.com%22');
    const id = res.body.Resources[0].id;
    expect(JSON.stringify(res.body)).not.toContain('Secret-123');
    const hash = t.sandbox.store.secretOf(id)?.passwordHash ?? '';
    expect(hash).toMatch(/^scrypt\$/);
    // It is the hash of the password Okta sent, and of no other.
    expect(await verifyPassword('Secret-123', hash)).toBe(true);
    expect(await verifyPassword('Secret-124', hash)).toBe(false);
    const projected = await t.scim('GET', `/Users/${id}?attributes=password`);
    expect(projected.body.password).toBeUndefined();
  });

  it('accepts application/json and charset variants, always answers application/scim+json', async () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'application/scim+json; charset=UTF-8']) {
      const res = await t.scim('POST', '/Users', { headers: { 'Content-Type': type }, rawBody: JSON.stringify({ schemas: [USER], userName: `ct-${type.length}-${Math.random()}@example.com` }) });
      expect(res.status, type).toBe(201);
      expect(res.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    }
  });

  it('PUT replaces every writable attribute, keeps id and created, bumps version', async () => {
    const created = await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'put@example.com', title: 'Engineer', externalId: 'ext-1', nickName: 'P' } });
    const id = created.body.id;
    const put = await t.scim('PUT', `/Users/${id}`, { body: { schemas: [USER], id, userName: 'put@example.com', title: 'Manager', meta: created.body.meta } });
    expect(put.status).toBe(200);
    expect(put.body.title).toBe('Manager');
    expect(put.body.nickName).toBeUndefined();
    expect(put.body.externalId).toBeUndefined();
    expect(put.body.meta.created).toBe(created.body.meta.created);
    expect(put.body.meta.version).toBe('W/"2"');
  });

  it('a PUT that changes nothing keeps the version', async () => {
    const created = await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'same@example.com', title: 'X' } });
    const put = await t.scim('PUT', `/Users/${created.body.id}`, { body: created.body });
    expect(put.body.meta.version).toBe('W/"1"');
  });

  it('PATCH deactivates and answers 200 with the resource', async () => {
    const created = await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'patch@example.com', active: true } });
    const res = await t.scim('PATCH', `/Users/${created.body.id}`, { body: { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] } });
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
  });

  it('ETags: If-None-Match gives 304, If-Match with the current version succeeds', async () => {
    const created = await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'etag@example.com' } });
    const id = created.body.id;
    const notModified = await t.scim('GET', `/Users/${id}`, { headers: { 'If-None-Match': 'W/"1"' } });
    expect(notModified.status).toBe(304);
    const ok = await t.scim('PATCH', `/Users/${id}`, { headers: { 'If-Match': 'W/"1"' }, body: { schemas: [PATCH], Operations: [{ op: 'add', path: 'title', value: 'T' }] } });
    expect(ok.status).toBe(200);
    const stale = await t.scim('PATCH', `/Users/${id}`, { headers: { 'If-Match': 'W/"1"' }, body: { schemas: [PATCH], Operations: [{ op: 'add', path: 'title', value: 'U' }] } });
    expect(stale.status).toBe(412);
  });

  it("reflects group membership in the user's groups, and deleting the user removes it from the group", async () => {
    const u = await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'member@example.com', displayName: 'Member One' } });
    const g = await t.scim('POST', '/Groups', { body: { displayName: 'Team', members: [{ value: u.body.id, display: 'whatever' }] } });
    expect(g.status).toBe(201);
    expect(g.body.members).toEqual([{ value: u.body.id, display: 'Member One', type: 'User', $ref: `${t.addresses.scimUrl}/Users/${u.body.id}` }]);
    const user = await t.scim('GET', `/Users/${u.body.id}`);
    expect(user.body.groups).toEqual([{ value: g.body.id, display: 'Team', type: 'direct', $ref: `${t.addresses.scimUrl}/Groups/${g.body.id}` }]);
    const byGroup = await t.scim('GET', `/Users?filter=groups.value%20eq%20%22${g.body.id}%22`);
    expect(byGroup.body.totalResults).toBe(1);
    expect((await t.scim('DELETE', `/Users/${u.body.id}`)).status).toBe(204);
    const after = await t.scim('GET', `/Groups/${g.body.id}`);
    expect(after.body.members ?? []).toEqual([]);
  });

  it('treats null as unassigned', async () => {
    const created = await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'nulls@example.com', title: null, nickName: 'N', [ENTERPRISE]: { department: null } } });
    expect(created.body.title).toBeUndefined();
    expect(created.body[ENTERPRISE]).toBeUndefined();
    const put = await t.scim('PUT', `/Users/${created.body.id}`, { body: { schemas: [USER], userName: 'nulls@example.com', nickName: null } });
    expect(put.body.nickName).toBeUndefined();
  });

  it('stores the enterprise extension and lists it in schemas', async () => {
    const res = await t.scim('POST', '/Users', { body: { schemas: [USER, ENTERPRISE], userName: 'ent@example.com', [ENTERPRISE]: { department: 'Sales', manager: { value: 'boss' } } } });
    expect(res.body.schemas).toEqual([USER, ENTERPRISE]);
    expect(res.body[ENTERPRISE]).toEqual({ department: 'Sales', manager: { value: 'boss' } });
  });

  it('renames a group and keeps displayName unique', async () => {
    const a = await t.scim('POST', '/Groups', { body: { displayName: 'Alpha' } });
    await t.scim('POST', '/Groups', { body: { displayName: 'Beta' } });
    const clash = await t.scim('PATCH', `/Groups/${a.body.id}`, { body: { schemas: [PATCH], Operations: [{ op: 'replace', value: { id: a.body.id, displayName: 'BETA' } }] } });
    expect(clash.status).toBe(409);
    const ok = await t.scim('PATCH', `/Groups/${a.body.id}`, { body: { schemas: [PATCH], Operations: [{ op: 'replace', value: { id: a.body.id, displayName: 'Gamma' } }] } });
    expect(ok.body.displayName).toBe('Gamma');
  });

  it('applies attributes and excludedAttributes on writes too', async () => {
    const res = await t.scim('POST', '/Users?attributes=userName', { body: { schemas: [USER], userName: 'proj@example.com', title: 'T' } });
    expect(Object.keys(res.body).sort()).toEqual(['id', 'schemas', 'userName']);
    const g = await t.scim('POST', '/Groups?excludedAttributes=members', { body: { displayName: 'Proj' } });
    expect(g.body.members).toBeUndefined();
    expect(g.body.displayName).toBe('Proj');
  });
});
