/**
 * The lowdb adapter for the store snapshot. lowdb's own JSONFile stringifies the whole document in
 * one call (0.24 s of blocked event loop at 100k users) and never fsyncs; this adapter keeps lowdb's
 * read/write contract but serializes one resource at a time, yielding between chunks, writes a temp
 * file, fsyncs it, renames it over the snapshot and fsyncs the folder. Reading validates and migrates,
 * and a file it cannot understand is reported and left byte-for-byte untouched.
 *
 * A large snapshot (one resource per line) gets a load index beside it (snapshot-index.ts): when
 * store.json's bytes are exactly those the index describes, reading hands the users over as bytes and
 * columns (`pendingUsers`) for the store to index at once and parse one by one later, instead of
 * parsing and validating 100k records before the server can answer. The index records store.json's
 * file identity as written (fstat'ed through the writer's handle, re-checked at the path after the
 * rename), so a start that finds the same file skips hashing its bytes.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Adapter } from 'lowdb';
import { AppError } from '../app-errors.js';
import { writeFully } from '../config/write-fully.js';
import { STORE_FORMAT_VERSION, migrate, validateSnapshot, versionOf, type SnapshotData } from './snapshot-format.js';
import { IndexBuilder, headText, indexFile, writerHead, type IndexBody, type PendingUsers } from './snapshot-index.js';
import { identityOf, identityOfHandle, writtenIdentity, type FileIdentity } from './store-identity.js';

/** Above this many resources the file is written one resource per line (with a load index) instead of fully indented. */
export const PRETTY_LIMIT = 5_000;
/** Bytes to gather before each write to the temp file. */
const CHUNK_BYTES = 256 * 1024;

/** What the last read found (not the data: the store holds the records, and a copy kept here would hold every user and, once replaced, their old versions). */
export interface SnapshotReadResult {
  /** Set when an older format was migrated; the original was copied here first. */
  migratedFrom: { version: number; backup: string } | null;
  /** Set when the load index matched: `data.users` is empty and the users are here, unparsed. */
  pendingUsers: PendingUsers | null;
  /** How the index was found to describe store.json: its recorded file identity, or the SHA-256 of the bytes; null without an index. */
  indexChecked?: 'identity' | 'sha256' | null;
}

export interface SnapshotFileOptions {
  /** Above this many resources, write one resource per line with a load index (default PRETTY_LIMIT). */
  prettyLimit?: number;
  /** Read through the load index when it matches (default true; false reads the full way, for comparisons). */
  useIndex?: boolean;
  /** Where a failed write of the load index is reported (the snapshot itself was written). */
  log?: (message: string) => void;
}

export class SnapshotFile implements Adapter<SnapshotData> {
  lastRead: SnapshotReadResult | null = null;

  constructor(
    readonly file: string,
    private readonly options: SnapshotFileOptions = {},
  ) {}

  /** Snapshots read through the load index (their `users` are empty; the users are pending): never written back. */
  private readonly partial = new WeakSet<SnapshotData>();

  async read(): Promise<SnapshotData | null> {
    const held = await this.readBytes();
    if (!held.bytes) return null;
    // The index is used only for a file of this format version (read from the file itself, not trusted
    // from the index): a newer one is refused and an older one migrated by the full read below.
    const index = this.options.useIndex === false || writerHead(held.bytes)?.version !== STORE_FORMAT_VERSION ? null : await indexFile.read(this.file, held.bytes, held.identity);
    if (index) return this.readIndexed(held.bytes, index, index.checked);
    return this.readFull(held);
  }

  /** Reads store.json the full way, ignoring its load index (for a store whose index turned out not to fit its records). */
  async readWhole(): Promise<SnapshotData | null> {
    const held = await this.readBytes();
    return held.bytes ? this.readFull(held) : null;
  }

  /**
   * store.json's bytes (null when there is none), in a holder the full read empties so they can be
   * freed while it parses, with the file's identity (store-identity.ts) when it was the same before and
   * after the read (null when the file changed while it was read).
   */
  private async readBytes(): Promise<{ bytes: Buffer | null; identity: FileIdentity | null }> {
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(this.file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { bytes: null, identity: null };
      throw error;
    }
    try {
      const before = await identityOfHandle(handle);
      const bytes = await handle.readFile();
      const after = await identityOfHandle(handle);
      const steady = JSON.stringify(before) === JSON.stringify(after) && before.size === String(bytes.length);
      return { bytes, identity: steady ? after : null };
    } finally {
      await handle.close();
    }
  }

  /** Parses, validates and migrates the whole file; the bytes (then the text) are let go as soon as they are read (a 72 MB store.json at 100k users). */
  private async readFull(held: { bytes: Buffer | null }): Promise<SnapshotData> {
    let text = held.bytes!.toString('utf8');
    held.bytes = null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new AppError('STORE_CORRUPT', { file: this.file, reason: (error as Error).message });
    }
    text = '';
    const version = versionOf(parsed, this.file);
    let migratedFrom: SnapshotReadResult['migratedFrom'] = null;
    let data = parsed as Record<string, unknown>;
    if (version < STORE_FORMAT_VERSION) {
      // Keep the original before anything rewrites it in the new format.
      const backup = `${this.file}.v${version}.bak`;
      await fsp.copyFile(this.file, backup);
      data = migrate(data, version);
      migratedFrom = { version, backup };
    }
    const snapshot = validateSnapshot(data, this.file);
    this.lastRead = { migratedFrom, pendingUsers: null };
    return snapshot;
  }

  /**
   * store.json as its index describes it (the bytes hashed to the index's value, or the file still has
   * the identity the writer recorded and the writer's layout around every record, so they are taken as
   * what this writer wrote from a store that had validated every record; the journalSeq is the one in
   * store.json's head either way): groups and secrets are parsed and validated now; the users are
   * handed over unparsed, their keys checked as the store indexes them and each record against its
   * columns when it is parsed.
   */
  private readIndexed(bytes: Buffer, index: IndexBody, checked: 'identity' | 'sha256'): SnapshotData {
    const slice = ([start, end]: [number, number]) => JSON.parse(bytes.toString('utf8', start, end)) as unknown;
    const data = { version: STORE_FORMAT_VERSION, journalSeq: index.journalSeq, users: [], groups: slice(index.groups), secrets: slice(index.secrets) };
    const snapshot = validateSnapshot(data, this.file);
    const pendingUsers: PendingUsers = { bytes, ...index.users };
    this.partial.add(snapshot);
    this.lastRead = { migratedFrom: null, pendingUsers, indexChecked: checked };
    return snapshot;
  }

  /** Snapshots standing in for data let go of (file-persistence.ts releaseData): written, store.json would be emptied. */
  private readonly released = new WeakSet<SnapshotData>();

  /** Marks `data` as a stand-in that must never be written. */
  neverWrite(data: SnapshotData): SnapshotData {
    this.released.add(data);
    return data;
  }

  async write(data: SnapshotData): Promise<void> {
    // Its users are still bytes of the old file: written back, store.json would lose every user.
    if (this.partial.has(data)) throw new Error(`${this.file}: refusing to write a snapshot read through its load index (its users are not in it)`);
    if (this.released.has(data)) throw new Error(`${this.file}: refusing to write the empty stand-in for a snapshot already let go of (the store holds the records)`);
    const dir = path.dirname(this.file);
    const temp = path.join(dir, `.${path.basename(this.file)}.tmp`);
    const pretty = data.users.length + data.groups.length <= (this.options.prettyLimit ?? PRETTY_LIMIT);
    const index = pretty ? null : new IndexBuilder();
    const handle = await fsp.open(temp, 'w', 0o600);
    let written: FileIdentity | null = null;
    try {
      const bytes = await writeSerialized(handle, data, index);
      await handle.sync();
      // Nothing goes over store.json (and no journal segment is retired) unless every byte is there.
      const { size } = await handle.stat();
      if (size !== bytes) throw new Error(`${temp}: ${size} bytes on disk where ${bytes} were written; store.json was left as it was`);
      // The file as written, through its own handle: what the identity recorded below must still be.
      if (index) written = await identityOfHandle(handle);
    } catch (error) {
      await handle.close().catch(() => undefined);
      await fsp.rm(temp, { force: true }).catch(() => undefined);
      throw error;
    }
    await handle.close();
    // The old index no longer describes the new file; its hash would say so, but a stale file helps no one.
    if (!index) await indexFile.remove(this.file);
    await fsp.rename(temp, this.file);
    await syncDirectory(dir);
    // Written after the rename, with store.json's identity as the rename left it: a crash in between
    // leaves an index whose hash and identity do not match the new file, which is ignored.
    if (index) await this.writeIndex(index, data.journalSeq, written!);
  }

  /**
   * The index is a cache: store.json is already in place, so failing to write it (a full disk) costs
   * only a slower next start. It is reported and the write still succeeds; whatever index was there
   * is removed (it describes the previous store.json, and its hash would say so anyway).
   */
  private async writeIndex(index: IndexBuilder, journalSeq: number, written: FileIdentity): Promise<void> {
    try {
      // The path's identity only if it is still the file written through the handle (not one put there since).
      await indexFile.write(this.file, index.finish(journalSeq, writtenIdentity(written, await identityOf(this.file))));
    } catch (error) {
      this.options.log?.(`The load index of ${this.file} was not written (the next start reads store.json the full way): ${(error as Error).message}`);
      await indexFile.remove(this.file).catch(() => undefined);
    }
  }
}

/**
 * Writes the snapshot as JSON, one resource per step, yielding to the event loop between chunks;
 * with an index builder, records where each user, the groups and the secrets lie, and hashes every byte.
 */
async function writeSerialized(handle: fsp.FileHandle, data: SnapshotData, index: IndexBuilder | null): Promise<number> {
  let buffer = '';
  let total = 0;
  const put = (text: string): number => {
    buffer += text;
    return index ? index.advance(text) : 0;
  };
  const flush = async () => {
    if (buffer.length === 0) return;
    const bytes = Buffer.from(buffer, 'utf8');
    index?.written(bytes);
    await writeFully(handle, bytes);
    total += bytes.length;
    buffer = '';
    await yieldToLoop();
  };
  put(headText(data.version, data.journalSeq));
  for (const key of ['users', 'groups'] as const) {
    const list = data[key];
    put(`  "${key}": `);
    const arrayStart = put(`[${list.length ? '\n' : ''}`);
    if (key === 'groups') index?.groupsAt(arrayStart);
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!;
      if (!index) {
        put(indent(JSON.stringify(r, null, 2), '    '));
      } else {
        put('    ');
        const start = put(JSON.stringify(r));
        if (key === 'users') index.user(r, start, put(''));
      }
      put(i < list.length - 1 ? ',\n' : '\n');
      if (buffer.length >= CHUNK_BYTES) await flush();
    }
    put(`${list.length ? '  ' : ''}]`);
    if (key === 'groups') index?.groupsEnd(put(''));
    put(',\n');
  }
  put('  "secrets": ');
  index?.secretsAt(put(''));
  put(indent(JSON.stringify(data.secrets, null, 2), '  ').trimStart());
  index?.secretsEnd(put(''));
  put('\n}\n');
  await flush();
  return total;
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

/** fsync a folder so a rename in it survives power loss (a no-op where folders cannot be opened, e.g. Windows). */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch {
    // Not supported on this platform; the rename is still atomic.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
