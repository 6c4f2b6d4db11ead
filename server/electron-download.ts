/**
 * Fetching the Electron binary on the first desktop start. From Electron 42 the `electron` package
 * has no postinstall: its binary comes on first use. We run the package's own installer
 * (node_modules/electron/install.js, through @electron/get) in a child process, so its cache,
 * ELECTRON_MIRROR, ELECTRON_CUSTOM_DIR, checksum checks and proxy settings behave as Electron documents
 * them; we only announce it, show progress on a terminal, bound the wait, and turn a failure into a
 * one-line reason. Never imported by anything that runs headless (`serve`, no display).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface DownloadOptions {
  /** The electron package's folder (holding install.js and package.json). */
  electronDir: string;
  version: string;
  env: NodeJS.ProcessEnv;
  /** Where messages go (stderr: stdout may carry the --json line). */
  write: (text: string) => void;
  /** Draw a progress line (only on a terminal). */
  tty: boolean;
  /** Give up after this long in total (default 15 minutes, SCIMSCOPE_ELECTRON_DOWNLOAD_TIMEOUT seconds). */
  timeoutMs?: number;
  /** Give up when no byte arrives for this long (default 60 s). */
  stallMs?: number;
}

export type DownloadResult = { ok: true } | { ok: false; reason: string };

const MB = 1024 * 1024;

/** The platform and arch install.js will ask for, with the same environment overrides it reads. */
export function targetOf(env: NodeJS.ProcessEnv): string {
  const platform = env.ELECTRON_INSTALL_PLATFORM || env.npm_config_platform || process.platform;
  const arch = env.ELECTRON_INSTALL_ARCH || env.npm_config_arch || process.arch;
  return `${platform}-${arch}`;
}

/** The bytes written so far under the child's private temp folder, where @electron/get downloads. */
async function bytesUnder(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const size = await stat(path.join(entry.parentPath ?? dir, entry.name)).then((s) => s.size, () => 0);
    total += size;
  }
  return total;
}

/** The line of the installer's stderr that says what went wrong (its stack trace follows it). */
export function installerError(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const line = lines.find((l) => /^(\w*Error|Error)\b/.test(l)) ?? lines.find((l) => !l.startsWith('at ')) ?? 'no message';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

export async function downloadElectron(options: DownloadOptions): Promise<DownloadResult> {
  const { env, write } = options;
  const configured = Number(env.SCIMSCOPE_ELECTRON_DOWNLOAD_TIMEOUT);
  const timeoutMs = options.timeoutMs ?? (configured > 0 ? configured * 1000 : 15 * 60_000);
  const stallMs = options.stallMs ?? 60_000;
  const from = env.ELECTRON_MIRROR ? ` from ${env.ELECTRON_MIRROR}` : '';
  write(`Downloading Electron ${options.version} for ${targetOf(env)} (about 100 MB)${from}, once. Later starts use the copy kept in Electron's cache.\n`);

  // A private temp folder: @electron/get downloads into os.tmpdir(), so its size is our progress.
  const temp = await mkdtemp(path.join(os.tmpdir(), 'scimscope-electron-'));
  const child = spawn(process.execPath, [path.join(options.electronDir, 'install.js')], {
    cwd: options.electronDir,
    env: { ...env, TMPDIR: temp, TMP: temp, TEMP: temp, ...(options.tty ? { ELECTRON_GET_NO_PROGRESS: '1' } : {}) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-8000)));

  let abort: string | null = null;
  let lastBytes = -1;
  let lastChange = Date.now();
  const started = Date.now();
  let drawn = false;
  const tick = setInterval(() => {
    void bytesUnder(temp).then((bytes) => {
      const now = Date.now();
      if (bytes !== lastBytes) {
        lastBytes = bytes;
        lastChange = now;
      }
      if (options.tty && bytes > 0) {
        write(`\r  ${(bytes / MB).toFixed(1)} MB received (${Math.round((now - started) / 1000)} s)   `);
        drawn = true;
      }
      if (abort) return;
      if (now - started > timeoutMs) abort = `it took longer than ${Math.round(timeoutMs / 1000)} s`;
      else if (now - lastChange > stallMs) abort = `no data arrived for ${Math.round(stallMs / 1000)} s`;
      if (abort) child.kill('SIGKILL');
    });
  }, 500);

  const code = await new Promise<number | null>((resolve) => {
    child.once('error', (error) => {
      stderr += `Error: ${error.message}\n`;
      resolve(null);
    });
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  clearInterval(tick);
  if (drawn) write('\n');
  await rm(temp, { recursive: true, force: true });
  if (code === 0 && !abort) return { ok: true };
  let why = abort ?? installerError(stderr);
  if (/fetch failed/.test(why)) {
    const host = env.ELECTRON_MIRROR ? (URL.canParse(env.ELECTRON_MIRROR) ? new URL(env.ELECTRON_MIRROR).host : env.ELECTRON_MIRROR) : 'github.com';
    why += ` (no connection to ${host}: offline? Behind a proxy, set ELECTRON_GET_USE_PROXY=1 and HTTPS_PROXY)`;
  }
  const nodeNote = Number(process.versions.node.split('.')[0]) < 22 && !abort && /require|ESM|module/i.test(why) ? ` (Electron's installer declares Node 22.12 or later; this is Node ${process.versions.node})` : '';
  return { ok: false, reason: `the Electron download failed: ${why}${nodeNote}` };
}
