/**
 * Loading the exchange index after the server is ready. Parsing 100,000 index lines takes most of a
 * second, and nothing the SCIM port answers depends on it, so start-up reads only what the writer
 * needs to continue the files (where they end, how many lines the current one holds) and the last
 * sequence number (the index's last line), and the entries are parsed afterwards, in slices that
 * leave the event loop to requests in between. What it reads at start is checked cheaply (the last
 * index line parses and points inside its data file); anything irregular there (a missing or torn
 * index, a large data tail the index lacks) returns null and the caller loads everything at once as
 * before, repairing the index before the writer continues it.
 *
 * An index found to disagree with its data file later, during the background parse, cannot be
 * rewritten then (the writer is appending to it): that pair's entries are rebuilt from its data
 * file in memory, and the caller repairs the file at close, when the writer has stopped. The files
 * are read through descriptors opened at start, so a rotation during the load (which renames them)
 * changes nothing for the reader. At start only the first and last 64 KB of each index are read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DATA_FILE, INDEX_FILE, PREVIOUS_DATA_FILE, PREVIOUS_INDEX_FILE, type ExchangeFileState, type IndexLine } from './exchange-file.js';
import type { CompactEntry } from './compact-entry.js';
import { indexLinesOf, parseIndexLines, readDataRecords, sizeOrNull, withoutCopies, type LoadedRecord } from './exchange-file-load.js';

/** Bytes of index parsed between two yields (~900 lines, a few milliseconds). */
const SLICE_BYTES = 512 * 1024;
/** A data tail the index lacks up to this size is indexed at start; a larger one means a full load. */
const TAIL_LIMIT = 8 * 1024 * 1024;
/** Bytes read at each end of an index at start (its first and last lines). */
const END_BYTES = 64 * 1024;

interface PreparedPair {
  gen: number;
  dataFile: string;
  dataFd: number;
  dataSize: number;
  indexFd: number;
  /** Where the index ended at start (what the background parse reads; the writer appends after it). */
  indexEnd: number;
  /** Lines in the data file: from the first and last sequence numbers (see `prepareBackgroundLoad`). */
  lines: number;
  /** Records of the data tail the index lacked, indexed at start. */
  tail: LoadedRecord[];
  /** The data file ends in a torn line. */
  torn: boolean;
  lastSeq: number;
}

export interface BackgroundLoad {
  /** Where the current files end, for the writer. */
  state: ExchangeFileState;
  /** The sequence number of the newest record on disk. */
  lastSeq: number;
  /** Records the load should deliver (for progress and counts; see `prepareBackgroundLoad`). */
  expected: number;
  warnings: string[];
  /** Parses the entries; resolves with the newest `keep`, oldest first, and whether an index needs repair. */
  run(pause: () => Promise<void>, progress: (parsed: number) => void, stopped: () => boolean): Promise<{ entries: CompactEntry[]; warnings: string[]; repair: boolean }>;
}

function closeAll(pairs: PreparedPair[]): void {
  for (const p of pairs) {
    fs.closeSync(p.dataFd);
    fs.closeSync(p.indexFd);
  }
}

function indexLineOf(chunk: Buffer, from: number, to: number): IndexLine | null {
  try {
    const line = JSON.parse(chunk.toString('utf8', from, to)) as IndexLine | null;
    return line && typeof line.offset === 'number' && typeof line.length === 'number' && typeof line.summary?.seq === 'number' ? line : null;
  } catch {
    return null;
  }
}

function readAt(fd: number, position: number, length: number): Buffer {
  const chunk = Buffer.allocUnsafe(length);
  const read = fs.readSync(fd, chunk, 0, length, position);
  return chunk.subarray(0, read);
}

/**
 * The first and last lines of an index of `size` bytes, and the highest sequence number among the
 * last lines (records are written in sequence order; the maximum guards against a batch written
 * out of order). Null when either end is not a whole index line.
 */
function endsOf(fd: number, size: number): { first: IndexLine; last: IndexLine; maxSeq: number } | null {
  const head = readAt(fd, 0, Math.min(size, END_BYTES));
  const firstEnd = head.indexOf(10);
  const first = firstEnd === -1 ? null : indexLineOf(head, 0, firstEnd);
  const from = Math.max(0, size - END_BYTES);
  const tail = readAt(fd, from, size - from);
  if (!first || tail.length !== size - from || tail[tail.length - 1] !== 10) return null;
  const lastStart = tail.lastIndexOf(10, tail.length - 2) + 1;
  if (lastStart === 0 && from > 0) return null;
  const last = indexLineOf(tail, lastStart, tail.length - 1);
  if (!last) return null;
  let maxSeq = last.summary.seq;
  // The whole lines before it in the chunk (the first may be cut when the chunk starts mid-file).
  for (let stop = lastStart - 1, start; stop > 0; stop = start - 1) {
    start = tail.lastIndexOf(10, stop - 1) + 1;
    if (start === 0 && from > 0) break;
    const line = indexLineOf(tail, start, stop);
    if (line && line.summary.seq > maxSeq) maxSeq = line.summary.seq;
  }
  return { first, last, maxSeq };
}

/** Opens a pair and checks its ends: null when it needs the full load ('empty' when there is nothing). */
function preparePair(dir: string, dataName: string, indexName: string, gen: number, current: boolean, warnings: string[]): PreparedPair | 'empty' | null {
  const dataFile = path.join(dir, dataName);
  const indexFile = path.join(dir, indexName);
  const dataSize = sizeOrNull(dataFile);
  const indexSize = sizeOrNull(indexFile) ?? 0;
  if (dataSize === null) return indexSize === 0 ? 'empty' : null;
  if (dataSize === 0 && indexSize === 0) return 'empty';
  if (indexSize === 0) return null;
  const fds: number[] = [];
  try {
    const indexFd = fds[fds.push(fs.openSync(indexFile, 'r')) - 1]!;
    const indexEnd = fs.fstatSync(indexFd).size;
    const ends = endsOf(indexFd, indexEnd);
    const end = ends ? ends.last.offset + ends.last.length + 1 : Number.POSITIVE_INFINITY;
    if (!ends || end > dataSize || (end < dataSize && (!current || dataSize - end > TAIL_LIMIT))) {
      for (const fd of fds.splice(0)) fs.closeSync(fd);
      return null;
    }
    const dataFd = fds[fds.push(fs.openSync(dataFile, 'r')) - 1]!;
    const lines = ends.last.summary.seq - ends.first.summary.seq + 1;
    const pair: PreparedPair = { gen, dataFile, dataFd, dataSize, indexFd, indexEnd, lines: lines > 0 ? lines : 1, tail: [], torn: false, lastSeq: ends.maxSeq };
    if (end < dataSize) {
      // A crash between the data write and the index write: index those records now, before the writer continues.
      const read = readDataRecords(dataFd, dataFile, end, dataSize, gen, pair.lines, warnings, pair.tail);
      if (pair.tail.length > 0) fs.appendFileSync(indexFile, indexLinesOf(pair.tail), { mode: 0o600 });
      pair.lines += read.lines;
      pair.torn = read.torn;
      for (const r of pair.tail) pair.lastSeq = Math.max(pair.lastSeq, r.entry.seq);
    }
    return pair;
  } catch (error) {
    for (const fd of fds) fs.closeSync(fd);
    throw error;
  }
}

/**
 * Prepares a background load of `dir`'s exchange files, or null when they need the full load first.
 * The writer needs how many lines the current file holds (it rotates at the cap); counting them
 * would mean reading the whole index at start, so the count is taken from the sequence numbers of
 * its first and last lines, which is exact when the file's records are numbered without gaps (the
 * usual case: every exchange is numbered when captured and written in that order). A gap (a record
 * the disk refused) makes it an overestimate, so the next rotation comes a little early and the disk
 * bound (two files of at most `cap` records) holds.
 */
export function prepareBackgroundLoad(dir: string, keep: number): BackgroundLoad | null {
  const warnings: string[] = [];
  const previous = preparePair(dir, PREVIOUS_DATA_FILE, PREVIOUS_INDEX_FILE, 0, false, warnings);
  if (previous === null) return null;
  let current: PreparedPair | 'empty' | null;
  try {
    current = preparePair(dir, DATA_FILE, INDEX_FILE, 1, true, warnings);
  } catch (error) {
    if (previous !== 'empty') closeAll([previous]);
    throw error;
  }
  const pairs = [previous, current].filter((p): p is PreparedPair => p !== null && p !== 'empty');
  if (current === null) {
    closeAll(pairs);
    return null;
  }
  return {
    state: { gen: 1, linesInCurrent: current === 'empty' ? 0 : current.lines, startWithNewline: current !== 'empty' && current.torn },
    lastSeq: Math.max(0, ...pairs.map((p) => p.lastSeq)),
    expected: pairs.reduce((n, p) => n + p.lines - (p.torn ? 1 : 0), 0),
    warnings,
    async run(pause, progress, stopped) {
      const later: string[] = [];
      let repair = false;
      let parsed = 0;
      const all: LoadedRecord[] = [];
      try {
        for (const p of pairs) {
          const records: LoadedRecord[] = [];
          const cursor = { end: 0 };
          let position = 0;
          let wrong = false;
          for (let size = SLICE_BYTES; position < p.indexEnd && !wrong; ) {
            if (stopped()) return { entries: [], warnings: later, repair: false };
            const slice = readAt(p.indexFd, position, Math.min(size, p.indexEnd - position));
            // Whole lines only: the rest is read again with the next slice.
            const whole = slice.lastIndexOf(10) + 1;
            if (whole === 0) {
              if (position + slice.length >= p.indexEnd) wrong = true;
              size *= 2;
              continue;
            }
            wrong = parseIndexLines(slice, 0, whole, p.dataSize, p.gen, cursor, records) === -1;
            position += whole;
            size = SLICE_BYTES;
            parsed = all.length + records.length;
            progress(parsed);
            await pause();
          }
          if (wrong) {
            // The index disagrees with its data file: this pair's entries come from the data file.
            repair = true;
            records.length = 0;
            readDataRecords(p.dataFd, p.dataFile, 0, p.dataSize, p.gen, 0, later, records);
          } else {
            records.push(...p.tail);
          }
          for (const r of records) all.push(r);
        }
      } finally {
        closeAll(pairs);
      }
      // A batch written twice (a worker that died before its answer) is listed once.
      const unique = withoutCopies(all);
      const kept = unique.length > keep ? unique.slice(unique.length - keep) : unique;
      return { entries: kept.map((r) => r.entry), warnings: later, repair };
    },
  };
}
