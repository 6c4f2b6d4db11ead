/**
 * An append-only JSON-lines file with a record cap that never rewrites what it holds: lines go to
 * `<name>.jsonl`; when it holds `cap` records it is renamed to `<name>.1.jsonl` (replacing the older
 * one) and a new file starts. So the disk holds at most 2 × cap records and each append is cheap.
 * Appends are buffered and written in batches; a torn last line (a crash mid-append) is skipped.
 * Used for recorded exchanges and for resource history.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';

export interface RotatingLogOptions {
  dir: string;
  name: string;
  cap: number;
  /** Milliseconds to gather lines before writing them (default 100). */
  flushDelayMs?: number;
  log?: (message: string) => void;
}

export interface RotatingLogState {
  linesInCurrent: number;
  /** The current file ends in a torn line: the next write starts with a newline. */
  startWithNewline: boolean;
}

export class RotatingLog {
  private buffer: string[] = [];
  private linesInCurrent = 0;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private cap: number;
  private closed = false;

  constructor(private readonly options: RotatingLogOptions) {
    this.cap = options.cap;
  }

  private get current(): string {
    return path.join(this.options.dir, `${this.options.name}.jsonl`);
  }

  private get previous(): string {
    return path.join(this.options.dir, `${this.options.name}.1.jsonl`);
  }

  /**
   * Reads what is on disk, oldest first: the newest `keep` records that parse (older lines are not
   * even parsed, as the caller would drop them); returns warnings for skipped lines.
   */
  async load<T>(parse: (line: string) => T, keep = Number.POSITIVE_INFINITY): Promise<{ records: T[]; warnings: string[] }> {
    const files: { file: string; lines: string[]; torn: boolean }[] = [];
    for (const file of [this.previous, this.current]) {
      let text: string;
      try {
        text = await fsp.readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      const lines = text.split('\n');
      const torn = lines[lines.length - 1] !== '';
      if (!torn) lines.pop();
      files.push({ file, lines, torn });
      if (file === this.current) {
        this.linesInCurrent = lines.length;
        // Never append after a torn line: start the next write on a fresh line.
        if (torn) this.buffer.push('');
      }
    }
    // Newest first until `keep` records parsed, then put back in order.
    const records: T[] = [];
    const warnings: string[] = [];
    for (let f = files.length - 1; f >= 0 && records.length < keep; f--) {
      const { file, lines, torn } = files[f]!;
      for (let i = lines.length - 1; i >= 0 && records.length < keep; i--) {
        try {
          records.push(parse(lines[i]!));
        } catch {
          warnings.push(i === lines.length - 1 && torn ? `Skipped an incomplete last line in ${file} (cut short by a crash).` : `Skipped an unreadable line ${i + 1} in ${file}.`);
        }
      }
    }
    return { records: records.reverse(), warnings: warnings.reverse() };
  }

  /** Where load() left the files: handed to another owner (the recording worker) that appends next. */
  get state(): RotatingLogState {
    return { linesInCurrent: this.linesInCurrent, startWithNewline: this.buffer.length > 0 && this.buffer[0] === '' };
  }

  /** Continues appending after another instance loaded the files (without reading them again). */
  resume(state: RotatingLogState): void {
    this.linesInCurrent = state.linesInCurrent;
    if (state.startWithNewline) this.buffer.push('');
  }

  setCap(cap: number): void {
    this.cap = cap;
  }

  append(line: string): void {
    if (this.closed) {
      // Its owner closed it: a write now would land after the data folder was released.
      this.options.log?.(`Dropped a line for ${this.current}: it was appended after close().`);
      return;
    }
    this.buffer.push(line);
    this.timer ??= setTimeout(() => void this.flush(), this.options.flushDelayMs ?? 100);
  }

  /** Writes buffered lines now; resolves when they are written. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const lines = this.buffer;
    this.buffer = [];
    if (lines.length === 0) return this.writing;
    this.writing = this.writing.then(() => this.write(lines)).catch((error) => this.options.log?.(`Could not write ${this.current}: ${(error as Error).message}`));
    return this.writing;
  }

  private async write(lines: string[]): Promise<void> {
    await fsp.mkdir(this.options.dir, { recursive: true });
    let start = 0;
    while (start < lines.length) {
      const room = Math.max(this.cap - this.linesInCurrent, 0);
      if (room === 0) {
        await fsp.rename(this.current, this.previous).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        });
        this.linesInCurrent = 0;
        continue;
      }
      const chunk = lines.slice(start, start + room);
      await fsp.appendFile(this.current, chunk.map((l) => (l === '' ? '\n' : `${l}\n`)).join(''), { mode: 0o600 });
      this.linesInCurrent += chunk.filter((l) => l !== '').length;
      start += chunk.length;
    }
  }

  async clear(): Promise<void> {
    this.buffer = [];
    await this.writing;
    await fsp.rm(this.current, { force: true });
    await fsp.rm(this.previous, { force: true });
    this.linesInCurrent = 0;
  }

  /** Writes what is buffered and waits for every write; appends after this are refused. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }
}
