/**
 * A large store started through its load index, over the real CLI and HTTP: the server answers
 * reads, lookups and pages of users it has not parsed yet; writes to such users made right after the
 * ready line and acknowledged survive `kill -9`; the restart (journal replayed over an index-loaded
 * snapshot) and a later clean stop and start serve exactly what was acknowledged.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScimResource } from '../../server/contract/scim.js';
import { SnapshotFile } from '../../server/store/snapshot-file.js';
import { indexFileOf } from '../../server/store/snapshot-index.js';
import { startCli, type CliProcess } from '../helpers/cli-process.js';
import { request } from '../helpers/http.js';
import { tempDir } from '../helpers/temp-dir.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
/** Above the writer's 5,000-resource limit, so store.json is one user per line with its load index. */
const COUNT = 6_000;
const meta = { resourceType: 'User', created: '2026-01-01T00:00:00.000Z', lastModified: '2026-01-01T00:00:00.000Z', version: 'W/"1"' };
const seeded = (i: number): ScimResource => ({ schemas: [USER], id: `id-${i}`, userName: `user${i}@example.com`, externalId: `ext-${i}`, name: { givenName: 'U', familyName: String(i) }, active: true, meta }) as ScimResource;

describe('a large store loaded through its index', () => {
  let remove: () => Promise<void> = async () => undefined;
  let running: CliProcess | null = null;
  afterAll(async () => {
    if (running) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    await remove();
  });

  it('answers before parsing, and keeps every acknowledged write through kill -9 and a clean restart', async () => {
    const temp = await tempDir();
    remove = temp.remove;
    const storeFile = path.join(temp.dir, 'store.json');
    await new SnapshotFile(storeFile).write({ version: 1, journalSeq: 0, users: Array.from({ length: COUNT }, (_, i) => seeded(i)), groups: [], secrets: {} });
    const indexBytes = await readFile(indexFileOf(storeFile));

    let cli = (running = await startCli(['--data', temp.dir, '--seed', 'empty']));
    const auth = () => ({ Authorization: `Bearer ${cli.info.token}` });
    const get = (url: string) => request(`${cli.info.scimUrl}${url}`, { headers: auth() });
    // Reads at once after the ready line, from the end of the file (the last users to be parsed in the background).
    expect((await get(`/Users/id-${COUNT - 1}`)).body.userName).toBe(`user${COUNT - 1}@example.com`);
    const lookup = await get(`/Users?filter=${encodeURIComponent(`userName eq "USER${COUNT - 2}@example.com"`)}`);
    expect(lookup.body.Resources.map((r: ScimResource) => r.id)).toEqual([`id-${COUNT - 2}`]);
    const page = await get(`/Users?startIndex=${COUNT - 2}&count=5`);
    expect(page.body.totalResults).toBe(COUNT);
    expect(page.body.Resources.map((r: ScimResource) => r.id)).toEqual([`id-${COUNT - 3}`, `id-${COUNT - 2}`, `id-${COUNT - 1}`]);

    // Writes to users at the end of the file, acknowledged, then kill -9.
    const expected = new Map<string, string | null>();
    for (let i = COUNT - 1; i > COUNT - 41; i--) {
      if (i % 3 === 0) {
        expect((await request(`${cli.info.scimUrl}/Users/id-${i}`, { method: 'DELETE', headers: auth() })).status).toBe(204);
        expected.set(`id-${i}`, null);
      } else {
        const res = await request(`${cli.info.scimUrl}/Users/id-${i}`, { method: 'PATCH', headers: auth(), body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'userName', value: `renamed${i}@example.com` }] } });
        expect(res.status).toBe(200);
        expected.set(`id-${i}`, `renamed${i}@example.com`);
      }
    }
    const created = await request(`${cli.info.scimUrl}/Users`, { method: 'POST', headers: auth(), body: { schemas: [USER], userName: `user${COUNT - 1}@example.com` } });
    expect(created.status).toBe(201);
    expected.set(created.body.id, `user${COUNT - 1}@example.com`);
    cli.child.kill('SIGKILL');
    expect((await cli.exited).signal).toBe('SIGKILL');

    const check = async () => {
      for (const [id, userName] of expected) {
        const res = await get(`/Users/${id}`);
        if (userName === null) expect(res.status, id).toBe(404);
        else expect(res.body.userName, id).toBe(userName);
      }
      expect((await get(`/Users/id-0`)).body).toMatchObject({ userName: 'user0@example.com', externalId: 'ext-0' });
      const deleted = [...expected.values()].filter((v) => v === null).length;
      expect((await get('/Users?count=0')).body.totalResults).toBe(COUNT - deleted + 1);
      const renamed = await get(`/Users?filter=${encodeURIComponent(`userName eq "renamed${COUNT - 2}@example.com"`)}`);
      expect(renamed.body.Resources.map((r: ScimResource) => r.id)).toEqual([`id-${COUNT - 2}`]);
    };
    // The restart replays the journal over the index-loaded snapshot.
    cli = running = await startCli(['--data', temp.dir, '--seed', 'empty']);
    await check();
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
    // The clean stop folded the journal into store.json and wrote a new index for it.
    expect((await readFile(indexFileOf(storeFile))).equals(indexBytes)).toBe(false);
    cli = running = await startCli(['--data', temp.dir, '--seed', 'empty']);
    await check();
    cli.child.kill('SIGTERM');
    await cli.exited;
    running = null;
  });
});
