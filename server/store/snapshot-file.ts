/**
 * The lowdb adapter for the store snapshot. lowdb's own JSONFile stringifies the whole document in
 * one call (0.24 s of blocked event loop at 100k users) and never fsyncs; this adapter keeps lowdb's
 * read/write contract but serializes one resource at a time, yielding between chunks, writes a temp
 * file, fsyncs it, renames it over the snapshot and fsyncs the folder. Reading validates and migrates,
 * and a file it cannot understand is reported and left byte-for-byte untouched.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Adapter } from 'lowdb';
import { AppError } from '../app-errors.js';
import { STORE_FORMAT_VERSION, migrate, validateSnapshot, versionOf, type SnapshotData } from './snapshot-format.js';

/** Above this many resources the file is written one resource per line instead of fully indented. */
const PRETTY_LIMIT = 5_000;
/** Bytes to gather before each write to the temp file. */
const CHUNK_BYTES = 256 * 1024;

export interface SnapshotReadResult {
  data: SnapshotData;
  /** Set when an older format was migrated; the original was copied here first. */
  migratedFrom: { version: number; backup: string } | null;
}

export class SnapshotFile implements Adapter<SnapshotData> {
  lastRead: SnapshotReadResult | null = null;

  constructor(readonly file: string) {}

  async read(): Promise<SnapshotData | null> {
    let text: string;
    try {
      text = await fsp.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new AppError('STORE_CORRUPT', { file: this.file, reason: (error as Error).message });
    }
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
    this.lastRead = { data: snapshot, migratedFrom };
    return snapshot;
  }

  async write(data: SnapshotData): Promise<void> {
    const dir = path.dirname(this.file);
    const temp = path.join(dir, `.${path.basename(this.file)}.tmp`);
    const handle = await fsp.open(temp, 'w', 0o600);
    try {
      await writeSerialized(handle, data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(temp, this.file);
    await syncDirectory(dir);
  }
}

/** Writes the snapshot as JSON, one resource per step, yielding to the event loop between chunks. */
async function writeSerialized(handle: fsp.FileHandle, data: SnapshotData): Promise<void> {
  const pretty = data.users.length + data.groups.length <= PRETTY_LIMIT;
  const item = pretty ? (r: unknown) => indent(JSON.stringify(r, null, 2), '    ') : (r: unknown) => `    ${JSON.stringify(r)}`;
  let buffer = `{\n  "version": ${data.version},\n  "journalSeq": ${data.journalSeq},\n`;
  const flush = async () => {
    if (buffer.length === 0) return;
    await handle.write(buffer);
    buffer = '';
    await yieldToLoop();
  };
  for (const key of ['users', 'groups'] as const) {
    const list = data[key];
    buffer += `  "${key}": [${list.length ? '\n' : ''}`;
    for (let i = 0; i < list.length; i++) {
      buffer += item(list[i]) + (i < list.length - 1 ? ',\n' : '\n');
      if (buffer.length >= CHUNK_BYTES) await flush();
    }
    buffer += `${list.length ? '  ' : ''}],\n`;
  }
  buffer += `  "secrets": ${indent(JSON.stringify(data.secrets, null, 2), '  ').trimStart()}\n}\n`;
  await flush();
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
