/**
 * One server per data folder: two processes appending to one journal would corrupt it. The lock is a
 * file holding the owner's pid; a lock whose process is gone (killed with SIGKILL, crashed) is stale
 * and taken over, so nothing a dead process leaves behind blocks the next start.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { AppError } from '../app-errors.js';

export const LOCK_FILE = 'scimscope.lock';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Folders locked by this process: a second sandbox in the same process must be refused too. */
const heldHere = new Set<string>();

export interface DataFolderLock {
  release(): Promise<void>;
}

export async function lockDataFolder(dir: string): Promise<DataFolderLock> {
  const file = path.join(dir, LOCK_FILE);
  const key = path.resolve(dir);
  if (heldHere.has(key)) throw new AppError('DATA_FOLDER_LOCKED', { dir, pid: process.pid });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await fsp.open(file, 'wx', 0o600);
      await handle.writeFile(JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
      await handle.close();
      heldHere.add(key);
      return {
        release: async () => {
          heldHere.delete(key);
          await fsp.rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new AppError('DATA_FOLDER_UNWRITABLE', { dir, reason: (error as Error).message }, { cause: error });
      }
    }
    const owner = await readOwner(file);
    // A lock naming our own pid was left by an earlier process that had the same pid (containers).
    if (owner !== null && owner !== process.pid && processAlive(owner)) {
      throw new AppError('DATA_FOLDER_LOCKED', { dir, pid: owner });
    }
    // Stale (or unreadable, e.g. cut short by a crash): remove it and try again.
    await fsp.rm(file, { force: true });
  }
  throw new AppError('DATA_FOLDER_LOCKED', { dir, pid: 'unknown' });
}

async function readOwner(file: string): Promise<number | null> {
  try {
    const parsed = JSON.parse(await fsp.readFile(file, 'utf8')) as { pid?: unknown };
    return typeof parsed.pid === 'number' ? parsed.pid : null;
  } catch {
    return null;
  }
}
