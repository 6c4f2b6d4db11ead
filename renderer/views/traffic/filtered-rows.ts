/**
 * Derives the rows the Traffic list shows from the live store incrementally: when only new exchanges
 * arrived (and maybe the oldest were evicted) under an unchanged filter, only the new ones are tested,
 * so 500 exchanges a second cost 500 predicate calls instead of 100,000.
 */
import type { ExchangeSummary } from '../../../server/contract/index.js';
import { acceptAll } from '../../state/traffic-filter.js';

export type Predicate = (e: ExchangeSummary) => boolean;

export interface FilteredRows {
  /** The store's `items` this was derived from (oldest first). */
  source: readonly ExchangeSummary[];
  /** The store's `evicted` counter at that time. */
  evicted: number;
  predicate: Predicate;
  /** The matching exchanges, oldest first. Same array identity when a step changed nothing shown. */
  rows: readonly ExchangeSummary[];
  /** Bumps when the rows were rebuilt from scratch (filter changed, list replaced, older ones loaded). */
  generation: number;
  /** Rows appended since the last rebuild; the difference between two steps is "how many new". */
  appended: number;
  /**
   * Rows dropped from the head (the oldest evicted) since the last rebuild: row `i` is the
   * `head + i`th of this generation, a position that does not move when older rows go (the list
   * aligns its blocks of rows and their offsets on it, so an eviction leaves the rows in the DOM alone).
   */
  head: number;
}

export const noRows: FilteredRows = { source: [], evicted: 0, predicate: () => true, rows: [], generation: 0, appended: 0, head: 0 };

/**
 * Where the new items start in `source`, given the previous source and the store's eviction counter;
 * null when the change is not "drop some oldest, append some newest" (a reset, a prepend, a clear).
 */
export function appendedFrom(prevSource: readonly ExchangeSummary[], prevEvicted: number, source: readonly ExchangeSummary[], evicted: number): number | null {
  const dropped = evicted - prevEvicted;
  const kept = prevSource.length - dropped;
  if (dropped < 0 || kept < 0 || kept > source.length) return null;
  if (kept === 0) return prevSource.length === 0 ? 0 : null;
  // The kept part must be the same exchanges: its last one is still where it should be.
  return source[kept - 1] === prevSource[prevSource.length - 1] ? kept : null;
}

function rebuild(prev: FilteredRows, source: readonly ExchangeSummary[], evicted: number, predicate: Predicate): FilteredRows {
  const rows = predicate === acceptAll ? source : source.filter(predicate);
  return { source, evicted, predicate, rows, generation: prev.generation + 1, appended: 0, head: 0 };
}

/** The next rows for the store's current `items`/`evicted` and the current predicate. */
export function deriveRows(prev: FilteredRows, source: readonly ExchangeSummary[], evicted: number, predicate: Predicate): FilteredRows {
  if (prev.source === source && prev.evicted === evicted && prev.predicate === predicate) return prev;
  if (prev.predicate !== predicate) return rebuild(prev, source, evicted, predicate);
  const start = appendedFrom(prev.source, prev.evicted, source, evicted);
  if (start === null) return rebuild(prev, source, evicted, predicate);

  // Nothing filtered out: the rows are the store's array itself (no copy of 100,000 rows a batch).
  if (predicate === acceptAll) return { source, evicted, predicate, rows: source, generation: prev.generation, appended: prev.appended + (source.length - start), head: prev.head + (evicted - prev.evicted) };
  // The evicted exchanges that were shown are the first rows, in the same order.
  const dropped = evicted - prev.evicted;
  let cut = 0;
  for (let i = 0; i < dropped && cut < prev.rows.length; i++) if (prev.source[i] === prev.rows[cut]) cut++;
  const added: ExchangeSummary[] = [];
  for (let i = start; i < source.length; i++) if (predicate(source[i]!)) added.push(source[i]!);
  if (cut === 0 && added.length === 0) return { ...prev, source, evicted };
  // One copy of the kept rows per step: at 100,000 rows, garbage is what costs.
  const rows = prev.rows.slice(cut);
  for (const e of added) rows.push(e);
  return { source, evicted, predicate, rows, generation: prev.generation, appended: prev.appended + added.length, head: prev.head + cut };
}

/**
 * The index of the exchange `id` in `rows`, starting at `hint` (where it was last time): rows only
 * move towards the head as the oldest are evicted, so a short backward walk usually finds it.
 */
export function locate(rows: readonly ExchangeSummary[], id: string | null, hint = -1): number {
  if (id === null || rows.length === 0) return -1;
  const from = Math.min(hint, rows.length - 1);
  if (from >= 0) {
    if (rows[from]!.id === id) return from;
    for (let i = from - 1; i >= 0 && i >= from - 4096; i--) if (rows[i]!.id === id) return i;
  }
  for (let i = rows.length - 1; i >= 0; i--) if (rows[i]!.id === id) return i;
  return -1;
}

/**
 * The rows with the server's matches (newest first) that are not loaded here merged in by sequence
 * number, so a search shows matches from the whole recording in time order. Returns `rows` itself
 * when every server match is already among them.
 */
export function withServerMatches(rows: readonly ExchangeSummary[], server: readonly ExchangeSummary[]): readonly ExchangeSummary[] {
  if (server.length === 0) return rows;
  const shown = new Set<string>();
  for (const e of rows) shown.add(e.id);
  const extra: ExchangeSummary[] = [];
  for (let i = server.length - 1; i >= 0; i--) if (!shown.has(server[i]!.id)) extra.push(server[i]!);
  if (extra.length === 0) return rows;
  extra.sort((a, b) => a.seq - b.seq);
  const merged: ExchangeSummary[] = new Array(rows.length + extra.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < rows.length && j < extra.length) merged[k++] = rows[i]!.seq <= extra[j]!.seq ? rows[i++]! : extra[j++]!;
  while (i < rows.length) merged[k++] = rows[i++]!;
  while (j < extra.length) merged[k++] = extra[j++]!;
  return merged;
}
