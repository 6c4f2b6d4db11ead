/**
 * The disk refuses a write of the exchanges file (ENOSPC) once, over real HTTP: the refused
 * exchange is still listed and opens (kept in memory), every exchange recorded after it opens
 * through the admin API, and after a restart the workspace lists what its index says, each opening.
 * Named workspaces record on the main thread, so the refusal is made there by making fs.writeSync
 * throw for that workspace's data file only (both at a line boundary and after the first part of a
 * line larger than the encoding buffer was written).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { tempDir } from '../helpers/temp-dir.js';
import { adminJson, createWorkspace, recordedOn, scimAs, USER_SCHEMA } from '../helpers/workspaces.js';

afterEach(() => vi.restoreAllMocks());

/**
 * Watches which descriptors open `name`'s exchanges data file (from before its first exchange); the
 * returned function makes the next writes to it answer as `plan` says, in order ('ok' writes,
 * 'refuse' throws ENOSPC); writes past the plan, and to any other file, go through.
 */
function dataFileWrites(name: string): (plan: ('ok' | 'refuse')[]) => void {
  const dataFds = new Set<number>();
  const realOpen = fs.openSync.bind(fs) as (...args: unknown[]) => number;
  vi.spyOn(fs, 'openSync').mockImplementation(((...args: unknown[]) => {
    const fd = realOpen(...args);
    const file = String(args[0]);
    if (path.basename(file) === 'exchanges.jsonl' && file.split(path.sep).includes(name) && args[1] === 'a') dataFds.add(fd);
    return fd;
  }) as typeof fs.openSync);
  const realWrite = fs.writeSync.bind(fs) as (...args: unknown[]) => number;
  let plan: ('ok' | 'refuse')[] = [];
  vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, ...rest: unknown[]) => {
    if (dataFds.has(fd) && plan.shift() === 'refuse') throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    return realWrite(fd, ...rest);
  }) as typeof fs.writeSync);
  return (next) => {
    // Armed after the file is open; and the plan armed before was used up.
    expect(dataFds.size).toBeGreaterThan(0);
    expect(plan).toEqual([]);
    plan = next;
  };
}

describe('recording after the disk refused a write of the exchanges file', () => {
  const cases = [
    { name: 'at a line boundary', bigUsers: 0, plan: ['refuse'] as const, tornLines: 0 },
    // A list page over 256 KiB: the first part of its line is written when the buffer fills, then the rest is refused.
    { name: 'mid-line, after the first part of a long line was written', bigUsers: 3, plan: ['ok', 'refuse'] as const, tornLines: 1 },
  ];

  it.each(cases)('$name: what is recorded after it opens, and a restart lists what the index says', async ({ bigUsers, plan, tornLines }) => {
    const temp = await tempDir();
    let t: TestSandbox | null = null;
    try {
      t = await startSandbox({ dataDir: temp.dir });
      const answer = dataFileWrites('disk');
      const { token } = await createWorkspace(t, 'disk', 'empty');
      expect((await adminJson(t, 'PUT', '/api/w/disk/settings', { recording: { maxBodyBytes: 4 * 1024 * 1024 } })).status).toBe(200);
      const bus = () => t!.sandbox.workspaces.loaded('disk')!.bus;
      for (let i = 0; i < bigUsers; i++) {
        const made = recordedOn(bus(), 1);
        expect((await scimAs(t, 'disk', token, 'POST', '/Users', { schemas: [USER_SCHEMA], userName: `big${i}@example.com`, displayName: 'd'.repeat(100_000) })).status).toBe(201);
        await made;
      }
      const [a] = await Promise.all([recordedOn(bus(), 1), scimAs(t, 'disk', token, 'POST', '/Users', { schemas: [USER_SCHEMA], userName: 'before@example.com' })]).then(([s]) => s);

      // The refused exchange: a list page (over 256 KiB when the big users are there).
      answer([...plan]);
      const [b] = await Promise.all([recordedOn(bus(), 1), scimAs(t, 'disk', token, 'GET', '/Users?count=100')]).then(([s]) => s);
      const [c] = await Promise.all([recordedOn(bus(), 1), scimAs(t, 'disk', token, 'POST', '/Users', { schemas: [USER_SCHEMA], userName: 'after@example.com' })]).then(([s]) => s);
      const [d] = await Promise.all([recordedOn(bus(), 1), scimAs(t, 'disk', token, 'GET', '/Users?filter=userName%20eq%20%22after@example.com%22')]).then(([s]) => s);
      answer([]);
      vi.restoreAllMocks();

      for (const [summary, method] of [[a, 'POST'], [b, 'GET'], [c, 'POST'], [d, 'GET']] as const) {
        const opened = await t.admin('GET', `/api/w/disk/exchanges/${summary!.id}`);
        expect(opened.status, `${method} ${summary!.path}`).toBe(200);
        expect(opened.body).toMatchObject({ id: summary!.id, request: { method } });
      }
      const ids = (await t.admin('GET', '/api/w/disk/exchanges?limit=1000')).body.items.map((s: { id: string }) => s.id);
      expect(ids.slice(0, 4)).toEqual([d!.id, c!.id, b!.id, a!.id]);
      await t.stop();
      // What reached the data file of the refused line (its first part) stands on a line of its own.
      const dataFile = path.join(temp.dir, fs.readdirSync(temp.dir, { recursive: true, encoding: 'utf8' }).find((f) => f.split(path.sep).includes('disk') && path.basename(f) === 'exchanges.jsonl')!);
      const lines = fs.readFileSync(dataFile, 'utf8').split('\n').slice(0, -1);
      const unreadable = lines.filter((l) => {
        try {
          return !JSON.parse(l).id;
        } catch {
          return true;
        }
      });
      expect(unreadable).toHaveLength(tornLines);

      // After a restart: the refused exchange never reached the index; everything else is listed and opens.
      t = await startSandbox({ dataDir: temp.dir });
      const users = await scimAs(t, 'disk', token, 'GET', '/Users?count=1');
      expect(users.status).toBe(200);
      await t.sandbox.workspaces.loaded('disk')!.exchanges.whenLoaded();
      const listed = (await t.admin('GET', '/api/w/disk/exchanges?limit=1000')).body.items.map((s: { id: string }) => s.id);
      expect(listed.slice(1, 4)).toEqual([d!.id, c!.id, a!.id]);
      expect(listed).not.toContain(b!.id);
      for (const id of listed) expect((await t.admin('GET', `/api/w/disk/exchanges/${id}`)).status).toBe(200);
    } finally {
      vi.restoreAllMocks();
      await t?.stop();
      await temp.remove();
    }
  });
});
