/**
 * The packaging configuration, checked without downloading Electron: every path electron-builder
 * is told to package exists, the entry points resolve, icons are large enough for every platform,
 * and a packaging run with a stand-in Electron binary lays out a working app directory. The bundles
 * carry the third-party licence notices of what they hold (with the licence texts), the project's own
 * LICENSE ships, and every chunk the recording worker imports is unpacked beside it (the worker runs
 * from app.asar.unpacked, recording-backend.ts).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const config = JSON.parse(readFileSync(path.join(root, 'electron-builder.json'), 'utf8'));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** The bundle files `entry` imports (static and dynamic, relative), transitively, with the entry itself. */
async function importedFiles(dir: string, entry: string): Promise<Set<string>> {
  const seen = new Set<string>();
  const visit = async (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = await readFile(path.join(dir, file), 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["']\.\/([^"']+\.js)["']/g)) await visit(m[1]!);
  };
  await visit(entry);
  return seen;
}

/** A notices file's section for one package: its name@version line, licence line and text. */
function noticeOf(text: string, name: string): string {
  const at = text.indexOf(`\n${name}@`, text.indexOf('-'.repeat(78)));
  expect(at, name).toBeGreaterThan(0);
  const end = text.indexOf('-'.repeat(78), at);
  return text.slice(at, end < 0 ? undefined : end);
}

function pngSize(file: string): { width: number; height: number } {
  const header = readFileSync(file).subarray(0, 24);
  expect(header.subarray(1, 4).toString()).toBe('PNG');
  return { width: header.readUInt32BE(16), height: header.readUInt32BE(20) };
}

describe('electron-builder configuration', () => {
  it('names the app and targets Linux (AppImage, deb), macOS (dmg) and Windows (nsis)', () => {
    expect(config.appId).toBe('dev.scimscope.app');
    expect(config.productName).toBe('Scimscope');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.linux.maintainer).toMatch(/@/);
    expect(pkg.scripts.dist).toContain('electron-builder');
    expect(pkg.productName).toBe('Scimscope');
    expect(pkg.author).toBeDefined();
  });

  it('packages folders that exist, and the entry points resolve in them', () => {
    for (const pattern of config.files.filter((f: string) => !f.startsWith('!'))) {
      const base = pattern.replace(/\/\*\*\/\*$/, '');
      expect(existsSync(path.join(root, base)), pattern).toBe(true);
    }
    const main = config.extraMetadata.main;
    expect(main).toBe(pkg.main);
    expect(existsSync(path.join(root, main))).toBe(true);
    expect(existsSync(path.join(root, 'dist', 'electron', 'preload.cjs'))).toBe(true);
    expect(existsSync(path.join(root, 'dist', 'renderer', 'index.html'))).toBe(true);
    expect(existsSync(path.join(root, 'dist', 'bundle', 'recorder-worker.js'))).toBe(true);
    expect(config.asarUnpack).toContain('dist/bundle/**/*');
  });

  it('ships the notices of the bundled packages with their licence texts, and the project\'s MIT LICENSE', () => {
    const server = readFileSync(path.join(root, 'dist', 'bundle', 'THIRD-PARTY-NOTICES.txt'), 'utf8');
    for (const name of ['express', 'ws', 'zod', 'lowdb']) expect(noticeOf(server, name)).toMatch(/License: MIT\n\n[^]*Permission is hereby granted/);
    expect(noticeOf(server, 'qs')).toMatch(/License: BSD-3-Clause\n\n[^]*Redistribution and use in source and binary forms/);
    expect(server).toContain(`  express@${JSON.parse(readFileSync(path.join(root, 'node_modules', 'express', 'package.json'), 'utf8')).version} (MIT)`);
    expect(server).not.toMatch(/\n(@ngrok\/ngrok|electron)@/); // outside the bundle
    const renderer = readFileSync(path.join(root, 'dist', 'renderer', 'THIRD-PARTY-NOTICES.txt'), 'utf8');
    for (const name of ['react', 'react-dom', '@codemirror/view']) expect(noticeOf(renderer, name)).toMatch(/License: MIT\n\n[^]*Permission is hereby granted/);
    expect(noticeOf(renderer, 'lucide-react')).toMatch(/License: ISC/);
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(path.join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) 2026 Scimscope contributors\n/);
    expect(config.files).toContain('LICENSE');
    expect(pkg.files).toContain('LICENSE');
  });

  it('has icons large enough for every platform, and a tray icon', () => {
    for (const platform of ['linux', 'mac', 'win']) {
      const icon = path.join(root, config[platform].icon);
      const { width, height } = pngSize(icon);
      expect(width, icon).toBeGreaterThanOrEqual(512);
      expect(height).toBe(width);
    }
    expect(pngSize(path.join(root, 'resources', 'icons', 'tray.png'))).toEqual({ width: 32, height: 32 });
  });

  it('keeps the desktop runtime small: the UI and the server are bundled, only native packages ship as modules', () => {
    for (const bundled of ['react', 'react-dom', 'codemirror', 'express', 'lowdb', 'ws', 'zod']) expect(pkg.dependencies[bundled], bundled).toBeUndefined();
    expect(Object.keys(pkg.dependencies)).toEqual(['@ngrok/ngrok']);
  });
});

describe('the bundled Electron main process', () => {
  it('links and evaluates in Node, electron standing in through the module resolver, and exports startDesktop', async () => {
    const temp = await tempDir('scimscope-main-bundle-');
    try {
      // Every name electron/*.ts imports from 'electron', as empty stand-ins: startDesktop runs only inside Electron.
      const names = ['app', 'BrowserWindow', 'clipboard', 'dialog', 'ipcMain', 'Menu', 'nativeImage', 'screen', 'shell', 'Tray', 'session', 'nativeTheme'];
      const electron = `data:text/javascript,${encodeURIComponent(names.map((n) => `export const ${n} = {};`).join(''))}`;
      await writeFile(path.join(temp.dir, 'hooks.mjs'), `export async function resolve(s, c, next) { return s === 'electron' ? { url: ${JSON.stringify(electron)}, shortCircuit: true } : next(s, c); }\n`);
      await writeFile(path.join(temp.dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(path.join(temp.dir, 'hooks.mjs')).href)});\n`);
      const main = pathToFileURL(path.join(root, pkg.main)).href;
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', pathToFileURL(path.join(temp.dir, 'register.mjs')).href, '--input-type=module', '-e', `const m = await import(${JSON.stringify(main)}); console.log(Object.keys(m).join(','));`], { env: { ...process.env, VITEST: '' } });
      expect(stdout.trim()).toBe('startDesktop');
    } finally {
      await temp.remove();
    }
  });
});

describe('packaging run with a stand-in Electron', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it('lays out the app: main, preload, renderer, unpacked server and icons', { timeout: 120_000 }, async () => {
    const temp = await tempDir('scimscope-dist-');
    cleanups.push(temp.remove);
    const electronDist = path.join(temp.dir, 'electron-dist');
    await mkdir(electronDist);
    await writeFile(path.join(electronDist, 'electron'), '#!/bin/sh\n');
    await chmod(path.join(electronDist, 'electron'), 0o755);
    const out = path.join(temp.dir, 'out');
    const bin = path.join(root, 'node_modules', '.bin', 'electron-builder');
    await promisify(execFile)(bin, ['--config', 'electron-builder.json', '--dir', '--linux', `-c.electronDist=${electronDist}`, `-c.electronVersion=${pkg.devDependencies.electron}`, `-c.directories.output=${out}`], { cwd: root, timeout: 110_000 });
    const app = path.join(out, 'linux-unpacked');
    expect(existsSync(path.join(app, 'scimscope'))).toBe(true);
    const resources = path.join(app, 'resources');
    expect(existsSync(path.join(resources, 'app.asar'))).toBe(true);
    const unpacked = path.join(resources, 'app.asar.unpacked', 'dist', 'bundle');
    for (const file of ['electron-main.js', 'cli.js', 'recorder-worker.js', 'THIRD-PARTY-NOTICES.txt']) expect(existsSync(path.join(unpacked, file)), file).toBe(true);
    // The worker is started from app.asar.unpacked: every chunk it imports must be there too.
    const workerFiles = await importedFiles(unpacked, 'recorder-worker.js');
    expect(workerFiles.size).toBeGreaterThan(1);
    for (const file of workerFiles) expect(existsSync(path.join(unpacked, file)), file).toBe(true);
    const asar = readFileSync(path.join(resources, 'app.asar')).subarray(0, 2_000_000).toString('latin1');
    for (const entry of ['electron-main.js', 'preload.cjs', 'index.html', 'icon.png', 'LICENSE', 'THIRD-PARTY-NOTICES.txt']) expect(asar, entry).toContain(`"${entry}"`);
  });
});
