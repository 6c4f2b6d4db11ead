/**
 * Node's FileHandle class is not exported; tests that make a disk answer short counts or ENOSPC spy
 * on its prototype, taken from a handle opened (and closed) in their own temp folder.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';

export type FileHandleWrite = (...args: unknown[]) => Promise<{ bytesWritten: number; buffer: Buffer }>;

export async function fileHandlePrototype(dir: string): Promise<{ write: FileHandleWrite }> {
  const file = path.join(dir, '.file-handle-probe');
  const probe = await fsp.open(file, 'w');
  const proto = Object.getPrototypeOf(probe) as { write: FileHandleWrite };
  await probe.close();
  await fsp.rm(file);
  return proto;
}
