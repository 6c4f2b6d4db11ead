/**
 * The named snapshots of one workspace: `<workspace dir>/snapshots/<name>.json`, written atomically
 * (temp file, fsync, rename). Listing reads every file and reports a damaged one instead of hiding
 * it; a damaged file is never restored and never overwritten (only an explicit delete removes it).
 * A workspace without a data folder (`:memory:`) keeps its snapshots in memory.
 */
import { promises as fsp } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { SnapshotInfo } from '../contract/snapshots.js';
import { isAppError } from '../app-errors.js';
import { readFileIfExists, writeFileAtomic } from '../config/atomic-write.js';
import { SerialQueue } from '../config/serial-queue.js';
import { parseSnapshot, serializeSnapshot, type Directory } from './snapshot-format.js';

export const SNAPSHOTS_FOLDER = 'snapshots';
export const SNAPSHOT_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const SNAPSHOT_NAME_RULE = 'A snapshot name is 1 to 64 characters: lowercase letters, digits, "-" and "_", starting with a letter or digit (e.g. "lab-1").';

export type { SnapshotInfo };

/** Why a snapshot operation was refused, for the admin API to map to a status. */
export class SnapshotRefusal extends Error {
  constructor(
    readonly reason: 'invalid_name' | 'not_found' | 'exists' | 'damaged',
    message: string,
  ) {
    super(message);
    this.name = 'SnapshotRefusal';
  }
}

export function checkSnapshotName(name: string): void {
  if (!SNAPSHOT_NAME.test(name)) throw new SnapshotRefusal('invalid_name', `${JSON.stringify(name)} is not a valid snapshot name. ${SNAPSHOT_NAME_RULE}`);
}

export class SnapshotStore {
  /** Snapshots of a workspace without a data folder. */
  private readonly memory = new Map<string, { text: string; savedAt: string }>();
  /** One write at a time, so two saves of one name cannot race on the temp file. */
  private readonly queue = new SerialQueue();

  /** @param dir the snapshots folder, or null to keep them in memory. */
  constructor(readonly dir: string | null) {}

  static forWorkspace(workspaceDir: string | null): SnapshotStore {
    return new SnapshotStore(workspaceDir === null ? null : path.join(workspaceDir, SNAPSHOTS_FOLDER));
  }

  fileOf(name: string): string {
    return this.dir === null ? `(memory)/${name}.json` : path.join(this.dir, `${name}.json`);
  }

  /** What listing last found of each snapshot, by the sha-256 of its bytes. */
  private readonly judged = new Map<string, { digest: string; counts: SnapshotInfo['counts']; error?: string }>();

  async list(): Promise<SnapshotInfo[]> {
    const names = this.dir === null ? [...this.memory.keys()] : await this.fileNames();
    const out: SnapshotInfo[] = [];
    for (const name of names.sort()) {
      const read = await this.readText(name);
      if (read === null) continue;
      const info: SnapshotInfo = { name, savedAt: read.savedAt, bytes: Buffer.byteLength(read.text), counts: null };
      // Checking every record costs ~25 µs a user: a file whose bytes were judged before is not judged again.
      const digest = createHash('sha256').update(read.text).digest('base64');
      let judged = this.judged.get(name);
      if (judged?.digest !== digest) {
        judged = { digest, counts: null };
        try {
          const directory = parseSnapshot(read.text, name, this.fileOf(name));
          judged.counts = { users: directory.users.length, groups: directory.groups.length };
        } catch (error) {
          judged.error = (error as Error).message;
        }
        this.judged.set(name, judged);
      }
      info.counts = judged.counts;
      if (judged.error !== undefined) info.error = judged.error;
      out.push(info);
    }
    for (const name of this.judged.keys()) if (!names.includes(name)) this.judged.delete(name);
    return out;
  }

  /** The snapshot's directory; throws SnapshotRefusal not_found, or SNAPSHOT_CORRUPT / SNAPSHOT_TOO_NEW. */
  async load(name: string): Promise<Directory> {
    checkSnapshotName(name);
    const read = await this.readText(name);
    if (read === null) throw new SnapshotRefusal('not_found', `No snapshot "${name}".`);
    return parseSnapshot(read.text, name, this.fileOf(name));
  }

  /** Saves a directory under a name; an existing one is replaced only with `overwrite`, and a damaged one never. */
  save(name: string, directory: Directory, options: { overwrite?: boolean } = {}): Promise<SnapshotInfo> {
    checkSnapshotName(name);
    // Serialized before waiting: the snapshot is the directory at the moment of the call.
    const text = serializeSnapshot(directory);
    return this.serially(async () => {
      const existing = await this.readText(name);
      if (existing !== null) {
        try {
          parseSnapshot(existing.text, name, this.fileOf(name));
        } catch (error) {
          if (isAppError(error)) throw new SnapshotRefusal('damaged', `${error.message} Delete it before saving a new snapshot under this name.`);
          throw error;
        }
        if (!options.overwrite) throw new SnapshotRefusal('exists', `A snapshot "${name}" already exists. Choose another name, or send "overwrite": true to replace it.`);
      }
      if (this.dir === null) this.memory.set(name, { text, savedAt: new Date().toISOString() });
      else {
        await fsp.mkdir(this.dir, { recursive: true, mode: 0o700 });
        await writeFileAtomic(this.fileOf(name), text);
      }
      return { name, savedAt: (await this.readText(name))!.savedAt, bytes: Buffer.byteLength(text), counts: { users: directory.users.length, groups: directory.groups.length } };
    });
  }

  /** Removes a snapshot, damaged or not; false when there was none. */
  remove(name: string): Promise<boolean> {
    checkSnapshotName(name);
    return this.serially(async () => {
      if (this.dir === null) return this.memory.delete(name);
      try {
        await fsp.unlink(this.fileOf(name));
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw error;
      }
    });
  }

  /** Waits for writes in progress (a workspace closing). */
  async close(): Promise<void> {
    await this.queue.idle();
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    return this.queue.run(work);
  }

  private async fileNames(): Promise<string[]> {
    let entries: string[];
    try {
      entries = await fsp.readdir(this.dir!);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return entries.filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).filter((n) => SNAPSHOT_NAME.test(n));
  }

  private async readText(name: string): Promise<{ text: string; savedAt: string } | null> {
    if (this.dir === null) return this.memory.get(name) ?? null;
    const file = this.fileOf(name);
    const text = await readFileIfExists(file);
    if (text === null) return null;
    const stat = await fsp.stat(file).catch(() => null);
    return { text, savedAt: (stat?.mtime ?? new Date()).toISOString() };
  }
}

/** A workspace's saved snapshot, for `POST /api/workspaces { from: <snapshot> }`: pass it to `restoreInto` (restore.ts). */
export function loadSnapshot(workspaceDir: string | null, name: string): Promise<Directory> {
  return SnapshotStore.forWorkspace(workspaceDir).load(name);
}
