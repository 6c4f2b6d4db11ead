/**
 * Reading the exchanges files without reading the bodies: the index files give each record's
 * summary and offset. The data file is the truth and the index a cache of it: records the index
 * lacks (a crash between the two writes, or a data file from before the index existed) are read
 * from the data file's tail and their index lines added; an index that disagrees with its data file
 * is rebuilt from the whole data file. Unreadable or torn data lines are skipped with a warning and
 * never rewritten. This module holds the pieces both loaders use, and the whole load done at once
 * (`loadExchangeFiles`: the fallback when the files need repair before the writer may continue
 * them); the usual start-up loads in the background (exchange-file-background.ts).
 *
 * Each index line is decoded on its own from the file's bytes and becomes its compact entry at once:
 * decoding the whole file into one string made it a two-byte string as soon as one summary held a
 * non-ASCII character (twice the bytes, and every line sliced from it two-byte too); per line, the
 * load took 0.4 s of CPU instead of 1.1–1.5 s for 100,000 lines (docs/performance.md, "Start-up").
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Exchange } from '../contract/exchange.js';
import { DATA_FILE, INDEX_FILE, PREVIOUS_DATA_FILE, PREVIOUS_INDEX_FILE, type BodyLocation, type ExchangeFileState, type IndexLine, type IndexRecord } from './exchange-file.js';
import { compactEntry, type CompactEntry } from './compact-entry.js';
import { indexRecordOf } from './exchange-index-record.js';

/** A record read from the data file (its index line to write), or from the index (its entry only). */
export interface LoadedRecord {
  entry: CompactEntry;
  record?: IndexRecord;
  location: BodyLocation;
}

export interface LoadedFiles {
  entries: CompactEntry[];
  warnings: string[];
  state: ExchangeFileState;
}

/** Loads both file pairs (the older first) at once; keeps the newest `keep` records. */
export function loadExchangeFiles(dir: string, keep: number, log?: (m: string) => void): LoadedFiles {
  const warnings: string[] = [];
  const previous = loadPair(dir, PREVIOUS_DATA_FILE, PREVIOUS_INDEX_FILE, 0, warnings, log);
  const current = loadPair(dir, DATA_FILE, INDEX_FILE, 1, warnings, log);
  const all = withoutCopies(previous.records.concat(current.records));
  const kept = all.length > keep ? all.slice(all.length - keep) : all;
  return { entries: kept.map((r) => r.entry), warnings, state: { gen: 1, linesInCurrent: current.lines, startWithNewline: current.torn } };
}

/**
 * The records, oldest first, without a second copy of one read before. A recording worker that dies
 * after writing a batch and before its results reach the main thread leaves that batch in the file
 * twice: the main thread writes it again (recording-backend.ts `goInline`), not knowing it was
 * written. Records are written in sequence order, so only one numbered no higher than some record
 * before it can be a copy: ids are collected from the first such record on, and a file without one
 * costs a comparison per record.
 */
export function withoutCopies(records: LoadedRecord[]): LoadedRecord[] {
  let maxSeq = Number.NEGATIVE_INFINITY;
  let ids: Set<string> | null = null;
  let out: LoadedRecord[] | null = null;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.entry.seq > maxSeq) {
      maxSeq = r.entry.seq;
      ids?.add(r.entry.id);
      out?.push(r);
      continue;
    }
    ids ??= new Set(records.slice(0, i).map((before) => before.entry.id));
    if (ids.has(r.entry.id)) {
      // The first copy found: everything before it is kept.
      out ??= records.slice(0, i);
      continue;
    }
    ids.add(r.entry.id);
    out?.push(r);
  }
  return out ?? records;
}

export function readOrNull(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The size of a file, or null when it does not exist. */
export function sizeOrNull(file: string): number | null {
  try {
    return fs.statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Parses the index lines in `index` from byte `from` up to `to` (line ends) into `out`, checking that each
 * points inside the data file (of `dataSize` bytes) after the one before it (`cursor.end`). Returns
 * where it stopped (`to`), or -1 at the first line that is unreadable or disagrees with the data file.
 */
export function parseIndexLines(index: Buffer, from: number, to: number, dataSize: number, gen: number, cursor: { end: number }, out: LoadedRecord[]): number {
  while (from < to) {
    let stop = index.indexOf(10, from);
    if (stop === -1 || stop > to) stop = to;
    if (stop > from) {
      let line: IndexLine;
      try {
        line = JSON.parse(index.toString('utf8', from, stop)) as IndexLine;
      } catch {
        return -1;
      }
      // An index line must point inside the data file, after the one before it.
      if (line === null || typeof line.offset !== 'number' || typeof line.length !== 'number' || line.offset < cursor.end || line.offset + line.length + 1 > dataSize || !line.summary) return -1;
      const location = { gen, offset: line.offset, length: line.length };
      out.push({ entry: compactEntry({ summary: line.summary, identifiers: line.identifiers ?? '', changeIds: line.changeIds ?? [] }, location), location });
      cursor.end = line.offset + line.length + 1;
    }
    from = stop + 1;
  }
  return to;
}

/**
 * Reads whole records from the data file `fd` between byte `start` and `end` (each becomes an entry
 * with its index line to write); `number` is the line number before `start`, for warnings. A last line
 * with no newline is torn (cut short by a crash).
 */
export function readDataRecords(fd: number, dataFile: string, start: number, end: number, gen: number, number: number, warnings: string[], out: LoadedRecord[]): { lines: number; torn: boolean } {
  const tail = Buffer.alloc(end - start);
  fs.readSync(fd, tail, 0, tail.length, start);
  let lines = 0;
  let torn = false;
  let at = 0;
  while (at < tail.length) {
    const newline = tail.indexOf(10, at);
    const stop = newline === -1 ? tail.length : newline;
    if (stop > at) {
      lines++;
      try {
        if (newline === -1) throw new Error('torn');
        const exchange = JSON.parse(tail.toString('utf8', at, stop)) as Exchange;
        if (typeof exchange.id !== 'string' || !exchange.request || !exchange.response) throw new Error('not an exchange');
        const record = indexRecordOf(exchange);
        const location = { gen, offset: start + at, length: stop - at };
        out.push({ entry: compactEntry(record, location), record, location });
      } catch {
        if (newline === -1) torn = true;
        warnings.push(newline === -1 ? `Skipped an incomplete last line in ${dataFile} (cut short by a crash).` : `Skipped an unreadable line ${number + lines} in ${dataFile}.`);
      }
    }
    at = stop + 1;
  }
  return { lines, torn };
}

/** The index lines of records read from the data file. */
export function indexLinesOf(records: LoadedRecord[]): string {
  return records.map((r) => `${JSON.stringify({ ...r.record!, offset: r.location.offset, length: r.location.length } satisfies IndexLine)}\n`).join('');
}

/** Opens a data file and reads records from it (see readDataRecords). */
function readDataFile(dataFile: string, start: number, end: number, gen: number, number: number, warnings: string[], out: LoadedRecord[]): { lines: number; torn: boolean } {
  const fd = fs.openSync(dataFile, 'r');
  try {
    return readDataRecords(fd, dataFile, start, end, gen, number, warnings, out);
  } finally {
    fs.closeSync(fd);
  }
}

function loadPair(dir: string, dataName: string, indexName: string, gen: number, warnings: string[], log?: (m: string) => void): { records: LoadedRecord[]; lines: number; torn: boolean } {
  const dataFile = path.join(dir, dataName);
  const indexFile = path.join(dir, indexName);
  const dataSize = sizeOrNull(dataFile);
  if (dataSize === null) {
    fs.rmSync(indexFile, { force: true });
    return { records: [], lines: 0, torn: false };
  }
  const records: LoadedRecord[] = [];
  const cursor = { end: 0 };
  const index = readOrNull(indexFile) ?? Buffer.alloc(0);
  const rebuild = parseIndexLines(index, 0, index.length, dataSize, gen, cursor, records) === -1;
  if (rebuild) {
    // The index disagrees with its data file: read the whole data file instead.
    records.length = 0;
    cursor.end = 0;
  }
  const added: LoadedRecord[] = [];
  // The data file goes on past the index: read those records whole.
  const tail = cursor.end < dataSize ? readDataFile(dataFile, cursor.end, dataSize, gen, records.length, warnings, added) : { lines: 0, torn: false };
  // Only records read from the data file are written to the index (a rebuild drops the index's own).
  if (rebuild) {
    // The index is a cache of the data file: rewrite it from the data file's records.
    log?.(`Rebuilt ${indexFile}: it did not match ${dataFile}.`);
    const temp = `${indexFile}.tmp`;
    fs.writeFileSync(temp, indexLinesOf(added), { mode: 0o600 });
    fs.renameSync(temp, indexFile);
  } else if (added.length > 0) {
    fs.appendFileSync(indexFile, indexLinesOf(added), { mode: 0o600 });
  }
  return { records: records.concat(added), lines: records.length + tail.lines, torn: tail.torn };
}
