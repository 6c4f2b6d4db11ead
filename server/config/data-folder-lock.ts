/**
 * One server per data folder: two processes appending to one journal would corrupt it. The lock is a
 * file holding the owner's pid (and, on Linux, its start time); a lock whose process is gone (killed
 * with SIGKILL, crashed) or whose pid now names another process or thread is stale and taken over,
 * so nothing a dead process leaves behind blocks the next start.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
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
 * removed by one starter only, the one that creates its take-over marker (takeOverStale), so a live
 * lock is never moved or removed, however many start at once.
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
  let tookOver = false;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await linkLock(dir, file, text)) {
      heldHere.add(key);
      // Markers exist only around a take-over: an ordinary start reads nothing more.
      if (tookOver) await sweepMarkers(dir);
      return {
        release: async () => {
          heldHere.delete(key);
          // Only our own lock: had it been taken over (a clock or pid mix-up), the file is another's.
          const now = await readLockText(file);
          if (now !== null && parseOwner(now)?.nonce === nonce) await fsp.rm(file, { force: true });
        },
      };
    }
    const seen = await settledText(file);
    if (seen === null) continue; // released in between: try again
    const held = parseOwner(seen);
    // A lock naming our own pid was left by an earlier process that had the same pid (containers).
    if (held !== null && held.pid !== process.pid && ownerAlive(held)) {
      throw new AppError('DATA_FOLDER_LOCKED', { dir, pid: held.pid });
    }
    // Stale (its process is gone) or unreadable (a lock written by an older version cut short).
    await takeOverStale(file, seen, text);
    tookOver = true;
  }
  throw new AppError('DATA_FOLDER_LOCKED', { dir, pid: 'unknown' });
}

/** Creates the lock with its content in one step; false when a lock is already there. */
async function linkLock(dir: string, file: string, text: string): Promise<boolean> {
  try {
    return await createWhole(file, text);
  } catch (error) {
    throw new AppError('DATA_FOLDER_UNWRITABLE', { dir, reason: (error as Error).message }, { cause: error });
  }
}

/** link(2) refused by the file system (exFAT, FAT, some network shares have no hard links). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/**
 * Creates a file that never exists without its whole content: written privately, then linked into
 * place (atomic; EEXIST when the name is taken). False when it is taken. Where the file system has no
 * hard links, it is created exclusively and written at once; a reader then may see it empty for a
 * moment, which settledText waits out.
 */
async function createWhole(target: string, text: string): Promise<boolean> {
  const own = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await fsp.writeFile(own, text, { mode: 0o600, flag: 'wx' });
    await fsp.link(own, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== undefined && NO_HARD_LINKS.has(code)) return createExclusive(target, text);
    throw error;
  } finally {
    await fsp.rm(own, { force: true });
  }
}

async function createExclusive(target: string, text: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof fsp.open>>;
  try {
    handle = await fsp.open(target, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(text);
    await handle.sync();
  } catch (error) {
    // Ours and not whole: removed, so nobody waits on it or takes it for a torn lock.
    await handle.close().catch(() => undefined);
    await fsp.rm(target, { force: true });
    throw error;
  }
  await handle.close();
  return true;
}

/** How long a lock or marker that does not parse is taken for one still being written (no hard links). */
const UNREADABLE_GRACE_MS = 2_000;

/**
 * The file's text once it is whole: a file that does not parse is waited on while it is younger than
 * the grace (created exclusively and not yet written); older, it is what an older version or a crash
 * left, and is returned as it is. Null when the file is gone.
 */
async function settledText(file: string): Promise<string | null> {
  for (;;) {
    const text = await readLockText(file);
    if (text === null || parseOwner(text) !== null) return text;
    const changed = await fsp.stat(file).then((st) => st.mtimeMs, () => null);
    if (changed === null || Date.now() - changed > UNREADABLE_GRACE_MS) return text;
    await sleep(10);
  }
}

/** A take-over marker's name (not the private files it is written from, which add `.<pid>.<random>.tmp`). */
const MARKER_NAME = new RegExp(`^${LOCK_FILE.replace('.', '\\.')}\\.takeover-[0-9a-f]{24}$`);
const MARKER_WAIT_MS = 3_000;

/**
 * Removes a stale lock, with one starter doing it however many judged it stale. The starter that
 * creates the lock's take-over marker (named by the stale text, created whole like the lock, so one
 * creator) removes the lock if it still holds that text; nobody else can have replaced it meanwhile,
 * since a lock appears only where none is and only the marker's creator removes this one. The others
 * wait until the lock changes, then race for it by link as at any start. A marker whose creator died
 * mid take-over is passed by a marker of the next generation (named by the stale text and that
 * marker's), never removed under a live starter; markers are swept by whoever takes the folder after
 * a take-over.
 */
async function takeOverStale(file: string, staleText: string, ownText: string): Promise<void> {
  let chain = staleText;
  for (let generation = 0; generation < 8; generation++) {
    const marker = takeoverMarker(file, chain);
    if (!(await createWhole(marker, ownText))) {
      const creator = await settledText(marker);
      const owner = creator === null ? null : parseOwner(creator);
      // A marker left by a starter that died before it removed the lock (or by an earlier process with
      // this pid): the next generation's marker decides.
      if (creator !== null && (owner === null || owner.pid === process.pid || !ownerAlive(owner))) {
        chain = `${chain}\n${creator}`;
        continue;
      }
      await lockChanged(file, staleText, marker);
      return;
    }
    try {
      // Settled: on a file system without hard links a new lock may still be empty, like an empty stale one.
      if ((await settledText(file)) === staleText) await fsp.rm(file, { force: true });
    } finally {
      await fsp.rm(marker, { force: true });
    }
    return;
  }
}

/** The take-over marker of a stale lock's text (`chain`: that text, then each dead marker's, a line each). */
export function takeoverMarker(file: string, chain: string): string {
  return `${file}.takeover-${createHash('sha256').update(chain).digest('hex').slice(0, 24)}`;
}

/** Waits (briefly) until the lock no longer holds the stale text or the take-over marker is gone. */
async function lockChanged(file: string, staleText: string, marker: string): Promise<void> {
  const until = Date.now() + MARKER_WAIT_MS;
  while (Date.now() < until) {
    if ((await readLockText(file)) !== staleText || (await readLockText(marker)) === null) return;
    await sleep(5);
  }
}

/** Take-over markers left by starters that died mid take-over: stale once the folder is held again. */
async function sweepMarkers(dir: string): Promise<void> {
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => MARKER_NAME.test(n)).map((n) => fsp.rm(path.join(dir, n), { force: true })));
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
