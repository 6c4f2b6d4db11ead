/**
 * One server per data folder: two processes appending to one journal would corrupt it. The lock is a
 * file holding the owner's pid (and, on Linux, its start time); a lock whose process is gone (killed
 * with SIGKILL, crashed) or whose pid now names another process or thread is stale and taken over,
 * so nothing a dead process leaves behind blocks the next start.
 */
import { randomBytes } from 'node:crypto';
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
  /** A random value naming this taking of the lock, so a release never removes another's lock. */
  nonce?: string;
}

/** Folders locked by this process: a second sandbox in the same process must be refused too. */
const heldHere = new Set<string>();

export interface DataFolderLock {
  release(): Promise<void>;
}

/**
 * The lock file never exists without its content: the owner is written to a private file first and
 * linked into place (link(2) is atomic and fails with EEXIST when the lock is held), so a second
 * starter never reads a lock that is still empty and mistakes it for a torn one. A stale lock is
 * moved aside by rename (only one starter can move a given file), checked to be the very lock judged
 * stale, and only then removed; a live lock moved aside by a starter that lost a race is put back.
 */
export async function lockDataFolder(dir: string): Promise<DataFolderLock> {
  const file = path.join(dir, LOCK_FILE);
  const key = path.resolve(dir);
  if (heldHere.has(key)) throw new AppError('DATA_FOLDER_LOCKED', { dir, pid: process.pid });
  const nonce = randomBytes(12).toString('hex');
  const owner: LockOwner & { startedAt: string } = { pid: process.pid, startedAt: new Date().toISOString(), nonce };
  const start = process.platform === 'linux' ? startTime(process.pid) : null;
  if (start) owner.startTime = start;
  const text = JSON.stringify(owner);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await linkLock(dir, file, text)) {
      heldHere.add(key);
      return {
        release: async () => {
          heldHere.delete(key);
          // Only our own lock: had it been taken over (a clock or pid mix-up), the file is another's.
          const now = await readLockText(file);
          if (now !== null && parseOwner(now)?.nonce === nonce) await fsp.rm(file, { force: true });
        },
      };
    }
    const seen = await readLockText(file);
    if (seen === null) continue; // released in between: try again
    const held = parseOwner(seen);
    // A lock naming our own pid was left by an earlier process that had the same pid (containers).
    if (held !== null && held.pid !== process.pid && ownerAlive(held)) {
      throw new AppError('DATA_FOLDER_LOCKED', { dir, pid: held.pid });
    }
    // Stale (its process is gone) or unreadable (a lock written by an older version cut short).
    await moveAsideIfStill(file, seen);
  }
  throw new AppError('DATA_FOLDER_LOCKED', { dir, pid: 'unknown' });
}

/** Creates the lock with its content in one step; false when a lock is already there. */
async function linkLock(dir: string, file: string, text: string): Promise<boolean> {
  const own = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await fsp.writeFile(own, text, { mode: 0o600, flag: 'wx' });
    await fsp.link(own, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new AppError('DATA_FOLDER_UNWRITABLE', { dir, reason: (error as Error).message }, { cause: error });
  } finally {
    await fsp.rm(own, { force: true });
  }
}

/** Removes the lock if it still holds the text judged stale; puts back a lock that changed meanwhile. */
async function moveAsideIfStill(file: string, staleText: string): Promise<void> {
  const aside = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.stale`;
  try {
    await fsp.rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // another starter moved it first
    throw error;
  }
  const moved = await readLockText(aside);
  if (moved !== null && moved !== staleText) {
    // A starter that won the race had already put its live lock in place: give it back.
    await fsp.link(aside, file).catch(() => undefined);
  }
  await fsp.rm(aside, { force: true });
}

async function readLockText(file: string): Promise<string | null> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch {
    return null;
  }
}

function parseOwner(text: string): LockOwner | null {
  try {
    const parsed = JSON.parse(text) as { pid?: unknown; startTime?: unknown; nonce?: unknown };
    if (typeof parsed.pid !== 'number') return null;
    return {
      pid: parsed.pid,
      ...(typeof parsed.startTime === 'string' ? { startTime: parsed.startTime } : {}),
      ...(typeof parsed.nonce === 'string' ? { nonce: parsed.nonce } : {}),
    };
  } catch {
    return null;
  }
}
