/**
 * The Traffic list's incremental filtering: after any sequence of live batches, evictions at the cap,
 * resets, older pages and clears, the derived rows equal a full re-filter, and only new exchanges
 * were tested when the filter did not change.
 */
import { describe, expect, it } from 'vitest';
import type { ExchangeSummary } from '../../server/contract/index.js';
import { appendedFrom, deriveRows, locate, noRows, withServerMatches, type FilteredRows } from '../../renderer/views/traffic/filtered-rows.js';
import { TrafficStore } from '../../renderer/state/traffic-store.js';
import { acceptAll } from '../../renderer/state/traffic-filter.js';
import { many, summary } from './traffic-fixtures.js';

const isPatch = (e: ExchangeSummary) => e.method === 'PATCH';

function manualStore(cap: number) {
  const pending: (() => void)[] = [];
  const store = new TrafficStore(cap, (f) => pending.push(f));
  return { store, run: () => pending.splice(0).forEach((f) => f()) };
}

describe('appendedFrom', () => {
  const a = many(4);
  const b = many(3);
  it.each([
    { name: 'first items', prev: [], prevEvicted: 0, next: a, evicted: 0, want: 0 },
    { name: 'appended only', prev: a.slice(0, 2), prevEvicted: 0, next: a, evicted: 0, want: 2 },
    { name: 'appended and head evicted', prev: a.slice(0, 3), prevEvicted: 5, next: a.slice(1), evicted: 6, want: 2 },
    { name: 'nothing new', prev: a, prevEvicted: 0, next: a.slice(), evicted: 0, want: 4 },
    { name: 'replaced (reset)', prev: a, prevEvicted: 0, next: b, evicted: 4, want: null },
    { name: 'cleared', prev: a, prevEvicted: 0, next: [], evicted: 4, want: null },
    { name: 'evicted counter went back', prev: a, prevEvicted: 3, next: a, evicted: 1, want: null },
    { name: 'different items under the same counter', prev: a, prevEvicted: 0, next: [...a.slice(0, 3), b[0]!], evicted: 0, want: null },
  ])('$name', ({ prev, prevEvicted, next, evicted, want }) => {
    expect(appendedFrom(prev, prevEvicted, next, evicted)).toBe(want);
  });
});

describe('deriveRows', () => {
  it('returns the same object when nothing changed', () => {
    const items = many(5);
    const first = deriveRows(noRows, items, 0, isPatch);
    expect(deriveRows(first, items, 0, isPatch)).toBe(first);
  });

  it('tests only the new exchanges when the filter is unchanged', () => {
    const items = many(1000, (i) => ({ method: i % 2 ? 'PATCH' : 'GET' }));
    let calls = 0;
    const counting = (e: ExchangeSummary) => (calls++, isPatch(e));
    const first = deriveRows(noRows, items, 0, counting);
    expect(calls).toBe(1000);
    const more = items.concat(many(10, () => ({ method: 'PATCH' })));
    calls = 0;
    const next = deriveRows(first, more, 0, counting);
    expect(calls).toBe(10);
    expect(next.rows).toHaveLength(510);
    expect(next.appended).toBe(10);
    expect(next.generation).toBe(first.generation);
  });

  it('keeps the rows array when new exchanges do not match', () => {
    const items = many(3, () => ({ method: 'PATCH' }));
    const first = deriveRows(noRows, items, 0, isPatch);
    const next = deriveRows(first, items.concat(many(2)), 0, isPatch);
    expect(next.rows).toBe(first.rows);
  });

  it('rebuilds (a new generation) when the predicate changes', () => {
    const items = many(6, (i) => ({ method: i < 2 ? 'PATCH' : 'GET' }));
    const first = deriveRows(noRows, items, 0, isPatch);
    const all = deriveRows(first, items, 0, () => true);
    expect(all.rows).toHaveLength(6);
    expect(all.generation).toBe(first.generation + 1);
    expect(all.appended).toBe(0);
  });

  it('drops evicted rows from the head', () => {
    const items = many(6, (i) => ({ method: i % 2 ? 'PATCH' : 'GET' }));
    const first = deriveRows(noRows, items, 0, isPatch);
    const next = deriveRows(first, items.slice(3).concat(many(1, () => ({ method: 'PATCH' }))), 3, isPatch);
    expect(next.rows.map((e) => e.id)).toEqual([...items.slice(3).filter(isPatch), ...next.rows.slice(-1)].map((e) => e.id));
  });

  it('matches a full re-filter after any sequence of store operations', () => {
    const { store, run } = manualStore(50);
    let derived: FilteredRows = noRows;
    // No filter (acceptAll): the store's own array, no copy; a predicate that also takes everything but
    // is not acceptAll goes the copying way and must agree on the rows and on what was appended.
    let shared: FilteredRows = noRows;
    let copied: FilteredRows = noRows;
    const takesAll = () => true;
    let rand = 7;
    const random = () => ((rand = (rand * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const methodOf = () => (random() < 0.4 ? 'PATCH' : 'GET');
    // Within a generation a row keeps its position `head + index` (the list aligns its blocks on it).
    const positions = new Map<FilteredRows, { generation: number; at: Map<string, number> }>();
    const samePositions = (key: FilteredRows, next: FilteredRows) => {
      const last = positions.get(key);
      if (last && last.generation === next.generation) next.rows.forEach((e, i) => last.at.has(e.id) && expect(next.head + i).toBe(last.at.get(e.id)));
      positions.delete(key);
      return { generation: next.generation, at: new Map(next.rows.map((e, i) => [e.id, next.head + i])) };
    };
    for (let step = 0; step < 400; step++) {
      const r = random();
      if (r < 0.6) store.add(many(Math.floor(random() * 20), () => ({ method: methodOf() })));
      else if (r < 0.7) store.reset(many(Math.floor(random() * 60), () => ({ method: methodOf() })));
      else if (r < 0.8) store.prepend(many(Math.floor(random() * 10), () => ({ method: methodOf() })));
      else if (r < 0.85) store.clear();
      else if (r < 0.9) store.pause();
      else store.resume();
      run();
      const s = store.state.get();
      const before = { derived, shared, copied };
      derived = deriveRows(derived, s.items, s.evicted, isPatch);
      expect(derived.rows.map((e) => e.id)).toEqual(s.items.filter(isPatch).map((e) => e.id));
      shared = deriveRows(shared, s.items, s.evicted, acceptAll);
      copied = deriveRows(copied, s.items, s.evicted, takesAll);
      for (const [name, next] of [['derived', derived], ['shared', shared], ['copied', copied]] as const) {
        positions.set(next, samePositions(before[name], next));
      }
      expect(shared.rows).toBe(s.items);
      expect({ ids: copied.rows.map((e) => e.id), generation: copied.generation, appended: copied.appended }).toEqual({ ids: s.items.map((e) => e.id), generation: shared.generation, appended: shared.appended });
    }
  });
});

describe('locate', () => {
  const rows = many(10);
  it.each([
    { name: 'at the hint', id: rows[4]!.id, hint: 4, want: 4 },
    { name: 'moved towards the head', id: rows[2]!.id, hint: 5, want: 2 },
    { name: 'moved towards the tail', id: rows[8]!.id, hint: 3, want: 8 },
    { name: 'no hint', id: rows[6]!.id, hint: -1, want: 6 },
    { name: 'hint past the end', id: rows[9]!.id, hint: 40, want: 9 },
    { name: 'absent', id: 'nope', hint: 2, want: -1 },
    { name: 'no id', id: null, hint: 2, want: -1 },
  ])('$name', ({ id, hint, want }) => {
    expect(locate(rows, id, hint)).toBe(want);
  });

  it('finds nothing in an empty list', () => {
    expect(locate([], summary().id, 0)).toBe(-1);
  });
});

describe('withServerMatches', () => {
  const all = many(10);
  const ids = (rows: readonly ExchangeSummary[]) => rows.map((e) => e.seq - all[0]!.seq);
  const newestFirst = (idx: number[]) => idx.map((i) => all[i]!).sort((a, b) => b.seq - a.seq);
  it.each([
    { name: 'older matches go before the loaded ones', local: [7, 8, 9], server: [9, 2, 0], want: [0, 2, 7, 8, 9] },
    { name: 'interleaved in sequence order, no duplicates', local: [3, 6, 9], server: [8, 6, 5, 1], want: [1, 3, 5, 6, 8, 9] },
    { name: 'nothing loaded matches', local: [], server: [4, 2], want: [2, 4] },
  ])('$name', ({ local, server, want }) => {
    expect(ids(withServerMatches(local.map((i) => all[i]!), newestFirst(server)))).toEqual(want);
  });
  it('returns the rows themselves when every server match is loaded', () => {
    const local = all.slice(2);
    expect(withServerMatches(local, newestFirst([9, 5]))).toBe(local);
    expect(withServerMatches(local, [])).toBe(local);
  });
});
