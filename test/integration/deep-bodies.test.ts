/**
 * Bodies nested deeper than the documented limit (docs/decisions.md, "Hardening: request bounds") are
 * refused 400 invalidSyntax before anything else runs, leave no trace in memory or on disk, are still
 * recorded, and a restart reads the same directory back. A body just inside the limit is served.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../server/scim/json-depth.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { tempDir } from '../helpers/temp-dir.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** A JSON text holding `depth` nested levels of objects or arrays (iteratively built: no recursion). */
function nested(depth: number, kind: 'object' | 'array'): string {
  const open = kind === 'object' ? '{"x":' : '[';
  const close = kind === 'object' ? '}' : ']';
  return `${open.repeat(depth)}1${close.repeat(depth)}`;
}

let sb: TestSandbox;
let temp: { dir: string; remove: () => Promise<void> };
let userId: string;

beforeAll(async () => {
  temp = await tempDir();
  sb = await startSandbox({ dataDir: temp.dir });
  const created = await sb.scim('POST', '/Users', { body: { schemas: [USER], userName: 'deep.owner@example.com' } });
  expect(created.status).toBe(201);
  userId = created.body.id;
});

afterAll(async () => {
  await sb?.close();
  await temp?.remove();
});

const deep = 10_000;
const cases: { name: string; method: string; path: () => string; raw: () => string }[] = [
  { name: 'POST a user with a deep object', method: 'POST', path: () => '/Users', raw: () => `{"schemas":["${USER}"],"userName":"deep.post@example.com","title":${nested(deep, 'object')}}` },
  { name: 'POST a user with a deep array', method: 'POST', path: () => '/Users', raw: () => `{"schemas":["${USER}"],"userName":"deep.array@example.com","nickName":${nested(deep, 'array')}}` },
  { name: 'PUT a user with a deep member', method: 'PUT', path: () => `/Users/${userId}`, raw: () => `{"schemas":["${USER}"],"userName":"deep.owner@example.com","title":${nested(deep, 'object')}}` },
  { name: 'PATCH with a deep member beside Operations', method: 'PATCH', path: () => `/Users/${userId}`, raw: () => `{"schemas":["${PATCH}"],"Operations":[{"op":"replace","path":"title","value":"changed"}],"extra":${nested(deep, 'object')}}` },
  { name: 'PATCH with a deep value', method: 'PATCH', path: () => `/Users/${userId}`, raw: () => `{"schemas":["${PATCH}"],"Operations":[{"op":"replace","path":"title","value":${nested(deep, 'array')}}]}` },
  { name: 'POST a group with deep members', method: 'POST', path: () => '/Groups', raw: () => `{"displayName":"Deep","members":${nested(deep, 'array')}}` },
  { name: 'a search with a deep body', method: 'POST', path: () => '/Users/.search', raw: () => `{"filter":${nested(deep, 'object')}}` },
  { name: 'one level past the limit', method: 'POST', path: () => '/Users', raw: () => `{"schemas":["${USER}"],"userName":"just.over@example.com","title":${nested(MAX_JSON_DEPTH, 'array')}}` },
];

describe('deeply nested bodies', () => {
  it.each(cases)('$name: 400 invalidSyntax, recorded, nothing changed', async ({ method, path, raw }) => {
    const before = await sb.admin('GET', '/api/users?count=1000');
    const recorded = nextExchanges(sb.sandbox, 1);
    const res = await sb.scim(method, path(), { rawBody: raw(), headers: { 'Content-Type': 'application/scim+json' } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'invalidSyntax' });
    expect(res.body.detail).toMatch(/nest/i);
    const [exchange] = await recorded;
    expect(exchange!.status).toBe(400);
    const full = await sb.admin('GET', `/api/exchanges/${exchange!.id}`);
    expect(full.status).toBe(200);
    expect(full.body.request.bodySize).toBe(Buffer.byteLength(raw()));
    const after = await sb.admin('GET', '/api/users?count=1000');
    expect(after.body).toEqual(before.body);
    expect((await sb.scim('GET', '/Users')).status).toBe(200);
  });

  it('the admin API refuses a deep body with 400 too, and changes nothing', async () => {
    const before = await sb.admin('GET', '/api/users?count=1000');
    const res = await sb.admin('POST', '/api/users', { rawBody: `{"schemas":["${USER}"],"userName":"admin.deep@example.com","title":${nested(deep, 'object')}}`, headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/nest/);
    expect((await sb.admin('GET', '/api/users?count=1000')).body).toEqual(before.body);
  });

  it('a body nested just inside the limit is served, not refused', async () => {
    // The whole body is MAX_JSON_DEPTH levels deep: the outer object plus the nested value.
    const raw = `{"schemas":["${PATCH}"],"Operations":[{"op":"replace","path":"title","value":"inside"}],"extra":${nested(MAX_JSON_DEPTH - 1, 'array')}}`;
    const res = await sb.scim('PATCH', `/Users/${userId}`, { rawBody: raw, headers: { 'Content-Type': 'application/scim+json' } });
    expect(res.status).toBeLessThan(500);
    expect(res.status).not.toBe(400);
  });

  it('a restart reads back exactly the directory the lists showed', async () => {
    const before = await sb.admin('GET', '/api/users?count=1000');
    expect((await sb.scim('GET', '/Users?count=1000')).status).toBe(200);
    await sb.stop();
    sb = await startSandbox({ dataDir: temp.dir });
    const after = await sb.admin('GET', '/api/users?count=1000');
    expect(after.body.total).toBe(before.body.total);
    expect(after.body.items.map((u: { id: string }) => u.id)).toEqual(before.body.items.map((u: { id: string }) => u.id));
  });
});
