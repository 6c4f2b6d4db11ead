/**
 * close() is the moment the data folder is handed back: every background write (journal and
 * compaction, the recorder's worker and its exchanges file, fault counters, resource history) has
 * reached the disk when it resolves, and nothing is left scheduled that could write later.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawRequest } from '../helpers/raw-http.js';
import { startSandbox } from '../helpers/sandbox.js';
import { tempDir } from '../helpers/temp-dir.js';

/** What could still write or hold the folder: timers, open files, sockets, servers, threads. */
const WATCHED = new Set(['Timeout', 'Immediate', 'FileHandle', 'TCPSocketWrap', 'TCPServerWrap', 'Worker', 'MessagePort']);
function pendingWork(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) if (WATCHED.has(kind)) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

const lines = async (file: string) => (await readFile(file, 'utf8')).split('\n').filter(Boolean);

describe('close()', () => {
  it('resolves only once every background write is on disk, and leaves nothing scheduled', async () => {
    const folder = await tempDir();
    const before = pendingWork();
    const t = await startSandbox({ dataDir: folder.dir, seed: 'empty' });
    await t.admin('POST', '/api/faults', { body: { name: 'slow', action: { type: 'latency', ms: 1 } } });
    const auth = { Authorization: `Bearer ${t.token}`, 'Content-Type': 'application/scim+json' };
    // Answered requests whose after-effects are all still pending when close() starts: the fault
    // counters' delayed save, the history's buffered lines, the recorder worker's interpretation.
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) => rawRequest(`${t.addresses.scimUrl}/Users`, { method: 'POST', headers: auth, body: JSON.stringify({ userName: `shutdown${i}@example.com` }) })),
    );
    expect(created.map((r) => r.status)).toEqual(Array(20).fill(201));
    await t.stop();

    const dir = folder.dir;
    const after = pendingWork();
    expect(Object.keys(after).filter((kind) => after[kind]! > (before[kind] ?? 0))).toEqual([]);
    const store = JSON.parse(await readFile(path.join(dir, 'store.json'), 'utf8'));
    expect(store.users).toHaveLength(20);
    expect(await readdir(path.join(dir, 'journal'))).toEqual([]);
    const faults = JSON.parse(await readFile(path.join(dir, 'faults.json'), 'utf8'));
    expect(faults.rules[0].hits).toBe(20);
    expect(await lines(path.join(dir, 'history.jsonl'))).toHaveLength(20);
    expect(await lines(path.join(dir, 'exchanges.jsonl'))).toHaveLength(20);
    await folder.remove();
  });
});

describe('close() with a request held open by a timeout fault', () => {
  it('cuts it at once, and has recorded it when it resolves', async () => {
    const folder = await tempDir();
    const t = await startSandbox({ dataDir: folder.dir, seed: 'empty' });
    await t.admin('POST', '/api/faults', { body: { name: 'hold', action: { type: 'timeout', maxMs: 600_000 } } });
    const held = rawRequest(`${t.addresses.scimUrl}/Users`, { headers: { Authorization: `Bearer ${t.token}` } });
    // The fault counted the request (its counters are saved later): it is being held now.
    await new Promise<void>((resolve) => t.sandbox.bus.once('faults:changed', () => resolve()));
    await t.stop();
    expect((await held).status).toBeNull();
    const [exchange] = (await lines(path.join(folder.dir, 'exchanges.jsonl'))).map((l) => JSON.parse(l));
    expect(exchange).toMatchObject({ request: { method: 'GET', path: '/scim/v2/Users' }, outcome: 'dropped', fault: { name: 'hold', action: 'timeout' } });
    await folder.remove();
  });
});
