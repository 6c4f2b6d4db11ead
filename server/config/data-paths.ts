/**
 * Where Scimscope keeps its data when not told: the OS's per-user application-data folder, the same
 * one Electron's `userData` resolves to for the desktop app, so the CLI and the app share a store.
 */
import os from 'node:os';
import path from 'node:path';

export const APP_FOLDER = 'Scimscope';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_FOLDER);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_FOLDER);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_FOLDER);
}

/** The package root (holding package.json), from this module's location in server/ or dist/server/. */
export function packageRoot(): string {
  const here = path.dirname(new URL(import.meta.url).pathname);
  // server/config or dist/server/config
  const up2 = path.resolve(here, '..', '..');
  return path.basename(up2) === 'dist' ? path.dirname(up2) : up2;
}
