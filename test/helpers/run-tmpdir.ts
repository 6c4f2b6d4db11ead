/**
 * Vitest global setup: the whole run gets its own TMPDIR, inherited by every worker and every child
 * process (the CLI, Chromium). At the end it must be empty; anything left (a folder a test forgot,
 * a file written after a close) fails the run with its path. Other people's runs on the same machine
 * use other folders, so the check never confuses their litter with ours.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const MARK = 'SCIMSCOPE_RUN_TMPDIR';

export default function setup(): () => void {
  // Vitest calls this once for the root config and once per project inheriting it: the first call owns it.
  if (process.env[MARK]) return () => undefined;
  const previous = process.env.TMPDIR;
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'scimscope-run-'));
  // Tools keep compile caches in the temp folder: tsx in <tmp>/tsx-<uid> (the recorder worker loads
  // through it), jiti in <tmp>/jiti (electron-builder's config loader). They are linked to the shared
  // ones, so runs stay fast; they are caches, not litter.
  const caches = [`tsx-${os.userInfo().uid}`, 'jiti'];
  for (const cache of caches) {
    mkdirSync(path.join(os.tmpdir(), cache), { recursive: true, mode: 0o700 });
    symlinkSync(path.join(os.tmpdir(), cache), path.join(runDir, cache));
  }
  process.env.TMPDIR = runDir;
  process.env[MARK] = runDir;
  return () => {
    delete process.env[MARK];
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    const left = readdirSync(runDir).filter((name) => !caches.includes(name));
    rmSync(runDir, { recursive: true, force: true });
    if (left.length === 0) return;
    // Vitest reports an error thrown here but still exits 0: set the exit code too.
    process.exitCode = 1;
    throw new Error(`The test run left files in its temp folder ${runDir}:\n${left.join('\n')}`);
  };
}
