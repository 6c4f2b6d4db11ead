/**
 * Where a running `scimscope serve` can be reached, so `scimscope play` (and other local clients)
 * can drive it without being told its ports: `server.json` in the data folder, written once the
 * ports are open, removed on a clean stop, and ignored when its process is gone (a kill -9).
 * It holds no secret; the credentials stay in settings.json.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../config/atomic-write.js';

export const SERVER_FILE = 'server.json';

export interface RunningServer {
  pid: number;
  scimUrl: string;
  adminUrl: string;
}

export async function announceServer(dataDir: string, server: Omit<RunningServer, 'pid'>): Promise<void> {
  await writeFileAtomic(path.join(dataDir, SERVER_FILE), `${JSON.stringify({ pid: process.pid, ...server })}\n`);
}

export async function withdrawServer(dataDir: string): Promise<void> {
  await rm(path.join(dataDir, SERVER_FILE), { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The server announced in the data folder, if its process still runs. */
export async function findRunningServer(dataDir: string): Promise<RunningServer | null> {
  let text: string;
  try {
    text = await readFile(path.join(dataDir, SERVER_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const found = JSON.parse(text) as Partial<RunningServer>;
    if (typeof found.pid !== 'number' || typeof found.scimUrl !== 'string' || typeof found.adminUrl !== 'string') return null;
    return alive(found.pid) ? (found as RunningServer) : null;
  } catch {
    return null;
  }
}
