/**
 * A fresh temporary data folder per suite, removed afterwards. Every folder made here is remembered;
 * test/helpers/leak-check.ts (a setup file for every project) fails the test file that leaves one
 * behind, so a missing `remove()` or a write that lands after `close()` is a red test, not litter.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const made = new Set<string>();

export async function tempDir(prefix = 'scimscope-test-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  made.add(dir);
  return {
    dir,
    remove: async () => {
      // No retries and no `maxRetries`: ENOTEMPTY here means something still writes after its close().
      await rm(dir, { recursive: true, force: true });
      made.delete(dir);
    },
  };
}

/** Folders made by tempDir() in this test file that are still on disk, with what they hold; removes them. */
export async function leftoverTempDirs(): Promise<string[]> {
  const left: string[] = [];
  for (const dir of made) {
    made.delete(dir);
    if (!existsSync(dir)) continue;
    const entries = await readdir(dir, { recursive: true }).catch(() => []);
    left.push(`${dir} [${entries.join(', ')}]`);
    await rm(dir, { recursive: true, force: true });
  }
  return left;
}
