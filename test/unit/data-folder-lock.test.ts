/**
 * The data-folder lock: refuses a folder held by a live Scimscope, and takes over locks left by
 * processes that are gone, including when their pid now names a thread or another process.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promises as fsp } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isAppError } from '../../server/app-errors.js';
import { LOCK_FILE, lockDataFolder } from '../../server/config/data-folder-lock.js';
import { fileHandlePrototype } from '../helpers/file-handle.js';
import { tempDir } from '../helpers/temp-dir.js';

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dir, remove } = await tempDir('scimscope-lock-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await remove();
});

const writeLock = (owner: object) => writeFile(path.join(dir, LOCK_FILE), JSON.stringify(owner));

describe('data folder lock', () => {
  it('refuses a second lock in the same process, and allows it after release', async () => {
    const lock = await lockDataFolder(dir);
    await expect(lockDataFolder(dir)).rejects.toThrow(/in use by another Scimscope/);
    await lock.release();
    await (await lockDataFolder(dir)).release();
  });

  it('refuses a folder whose lock names a live process', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      await writeLock({ pid: child.pid });
      const error = await lockDataFolder(dir).catch((e: unknown) => e);
      expect(isAppError(error, 'DATA_FOLDER_LOCKED')).toBe(true);
      expect((error as Error).message).toContain(`process ${child.pid}`);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  });

  it('releases only its own lock: a lock another process has put in its place stays', async () => {
    const lock = await lockDataFolder(dir);
    const other = JSON.stringify({ pid: process.ppid, nonce: 'another-starter' });
    await writeFile(path.join(dir, LOCK_FILE), other);
    await lock.release();
    expect(await readFile(path.join(dir, LOCK_FILE), 'utf8')).toBe(other);
    expect(readdirSync(dir)).toEqual([LOCK_FILE]);
  });

  const stale: [string, () => object | string][] = [
    ['a process that no longer exists', () => ({ pid: 2 ** 22 - 3 })],
    ['an unreadable (torn) lock file', () => 'not json'],
  ];
  if (process.platform === 'linux') {
    stale.push(['a pid now used by a thread of another process', () => ({ pid: Number(readdirSync('/proc/self/task').find((t) => Number(t) !== process.pid)) })]);
    stale.push(['a pid reused by a process that started later', () => ({ pid: process.ppid, startTime: '1' })]);
  }
  it.each(stale)('takes over a stale lock left by %s', async (_name, owner) => {
    const value = owner();
    await writeFile(path.join(dir, LOCK_FILE), typeof value === 'string' ? value : JSON.stringify(value));
    const lock = await lockDataFolder(dir);
    await lock.release();
  });
});

describe('data folder lock without hard links (exFAT, FAT)', () => {
  it('leaves no lock behind when the disk refuses to write it, and says the folder is unwritable', async () => {
    vi.spyOn(fsp, 'link').mockRejectedValue(Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' }));
    const proto = (await fileHandlePrototype(dir)) as unknown as { writeFile: (...args: unknown[]) => Promise<void> };
    vi.spyOn(proto, 'writeFile').mockRejectedValue(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
    let error: unknown;
    try {
      await lockDataFolder(dir);
    } catch (e) {
      error = e;
    }
    expect(isAppError(error) && (error as { code: string }).code).toBe('DATA_FOLDER_UNWRITABLE');
    expect(await readdir(dir)).toEqual([]);
    // Once the disk takes the write, the folder is there to be taken at once (no empty lock to wait out).
    vi.restoreAllMocks();
    const lock = await lockDataFolder(dir);
    await lock.release();
  });
});
