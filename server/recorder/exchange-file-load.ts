/**
 * Reading the exchanges files at start-up without reading the bodies: the index files give each
 * record's summary and offset. The data file is the truth and the index a cache of it: records the
 * index lacks (a crash between the two writes, or a data file from before the index existed) are
 * read from the data file's tail and their index lines added; an index that disagrees with its data
 * file is rebuilt from the whole data file. Unreadable or torn data lines are skipped with a warning and
 * never rewritten. Each index line becomes its compact in-memory entry as soon as it is parsed, so
 * the parsed objects of 100,000 lines die young instead of all being alive at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Exchange } from '../contract/exchange.js';
import { DATA_FILE, INDEX_FILE, PREVIOUS_DATA_FILE, PREVIOUS_INDEX_FILE, type BodyLocation, type ExchangeFileState, type IndexLine, type IndexRecord } from './exchange-file.js';
import { compactEntry, type CompactEntry } from './compact-entry.js';
import { indexRecordOf } from './exchange-index-record.js';

/** A record read from the data file (its index line to write), or from the index (its entry only). */
interface LoadedRecord {
  entry: CompactEntry;
  record?: IndexRecord;
  location: BodyLocation;
}

export interface LoadedFiles {
  entries: CompactEntry[];
  warnings: string[];
  state: ExchangeFileState;
}

/** Loads both file pairs (the older first); keeps the newest `keep` records. */
export function loadExchangeFiles(dir: string, keep: number, log?: (m: string) => void): LoadedFiles {
  const warnings: string[] = [];
  const previous = loadPair(dir, PREVIOUS_DATA_FILE, PREVIOUS_INDEX_FILE, 0, warnings, log);
  const current = loadPair(dir, DATA_FILE, INDEX_FILE, 1, warnings, log);
  const all = previous.records.concat(current.records);
  const kept = all.length > keep ? all.slice(all.length - keep) : all;
  return { entries: kept.map((r) => r.entry), warnings, state: { gen: 1, linesInCurrent: current.lines, startWithNewline: current.torn } };
}

function readOrNull(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function loadPair(dir: string, dataName: string, indexName: string, gen: number, warnings: string[], log?: (m: string) => void): { records: LoadedRecord[]; lines: number; torn: boolean } {
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
  const records: LoadedRecord[] = [];
  let end = 0;
  let rebuild = false;
  const indexText = readOrNull(indexFile)?.toString('utf8') ?? '';
  // Line by line (not split): each line is garbage once parsed.
  for (let from = 0, to = 0; from < indexText.length; from = to + 1) {
    to = indexText.indexOf('\n', from);
    if (to === -1) to = indexText.length;
    const text = indexText.slice(from, to);
    if (text === '') continue;
    let line: IndexLine;
    try {
      line = JSON.parse(text) as IndexLine;
    } catch {
      rebuild = true;
      continue;
    }
    // An index line must point inside the data file, after the one before it.
    if (typeof line.offset !== 'number' || line.offset < end || line.offset + line.length + 1 > dataSize || !line.summary) {
      rebuild = true;
      continue;
    }
    const location = { gen, offset: line.offset, length: line.length };
    records.push({ entry: compactEntry({ summary: line.summary, identifiers: line.identifiers ?? '', changeIds: line.changeIds ?? [] }, location), location });
    end = line.offset + line.length + 1;
  }
  if (rebuild) {
    // The index disagrees with its data file: read the whole data file instead.
    records.length = 0;
    end = 0;
  }
  let lines = records.length;
  let torn = false;
  const added: LoadedRecord[] = [];
  if (end < dataSize) {
    // The data file goes on past the index: read those records whole.
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
        const text = tail.toString('utf8', start, stop);
        try {
          if (newline === -1) throw new Error('torn');
          const exchange = JSON.parse(text) as Exchange;
          if (typeof exchange.id !== 'string' || !exchange.request || !exchange.response) throw new Error('not an exchange');
          const record = indexRecordOf(exchange);
          const location = { gen, offset: end + start, length: stop - start };
          added.push({ entry: compactEntry(record, location), record, location });
        } catch {
          if (newline === -1) torn = true;
          warnings.push(newline === -1 ? `Skipped an incomplete last line in ${dataFile} (cut short by a crash).` : `Skipped an unreadable line ${number} in ${dataFile}.`);
        }
      }
      start = stop + 1;
    }
  }
  // Only records read from the data file are written to the index (a rebuild drops the index's own).
  const lineOf = (r: LoadedRecord) => `${JSON.stringify({ ...r.record!, offset: r.location.offset, length: r.location.length } satisfies IndexLine)}\n`;
  if (rebuild) {
    // The index is a cache of the data file: rewrite it from the data file's records.
    log?.(`Rebuilt ${indexFile}: it did not match ${dataFile}.`);
    const temp = `${indexFile}.tmp`;
    fs.writeFileSync(temp, records.concat(added).map(lineOf).join(''), { mode: 0o600 });
    fs.renameSync(temp, indexFile);
  } else if (added.length > 0) {
    fs.appendFileSync(indexFile, added.map(lineOf).join(''), { mode: 0o600 });
  }
  return { records: records.concat(added), lines, torn };
}
