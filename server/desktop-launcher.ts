/**
 * Opening the desktop app from the `scimscope` command: decide whether a window can open at all,
 * fetch the Electron binary through Electron's own installer on the first start, and run the app's
 * main process in it; or report the true reason it cannot, so the caller serves the inspector in a
 * browser instead. Kept here, not in electron/, because it must run without Electron.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { packageRoot } from './config/data-paths.js';

export type DesktopOutcome =
  | { launched: true; child: ChildProcess; exited: Promise<number> }
  | { launched: false; reason: string };

/** How to fetch the binary again, said with every download failure. */
export const RETRY_HINT = 'Run the same command again to retry, or fetch it first with "npx install-electron" (or "npm run fetch-electron" in a clone).';

/** Why no window can open here whatever is installed, or null. Checked before anything is looked up or fetched. */
export function desktopBlocker(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | null {
  if (env.SCIMSCOPE_NO_DESKTOP === '1') return 'SCIMSCOPE_NO_DESKTOP=1 is set';
  if ((platform === 'linux' || platform === 'freebsd' || platform === 'openbsd') && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'there is no graphical display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
  return null;
}

export interface ElectronPackage {
  dir: string;
  version: string;
}

/**
 * The installed electron package, found without loading its main module: when the binary is missing
 * that module runs the download synchronously, with no bound and no say over how it is reported.
 */
export function findElectronPackage(root = packageRoot()): ElectronPackage | { reason: string } {
  try {
    const manifest = createRequire(path.join(root, 'package.json')).resolve('electron/package.json');
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    return { dir: path.dirname(manifest), version };
  } catch {
    return { reason: 'the electron package is not installed (it comes with "npm install" in a clone; beside an installed scimscope: npm install -g electron@45.5.0)' };
  }
}

/** The binary the installer wrote (path.txt names it inside dist/), or ELECTRON_OVERRIDE_DIST_PATH's; null if absent. */
export function installedBinary(electronDir: string, env: NodeJS.ProcessEnv): string | null {
  const pathFile = path.join(electronDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const binary = env.ELECTRON_OVERRIDE_DIST_PATH ? path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative ?? 'electron') : relative ? path.join(electronDir, 'dist', relative) : null;
  return binary !== null && existsSync(binary) ? binary : null;
}

/** Where the Electron binary is, without fetching it: the first reason it cannot be used wins, display first. */
export function findElectronBinary(root = packageRoot(), env: NodeJS.ProcessEnv = process.env): { path: string } | { reason: string } {
  const blocked = desktopBlocker(env);
  if (blocked) return { reason: blocked };
  const pkg = findElectronPackage(root);
  if ('reason' in pkg) return pkg;
  const binary = installedBinary(pkg.dir, env);
  return binary ? { path: binary } : { reason: `the Electron binary is not downloaded yet. ${RETRY_HINT}` };
}

export interface LaunchOptions {
  root?: string;
  env?: NodeJS.ProcessEnv;
  /** Messages about the download (default: stderr). */
  write?: (text: string) => void;
  tty?: boolean;
  timeoutMs?: number;
  stallMs?: number;
}

/** The binary, fetched first if it is missing and the machine can show a window. */
export async function prepareElectron(options: LaunchOptions = {}): Promise<{ path: string } | { reason: string }> {
  const env = options.env ?? process.env;
  const blocked = desktopBlocker(env);
  if (blocked) return { reason: blocked };
  const pkg = findElectronPackage(options.root);
  if ('reason' in pkg) return pkg;
  const present = installedBinary(pkg.dir, env);
  if (present) return { path: present };
  if (env.ELECTRON_OVERRIDE_DIST_PATH) return { reason: `ELECTRON_OVERRIDE_DIST_PATH (${env.ELECTRON_OVERRIDE_DIST_PATH}) holds no Electron binary` };
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1') return { reason: 'the Electron binary is not downloaded and ELECTRON_SKIP_BINARY_DOWNLOAD=1 forbids fetching it' };
  // Loaded only here, so `serve` and displayless starts never even load the download code.
  const { downloadElectron } = await import('./electron-download.js');
  const result = await downloadElectron({
    electronDir: pkg.dir,
    version: pkg.version,
    env,
    write: options.write ?? ((text) => process.stderr.write(text)),
    tty: options.tty ?? Boolean(process.stderr.isTTY),
    timeoutMs: options.timeoutMs,
    stallMs: options.stallMs,
  });
  if (!result.ok) return { reason: `${result.reason}. ${RETRY_HINT}` };
  const fetched = installedBinary(pkg.dir, env);
  return fetched ? { path: fetched } : { reason: `Electron's installer finished but left no binary in ${path.join(pkg.dir, 'dist')}. ${RETRY_HINT}` };
}

/**
 * Starts Electron on the built main process; resolves once it has started (or failed to). A started
 * app's `exited` resolves with its exit code; Ctrl+C and SIGTERM are passed on to it.
 */
export async function launchDesktop(args: string[], options: LaunchOptions = {}): Promise<DesktopOutcome> {
  const root = options.root ?? packageRoot();
  const blocked = desktopBlocker(options.env ?? process.env);
  if (blocked) return { launched: false, reason: blocked };
  const main = path.join(root, 'dist', 'bundle', 'electron-main.js');
  if (!existsSync(main)) return { launched: false, reason: `the desktop app is not built (${main} is missing; run npm run build)` };
  const found = await prepareElectron({ ...options, root });
  if ('reason' in found) return { launched: false, reason: found.reason };
  const child = spawn(found.path, [main, ...args], { stdio: 'inherit', env: options.env ?? process.env });
  const exited = new Promise<number>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: DesktopOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    child.once('error', (error) => settle({ launched: false, reason: `Electron could not be started: ${error.message}` }));
    // Electron that dies at once (missing libraries, a display it cannot open) is a failed start.
    child.once('exit', (code, signal) => settle({ launched: false, reason: `Electron exited at once (${signal ?? `code ${code}`})` }));
    const timer = setTimeout(() => {
      const forward = (signal: NodeJS.Signals) => child.kill(signal);
      process.on('SIGINT', forward);
      process.on('SIGTERM', forward);
      void exited.then(() => {
        process.off('SIGINT', forward);
        process.off('SIGTERM', forward);
      });
      settle({ launched: true, child, exited });
    }, 1500);
  });
}
