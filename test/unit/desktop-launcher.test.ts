/**
 * Finding the Electron binary without loading the electron package (which would try to download it):
 * present, missing, overridden, or unusable without a display; each with the reason the CLI prints
 * when it falls back to serving the inspector in a browser. The display is checked first, so a
 * machine without one is told that, not that a binary is missing.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { desktopBlocker, findElectronBinary } from '../../server/desktop-launcher.js';
import { installerError, targetOf } from '../../server/electron-download.js';
import { tempDir } from '../helpers/temp-dir.js';

let root: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dir: root, remove } = await tempDir('scimscope-launcher-'));
  await writeFile(path.join(root, 'package.json'), JSON.stringify({ name: 'scimscope' }));
});
afterEach(() => remove());

async function installElectron(withBinary: boolean) {
  const dir = path.join(root, 'node_modules', 'electron');
  await mkdir(path.join(dir, 'dist'), { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0', main: 'index.js' }));
  await writeFile(path.join(dir, 'index.js'), 'throw new Error("must not be loaded")');
  if (withBinary) {
    await writeFile(path.join(dir, 'path.txt'), 'electron');
    await writeFile(path.join(dir, 'dist', 'electron'), '#!/bin/sh\n', { mode: 0o755 });
  }
  return dir;
}

const display = { DISPLAY: ':0' };

describe('findElectronBinary', () => {
  it('finds the downloaded binary through path.txt', async () => {
    const dir = await installElectron(true);
    expect(findElectronBinary(root, display)).toEqual({ path: path.join(dir, 'dist', 'electron') });
  });

  const cases: [string, () => Promise<unknown>, Record<string, string>, RegExp][] = [
    ['no electron package', async () => undefined, display, /electron package is not installed/],
    ['a package whose binary is not downloaded yet', () => installElectron(false), display, /Electron binary is not downloaded yet.*npx install-electron/],
    ['an explicit opt-out', () => installElectron(true), { ...display, SCIMSCOPE_NO_DESKTOP: '1' }, /SCIMSCOPE_NO_DESKTOP/],
  ];
  if (process.platform === 'linux') {
    cases.push(['no display', () => installElectron(true), {}, /no graphical display/]);
    // The true reason on a headless machine is the display, whatever else is missing.
    cases.push(['no display and no binary', () => installElectron(false), {}, /no graphical display/]);
    cases.push(['no display and no package', async () => undefined, {}, /no graphical display/]);
  }
  it.each(cases)('reports %s', async (_name, setup, env, reason) => {
    await setup();
    const found = findElectronBinary(root, env as NodeJS.ProcessEnv);
    expect('reason' in found && found.reason).toMatch(reason);
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH', async () => {
    await installElectron(false);
    const dist = path.join(root, 'custom');
    await mkdir(dist);
    await writeFile(path.join(dist, 'electron'), '');
    expect(findElectronBinary(root, { ...display, ELECTRON_OVERRIDE_DIST_PATH: dist })).toEqual({ path: path.join(dist, 'electron') });
  });
});

describe('desktopBlocker', () => {
  it.each([
    ['linux', {}, /no graphical display/],
    ['linux', { WAYLAND_DISPLAY: 'wayland-0' }, null],
    ['linux', { DISPLAY: ':1' }, null],
    ['darwin', {}, null],
    ['win32', {}, null],
    ['darwin', { SCIMSCOPE_NO_DESKTOP: '1' }, /SCIMSCOPE_NO_DESKTOP/],
  ] as const)('on %s with %j', (platform, env, reason) => {
    const blocked = desktopBlocker(env, platform);
    if (reason === null) expect(blocked).toBeNull();
    else expect(blocked).toMatch(reason);
  });
});

describe('the download helpers', () => {
  it("names the target as Electron's installer does, with its overrides", () => {
    expect(targetOf({})).toBe(`${process.platform}-${process.arch}`);
    expect(targetOf({ ELECTRON_INSTALL_PLATFORM: 'win32', ELECTRON_INSTALL_ARCH: 'arm64' })).toBe('win32-arm64');
    expect(targetOf({ npm_config_platform: 'darwin', npm_config_arch: 'x64' })).toBe('darwin-x64');
  });

  it.each([
    ['TypeError: fetch failed\n    at node:internal/deps/undici/undici:14976:13\n', 'TypeError: fetch failed'],
    ['HTTPError: Response code 404 (Not Found) for http://x/v1/e.zip\n    at FetchDownloader.download\n', 'HTTPError: Response code 404 (Not Found) for http://x/v1/e.zip'],
    ['(node:1) ExperimentalWarning: something\nError: Generated checksum for "e.zip" did not match expected checksum.\n    at x\n', 'Error: Generated checksum for "e.zip" did not match expected checksum.'],
    ['', 'no message'],
  ])('reports the line of the installer output that says what failed: %j', (stderr, line) => {
    expect(installerError(stderr)).toBe(line);
  });
});
