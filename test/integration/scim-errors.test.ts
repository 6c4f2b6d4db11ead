/**
 * Every malformed or refused request gets a SCIM Error with the right status, scimType and media
 * type, never a 500, and the server keeps serving afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

interface Case {
  name: string;
  method: string;
  path: string | ((ids: { user: string; group: string }) => string);
  headers?: Record<string, string>;
  body?: unknown;
  raw?: string;
  status: number;
  scimType?: string;
}

const cases: Case[] = [
  { name: 'malformed JSON', method: 'POST', path: '/Users', raw: '{"userName": ', status: 400, scimType: 'invalidSyntax' },
  { name: 'JSON that is not an object', method: 'POST', path: '/Users', raw: '[1,2]', status: 400, scimType: 'invalidSyntax' },
  { name: 'empty POST body', method: 'POST', path: '/Users', raw: '', status: 400, scimType: 'invalidSyntax' },
  { name: 'missing userName', method: 'POST', path: '/Users', body: { schemas: [USER], name: { givenName: 'A' } }, status: 400, scimType: 'invalidValue' },
  { name: 'empty userName', method: 'POST', path: '/Users', body: { schemas: [USER], userName: '  ' }, status: 400, scimType: 'invalidValue' },
  { name: 'active is not a boolean', method: 'POST', path: '/Users', body: { schemas: [USER], userName: 'a@b.c', active: 'maybe' }, status: 400, scimType: 'invalidValue' },
  { name: 'name is not an object', method: 'POST', path: '/Users', body: { schemas: [USER], userName: 'a@b.c', name: 'Ann' }, status: 400, scimType: 'invalidValue' },
  { name: 'duplicate userName (case-insensitive)', method: 'POST', path: '/Users', body: { schemas: [USER], userName: 'JANE.DOE@example.com' }, status: 409, scimType: 'uniqueness' },
  { name: 'duplicate group displayName', method: 'POST', path: '/Groups', body: { displayName: 'engineering' }, status: 409, scimType: 'uniqueness' },
  { name: 'group without displayName', method: 'POST', path: '/Groups', body: { members: [] }, status: 400, scimType: 'invalidValue' },
  { name: 'group member that does not exist', method: 'POST', path: '/Groups', body: { displayName: 'Ghosts', members: [{ value: 'no-such-id' }] }, status: 400, scimType: 'invalidValue' },
  { name: 'bad filter', method: 'GET', path: '/Users?filter=userName%20like%20%22a%22', status: 400, scimType: 'invalidFilter' },
  { name: 'unterminated filter string', method: 'GET', path: '/Users?filter=userName%20eq%20%22a', status: 400, scimType: 'invalidFilter' },
  { name: 'gt on a boolean', method: 'GET', path: '/Users?filter=active%20gt%20true', status: 400, scimType: 'invalidFilter' },
  { name: 'startIndex not a number', method: 'GET', path: '/Users?startIndex=abc', status: 400, scimType: 'invalidValue' },
  { name: 'count not an integer', method: 'GET', path: '/Users?count=1.5', status: 400, scimType: 'invalidValue' },
  { name: 'bad sortOrder', method: 'GET', path: '/Users?sortBy=userName&sortOrder=sideways', status: 400, scimType: 'invalidValue' },
  { name: 'bad attributes path', method: 'GET', path: '/Users?attributes=name..givenName', status: 400, scimType: 'invalidPath' },
  // A malformed projection on a write is refused before anything is written (the last test checks nothing changed).
  { name: 'POST with a bad attributes path', method: 'POST', path: '/Users?attributes=name..givenName', body: { schemas: [USER], userName: 'projected@example.com' }, status: 400, scimType: 'invalidPath' },
  { name: 'PUT with a bad excludedAttributes path', method: 'PUT', path: (ids) => `/Users/${ids.user}?excludedAttributes=emails[type`, body: { schemas: [USER], userName: 'put.changed@example.com' }, status: 400, scimType: 'invalidPath' },
  { name: 'PATCH with a bad attributes path', method: 'PATCH', path: (ids) => `/Users/${ids.user}?attributes=name..givenName`, body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'userName', value: 'patch.changed@example.com' }] }, status: 400, scimType: 'invalidPath' },
  { name: 'unknown user id', method: 'GET', path: '/Users/00919288221112222', status: 404 },
  { name: 'unknown group id', method: 'GET', path: '/Groups/nope', status: 404 },
  { name: 'PUT unknown id', method: 'PUT', path: '/Users/nope', body: { schemas: [USER], userName: 'x@y.z' }, status: 404 },
  { name: 'PATCH unknown id', method: 'PATCH', path: '/Users/nope', body: { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] }, status: 404 },
  { name: 'DELETE unknown id', method: 'DELETE', path: '/Users/nope', status: 404 },
  { name: 'PATCH without Operations', method: 'PATCH', path: (ids) => `/Users/${ids.user}`, body: { schemas: [PATCH] }, status: 400, scimType: 'invalidSyntax' },
  { name: 'PATCH unknown op', method: 'PATCH', path: (ids) => `/Users/${ids.user}`, body: { schemas: [PATCH], Operations: [{ op: 'merge', path: 'title', value: 'x' }] }, status: 400, scimType: 'invalidSyntax' },
  { name: 'PATCH bad path', method: 'PATCH', path: (ids) => `/Users/${ids.user}`, body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'emails[type eq', value: 'x' }] }, status: 400, scimType: 'invalidPath' },
  { name: 'PATCH remove without path', method: 'PATCH', path: (ids) => `/Users/${ids.user}`, body: { schemas: [PATCH], Operations: [{ op: 'remove' }] }, status: 400, scimType: 'noTarget' },
  { name: 'PATCH replace on a value path that matches nothing', method: 'PATCH', path: (ids) => `/Users/${ids.user}`, body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'emails[value eq "nobody@x.y"]', value: { value: 'a@b.c' } }] }, status: 400, scimType: 'noTarget' },
  { name: 'PATCH changing id', method: 'PATCH', path: (ids) => `/Users/${ids.user}`, body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'id', value: 'mine' }] }, status: 400, scimType: 'mutability' },
  { name: 'PATCH changing meta', method: 'PATCH', path: (ids) => `/Users/${ids.user}`, body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'meta.created', value: '2000-01-01T00:00:00Z' }] }, status: 400, scimType: 'mutability' },
  { name: 'PATCH removing userName', method: 'PATCH', path: (ids) => `/Users/${ids.user}`, body: { schemas: [PATCH], Operations: [{ op: 'remove', path: 'userName' }] }, status: 400 },
  { name: 'PUT with a stale If-Match', method: 'PUT', path: (ids) => `/Users/${ids.user}`, headers: { 'If-Match': 'W/"999"' }, body: { schemas: [USER], userName: 'jane.doe@example.com' }, status: 412 },
  { name: 'unsupported media type', method: 'POST', path: '/Users', headers: { 'Content-Type': 'text/plain' }, raw: '{"userName":"t@x.y"}', status: 415 },
  { name: 'XML body', method: 'POST', path: '/Users', headers: { 'Content-Type': 'application/xml' }, raw: '<user/>', status: 415 },
  { name: 'too large body', method: 'POST', path: '/Users', raw: JSON.stringify({ userName: 'big@x.y', title: 'x'.repeat(1_100_000) }), status: 413 },
  { name: 'unknown endpoint', method: 'GET', path: '/Widgets', status: 404 },
  { name: 'wrong method on the collection', method: 'DELETE', path: '/Users', status: 405 },
  { name: 'wrong method on a resource', method: 'POST', path: (ids) => `/Users/${ids.user}`, body: {}, status: 405 },
  { name: 'GET on .search', method: 'GET', path: '/Users/.search', status: 405 },
  { name: 'filter on discovery', method: 'GET', path: '/Schemas?filter=id%20eq%20%22x%22', status: 403 },
  { name: 'filter on ResourceTypes', method: 'GET', path: '/ResourceTypes?filter=id%20eq%20%22User%22', status: 403 },
  { name: 'unknown schema', method: 'GET', path: '/Schemas/urn:nope', status: 404 },
  { name: 'Bulk is not implemented', method: 'POST', path: '/Bulk', body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: [] }, status: 501 },
  { name: 'bad percent-escape in the path', method: 'GET', path: '/Users/%E0%A4%A', status: 400 },
  { name: 'search body with the wrong schema', method: 'POST', path: '/Users/.search', body: { schemas: ['urn:wrong'], filter: 'userName eq "a"' }, status: 400, scimType: 'invalidSyntax' },
];

describe('SCIM errors', () => {
  let t: TestSandbox;
  const ids = { user: '', group: '' };

  beforeAll(async () => {
    t = await startSandbox();
    const users = await t.scim('GET', '/Users?filter=userName%20eq%20%22jane.doe%40example.com%22');
    ids.user = users.body.Resources[0].id;
    const groups = await t.scim('GET', '/Groups?filter=displayName%20eq%20%22Engineering%22');
    ids.group = groups.body.Resources[0].id;
  });
  afterAll(() => t.close());

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const path = typeof c.path === 'function' ? c.path(ids) : c.path;
    const res = await t.scim(c.method, path, { headers: c.headers, ...(c.raw !== undefined ? { rawBody: c.raw } : c.body !== undefined ? { body: c.body } : {}), ...(c.raw !== undefined && !c.headers ? { headers: { 'Content-Type': 'application/scim+json' } } : {}) });
    expect(res.status, res.text).toBe(c.status);
    expect(res.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(res.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
    expect(res.body.status).toBe(String(c.status));
    expect(typeof res.body.detail).toBe('string');
    if (c.scimType) expect(res.body.scimType).toBe(c.scimType);
  });

  it('keeps serving after all of them, with the data unchanged', async () => {
    const res = await t.scim('GET', `/Users/${ids.user}`);
    expect(res.status).toBe(200);
    expect(res.body.userName).toBe('jane.doe@example.com');
    const list = await t.scim('GET', '/Users?count=0');
    expect(list.body.totalResults).toBe(7);
  });
});
