/**
 * Where Scimscope keeps its data when not told: the OS's per-user application-data folder, the same
 * one Electron's `userData` resolves to for the desktop app, so the CLI and the app share a store.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_FOLDER = 'Scimscope';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_FOLDER);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_FOLDER);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_FOLDER);
}

interface Manifest {
  name?: string;
  version?: string;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const found = new Map<string, { root: string; manifest: Manifest | null }>();

/** The nearest folder above `from` holding Scimscope's package.json, and that manifest; looked up once per folder. */
function findPackage(from: string): { root: string; manifest: Manifest | null } {
  let hit = found.get(from);
  if (hit) return hit;
  hit = { root: from, manifest: null };
  for (let dir = from; ; ) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
        if (manifest.name === 'scimscope') {
          hit = { root: dir, manifest };
          break;
        }
      } catch {
        // not ours; keep looking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  found.set(from, hit);
  return hit;
}

/**
 * The package root: the nearest folder above `from` holding Scimscope's package.json. Works from the
 * TypeScript sources (server/, electron/), from dist/, and inside a packaged app.
 */
export function packageRoot(from: string = HERE): string {
  return findPackage(from).root;
}

/** Scimscope's version from its package.json; '0.0.0' when the manifest cannot be read. */
export function packageVersion(from: string = HERE): string {
  return findPackage(from).manifest?.version ?? '0.0.0';
}
