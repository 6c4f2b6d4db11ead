/**
 * Small whole-file writes that survive a crash at any point: write a temp file, fsync it, rename it
 * over the target, fsync the folder. Used for settings and fault rules (the store has its own path).
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { syncDirectory } from '../store/snapshot-file.js';

/** Numbers each write's temp file, so two writes of one file in flight never share (and truncate) one. */
let writes = 0;

export async function writeFileAtomic(file: string, text: string, mode = 0o600): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${++writes}.tmp`);
  try {
    const handle = await fsp.open(temp, 'wx', mode);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(temp, file);
  } catch (error) {
    // A refused write leaves no temp file behind (unless the path was never ours: 'wx' refused it).
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') await fsp.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
}

/** Reads a file, or null when it does not exist. */
export async function readFileIfExists(file: string): Promise<string | null> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
