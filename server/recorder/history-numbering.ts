/**
 * The seqs of the history entries loaded at start-up (resource-history.ts), in one place because
 * they must hold across restarts and versions: a line keeps the seq it was written with, and lines
 * written before entries had seqs get the same numbers at every start, below the numbered ones.
 */
import type { IndexedRecord } from './indexed-file-load.js';

/** One index line (besides its offset and length). */
export interface HistoryIndexRecord {
  /** `User:<id>` or `Group:<id>`. */
  key: string;
  kind: string;
  /** Absent in lines written before entries had one. */
  seq?: number;
}

/**
 * The loaded records in seq order, each with its seq. A line keeps the seq it was written with
 * (lines are written as their labels arrive, so the file is in seq order only nearly; a cursor
 * stays right across restarts). Lines from before seqs existed are older than every line with
 * one: they take the numbers just below the first of those, the same numbers at every start (the
 * first start after the upgrade numbered them up to there); older ones that do not fit above 0
 * were beyond the cap then and are left out. Never renumbering a line that has a seq is what keeps
 * check() from taking it for a different entry.
 */
export function numberLoaded(records: IndexedRecord<HistoryIndexRecord>[], log: (m: string) => void): IndexedRecord<HistoryIndexRecord>[] {
  const bare: IndexedRecord<HistoryIndexRecord>[] = [];
  let own: IndexedRecord<HistoryIndexRecord>[] = [];
  let sorted = true;
  for (const r of records) {
    if (r.record.seq === undefined) bare.push(r);
    else {
      if (own.length > 0 && r.record.seq <= own[own.length - 1]!.record.seq!) sorted = false;
      own.push(r);
    }
  }
  if (!sorted) {
    own.sort((a, b) => a.record.seq! - b.record.seq!);
    const before = own.length;
    own = own.filter((r, i) => i === 0 || r.record.seq !== own[i - 1]!.record.seq);
    if (own.length < before) log(`Left out ${before - own.length} history entries whose seq another entry has.`);
  }
  if (bare.length === 0) return own;
  const first = own[0]?.record.seq ?? bare.length + 1;
  const fits = Math.min(bare.length, first - 1);
  if (fits < bare.length) log(`Left out the ${bare.length - fits} oldest history entries written before entries were numbered: they were beyond the history cap when they were numbered.`);
  const kept = bare.slice(bare.length - fits);
  kept.forEach((r, i) => (r.record.seq = first - fits + i));
  return own.length === 0 ? kept : kept.concat(own);
}
