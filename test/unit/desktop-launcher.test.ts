/**
 * Finding the Electron binary without loading the electron package (which would try to download it):
 * present, missing, overridden, or unusable without a display; each with the reason the CLI prints
 * when it falls back to serving the inspector in a browser.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../server/desktop-launcher.js';
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
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'electron', main: 'index.js' }));
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
    ['a package without its binary (offline install)', () => installElectron(false), display, /Electron binary is not installed/],
    ['an explicit opt-out', () => installElectron(true), { ...display, SCIMSCOPE_NO_DESKTOP: '1' }, /SCIMSCOPE_NO_DESKTOP/],
  ];
  if (process.platform === 'linux') cases.push(['no display', () => installElectron(true), {}, /no graphical display/]);
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
