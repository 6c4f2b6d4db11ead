/**
 * Reading recorded lines back by their location, on the main thread (the detail view, the body
 * search, the resource history): split from exchange-file.ts, which writes them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { EXCHANGE_FILES, type BodyLocation, type FilePairNames } from './exchange-file.js';

/**
 * Reads records' lines back on the main thread: from the file their generation names, or from the
 * other one if a rotation moved them meanwhile; a line must carry the expected id. Files are opened
 * once per reader (a body search reads thousands of records); close() releases them.
 */
export class RecordReader {
  private readonly fds = new Map<string, number | null>();

  constructor(
    private readonly dir: string,
    private readonly currentGen: number,
    private readonly names: FilePairNames = EXCHANGE_FILES,
  ) {}

  read(location: BodyLocation, id: string): string | null {
    return this.readLine(location, `{"id":${JSON.stringify(id)},`);
  }

  /** The line at `location` if it starts with `prefix` (the record it should be). */
  readLine(location: BodyLocation, prefix: string): string | null {
    const first = location.gen >= this.currentGen ? this.names.data : this.names.previousData;
    const second = first === this.names.data ? this.names.previousData : this.names.data;
    for (const name of [first, second]) {
      const fd = this.fd(name);
      if (fd === null) continue;
      const buffer = Buffer.allocUnsafe(location.length);
      const read = fs.readSync(fd, buffer, 0, location.length, location.offset);
      const line = buffer.toString('utf8', 0, read);
      if (read === location.length && line.startsWith(prefix)) return line;
    }
    return null;
  }

  close(): void {
    for (const fd of this.fds.values()) if (fd !== null) fs.closeSync(fd);
    this.fds.clear();
  }

  private fd(name: string): number | null {
    if (!this.fds.has(name)) {
      let fd: number | null = null;
      try {
        fd = fs.openSync(path.join(this.dir, name), 'r');
      } catch {
        fd = null;
      }
      this.fds.set(name, fd);
    }
    return this.fds.get(name)!;
  }
}

/** One record's line (see RecordReader). */
export function readRecordLine(dir: string, currentGen: number, location: BodyLocation, id: string): string | null {
  const reader = new RecordReader(dir, currentGen);
  try {
    return reader.read(location, id);
  } finally {
    reader.close();
  }
}
