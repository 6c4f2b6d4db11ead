/** The capped queue behind the exchange log and resource history: evicts oldest first, tells its owner, keeps order through compaction, and holds nothing it evicted. */
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { BoundedQueue } from '../../server/recorder/bounded-queue.js';

function filled(cap: number, count: number) {
  const evicted: number[] = [];
  const queue = new BoundedQueue<number>(cap, (n) => evicted.push(n));
  for (let i = 1; i <= count; i++) queue.push(i);
  return { queue, evicted };
}

describe('BoundedQueue', () => {
  it.each([
    { cap: 3, count: 2, size: 2, newest: 2, oldest: 1, evictedCount: 0 },
    { cap: 3, count: 5, size: 3, newest: 5, oldest: 3, evictedCount: 2 },
    { cap: 1, count: 4, size: 1, newest: 4, oldest: 4, evictedCount: 3 },
    { cap: 100, count: 5000, size: 100, newest: 5000, oldest: 4901, evictedCount: 4900 },
  ])('cap $cap after $count pushes keeps the newest $size', ({ cap, count, size, newest, oldest, evictedCount }) => {
    const { queue, evicted } = filled(cap, count);
    expect(queue.size).toBe(size);
    expect(queue.fromNewest(0)).toBe(newest);
    expect(queue.fromNewest(size - 1)).toBe(oldest);
    expect(queue.fromNewest(size)).toBeUndefined();
    expect(evicted).toEqual(Array.from({ length: evictedCount }, (_, i) => i + 1));
  });

  it('returns the latest n oldest first, across a compaction', () => {
    const { queue } = filled(10, 3000);
    expect(queue.latest(4)).toEqual([2997, 2998, 2999, 3000]);
    expect(queue.latest(50)).toEqual(Array.from({ length: 10 }, (_, i) => 2991 + i));
  });

  it('evicts down to a lowered cap at once, and empties on clear', () => {
    const { queue, evicted } = filled(10, 10);
    queue.setCap(4);
    expect(evicted).toEqual([1, 2, 3, 4, 5, 6]);
    expect(queue.latest(10)).toEqual([7, 8, 9, 10]);
    queue.clear();
    expect(queue.size).toBe(0);
    expect(queue.fromNewest(0)).toBeUndefined();
  });

  it('holds no reference to what it evicted, before any compaction', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const queue = new BoundedQueue<{ n: number }>(100);
    const refs: WeakRef<{ n: number }>[] = [];
    // 10 evicted: far below the compaction threshold, so only clearing the slot lets them go.
    for (let n = 0; n < 110; n++) {
      const item = { n };
      if (n < 20) refs.push(new WeakRef(item));
      queue.push(item);
    }
    // A WeakRef's target is kept for the rest of the job that made it: collect on the next turn.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(refs.map((r) => r.deref()?.n ?? null)).toEqual([...Array.from({ length: 10 }, () => null), ...Array.from({ length: 10 }, (_, i) => 10 + i)]);
    expect(queue.size).toBe(100);
    expect(queue.fromNewest(99)).toEqual({ n: 10 });
  });
});
