/**
 * Opening the desktop app from the `scimscope` command: find the Electron binary and run the app's
 * main process in it, or report why it cannot start so the caller can fall back to serving the
 * inspector in a browser. Kept here, not in electron/, because it must run without Electron.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { packageRoot } from './config/data-paths.js';

export type DesktopOutcome = { launched: true } | { launched: false; reason: string };

/**
 * Where the electron package's binary is, if it was really downloaded. The package's own main module
 * is not required here: when the binary is missing it tries to download it, which hangs offline.
 */
export function findElectronBinary(root = packageRoot(), env: NodeJS.ProcessEnv = process.env): { path: string } | { reason: string } {
  if (env.SCIMSCOPE_NO_DESKTOP === '1') return { reason: 'SCIMSCOPE_NO_DESKTOP=1 is set' };
  let electronDir: string;
  try {
    electronDir = path.dirname(createRequire(path.join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  const pathFile = path.join(electronDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const binary = env.ELECTRON_OVERRIDE_DIST_PATH
    ? path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative ?? 'electron')
    : relative
      ? path.join(electronDir, 'dist', relative)
      : null;
  if (binary === null || !existsSync(binary)) return { reason: 'the Electron binary is not installed: its download was skipped or failed' };
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return { reason: 'there is no graphical display (DISPLAY is not set)' };
  return { path: binary };
}

/** Starts Electron on the built main process; resolves once it has started (or failed to). */
export function launchDesktop(args: string[]): Promise<DesktopOutcome> {
  const found = findElectronBinary();
  if ('reason' in found) return Promise.resolve({ launched: false, reason: found.reason });
  const main = path.join(packageRoot(), 'dist', 'electron', 'main.js');
  if (!existsSync(main)) return Promise.resolve({ launched: false, reason: `the desktop app is not built (${main} is missing; run npm run build)` });
  return new Promise((resolve) => {
    const child = spawn(found.path, [main, ...args], { stdio: 'inherit' });
    let settled = false;
    child.once('error', (error) => {
      if (!settled) {
        settled = true;
        resolve({ launched: false, reason: error.message });
      }
    });
    // Electron that dies at once (missing libraries, no display) is a failed start.
    const timer = setTimeout(() => {
      if (!settled) {
        settled = true;
        resolve({ launched: true });
      }
    }, 1500);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!settled) {
        settled = true;
        resolve({ launched: false, reason: `Electron exited at once (${signal ?? `code ${code}`})` });
      } else process.exit(code ?? 0);
    });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  });
}
