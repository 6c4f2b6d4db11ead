/**
 * store.json's identity as the file system keeps it: size, inode, device, and mtime and ctime in
 * nanoseconds. The snapshot writer records it in the load index right after renaming store.json into
 * place; a start that finds the same identity knows the file is the one that was written, without
 * hashing its bytes. Every write to the file moves its ctime, and so does `touch`/utimes putting an
 * mtime back (no ordinary call sets a ctime), a copy or a restore gives another inode. Timestamps
 * with whole seconds only (FAT, HFS+, some network file systems) cannot tell two writes in one second
 * apart, so an identity with a whole-second ctime is never trusted.
 */
import type { BigIntStats } from 'node:fs';
import { promises as fsp } from 'node:fs';

/** Decimal strings (JSON has no 64-bit integers). */
export interface FileIdentity {
  size: string;
  ino: string;
  dev: string;
  mtimeNs: string;
  ctimeNs: string;
}

const FIELDS = ['size', 'ino', 'dev', 'mtimeNs', 'ctimeNs'] as const;

export function identityOfStats(stats: BigIntStats): FileIdentity {
  return { size: String(stats.size), ino: String(stats.ino), dev: String(stats.dev), mtimeNs: String(stats.mtimeNs), ctimeNs: String(stats.ctimeNs) };
}

/** The identity of the file at `file` now (for the writer, after its rename). */
export async function identityOf(file: string): Promise<FileIdentity> {
  return identityOfStats(await fsp.stat(file, { bigint: true }));
}

/** The identity of an open file (for the reader, before and after it reads the bytes). */
export async function identityOfHandle(handle: fsp.FileHandle): Promise<FileIdentity> {
  return identityOfStats(await handle.stat({ bigint: true }));
}

/** Whether a recorded identity (from the index, so untrusted) is exactly this one, with timestamps fine enough to trust. */
export function sameIdentity(recorded: unknown, actual: FileIdentity): boolean {
  if (recorded === null || typeof recorded !== 'object') return false;
  if (actual.ctimeNs.endsWith('000000000')) return false;
  return FIELDS.every((field) => (recorded as Record<string, unknown>)[field] === actual[field]);
}
