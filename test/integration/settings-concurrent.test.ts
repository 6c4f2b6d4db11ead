/**
 * Settings updates in flight at once (review R7): each is merged into what the one before left and
 * answered once settings.json holds it, so every acknowledged change survives a restart, the file
 * always parses, and no temp file is left behind. Before, the updates shared one temp file and
 * merged from the same old settings.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../helpers/sandbox.js';
import { tempDir } from '../helpers/temp-dir.js';

const uris = (n: number) => Array.from({ length: n }, (_, i) => `https://idp${i}.example.com/callback/${'x'.repeat(i * 7)}`);

// Different keys (and texts of different lengths), so a lost or torn write shows.
const patches: [string, object, (s: any) => unknown, unknown][] = [
  ['recording.retention', { recording: { retention: 4321 } }, (s) => s.recording.retention, 4321],
  ['recording.maxBodyBytes', { recording: { maxBodyBytes: 2048 } }, (s) => s.recording.maxBodyBytes, 2048],
  ['faults.seed', { faults: { seed: 77 } }, (s) => s.faults.seed, 77],
  ['patchReturnsResource', { patchReturnsResource: false }, (s) => s.patchReturnsResource, false],
  ['tunnel.publicUrl', { tunnel: { publicUrl: 'https://example.test/scim/v2' } }, (s) => s.tunnel.publicUrl, 'https://example.test/scim/v2'],
  ['upstream.connectTimeoutMs', { upstream: { connectTimeoutMs: 1234 } }, (s) => s.upstream.connectTimeoutMs, 1234],
  ['upstream.responseTimeoutMs', { upstream: { responseTimeoutMs: 4567 } }, (s) => s.upstream.responseTimeoutMs, 4567],
  ['auth.basic.username', { auth: { basic: { username: 'someone' } } }, (s) => s.auth.basic.username, 'someone'],
  ['auth.oauth.redirectUris', { auth: { oauth: { redirectUris: uris(18) } } }, (s) => s.auth.oauth.redirectUris, uris(18)],
];

describe('settings updates in flight at once', () => {
  it('all answer 200, all land in memory and in settings.json, and a restart reads them', async () => {
    const folder = await tempDir();
    try {
      const t = await startSandbox({ dataDir: folder.dir });
      const answers = await Promise.all(patches.map(([, body]) => t.admin('PUT', '/api/settings', { body })));
      expect(answers.map((a) => a.status)).toEqual(patches.map(() => 200));
      const live = (await t.admin('GET', '/api/settings')).body;
      for (const [key, , read, value] of patches) expect(read(live), key).toEqual(value);
      const file = JSON.parse(await readFile(path.join(folder.dir, 'settings.json'), 'utf8'));
      for (const [key, , read, value] of patches) expect(read(file.settings), key).toEqual(value);
      expect((await readdir(folder.dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      await t.stop();

      const again = await startSandbox({ dataDir: folder.dir });
      const reread = (await again.admin('GET', '/api/settings')).body;
      for (const [key, , read, value] of patches) expect(read(reread), key).toEqual(value);
      await again.stop();
    } finally {
      await folder.remove();
    }
  });

  it('a token regenerated while other updates are in flight is the one the server checks and the one on disk', async () => {
    const folder = await tempDir();
    try {
      const t = await startSandbox({ dataDir: folder.dir });
      const [, regenerated] = await Promise.all([
        t.admin('PUT', '/api/settings', { body: { auth: { oauth: { redirectUris: uris(12) } } } }),
        t.admin('POST', '/api/settings/token/regenerate'),
        t.admin('PUT', '/api/settings', { body: { recording: { retention: 999 } } }),
      ]);
      const token = regenerated.body.token as string;
      expect((await t.scim('GET', '/Users', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
      const file = JSON.parse(await readFile(path.join(folder.dir, 'settings.json'), 'utf8'));
      expect(file.settings.auth.token).toBe(token);
      expect(file.settings.auth.oauth.redirectUris).toEqual(uris(12));
      expect(file.settings.recording.retention).toBe(999);
      await t.stop();
    } finally {
      await folder.remove();
    }
  });
});
