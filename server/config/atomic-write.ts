/**
 * Small whole-file writes that survive a crash at any point: write a temp file, fsync it, rename it
 * over the target, fsync the folder. Used for settings and fault rules (the store has its own path).
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { syncDirectory } from '../store/snapshot-file.js';

export async function writeFileAtomic(file: string, text: string, mode = 0o600): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  const handle = await fsp.open(temp, 'w', mode);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fsp.rename(temp, file);
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
