/**
 * Reading a data file with its offset index (exchange-file.ts's ExchangeFileWriter) at start-up
 * without parsing the data lines, for any kind of record: the resource history uses it, and the
 * exchanges' loader (exchange-file-load.ts) follows the same rules. The data file is the truth and
 * the index a cache of it: records the index lacks (a crash between the two writes) are read from
 * the data file's tail and their index lines appended; an index that disagrees with its data file
 * is rebuilt from the whole data file. Unreadable or torn data lines are skipped with a warning and
 * never rewritten.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BodyLocation, ExchangeFileState, FilePairNames } from './exchange-file.js';

export interface IndexedRecord<R> {
  record: R;
  location: BodyLocation;
}

export interface IndexedFileCodec<R> {
  /** An index line's record (its offset and length already taken off), or null if it is not one. */
  fromIndex(line: Record<string, unknown>): R | null;
  /** A data line's record; throws if the line is not a record. */
  fromData(text: string): R;
}

export interface LoadedIndexedFiles<R> {
  records: IndexedRecord<R>[];
  warnings: string[];
  state: ExchangeFileState;
}

/** Loads both file pairs (the older as generation 0, the current as 1); keeps the newest `keep` records. */
export function loadIndexedFiles<R extends object>(dir: string, names: FilePairNames, codec: IndexedFileCodec<R>, keep: number, log?: (m: string) => void): LoadedIndexedFiles<R> {
  const warnings: string[] = [];
  const previous = loadPair(dir, names.previousData, names.previousIndex, 0, codec, warnings, log);
  const current = loadPair(dir, names.data, names.index, 1, codec, warnings, log);
  const all = previous.records.concat(current.records);
  const records = all.length > keep ? all.slice(all.length - keep) : all;
  return { records, warnings, state: { gen: 1, linesInCurrent: current.lines, startWithNewline: current.torn } };
}

function readOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function loadPair<R extends object>(dir: string, dataName: string, indexName: string, gen: number, codec: IndexedFileCodec<R>, warnings: string[], log?: (m: string) => void): { records: IndexedRecord<R>[]; lines: number; torn: boolean } {
  const dataFile = path.join(dir, dataName);
  const indexFile = path.join(dir, indexName);
  let dataSize: number;
  try {
    dataSize = fs.statSync(dataFile).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    fs.rmSync(indexFile, { force: true });
    return { records: [], lines: 0, torn: false };
  }
  const records: IndexedRecord<R>[] = [];
  let end = 0;
  let rebuild = false;
  const indexText = readOrNull(indexFile) ?? '';
  for (let from = 0, to = 0; from < indexText.length && !rebuild; from = to + 1) {
    to = indexText.indexOf('\n', from);
    if (to === -1) to = indexText.length;
    if (to === from) continue;
    try {
      const { offset, length, ...rest } = JSON.parse(indexText.slice(from, to)) as Record<string, unknown>;
      const record = codec.fromIndex(rest);
      // An index line must point inside the data file, after the one before it.
      if (record === null || typeof offset !== 'number' || typeof length !== 'number' || offset < end || offset + length + 1 > dataSize) throw new Error('out of place');
      records.push({ record, location: { gen, offset, length } });
      end = offset + length + 1;
    } catch {
      rebuild = true;
    }
  }
  if (rebuild) {
    // The index disagrees with its data file: read the whole data file instead.
    records.length = 0;
    end = 0;
  }
  let lines = records.length;
  let torn = false;
  const added: IndexedRecord<R>[] = [];
  if (end < dataSize) {
    const fd = fs.openSync(dataFile, 'r');
    const tail = Buffer.alloc(dataSize - end);
    try {
      fs.readSync(fd, tail, 0, tail.length, end);
    } finally {
      fs.closeSync(fd);
    }
    let start = 0;
    let number = records.length;
    while (start < tail.length) {
      const newline = tail.indexOf(10, start);
      const stop = newline === -1 ? tail.length : newline;
      if (stop > start) {
        number++;
        lines++;
        try {
          if (newline === -1) throw new Error('torn');
          added.push({ record: codec.fromData(tail.toString('utf8', start, stop)), location: { gen, offset: end + start, length: stop - start } });
        } catch {
          if (newline === -1) torn = true;
          warnings.push(newline === -1 ? `Skipped an incomplete last line in ${dataFile} (cut short by a crash).` : `Skipped an unreadable line ${number} in ${dataFile}.`);
        }
      }
      start = stop + 1;
    }
  }
  const lineOf = (r: IndexedRecord<R>) => `${JSON.stringify({ ...r.record, offset: r.location.offset, length: r.location.length })}\n`;
  if (rebuild) {
    log?.(`Rebuilt ${indexFile}: it did not match ${dataFile}.`);
    const temp = `${indexFile}.tmp`;
    fs.writeFileSync(temp, added.map(lineOf).join(''), { mode: 0o600 });
    fs.renameSync(temp, indexFile);
  } else if (added.length > 0) {
    fs.appendFileSync(indexFile, added.map(lineOf).join(''), { mode: 0o600 });
  }
  return { records: records.concat(added), lines, torn };
}
