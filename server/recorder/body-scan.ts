/**
 * The body search's reader: whether a recorded exchange's full record (its line in the exchanges
 * file) holds the search text, case-insensitively, as `line.toLowerCase().includes(needle)` would say.
 * Reading and decoding each record on its own cost ~0.1 ms per record (~9,000 records a second at
 * 100k); instead, for an ASCII needle, the file is read in windows of WINDOW_BYTES ending at the
 * record asked for (a search goes newest first, so backwards through the file), each window is
 * searched once with a case-insensitive expression, and a record holds the needle when a hit lies
 * inside its line. The window is decoded as 'ascii' (Node copies the bytes with their high bit
 * cleared: ~10× faster than 'latin1' here), so a hit is kept only if its bytes are ASCII and equal
 * the needle's ignoring case: exactly the hits in the decoded, lower-cased text, since only an
 * ASCII letter lower-cases to ASCII, bar two letters (the Kelvin sign to k, the dotted capital I to
 * i and a combining dot): a record holding one of those is read and lower-cased as before. A
 * record's bytes must start with its own id, as RecordReader checks; one that does not (its file
 * rotated meanwhile), a record kept in memory (the disk refused it) and a needle with other
 * characters are read one by one as before. The file holds records as recorded, already redacted,
 * so a search never matches a secret the inspector does not show.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CompactEntry } from './compact-entry.js';
import { EXCHANGE_FILES } from './exchange-file.js';
import { RecordReader } from './exchange-file-reader.js';
import type { BodyTester } from './exchange-query.js';

/** Bytes read at once: large enough that reading and searching run at memory speed; small enough that the decoded window is a young object (windows of 1 MiB, large objects, cost ~3x as much in garbage collection with 100k entries in the heap). */
export const WINDOW_BYTES = 64 * 1024;

const ASCII = /^[\x00-\x7f]*$/;

type Entry = Pick<CompactEntry, 'id' | 'gen' | 'offset' | 'length' | 'line'>;

/** A part of one data file, read and searched: hit positions (file offsets), at most one per line. */
interface Window {
  file: string;
  start: number;
  end: number;
  text: string;
  hits: number[];
  /** Where a letter sits that String.toLowerCase turns into ASCII (file offsets, ascending). */
  folding: number[];
}

/** The only characters beyond ASCII that String.toLowerCase turns into ASCII: U+212A (to k) and U+0130 (to i and a combining dot), in UTF-8. */
const FOLDING_TO_ASCII = [Buffer.from('\u212a'), Buffer.from('\u0130')];

/** The first index in sorted `xs` whose value is >= `x`. */
function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A tester for one slice of a body search over the exchanges files in `dir` (`currentGen` is the
 * newest generation the log has seen); `needle` is lower-cased. close() releases its files.
 */
export function bodyScanner<T extends Entry>(dir: string, currentGen: number, needle: string, windowBytes = WINDOW_BYTES): BodyTester<T> {
  const reader = new RecordReader(dir, currentGen);
  const oneByOne = (e: Entry) => {
    const line = e.line ?? (e.gen < 0 ? null : reader.read(e, e.id));
    return line !== null && line.toLowerCase().includes(needle);
  };
  // A line never holds a raw line break, so a needle with one matches no record.
  if (needle.includes('\n')) return { holds: (e) => e.line !== null && e.line.toLowerCase().includes(needle), close: () => reader.close() };
  if (!ASCII.test(needle) || needle.length === 0) return { holds: oneByOne, close: () => reader.close() };

  // Only a needle holding k or i can match where those letters are.
  const foldable = /[ki]/.test(needle);
  const expression = new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
  /** Whether the needle's bytes at `at` are all ASCII (the expression matched them with their high bit cleared). */
  const asciiAt = (bytes: Buffer, at: number) => {
    for (let i = 0; i < needle.length; i++) if (bytes[at + i]! >= 0x80) return false;
    return true;
  };
  const fds = new Map<string, number | null>();
  let window: Window | null = null;
  let buffer = Buffer.alloc(0);

  const fdOf = (file: string): number | null => {
    if (!fds.has(file)) {
      let fd: number | null = null;
      try {
        fd = fs.openSync(path.join(dir, file), 'r');
      } catch {
        fd = null;
      }
      fds.set(file, fd);
    }
    return fds.get(file)!;
  };

  /** Reads and searches the window of `file` that ends where `e`'s line ends. */
  const readWindow = (file: string, e: Entry): Window | null => {
    const fd = fdOf(file);
    if (fd === null) return null;
    const end = e.offset + e.length;
    const start = Math.max(0, Math.min(e.offset, end - windowBytes));
    if (buffer.length < end - start) buffer = Buffer.allocUnsafe(Math.max(windowBytes, end - start));
    const read = fs.readSync(fd, buffer, 0, end - start, start);
    if (read !== end - start) return null;
    const text = buffer.toString('ascii', 0, read);
    const hits: number[] = [];
    expression.lastIndex = 0;
    for (let m = expression.exec(text); m !== null; m = expression.exec(text)) {
      if (!asciiAt(buffer, m.index)) {
        // Bytes beyond ASCII with their high bit cleared: not a hit; look again from the next byte.
        expression.lastIndex = m.index + 1;
        continue;
      }
      hits.push(start + m.index);
      // One hit per line is enough: go on after the line's end.
      const lineEnd = text.indexOf('\n', m.index + needle.length);
      if (lineEnd < 0) break;
      expression.lastIndex = lineEnd + 1;
    }
    const folding: number[] = [];
    if (foldable) {
      for (const letter of FOLDING_TO_ASCII) for (let at = buffer.indexOf(letter, 0); at >= 0 && at < read; at = buffer.indexOf(letter, at + 1)) folding.push(start + at);
      folding.sort((a, b) => a - b);
    }
    return { file, start, end, text, hits, folding };
  };

  return {
    holds(e) {
      if (e.line !== null || e.gen < 0) return oneByOne(e);
      const file = e.gen >= currentGen ? EXCHANGE_FILES.data : EXCHANGE_FILES.previousData;
      if (!window || window.file !== file || e.offset < window.start || e.offset + e.length > window.end) window = readWindow(file, e);
      // The record must be where the index says (else its file rotated meanwhile): read it as RecordReader does.
      if (!window || !window.text.startsWith(`{"id":${JSON.stringify(e.id)},`, e.offset - window.start)) return oneByOne(e);
      const folding = window.folding[lowerBound(window.folding, e.offset)];
      if (folding !== undefined && folding < e.offset + e.length) return oneByOne(e);
      const first = window.hits[lowerBound(window.hits, e.offset)];
      return first !== undefined && first + needle.length <= e.offset + e.length;
    },
    close() {
      reader.close();
      for (const fd of fds.values()) if (fd !== null) fs.closeSync(fd);
      fds.clear();
    },
  };
}
