/**
 * Scimscope as an installed tool: `npm pack` of the built project, installed into a temp prefix
 * from npm's cache (`npm install --offline --prefix`), runs `scimscope serve --json` from there, and
 * its SCIM endpoint, admin API and inspector assets answer. The tarball carries the bundled server
 * (dist/bundle: the CLI, the recording worker and the Electron main process, with their source maps),
 * the inspector, nothing from the dev tree and no unbundled server; the install pulls no Electron and
 * none of the packages the bundle holds (express, ws, lowdb, zod), so a start can only come from the bundle.
 * The install carries the project's LICENSE and the third-party notices of both bundles.
 * Needs `npm run build` first (as `npm test` does), like every test of the built CLI.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSocket } from '../helpers/event-socket.js';
import { request } from '../helpers/http.js';
import { tempDir } from '../helpers/temp-dir.js';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('the packed package, installed', { timeout: 120_000 }, () => {
  let dir: string;
  let remove: () => Promise<void>;
  let files: string[];
  let prefix: string;

  beforeAll(async () => {
    for (const built of ['dist/bundle/cli.js', 'dist/renderer/index.html']) {
      if (!existsSync(path.join(repo, built))) throw new Error(`${built} is missing: run "npm run build" before this test (npm test does).`);
    }
    ({ dir, remove } = await tempDir('scimscope-pack-'));
    prefix = path.join(dir, 'prefix');
    // npm_config_* from an enclosing `npm test` would steer these npm runs; they get a clean environment.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
    const packed = await run(npm, ['pack', '--json', '--pack-destination', dir], { cwd: repo, env, maxBuffer: 16 * 1024 * 1024 });
    const [report] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
    files = report.files.map((f) => f.path);
    const tarball = path.join(dir, report.filename);
    const install = (mode: string) => run(npm, ['install', mode, '--no-audit', '--no-fund', '--loglevel', 'error', '--prefix', prefix, tarball], { cwd: dir, env, timeout: 100_000 });
    try {
      await install('--offline');
    } catch (error) {
      // A cache filled by `npm ci` holds the tarballs but not the registry metadata a fresh install resolves
      // ranges with; then fetch only what is missing.
      if (!/ENOTCACHED/.test(String((error as { stderr?: string }).stderr))) throw error;
      await install('--prefer-offline');
    }
  });
  afterAll(() => remove?.());

  it('carries the built server, the inspector and the demo data, and nothing from the dev tree', () => {
    expect(files).toContain('dist/bundle/cli.js');
    expect(files).toContain('dist/bundle/recorder-worker.js');
    expect(files).toContain('dist/bundle/electron-main.js');
    expect(files).toContain('dist/bundle/cli.js.map');
    expect(files).toContain('dist/electron/preload.cjs');
    expect(files).toContain('dist/renderer/index.html');
    expect(files).toContain('resources/demo-directory.json');
    expect(files).toContain('package.json');
    expect(files).toContain('README.md');
    expect(files).toContain('LICENSE');
    expect(files).toContain('dist/bundle/THIRD-PARTY-NOTICES.txt');
    expect(files).toContain('dist/renderer/THIRD-PARTY-NOTICES.txt');
    const stray = files.filter((f) => /^(server|renderer|electron|test|bench|scripts|docs|dist\/server)\//.test(f) || /\.(ts|tsx)$/.test(f) || (f.endsWith('.map') && !f.startsWith('dist/bundle/')) || f.includes('.tsbuild'));
    expect(stray).toEqual([]);
  });

  it('installs as a tool from the bundle, without the Electron runtime or the bundled packages', async () => {
    expect(existsSync(path.join(prefix, 'node_modules', 'scimscope', 'dist', 'bundle', 'cli.js'))).toBe(true);
    expect(existsSync(path.join(prefix, 'node_modules', 'scimscope', 'dist', 'server'))).toBe(false);
    for (const bundled of ['electron', 'express', 'ws', 'lowdb', 'zod', 'body-parser']) expect(existsSync(path.join(prefix, 'node_modules', bundled)), bundled).toBe(false);
    // The bundled packages' licences reach the user with the bundles that hold them.
    const installed = path.join(prefix, 'node_modules', 'scimscope');
    const server = readFileSync(path.join(installed, 'dist', 'bundle', 'THIRD-PARTY-NOTICES.txt'), 'utf8');
    expect(server).toMatch(/\nexpress@[\d.]+\nLicense: MIT\n\n(?:(?!-{78})[^])*Permission is hereby granted/);
    expect(server).toMatch(/\nqs@[\d.]+\nLicense: BSD-3-Clause\n/);
    const renderer = readFileSync(path.join(installed, 'dist', 'renderer', 'THIRD-PARTY-NOTICES.txt'), 'utf8');
    expect(renderer).toMatch(/\nreact@[\d.]+\nLicense: MIT\n\n(?:(?!-{78})[^])*Permission is hereby granted/);
    expect(readFileSync(path.join(installed, 'LICENSE'), 'utf8')).toContain('Scimscope contributors');
    expect(await realpath(path.join(prefix, 'node_modules', '.bin', 'scimscope'))).toBe(await realpath(path.join(prefix, 'node_modules', 'scimscope', 'dist', 'bundle', 'cli.js')));
  });

  it('serves from the install: SCIM, the admin API and the inspector answer', async () => {
    const bin = path.join(prefix, 'node_modules', '.bin', 'scimscope');
    expect((await run(bin, ['--version'])).stdout.trim()).toBe(pkg.version);
    const child = spawn(bin, ['serve', '--json', '--port', '0', '--admin-port', '0', '--data', path.join(dir, 'data')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const ready = await new Promise<{ scimUrl: string; token: string; adminUrl: string; adminToken: string; inspectorUrl: string }>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(JSON.parse(out.slice(0, out.indexOf('\n'))));
        });
        void exited.then((code) => reject(new Error(`scimscope exited (${code}) before it was ready:\n${stderr}`)));
      });
      // The recording worker is the bundle's recorder-worker.js: the request is recorded, and the
      // backend never says it fell back to the main thread.
      const socket = await openSocket(`${ready.adminUrl.replace('http', 'ws')}/api/events`, { Authorization: `Bearer ${ready.adminToken}` });
      const recorded = socket.next((m) => m.type === 'batch' && m.events.some((e: { type: string; exchange?: { path?: string } }) => e.type === 'exchange' && e.exchange?.path?.includes('/Users')));
      const users = await request(`${ready.scimUrl}/Users?count=1`, { headers: { Authorization: `Bearer ${ready.token}` } });
      expect(users.status).toBe(200);
      expect(users.body.totalResults).toBeGreaterThan(0); // the demo directory shipped in the package was seeded
      expect((await request(`${ready.scimUrl}/Users`)).status).toBe(401);
      await recorded;
      socket.ws.close();
      await socket.closed;
      expect(stderr).not.toMatch(/Recording continues on the main thread/);
      expect((await request(`${ready.adminUrl}/api/status`, { headers: { Authorization: `Bearer ${ready.adminToken}` } })).status).toBe(200);

      const page = await request(ready.inspectorUrl);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      const script = /src="\.?\/?(assets\/[^"]+\.js)"/.exec(page.text)?.[1];
      expect(script, page.text).toBeDefined();
      const asset = await request(`${ready.adminUrl}/${script}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/javascript/);
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
