/**
 * Stand-ins for what Electron's installer talks to and writes into, entering through the same doors
 * as the real ones: a loopback HTTP server used as ELECTRON_MIRROR (it records every request and
 * serves a real zip holding a stand-in `electron` executable, with a matching or wrong SHASUMS256.txt,
 * or refuses), and a throwaway package root holding a copy of the electron package, so the installer
 * unpacks into a temp folder and never into the shared node_modules/electron.
 */
import { createHash } from 'node:crypto';
import { cp, copyFile, mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { tempDir } from './temp-dir.js';
import { zip } from './zip.js';

const repo = path.resolve(import.meta.dirname, '..', '..');

export type MirrorMode = 'serve' | 'wrong-checksum' | 'not-found' | 'hang' | 'trickle';

export interface ElectronMirror {
  url: string;
  requests: string[];
  mode: MirrorMode;
  /** In 'trickle' mode the zip stops after its first half until this is called. */
  release(): void;
  close(): Promise<void>;
}

/** The stand-in binary: records its arguments to $STANDIN_ARGS_FILE, then runs until it is stopped. */
export const STANDIN_ELECTRON = `#!/bin/sh
printf '%s\\n' "$@" > "$STANDIN_ARGS_FILE.tmp" && mv "$STANDIN_ARGS_FILE.tmp" "$STANDIN_ARGS_FILE"
trap 'exit 0' TERM INT
while :; do sleep 1; done
`;

export function artifactName(version: string): string {
  return `electron-v${version}-${process.platform}-${process.arch}.zip`;
}

export async function startElectronMirror(version: string, mode: MirrorMode = 'serve'): Promise<ElectronMirror> {
  const artifact = zip([
    { name: 'electron', data: STANDIN_ELECTRON, mode: 0o755 },
    { name: 'version', data: `v${version}` },
    // Bulk, so a partly sent zip is a visible number of megabytes.
    { name: 'resources/padding.bin', data: Buffer.alloc(3 * 1024 * 1024, 7) },
  ]);
  let release = () => undefined as void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const sum = createHash('sha256').update(mode === 'wrong-checksum' ? Buffer.from('something else') : artifact).digest('hex');
  const requests: string[] = [];
  const mirror: ElectronMirror = { url: '', requests, mode, release: () => release(), close: async () => undefined };
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    if (mirror.mode === 'not-found') return void res.writeHead(404).end('Not Found');
    if (mirror.mode === 'hang') return; // accepts the request and never answers
    if (req.url === `/v${version}/${artifactName(version)}`) {
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': artifact.length });
      if (mirror.mode !== 'trickle') return void res.end(artifact);
      const half = Math.floor(artifact.length / 2);
      res.write(artifact.subarray(0, half));
      return void released.then(() => res.end(artifact.subarray(half)));
    }
    if (req.url === `/v${version}/SHASUMS256.txt`) return void res.writeHead(200, { 'content-type': 'text/plain' }).end(`${sum} *${artifactName(version)}\n`);
    res.writeHead(404).end('Not Found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  mirror.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  mirror.close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return mirror;
}

export interface PackageCopy {
  /** A folder that looks like Scimscope's package root (package.json, dist/bundle/electron-main.js). */
  root: string;
  electronDir: string;
  /** A private cache for @electron/get (electron_config_cache), so no earlier download is reused. */
  cache: string;
  remove(): Promise<void>;
}

/**
 * A Scimscope-like package root holding a copy of the installed electron package (no binary). With
 * `cli`, it also holds the bundled server (dist/bundle, as users get it) and links to every other installed
 * package, so `node <root>/dist/bundle/cli.js` runs the real command against this copy.
 */
export async function electronPackageCopy(options: { cli?: boolean } = {}): Promise<PackageCopy> {
  const { dir, remove } = await tempDir('scimscope-electron-pkg-');
  const root = path.join(dir, 'app');
  const electronDir = path.join(root, 'node_modules', 'electron');
  await mkdir(electronDir, { recursive: true });
  await mkdir(path.join(root, 'dist', 'bundle'), { recursive: true });
  await writeFile(path.join(root, 'package.json'), JSON.stringify({ name: 'scimscope', version: '0.0.0-test' }));
  await writeFile(path.join(root, 'dist', 'bundle', 'electron-main.js'), '// stand-in main process\n');
  const real = path.join(repo, 'node_modules', 'electron');
  for (const file of ['package.json', 'install.js', 'checksums.json', 'index.js', 'cli.js']) await copyFile(path.join(real, file), path.join(electronDir, file));
  // The installer's own dependencies, shared read-only with the project's install.
  const shared = options.cli ? (await readdir(path.join(repo, 'node_modules'))).filter((name) => name !== 'electron' && name !== '.bin') : ['@electron', '@electron-internal'];
  for (const name of shared) await symlink(path.join(repo, 'node_modules', name), path.join(root, 'node_modules', name), 'dir');
  if (options.cli) {
    for (const file of await readdir(path.join(repo, 'dist', 'bundle'))) await copyFile(path.join(repo, 'dist', 'bundle', file), path.join(root, 'dist', 'bundle', file));
    await cp(path.join(repo, 'resources'), path.join(root, 'resources'), { recursive: true });
  }
  return { root, electronDir, cache: path.join(dir, 'cache'), remove };
}
