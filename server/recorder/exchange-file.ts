/**
 * The exchanges file with its offset index. Full records (bodies included) go to `exchanges.jsonl`,
 * one JSON line each, and are never held in memory; beside it `exchange-index.jsonl` holds, per
 * record, its summary, its search terms and where its line sits in the data file. When the current
 * file holds `cap` records both are renamed to `.1` (replacing the older pair) and a new pair starts,
 * so the disk holds at most 2 × cap records. Writes are synchronous and per batch: the writer runs in
 * the recording worker (or inline after a worker failure), and once a batch's results are posted
 * its lines are in the file, where the main thread reads a body by its offset.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFullySync } from '../config/write-fully.js';
import type { ExchangeSummary } from '../contract/exchange.js';

/** Which file pair a record is in (a counter bumped at each rotation) and where its line sits. */
export interface BodyLocation {
  gen: number;
  offset: number;
  length: number;
}

/** What memory keeps of one exchange: enough to list, filter and search it, and to find its record. */
export interface IndexRecord {
  summary: ExchangeSummary;
  /** Identifiers found in the bodies (newline-separated), for the quick search. */
  identifiers: string;
  /** Ids of the resources the exchange changed (the `resourceId` filter). */
  changeIds: string[];
}

/** One line of the index file. */
export interface IndexLine extends IndexRecord {
  offset: number;
  length: number;
}

/** Where the files end, handed from the loader to the writer. */
export interface ExchangeFileState {
  gen: number;
  linesInCurrent: number;
  /** The current data file ends in a torn line: the next write starts with a newline. */
  startWithNewline: boolean;
}

export const DATA_FILE = 'exchanges.jsonl';
export const PREVIOUS_DATA_FILE = 'exchanges.1.jsonl';
export const INDEX_FILE = 'exchange-index.jsonl';
export const PREVIOUS_INDEX_FILE = 'exchange-index.1.jsonl';

/** The four files of a data file with its offset index (the resource history keeps its own pair the same way). */
export interface FilePairNames {
  data: string;
  previousData: string;
  index: string;
  previousIndex: string;
}

export const EXCHANGE_FILES: FilePairNames = { data: DATA_FILE, previousData: PREVIOUS_DATA_FILE, index: INDEX_FILE, previousIndex: PREVIOUS_INDEX_FILE };

/**
 * Where a batch's lines are encoded before they are written, its data lines and its index lines: one
 * pair per thread, shared by its writers (an append runs to its end synchronously), of a fixed size;
 * a full buffer is written out and reused, so a batch of import pages (20 x ~64 KB) no longer grows
 * a buffer by doubling, copying it each time, and drops it after the batch (docs/performance.md,
 * "Recording worker (wave 6)"). Only a text larger than the buffer gets a larger one, not kept.
 * Index lines are bounded (a summary, at most 256 characters of identifiers, the changed ids: under
 * 1 KB) and a hand-off batch holds at most 256, so the index buffer is a quarter of the data one
 * (a full batch of lookups fills it two or three times), and a thread that writes keeps 320 KiB, not 512.
 */
const encoded = { data: Buffer.alloc(0), index: Buffer.alloc(0) };
type Encoded = keyof typeof encoded;
const BUFFER_BYTES: Record<Encoded, number> = { data: 256 * 1024, index: 64 * 1024 };

/** The encoding buffers this thread keeps between batches (bytes), for tests and the memory notes. */
export function keptEncodingBytes(): Record<Encoded, number> {
  return { data: encoded.data.length, index: encoded.index.length };
}

/**
 * The index line of a record: `JSON.stringify({ ...record, offset, length })` and a newline, without
 * copying the record into a new object first (its members come first, the two numbers last, as the
 * spread put them; a record that already has either member is spread, so the output never changes).
 */
export function indexLine(record: object, offset: number, length: number): string {
  const [head, tail] = indexLineParts(record, offset, length);
  return head + tail;
}

/** indexLine in two parts (the record's JSON without its closing brace, then the rest), encoded one after the other without joining them. */
function indexLineParts(record: object, offset: number, length: number): [string, string] {
  if ('offset' in record || 'length' in record) return [`${JSON.stringify({ ...record, offset, length })}\n`, ''];
  const json = JSON.stringify(record);
  return json === '{}' ? ['', `{"offset":${offset},"length":${length}}\n`] : [json.slice(0, -1), `,"offset":${offset},"length":${length}}\n`];
}

/** Writes a data file and its index (`R` is what an index line holds besides the offset and length). */
export class ExchangeFileWriter<R extends object = IndexRecord> {
  private dataFd: number | null = null;
  private indexFd: number | null = null;
  private bytes = 0;
  private state: ExchangeFileState;
  /** The index file ends in a torn line: the next index write starts with a newline. */
  private indexStartsWithNewline = false;

  constructor(
    private readonly dir: string,
    private cap: number,
    state: ExchangeFileState | null,
    private readonly names: FilePairNames = EXCHANGE_FILES,
  ) {
    this.state = { ...(state ?? { gen: 1, linesInCurrent: 0, startWithNewline: false }) };
  }

  get gen(): number {
    return this.state.gen;
  }

  /** Records written to the current file (for the inline writer that takes over from the worker). */
  get linesInCurrent(): number {
    return this.state.linesInCurrent;
  }

  setCap(cap: number): void {
    this.cap = cap;
  }

  /**
   * Appends records (their JSON lines, whole or in pieces that join into the line, and index records);
   * returns where each line is. Throws if the disk refuses. A batch's data lines are encoded into one
   * reused buffer, written when it is full and at the end: a line is never flattened into one string
   * first, which for a list page cost a copy of ~60 KB, twice that when the line held a character
   * beyond Latin-1.
   *
   * A refused write (ENOSPC, EIO) leaves the writer as if it were opened again: the files are closed,
   * and the next append re-reads where the data file ends and starts each file on a fresh line if
   * part of a line reached it (a torn line, which the loader skips), so the locations of what is
   * recorded after a refusal are right. Lines of the refused batch that did reach the data file are
   * counted as written (linesInCurrent); their index lines may not be there, and the loader only
   * lists what the index says up to its last line.
   */
  append(entries: { line?: string; pieces?: string[]; record: R }[]): BodyLocation[] {
    const locations: BodyLocation[] = [];
    const used = { data: 0, index: 0 };
    /** Lines of the current file counted in linesInCurrent whose data is not yet written. */
    let unwritten = 0;
    // Data before index, always: an index line is never on disk before its data line.
    const write = () => {
      writeFullySync(this.dataFd!, encoded.data, used.data);
      used.data = 0;
      unwritten = 0;
      writeFullySync(this.indexFd!, encoded.index, used.index);
      used.index = 0;
    };
    /** Encodes a text, writing out what is encoded first when it does not fit; returns its bytes. */
    const put = (to: Encoded, text: string): number => {
      if (text.length * 3 > encoded[to].length - used[to]) {
        const bytes = Buffer.byteLength(text);
        if (bytes > encoded[to].length - used[to]) {
          write();
          if (bytes > encoded[to].length) encoded[to] = Buffer.allocUnsafeSlow(Math.max(BUFFER_BYTES[to], bytes));
        }
      }
      const bytes = encoded[to].write(text, used[to], 'utf8');
      used[to] += bytes;
      return bytes;
    };
    try {
      for (const { line, pieces, record } of entries) {
        if (this.state.linesInCurrent >= this.cap) {
          write();
          this.rotate();
        }
        this.open();
        if (this.state.startWithNewline) {
          put('data', '\n');
          this.bytes += 1;
          this.state.startWithNewline = false;
        }
        if (this.indexStartsWithNewline) {
          put('index', '\n');
          this.indexStartsWithNewline = false;
        }
        let length = 0;
        if (pieces) for (const piece of pieces) length += put('data', piece);
        else length = put('data', line!);
        put('data', '\n');
        const location = { gen: this.state.gen, offset: this.bytes, length };
        const [head, tail] = indexLineParts(record, location.offset, length);
        put('index', head);
        put('index', tail);
        this.bytes += length + 1;
        this.state.linesInCurrent++;
        unwritten++;
        locations.push(location);
      }
      write();
    } catch (error) {
      this.state.linesInCurrent -= unwritten;
      this.dropFiles();
      throw error;
    } finally {
      // A text of unusual size does not keep its buffer.
      if (encoded.data.length > BUFFER_BYTES.data) encoded.data = Buffer.alloc(0);
      if (encoded.index.length > BUFFER_BYTES.index) encoded.index = Buffer.alloc(0);
    }
    return locations;
  }

  /** Removes both file pairs; the next append starts a new generation. */
  clear(): void {
    this.closeFiles();
    const { data, previousData, index, previousIndex } = this.names;
    for (const name of [data, previousData, index, previousIndex]) fs.rmSync(path.join(this.dir, name), { force: true });
    this.state = { gen: this.state.gen + 2, linesInCurrent: 0, startWithNewline: false };
  }

  close(): void {
    this.closeFiles();
  }

  /**
   * Opens both files where they end. A file that ends inside a line (a write refused part-way, a
   * crash) is continued on a fresh line, so the next line is never glued to the torn one.
   */
  private open(): void {
    if (this.dataFd !== null) return;
    fs.mkdirSync(this.dir, { recursive: true });
    const dataFile = path.join(this.dir, this.names.data);
    const indexFile = path.join(this.dir, this.names.index);
    this.dataFd = fs.openSync(dataFile, 'a', 0o600);
    this.indexFd = fs.openSync(indexFile, 'a', 0o600);
    this.bytes = fs.fstatSync(this.dataFd).size;
    if (endsMidLine(dataFile, this.bytes)) this.state.startWithNewline = true;
    this.indexStartsWithNewline = endsMidLine(indexFile, fs.fstatSync(this.indexFd).size);
  }

  /** After a refused write: closes both files, whatever closing says, so the next append opens them again. */
  private dropFiles(): void {
    for (const fd of [this.dataFd, this.indexFd]) {
      try {
        if (fd !== null) fs.closeSync(fd);
      } catch {
        // Already failing; the descriptor is released either way.
      }
    }
    this.dataFd = null;
    this.indexFd = null;
  }

  private rotate(): void {
    this.closeFiles();
    for (const [from, to] of [
      [this.names.data, this.names.previousData],
      [this.names.index, this.names.previousIndex],
    ] as const) {
      try {
        fs.renameSync(path.join(this.dir, from), path.join(this.dir, to));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    this.state = { gen: this.state.gen + 1, linesInCurrent: 0, startWithNewline: false };
  }

  private closeFiles(): void {
    if (this.dataFd !== null) fs.closeSync(this.dataFd);
    if (this.indexFd !== null) fs.closeSync(this.indexFd);
    this.dataFd = null;
    this.indexFd = null;
  }
}

/** Whether a file of `size` bytes ends inside a line (its last byte is not a newline). */
function endsMidLine(file: string, size: number): boolean {
  if (size === 0) return false;
  const fd = fs.openSync(file, 'r');
  try {
    const last = Buffer.alloc(1);
    return fs.readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 10;
  } finally {
    fs.closeSync(fd);
  }
}

