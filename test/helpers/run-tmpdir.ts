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
  // tsx keeps its compile cache in <tmp>/tsx-<uid> (the recorder worker loads through it): keep using
  // the shared one, so runs stay fast; it is a cache, not litter.
  const tsxCache = `tsx-${os.userInfo().uid}`;
  mkdirSync(path.join(os.tmpdir(), tsxCache), { recursive: true, mode: 0o700 });
  symlinkSync(path.join(os.tmpdir(), tsxCache), path.join(runDir, tsxCache));
  process.env.TMPDIR = runDir;
  process.env[MARK] = runDir;
  return () => {
    delete process.env[MARK];
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    const left = readdirSync(runDir).filter((name) => name !== tsxCache);
    rmSync(runDir, { recursive: true, force: true });
    if (left.length > 0) throw new Error(`The test run left files in its temp folder ${runDir}:\n${left.join('\n')}`);
  };
}
