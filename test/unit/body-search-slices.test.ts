/**
 * The body search in slices (server/recorder/exchange-query.ts, searchBodiesInSlices): the same answer
 * as the one-piece search, while other work runs between its slices (so a body page no longer holds
 * the server for its whole budget), a reader opened per slice, progress in every slice, and pages that
 * answer once they have matches (answerAfterMs), and a search whose client went away stops (signal).
 */
import { describe, expect, it } from 'vitest';
import { searchBodies, searchBodiesInSlices } from '../../server/recorder/exchange-query.js';

interface Entry {
  seq: number; method: string; status: number; kind: string; client: string; faulted: boolean; lintCount: number; resourceId: string | null; changeIds: string[]; text: string; ascii: boolean;
  body: string | null;
}

/** Newest first: seq 100 down to 1; every 7th body holds the needle, every 11th summary does, every 13th record is unreadable. */
const entries: Entry[] = Array.from({ length: 100 }, (_, i) => {
  const seq = 100 - i;
  return { seq, method: 'GET', status: 200, kind: 'user.read', client: 'okta', faulted: false, lintCount: 0, resourceId: null, changeIds: [], text: seq % 11 === 0 ? `GET\n/Users/Needle-${seq}` : `GET\n/Users/${seq}`, ascii: true, body: seq % 13 === 0 ? null : `{"title":"${seq % 7 === 0 ? 'a NEEDLE here' : 'nothing'}"}` };
});

const holds = (e: Entry) => e.body !== null && e.body.toLowerCase().includes('needle');
const tester = () => ({ holds, close: () => undefined });

describe('a body search in slices', () => {
  it('finds what the one-piece search finds, for every page size', async () => {
    for (const enough of [1, 3, 10, 1000]) {
      const whole = searchBodies(entries, 'needle', enough, tester(), 10_000);
      let opened = 0;
      const sliced = await searchBodiesInSlices(entries, 'needle', enough, () => (opened++, tester()), 10_000, 0);
      expect({ enough, seqs: sliced.matches.map((e) => e.seq), bodySearch: sliced.bodySearch }).toEqual({ enough, seqs: whole.matches.map((e) => e.seq), bodySearch: whole.bodySearch });
      // With no time per slice, each slice reads one record (a quick match needs no read).
      expect(opened).toBe(Math.max(sliced.bodySearch.read, 1));
    }
  });

  it('lets other work run between slices and closes every reader', async () => {
    const events: string[] = [];
    let open = 0;
    const other = () => {
      events.push('other');
      if (events.length < 40) setImmediate(other);
    };
    setImmediate(other);
    const result = await searchBodiesInSlices(entries.slice(0, 20), 'needle', 1000, () => {
      open++;
      return { holds: (e: Entry) => (events.push(`read ${e.seq}`), holds(e)), close: () => void open-- };
    }, 10_000, 0);
    expect(open).toBe(0);
    expect(result.bodySearch.complete).toBe(true);
    // Reads and the other work interleave: some other work ran after the first read and before the last.
    const reads = events.flatMap((e, i) => (e.startsWith('read') ? [i] : []));
    expect(events.slice(reads[0], reads.at(-1)).filter((e) => e === 'other').length).toBeGreaterThan(5);
  });

  it('stops at its budget after reading at least one record, and says where to go on', async () => {
    const result = await searchBodiesInSlices(entries, 'needle', 1000, tester, 0, 0);
    expect(result.bodySearch.read).toBe(1);
    expect(result.bodySearch.complete).toBe(false);
    // It read seq 100, took the quick match at 99 (no read needed), and stopped before reading 98.
    expect(result.bodySearch.searchedTo).toBe(99);
    expect(result.matches.map((e) => e.seq)).toEqual([99]);
    // Going on below it (as beforeSeq does) reaches the end with the same matches as one search.
    const all = searchBodies(entries, 'needle', 1000, tester(), 10_000).matches.map((e) => e.seq);
    const found = result.matches.map((e) => e.seq);
    let rest = entries.filter((e) => e.seq < result.bodySearch.searchedTo!);
    for (let guard = 0; rest.length > 0 && guard < 200; guard++) {
      const page = await searchBodiesInSlices(rest, 'needle', 1000, tester, 1, 0);
      found.push(...page.matches.map((e) => e.seq));
      if (page.bodySearch.complete) break;
      rest = rest.filter((e) => e.seq < page.bodySearch.searchedTo!);
    }
    expect(found).toEqual(all);
  });

  it('with answerAfterMs, ends a page once it has matches and has run that long, and goes on from there to the same matches', async () => {
    const all = searchBodies(entries, 'needle', 1000, tester(), 10_000).matches.map((e) => e.seq);
    const found: number[] = [];
    let rest = entries;
    let pages = 0;
    for (; rest.length > 0 && pages < 200; pages++) {
      const page = await searchBodiesInSlices(rest, 'needle', 1000, tester, 10_000, 0, 0);
      // Each page ends in the slice that found its first match: one slice reads one record here.
      expect(page.matches.length).toBeLessThanOrEqual(2);
      found.push(...page.matches.map((e) => e.seq));
      if (page.bodySearch.complete) break;
      rest = rest.filter((e) => e.seq < page.bodySearch.searchedTo!);
    }
    expect(found).toEqual(all);
    expect(pages).toBeGreaterThan(5);
  });

  it('reads no further slice once its signal is aborted (the client went away), and says how far it got', async () => {
    for (const abortAfter of [0, 1, 5]) {
      const gone = new AbortController();
      if (abortAfter === 0) gone.abort();
      let opened = 0;
      const result = await searchBodiesInSlices(entries, 'needle', 1000, () => {
        if (++opened === abortAfter) gone.abort();
        return tester();
      }, 10_000, 0, Number.POSITIVE_INFINITY, gone.signal);
      // One record a slice (no time per slice): the slice that saw the abort was the last one read.
      expect({ abortAfter, opened, read: result.bodySearch.read, complete: result.bodySearch.complete }).toEqual({ abortAfter, opened: abortAfter, read: abortAfter, complete: false });
    }
    // Not aborted, the same search reads every readable record.
    const whole = await searchBodiesInSlices(entries, 'needle', 1000, tester, 10_000, 0, Number.POSITIVE_INFINITY, new AbortController().signal);
    expect(whole.bodySearch.complete).toBe(true);
  });
});
