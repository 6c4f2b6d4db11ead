/**
 * The recorder's wait between a response's close and its capture (deferred-captures.ts): captures run
 * after the current turn, in the order added, all in one go; `run()` runs them at once (a flush, clear or
 * close), those added meanwhile included; none runs twice.
 */
import { describe, expect, it } from 'vitest';
import { DeferredCaptures } from '../../server/recorder/deferred-captures.js';

const nextCheckPhase = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('deferred captures', () => {
  it('run after the current turn, in the order added, not in the tick that added them', async () => {
    const later = new DeferredCaptures();
    const ran: number[] = [];
    for (let i = 1; i <= 3; i++) later.add(() => ran.push(i));
    await Promise.resolve();
    await new Promise<void>((resolve) => process.nextTick(resolve));
    expect(ran).toEqual([]);
    expect(later.size).toBe(3);
    await nextCheckPhase();
    expect(ran).toEqual([1, 2, 3]);
    expect(later.size).toBe(0);
  });

  it('run at once when asked, those added while they run included, and never twice', async () => {
    const later = new DeferredCaptures();
    const ran: string[] = [];
    later.add(() => {
      ran.push('a');
      later.add(() => ran.push('added by a'));
    });
    later.add(() => ran.push('b'));
    later.run();
    expect(ran).toEqual(['a', 'b', 'added by a']);
    await nextCheckPhase();
    expect(ran).toEqual(['a', 'b', 'added by a']);
    // A capture added after a run is scheduled again.
    later.add(() => ran.push('c'));
    await nextCheckPhase();
    expect(ran).toEqual(['a', 'b', 'added by a', 'c']);
  });
});
