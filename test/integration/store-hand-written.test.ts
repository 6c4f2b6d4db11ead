/**
 * A store.json written by hand (no `version`, records without `meta`, as json-server keeps them)
 * is served over SCIM like any other: each record gets the metadata a create would give it, so a
 * read, a list page, an ETag-guarded PATCH and the views all work, and what a record had is kept.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { tempDir } from '../helpers/temp-dir.js';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
let folder: Awaited<ReturnType<typeof tempDir>>;
let t: TestSandbox;

beforeAll(async () => {
  folder = await tempDir();
  const users = [
    { id: 'u1', userName: 'hand.one@example.com', active: true },
    { id: 'u2', userName: 'hand.two@example.com', active: true, meta: { created: '2020-01-02T03:04:05.000Z' } },
  ];
  const groups = [{ id: 'g1', displayName: 'Hand group', members: [{ value: 'u1' }] }];
  await writeFile(path.join(folder.dir, 'store.json'), JSON.stringify({ users, groups }));
  t = await startSandbox({ dataDir: folder.dir });
});

afterAll(async () => {
  await t.stop();
  await folder.remove();
});

describe('a hand-written store.json without meta', () => {
  it.each([
    ['a user', '/Users/u1', 'User'],
    ['a group', '/Groups/g1', 'Group'],
  ])('serves %s with the metadata a create gives', async (_name, url, resourceType) => {
    const res = await t.scim('GET', url);
    expect(res.status).toBe(200);
    expect(res.body.meta).toMatchObject({ resourceType, version: 'W/"1"' });
    expect(res.body.meta.location).toMatch(new RegExp(`${url}$`));
    expect(res.headers.get('etag')).toBe('W/"1"');
  });

  it('keeps the meta fields a record had', async () => {
    const res = await t.scim('GET', '/Users/u2');
    expect(res.body.meta.created).toBe('2020-01-02T03:04:05.000Z');
  });

  it('lists the users in a page, twice (the second from the view cache)', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await t.scim('GET', '/Users?count=10');
      expect(res.status).toBe(200);
      expect(res.body.Resources.map((u: { meta: { version: string } }) => u.meta.version)).toEqual(['W/"1"', 'W/"1"']);
    }
  });

  it('takes a PATCH guarded by the version it showed', async () => {
    const res = await t.scim('PATCH', '/Users/u1', { body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] }, headers: { 'If-Match': 'W/"1"' } });
    expect(res.status).toBe(200);
    expect(res.body.meta.version).toBe('W/"2"');
    expect(res.body.active).toBe(false);
  });
});
