/**
 * store.json's identity as the file system keeps it: size, inode, device, and mtime and ctime in
 * nanoseconds. The snapshot writer records it in the load index right after renaming store.json into
 * place; a start that finds the same identity takes the file as the one that was written, without
 * hashing its bytes. On local POSIX file systems, NTFS and APFS, every write to the file moves its
 * ctime, and so does `touch`/utimes putting an mtime back (no ordinary call sets a ctime); a copy or a
 * restore gives another inode. Where that does not hold the identity is not trusted ("no identity":
 * the start hashes): an inode of 0 (some network and FAT drivers have none), and a ctime in whole
 * milliseconds (FAT's 2 s and 10 ms, exFAT's 10 ms, HFS+'s and some network file systems' whole
 * seconds: coarse times cannot tell two writes apart, and FAT-family drivers may report the mtime as
 * the ctime). SMB shares with fine times remain a caveat (docs/decisions.md).
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

function identityOfStats(stats: BigIntStats): FileIdentity {
  return { size: String(stats.size), ino: String(stats.ino), dev: String(stats.dev), mtimeNs: String(stats.mtimeNs), ctimeNs: String(stats.ctimeNs) };
}

/** The identity of the file at `file` now (for the writer, after its rename, checked against its handle's). */
export async function identityOf(file: string): Promise<FileIdentity> {
  return identityOfStats(await fsp.stat(file, { bigint: true }));
}

/** The identity of an open file (for the reader, before and after it reads the bytes). */
export async function identityOfHandle(handle: fsp.FileHandle): Promise<FileIdentity> {
  return identityOfStats(await handle.stat({ bigint: true }));
}

/** Whether an identity can vouch for a file at all: an inode, and a ctime finer than whole milliseconds. */
export function trustworthy(identity: FileIdentity): boolean {
  return identity.ino !== '0' && !identity.ctimeNs.endsWith('000000');
}

/**
 * The identity the writer records for the file it renamed into place (`placed`, stat'ed at the path
 * after the rename), or null: only when it is the very file it wrote through its handle (`written`,
 * fstat'ed after the last write and fsync: same inode, device, size and mtime; the rename moves only
 * the ctime), so a file put at the path in between is never vouched for, and only when trustworthy.
 */
export function writtenIdentity(written: FileIdentity, placed: FileIdentity): FileIdentity | null {
  const same = written.ino === placed.ino && written.dev === placed.dev && written.size === placed.size && written.mtimeNs === placed.mtimeNs;
  return same && trustworthy(placed) ? placed : null;
}

/** Whether a recorded identity (from the index, so untrusted) is exactly this one, with an identity fine enough to trust. */
export function sameIdentity(recorded: unknown, actual: FileIdentity): boolean {
  if (recorded === null || typeof recorded !== 'object') return false;
  if (!trustworthy(actual)) return false;
  return FIELDS.every((field) => (recorded as Record<string, unknown>)[field] === actual[field]);
}
