/**
 * The first desktop start, against a loopback Electron mirror (ELECTRON_MIRROR): the launcher runs
 * Electron's own installer, which asks for exactly the artifact and SHASUMS256.txt @electron/get
 * names, unpacks the real zip it is served (a stand-in `electron` script) and writes path.txt; the
 * launcher then runs that binary on the app's main process. Failed, refused, corrupt and stalled
 * downloads fall back with a reason that says what retries; the next start tries again. No display,
 * SCIMSCOPE_NO_DESKTOP=1 and `serve` fetch nothing. Every install goes into a temp copy of the
 * electron package, never the shared node_modules/electron.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchDesktop, RETRY_HINT, type LaunchOptions } from '../../server/desktop-launcher.js';
import { artifactName, electronPackageCopy, startElectronMirror, type ElectronMirror, type PackageCopy } from '../helpers/electron-mirror.js';

const version = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '..', '..', 'node_modules', 'electron', 'package.json'), 'utf8')).version as string;

/** Resolves once `file` exists (the stand-in writes it atomically when it starts). */
async function fileAppears(file: string): Promise<string> {
  const dir = path.dirname(file);
  await new Promise<void>((resolve) => {
    const watcher = watch(dir, () => {
      if (existsSync(file)) {
        watcher.close();
        resolve();
      }
    });
    if (existsSync(file)) {
      watcher.close();
      resolve();
    }
  });
  return readFile(file, 'utf8');
}

function envFor(copy: PackageCopy, mirror: ElectronMirror | { url: string }, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DISPLAY: ':99',
    ELECTRON_MIRROR: mirror.url,
    // The stand-in zip is not Electron's, so its checksum comes from the mirror's SHASUMS256.txt, not checksums.json.
    electron_use_remote_checksums: '1',
    electron_config_cache: copy.cache,
    STANDIN_ARGS_FILE: path.join(copy.root, 'standin-args.txt'),
    ...extra,
  };
}

describe('first desktop start', () => {
  let copy: PackageCopy;
  let mirror: ElectronMirror;
  let messages: string;
  const options = (extra: Partial<LaunchOptions> = {}, env: NodeJS.ProcessEnv = {}): LaunchOptions => ({ root: copy.root, env: envFor(copy, mirror, env), write: (t) => void (messages += t), tty: false, ...extra });

  beforeEach(async () => {
    copy = await electronPackageCopy();
    mirror = await startElectronMirror(version);
    messages = '';
  });
  afterEach(async () => {
    await mirror.close();
    await copy.remove();
  });

  it("fetches the binary through Electron's installer from the mirror, once, then runs it on the app's main process", async () => {
    const outcome = await launchDesktop(['--flag'], options());
    expect(mirror.requests).toEqual([`/v${version}/${artifactName(version)}`, `/v${version}/SHASUMS256.txt`]);
    expect(messages).toContain(`Downloading Electron ${version} for ${process.platform}-${process.arch} (about 100 MB) from ${mirror.url}, once.`);
    expect(readFileSync(path.join(copy.electronDir, 'path.txt'), 'utf8')).toBe('electron');
    if (!outcome.launched) throw new Error(outcome.reason);
    const args = await fileAppears(path.join(copy.root, 'standin-args.txt'));
    expect(args.trim().split('\n')).toEqual([path.join(copy.root, 'dist', 'bundle', 'electron-main.js'), '--flag']);
    outcome.child.kill('SIGTERM');
    expect(await outcome.exited).toBe(0);

    // The second start finds the binary and asks the mirror for nothing.
    const again = await launchDesktop([], options());
    expect(mirror.requests).toHaveLength(2);
    if (!again.launched) throw new Error(again.reason);
    again.child.kill('SIGTERM');
    await again.exited;
  });

  it('shows the megabytes received on a terminal while the download runs', async () => {
    mirror.mode = 'trickle';
    let sawProgress: () => void = () => undefined;
    const progress = new Promise<void>((resolve) => (sawProgress = resolve));
    const pending = launchDesktop([], options({ tty: true, write: (t) => {
      messages += t;
      // The mirror holds the zip at its first half (1.x MB) until released: wait until a progress
      // line reports that half (an earlier tick may show less, while the half is still arriving).
      if (/\r {2}1\.\d MB received \(\d+ s\)/.test(t)) sawProgress();
    } }));
    await progress; // half the zip has arrived and been reported; now let the rest through
    mirror.release();
    const outcome = await pending;
    if (!outcome.launched) throw new Error(outcome.reason);
    expect(messages).toMatch(/1\.\d MB received/);
    expect(messages.endsWith('\n')).toBe(true);
    outcome.child.kill('SIGTERM');
    await outcome.exited;
  });

  it('falls back with the reason when the checksum does not match, and the next start tries again', async () => {
    await mirror.close();
    mirror = await startElectronMirror(version, 'wrong-checksum');
    const failed = await launchDesktop([], options());
    expect(failed).toMatchObject({ launched: false });
    expect(!failed.launched && failed.reason).toMatch(/^the Electron download failed: .*checksum/i);
    expect(!failed.launched && failed.reason).toContain(RETRY_HINT);
    expect(existsSync(path.join(copy.electronDir, 'path.txt'))).toBe(false);

    await mirror.close();
    mirror = await startElectronMirror(version, 'serve');
    const next = await launchDesktop([], options());
    if (!next.launched) throw new Error(next.reason);
    next.child.kill('SIGTERM');
    await next.exited;
  });

  it.each([
    // Only the hanging mirror needs the short stall bound; elsewhere a loaded machine must not turn a slow start into a "stall".
    ['a missing release (404)', 'not-found', 60_000, /Response code 404/],
    ['a mirror that stops answering', 'hang', 1000, /no data arrived for 1 s/],
  ] as const)('falls back on %s', async (_name, mode, stallMs, reason) => {
    mirror.mode = mode;
    const outcome = await launchDesktop([], options({ stallMs }));
    expect(outcome.launched).toBe(false);
    expect(!outcome.launched && outcome.reason).toMatch(reason);
    expect(!outcome.launched && outcome.reason).toContain('npx install-electron');
    expect(existsSync(path.join(copy.electronDir, 'path.txt'))).toBe(false);
  });

  it('falls back when the mirror refuses connections (offline)', async () => {
    await mirror.close();
    const outcome = await launchDesktop([], options());
    expect(!outcome.launched && outcome.reason).toMatch(/^the Electron download failed: TypeError: fetch failed \(no connection to 127\.0\.0\.1:\d+: offline\?/);
  });

  it.each([
    ['no display', { DISPLAY: '', WAYLAND_DISPLAY: '' }, /no graphical display/],
    ['SCIMSCOPE_NO_DESKTOP=1', { SCIMSCOPE_NO_DESKTOP: '1' }, /SCIMSCOPE_NO_DESKTOP=1/],
    ['ELECTRON_SKIP_BINARY_DOWNLOAD=1', { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, /ELECTRON_SKIP_BINARY_DOWNLOAD=1/],
  ])('fetches nothing with %s, and says so', async (_name, env, reason) => {
    const outcome = await launchDesktop([], options({}, env));
    expect(!outcome.launched && outcome.reason).toMatch(reason);
    expect(mirror.requests).toEqual([]);
    expect(messages).toBe('');
  });
});

describe('the scimscope command on a first start', () => {
  let copy: PackageCopy;
  let mirror: ElectronMirror;
  beforeAll(async () => {
    copy = await electronPackageCopy({ cli: true });
    mirror = await startElectronMirror(version, 'not-found');
  });
  afterAll(async () => {
    await mirror.close();
    await copy.remove();
  });

  /** Runs `scimscope [args] --json` from the copy until its ready line; returns that line and stderr. */
  async function start(args: string[], env: NodeJS.ProcessEnv): Promise<{ ready: Record<string, unknown>; stderr: string }> {
    const cli = path.join(copy.root, 'dist', 'bundle', 'cli.js');
    const child = spawn(process.execPath, [cli, ...args, '--port', '0', '--admin-port', '0', '--data', ':memory:', '--seed', 'empty', '--json'], { env: envFor(copy, mirror, env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          if (stdout.includes('\n')) resolve(stdout.slice(0, stdout.indexOf('\n')));
        });
        void exited.then((code) => reject(new Error(`exited (${code}) before ready:\n${stderr}`)));
      });
      return { ready: JSON.parse(line) as Record<string, unknown>, stderr };
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }

  it('serves and puts the download failure in the JSON line when the release cannot be fetched', async () => {
    const { ready, stderr } = await start([], {});
    expect(mirror.requests).toEqual([`/v${version}/${artifactName(version)}`]);
    expect(stderr).toContain(`Downloading Electron ${version}`);
    expect(ready.desktopFallback).toMatch(/^the Electron download failed: HTTPError: Response code 404 .*Run the same command again to retry/);
    expect(ready.inspectorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  });

  it.each([
    ['a start with no display', [], { DISPLAY: '', WAYLAND_DISPLAY: '' }, /^there is no graphical display/],
    ['serve', ['serve'], {}, undefined],
  ] as const)('fetches nothing for %s', async (_name, args, env, reason) => {
    mirror.requests.length = 0;
    const { ready, stderr } = await start([...args], env);
    expect(mirror.requests).toEqual([]);
    expect(stderr).not.toContain('Downloading Electron');
    if (reason) expect(ready.desktopFallback).toMatch(reason);
    else expect(ready).not.toHaveProperty('desktopFallback');
  });
});
