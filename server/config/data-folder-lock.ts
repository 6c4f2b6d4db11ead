/**
 * One server per data folder: two processes appending to one journal would corrupt it. The lock is a
 * file holding the owner's pid (and, on Linux, its start time); a lock whose process is gone (killed
 * with SIGKILL, crashed) or whose pid now names another process or thread is stale and taken over,
 * so nothing a dead process leaves behind blocks the next start.
 */
import { readFileSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import { AppError } from '../app-errors.js';

export const LOCK_FILE = 'scimscope.lock';

/** Linux: the process's start time (clock ticks since boot), which tells a reused pid from the original. */
function startTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** Linux: whether the id names a process rather than a thread of another one (kill(2) accepts both). */
function isProcess(pid: number): boolean {
  try {
    return new RegExp(`^Tgid:\\s+${pid}$`, 'm').test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

/** Whether the process that wrote a lock is still the one running under its pid. */
function ownerAlive(owner: LockOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (process.platform !== 'linux') return true;
  if (!isProcess(owner.pid)) return false;
  const now = startTime(owner.pid);
  return owner.startTime === undefined || now === null || now === owner.startTime;
}

interface LockOwner {
  pid: number;
  startTime?: string;
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
      const owner: LockOwner & { startedAt: string } = { pid: process.pid, startedAt: new Date().toISOString() };
      const start = process.platform === 'linux' ? startTime(process.pid) : null;
      if (start) owner.startTime = start;
      await handle.writeFile(JSON.stringify(owner));
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
    if (owner !== null && owner.pid !== process.pid && ownerAlive(owner)) {
      throw new AppError('DATA_FOLDER_LOCKED', { dir, pid: owner.pid });
    }
    // Stale (or unreadable, e.g. cut short by a crash): remove it and try again.
    await fsp.rm(file, { force: true });
  }
  throw new AppError('DATA_FOLDER_LOCKED', { dir, pid: 'unknown' });
}

async function readOwner(file: string): Promise<LockOwner | null> {
  try {
    const parsed = JSON.parse(await fsp.readFile(file, 'utf8')) as { pid?: unknown; startTime?: unknown };
    if (typeof parsed.pid !== 'number') return null;
    return { pid: parsed.pid, ...(typeof parsed.startTime === 'string' ? { startTime: parsed.startTime } : {}) };
  } catch {
    return null;
  }
}
