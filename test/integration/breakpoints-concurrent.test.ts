/**
 * Breakpoint changes in flight at once (review R10): each applies to the rules the one before left,
 * so every change answered 2xx is listed, on disk in breakpoints.json, and read back after a
 * restart. Before, each started from the same old rules and the last write erased the others.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../helpers/sandbox.js';
import { tempDir } from '../helpers/temp-dir.js';

// Rules on a path no request here takes, so nothing pauses.
const rule = (name: string) => ({ name, match: { methods: ['POST'], path: '/Nowhere' } });

describe('breakpoint changes in flight at once', () => {
  it('all land: adds, an edit, a removal and the default timeout, in memory, on disk and after a restart', async () => {
    const folder = await tempDir();
    try {
      const t = await startSandbox({ dataDir: folder.dir, seed: 'empty' });
      const first = await Promise.all(Array.from({ length: 8 }, (_, i) => t.admin('POST', '/api/breakpoints', { body: rule(`bp-${i}`) })));
      expect(first.map((r) => r.status)).toEqual(Array(8).fill(201));
      for (const r of first) expect((await t.admin('GET', `/api/breakpoints/${r.body.id}`)).status).toBe(200);

      const second = await Promise.all([
        t.admin('POST', '/api/breakpoints', { body: rule('bp-8') }),
        t.admin('PUT', `/api/breakpoints/${first[1]!.body.id}`, { body: rule('bp-1-renamed') }),
        t.admin('DELETE', `/api/breakpoints/${first[0]!.body.id}`),
        t.admin('PUT', '/api/breakpoints/settings', { body: { defaultTimeoutMs: 45_000 } }),
        t.admin('POST', '/api/breakpoints', { body: rule('bp-9') }),
      ]);
      expect(second.map((r) => r.status)).toEqual([201, 200, 204, 200, 201]);
      const expected = ['bp-1-renamed', ...Array.from({ length: 8 }, (_, i) => `bp-${i + 2}`)].sort();
      const listed = (await t.admin('GET', '/api/breakpoints')).body.items.map((r: { name: string }) => r.name).sort();
      expect(listed).toEqual(expected);
      const file = JSON.parse(await readFile(path.join(folder.dir, 'breakpoints.json'), 'utf8'));
      expect(file.rules.map((r: { name: string }) => r.name).sort()).toEqual(expected);
      expect(file.defaultTimeoutMs).toBe(45_000);
      await t.stop();

      const again = await startSandbox({ dataDir: folder.dir });
      expect((await again.admin('GET', '/api/breakpoints')).body.items.map((r: { name: string }) => r.name).sort()).toEqual(expected);
      expect((await again.admin('GET', '/api/breakpoints/settings')).body).toEqual({ defaultTimeoutMs: 45_000 });
      await again.stop();
    } finally {
      await folder.remove();
    }
  });
});
