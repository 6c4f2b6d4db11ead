/**
 * Admin changes sent at once (a double-submitted form, two tabs, a script) each land: settings
 * patches of different keys and breakpoint rules are all answered 200/201, all in memory, all in
 * their file, and read back after a restart. A write the disk refuses answers 503 and changes
 * nothing, in memory or on disk, and the next change goes through. (Review findings R7 and R10 of
 * wave 7: one shared temp file name and unserialised read-modify-writes lost or mixed them.)
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Settings } from '../../server/contract/settings.js';
import { startSandbox } from '../helpers/sandbox.js';
import { tempDir } from '../helpers/temp-dir.js';

const QUIRKS = ['duplicateAs400', 'conflictWithoutScimType', 'rejectMembersReplace', 'ignoreExcludedAttributes', 'plainJsonContentType', 'zeroBasedStartIndex', 'stringTotalResults'] as const;
const longUris = (n: number) => Array.from({ length: n }, (_, i) => `https://app${i}.example.com/callback/${'x'.repeat(40)}`);

const readJson = async (file: string) => JSON.parse(await fsp.readFile(file, 'utf8'));

describe('admin changes sent at once', () => {
  it('settings: every concurrent patch of a different key is answered 200 and kept in memory, on disk and after a restart', async () => {
    const folder = await tempDir();
    try {
      const t = await startSandbox({ dataDir: folder.dir });
      // Patches of different sizes, so texts written over each other would not parse.
      const patches = [
        ...QUIRKS.map((quirk) => ({ quirks: { [quirk]: true } })),
        { auth: { oauth: { redirectUris: longUris(18) } } },
        { recording: { retention: 4321 } },
        { patchReturnsResource: false },
      ];
      const answers = await Promise.all(patches.map((body) => t.admin('PUT', '/api/settings', { body })));
      expect(answers.map((a) => a.status)).toEqual(patches.map(() => 200));
      const check = (s: Settings) => {
        for (const quirk of QUIRKS) expect(s.quirks[quirk], quirk).toBe(true);
        expect(s.auth.oauth.redirectUris).toEqual(longUris(18));
        expect(s.recording.retention).toBe(4321);
        expect(s.patchReturnsResource).toBe(false);
      };
      check(t.sandbox.settings.current);
      check((await readJson(path.join(folder.dir, 'settings.json'))).settings);
      expect((await fsp.readdir(folder.dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
      await t.stop();
      const again = await startSandbox({ dataDir: folder.dir });
      check(again.sandbox.settings.current);
      await again.stop();
    } finally {
      await folder.remove();
    }
  });

  it('settings: a write the disk refuses answers 503, changes nothing in memory or on disk, and the next patch lands', async () => {
    const t = await startSandbox();
    const file = path.join(t.dataDir, 'settings.json');
    const before = await fsp.readFile(file, 'utf8');
    const rename = vi.spyOn(fsp, 'rename').mockRejectedValueOnce(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
    try {
      const refused = await t.admin('PUT', '/api/settings', { body: { quirks: { duplicateAs400: true } } });
      expect(refused.status, refused.text).toBe(503);
      expect(refused.body.error.code).toBe('store_write_failed');
    } finally {
      rename.mockRestore();
    }
    expect(t.sandbox.settings.current.quirks.duplicateAs400).toBe(false);
    expect(await fsp.readFile(file, 'utf8')).toBe(before);
    expect((await fsp.readdir(t.dataDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect((await t.admin('PUT', '/api/settings', { body: { quirks: { stringTotalResults: true } } })).status).toBe(200);
    expect((await readJson(file)).settings.quirks).toMatchObject({ duplicateAs400: false, stringTotalResults: true });
  });

  it('breakpoints: every concurrent add is answered 201 and listed, on disk, by id and after a restart; concurrent removes too', async () => {
    const folder = await tempDir();
    try {
      const t = await startSandbox({ dataDir: folder.dir });
      const added = await Promise.all(
        Array.from({ length: 8 }, (_, i) => t.admin('POST', '/api/breakpoints', { body: { name: `bp-${i}`, match: { methods: ['POST'], path: `/Users/${i}` } } })),
      );
      expect(added.map((a) => a.status)).toEqual(added.map(() => 201));
      const ids = added.map((a) => a.body.id as string);
      const listed = (await t.admin('GET', '/api/breakpoints')).body.items.map((r: { id: string }) => r.id);
      expect([...listed].sort()).toEqual([...ids].sort());
      for (const id of ids) expect((await t.admin('GET', `/api/breakpoints/${id}`)).status).toBe(200);
      const file = path.join(folder.dir, 'breakpoints.json');
      expect((await readJson(file)).rules.map((r: { id: string }) => r.id).sort()).toEqual([...ids].sort());
      // Removing half at once, and renaming the others at once, lands every change.
      const removed = await Promise.all(ids.slice(0, 4).map((id) => t.admin('DELETE', `/api/breakpoints/${id}`)));
      const renamed = await Promise.all(ids.slice(4).map((id, i) => t.admin('PUT', `/api/breakpoints/${id}`, { body: { name: `renamed-${i}`, match: { methods: ['GET'] } } })));
      expect([...removed, ...renamed].map((a) => a.status)).toEqual([204, 204, 204, 204, 200, 200, 200, 200]);
      const kept = (await readJson(file)).rules as Array<{ id: string; name: string }>;
      expect(kept.map((r) => r.id)).toEqual(ids.slice(4));
      expect(kept.map((r) => r.name)).toEqual(['renamed-0', 'renamed-1', 'renamed-2', 'renamed-3']);
      await t.stop();
      const again = await startSandbox({ dataDir: folder.dir });
      expect((await again.admin('GET', '/api/breakpoints')).body.items.map((r: { name: string }) => r.name)).toEqual(['renamed-0', 'renamed-1', 'renamed-2', 'renamed-3']);
      await again.stop();
    } finally {
      await folder.remove();
    }
  });
});
