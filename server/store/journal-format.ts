/**
 * Journal entries: one line of JSON per committed transaction, so a transaction is replayed whole
 * or (when its line was torn by a crash) not at all. Also the reader that replays segments at start.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { ResourceTypeName, ScimResource } from '../contract/scim.js';
import { AppError } from '../app-errors.js';
import { SEGMENT_PATTERN } from './journal-writer.js';
import type { StoredSecret } from './snapshot-format.js';

export type JournalOp =
  | { op: 'put'; t: ResourceTypeName; r: ScimResource }
  | { op: 'del'; t: ResourceTypeName; id: string }
  | { op: 'secret'; id: string; v: StoredSecret | null }
  | { op: 'clear' };

export interface JournalEntry {
  /** Sequence number, increasing across segments. */
  s: number;
  at: string;
  ops: JournalOp[];
}

export interface ReplayResult {
  entries: JournalEntry[];
  /** Segment numbers found, ascending. */
  segments: number[];
  warnings: string[];
  /** A torn last line was skipped: the start should fold the journal into store.json, so it does not outlive this session. */
  tornSkipped: boolean;
}

export async function listSegments(dir: string): Promise<number[]> {
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .map((n) => SEGMENT_PATTERN.exec(n)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

function isEntry(value: unknown): value is JournalEntry {
  const v = value as JournalEntry;
  return v !== null && typeof v === 'object' && Number.isInteger(v.s) && Array.isArray(v.ops);
}

/**
 * Reads every segment in order. A last line that does not parse is a write torn by a crash, skipped
 * with a warning, when nothing shows it was acknowledged: it ends the newest segment, or the next
 * entry reuses its sequence number (the start after the crash numbered on from the last whole entry,
 * so the torn one never took effect). A torn line followed by later numbers was acknowledged (the
 * writer went on past it): that, and damage anywhere else, is refused, the files left untouched.
 * `baseSeq` is store.json's `journalSeq`: after a compaction the journal starts empty and numbering
 * goes on from there, so a torn first line is judged against it, not against 0.
 */
export async function readJournal(dir: string, segmentFile: (n: number) => string, baseSeq = 0): Promise<ReplayResult> {
  const segments = await listSegments(dir);
  const entries: JournalEntry[] = [];
  const warnings: string[] = [];
  let lastSeq = 0;
  let tornSkipped = false;
  /** A torn last line waiting for the next entry to tell whether it was ever acknowledged. */
  let torn: { file: string; line: number; after: number } | null = null;
  for (const n of segments) {
    const file = path.join(dir, segmentFile(n));
    const text = await fsp.readFile(file, 'utf8');
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    lines.forEach((line, i) => {
      let entry: unknown;
      try {
        entry = JSON.parse(line);
      } catch (error) {
        if (i === lines.length - 1) {
          // NUL bytes only: the padding an older Scimscope left when a write failed right after a
          // rotation (it grew the new segment instead of cutting it back); never an entry.
          if (/^\0+$/.test(line)) warnings.push(`Ignored ${line.length} NUL bytes at the end of ${file}: left by a refused write, never an entry.`);
          else torn = { file, line: i + 1, after: Math.max(lastSeq, baseSeq) };
          return;
        }
        throw new AppError('JOURNAL_CORRUPT', { file, line: i + 1, reason: (error as Error).message });
      }
      if (!isEntry(entry)) throw new AppError('JOURNAL_CORRUPT', { file, line: i + 1, reason: 'not a journal entry' });
      if (torn !== null) {
        if (entry.s !== torn.after + 1) {
          throw new AppError('JOURNAL_CORRUPT', {
            file: torn.file,
            line: torn.line,
            reason:
              `its last entry is cut short, yet later entries (from sequence ${entry.s} in ${file}) follow it, so it was acknowledged, ` +
              'unless it is a write Scimscope refused (store_write_failed) when the disk also refused to cut it back: then delete that last line and start again',
          });
        }
        warnings.push(skippedWarning(torn));
        tornSkipped = true;
        torn = null;
      }
      if (entry.s <= lastSeq) throw new AppError('JOURNAL_CORRUPT', { file, line: i + 1, reason: `sequence ${entry.s} does not follow ${lastSeq}` });
      lastSeq = entry.s;
      entries.push(entry);
    });
  }
  if (torn !== null) {
    warnings.push(skippedWarning(torn));
    tornSkipped = true;
  }
  return { entries, segments, warnings, tornSkipped };
}

function skippedWarning(torn: { file: string; line: number }): string {
  return `Skipped an incomplete last entry in ${torn.file} (line ${torn.line}): a write cut short by a crash, never acknowledged.`;
}
