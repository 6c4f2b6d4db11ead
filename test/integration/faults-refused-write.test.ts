/**
 * A write of faults.json the disk refuses (review R5): the edit answers 503 store_write_failed and
 * leaves no trace (the rules the admin API lists, the rules that fire, the file), the next edit
 * tries the disk again, and a refused counter save is logged instead of becoming an unhandled
 * rejection that ends the process. The failure is injected into the atomic write every store uses.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rawRequest } from '../helpers/raw-http.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const disk = vi.hoisted(() => ({ refuse: 0, refused: [] as string[] }));
vi.mock('../../server/config/atomic-write.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../server/config/atomic-write.js')>();
  return {
    ...real,
    writeFileAtomic: async (file: string, text: string, mode?: number) => {
      if (file.endsWith('faults.json') && disk.refuse > 0) {
        disk.refuse--;
        disk.refused.push(text);
        throw new Error('ENOSPC: no space left on device (injected)');
      }
      return real.writeFileAtomic(file, text, mode);
    },
  };
});

const rule = (name: string) => ({ name, match: { methods: ['GET'], path: `/Groups` }, action: { type: 'error', status: 503, detail: `fault ${name}` } });

describe('fault rules when faults.json cannot be written', () => {
  let t: TestSandbox;
  const logged: string[] = [];
  let onLog: ((line: string) => void) | null = null;
  const names = async () => ((await t.admin('GET', '/api/faults')).body.items as { name: string }[]).map((r) => r.name);
  const onDisk = async () => (JSON.parse(await readFile(path.join(t.dataDir, 'faults.json'), 'utf8')).rules as { name: string }[]).map((r) => r.name);
  const ids = async () => ((await t.admin('GET', '/api/faults')).body.items as { id: string }[]).map((r) => r.id);

  beforeAll(async () => {
    t = await startSandbox({ log: (line: string) => (logged.push(line), onLog?.(line)) });
  });
  afterAll(() => t.close());

  it('a refused add answers 503 store_write_failed, the rule neither lists nor fires, and the next add is written', async () => {
    expect((await t.admin('POST', '/api/faults', { body: { ...rule('A'), enabled: false } })).status).toBe(201);
    disk.refuse = 1;
    const refused = await t.admin('POST', '/api/faults', { body: rule('B') });
    expect(refused.status, refused.text).toBe(503);
    expect(refused.body.error).toMatchObject({ status: 503, code: 'store_write_failed' });
    expect(refused.body.error.message).toContain('faults.json');
    expect(disk.refused).toHaveLength(1);
    expect(await names()).toEqual(['A']);
    expect(await onDisk()).toEqual(['A']);
    // B would answer 503 on GET /Groups had it stayed live.
    const res = await rawRequest(`${t.addresses.scimUrl}/Groups`, { headers: { Authorization: `Bearer ${t.token}` } });
    expect(res.status).toBe(200);

    const next = await t.admin('POST', '/api/faults', { body: { ...rule('C'), enabled: false } });
    expect(next.status, next.text).toBe(201);
    expect(await names()).toEqual(['A', 'C']);
    expect(await onDisk()).toEqual(['A', 'C']);
  });

  it.each([
    ['replace', async (id: string) => t.admin('PUT', `/api/faults/${id}`, { body: { ...rule('renamed'), enabled: false } })],
    ['enable', async (id: string) => t.admin('PATCH', `/api/faults/${id}`, { body: { enabled: true } })],
    ['delete', async (id: string) => t.admin('DELETE', `/api/faults/${id}`)],
    ['reorder', async () => t.admin('POST', '/api/faults/reorder', { body: { ids: (await ids()).reverse() } })],
    ['reset counters', async () => t.admin('POST', '/api/faults/reset-counters')],
    ['preset', async () => t.admin('POST', '/api/faults/presets/flaky-503')],
  ] as const)('a refused %s changes nothing', async (_name, edit) => {
    const before = (await t.admin('GET', '/api/faults')).body;
    const file = await onDisk();
    disk.refuse = 1;
    const res = await edit(before.items[0].id);
    // A preset that does not exist would be a 404 and prove nothing.
    expect(res.status, res.text).toBe(503);
    expect(res.body.error.code).toBe('store_write_failed');
    expect((await t.admin('GET', '/api/faults')).body).toEqual(before);
    expect(await onDisk()).toEqual(file);
  });

  it('changes in flight at once each apply to the rules the one before left (none is lost), one of them refused', async () => {
    for (const id of await ids()) expect((await t.admin('DELETE', `/api/faults/${id}`)).status).toBe(204);
    disk.refuse = 0;
    const first = await Promise.all(Array.from({ length: 8 }, (_, i) => t.admin('POST', '/api/faults', { body: { ...rule(`p${i}`), enabled: false } })));
    expect(first.map((r) => r.status)).toEqual(Array(8).fill(201));
    disk.refuse = 1;
    const second = await Promise.all([
      ...Array.from({ length: 4 }, (_, i) => t.admin('POST', '/api/faults', { body: { ...rule(`q${i}`), enabled: false } })),
      t.admin('DELETE', `/api/faults/${first[0]!.body.id}`),
      t.admin('PATCH', `/api/faults/${first[1]!.body.id}`, { body: { name: 'p1-renamed' } }),
    ]);
    expect(second.filter((r) => r.status === 503)).toHaveLength(1);
    const expected = new Set(['p0', 'p1', ...Array.from({ length: 8 }, (_, i) => `p${i}`).slice(2), 'q0', 'q1', 'q2', 'q3']);
    // The refused change (whichever it was) is undone; every answered one is there.
    const [q0, q1, q2, q3, del, patch] = second;
    for (const [i, r] of [q0, q1, q2, q3].entries()) if (r!.status !== 201) expected.delete(`q${i}`);
    if (del!.status === 204) expected.delete('p0');
    if (patch!.status === 200) (expected.delete('p1'), expected.add('p1-renamed'));
    expect(new Set(await names())).toEqual(expected);
    expect(new Set(await onDisk())).toEqual(expected);
  });

  it('a refused counter save is logged, the server keeps answering, and the counters reach the disk with the next change', async () => {
    for (const id of await ids()) expect((await t.admin('DELETE', `/api/faults/${id}`)).status).toBe(204);
    const added = await t.admin('POST', '/api/faults', { body: rule('counted') });
    expect(added.status).toBe(201);
    disk.refuse = 1;
    const warned = new Promise<string>((resolve) => {
      onLog = (line) => line.includes("could not save the fault rules' counters") && resolve(line);
    });
    const faulted = await rawRequest(`${t.addresses.scimUrl}/Groups`, { headers: { Authorization: `Bearer ${t.token}` } });
    expect(faulted.status).toBe(503);
    expect(await warned).toContain('ENOSPC');
    onLog = null;
    const after = await rawRequest(`${t.addresses.scimUrl}/Users`, { headers: { Authorization: `Bearer ${t.token}` } });
    expect(after.status).toBe(200);
    expect((await t.admin('GET', `/api/faults/${added.body.id}`)).body).toMatchObject({ matched: 1, hits: 1 });
    expect((await t.admin('PATCH', `/api/faults/${added.body.id}`, { body: { enabled: false } })).status).toBe(200);
    const saved = JSON.parse(await readFile(path.join(t.dataDir, 'faults.json'), 'utf8')).rules;
    expect(saved).toEqual([expect.objectContaining({ name: 'counted', enabled: false, matched: 1, hits: 1 })]);
  });
});
