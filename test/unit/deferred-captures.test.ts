/**
 * The recorder's wait between a response's close and its capture (deferred-captures.ts): captures run
 * after the current turn, in the order added, all in one go; `run()` runs them at once (a flush, clear or
 * close), those added meanwhile included; none runs twice; one that throws is reported and the
 * others still run, whether from the scheduled run (no uncaught exception) or from `run()`.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeferredCaptures } from '../../server/recorder/deferred-captures.js';

const nextCheckPhase = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('deferred captures', () => {
  it('run after the current turn, in the order added, not in the tick that added them', async () => {
    const later = new DeferredCaptures(() => undefined);
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
    const later = new DeferredCaptures(() => undefined);
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

  it('isolate a capture that throws: reported, the rest of its batch still runs, from the scheduled run and from run()', async () => {
    const errors: unknown[] = [];
    const later = new DeferredCaptures((error) => errors.push(error));
    const ran: string[] = [];
    const batch = (tag: string) => {
      later.add(() => ran.push(`${tag}1`));
      later.add(() => {
        throw new Error(`${tag} fails`);
      });
      later.add(() => ran.push(`${tag}3`));
    };
    batch('scheduled');
    await nextCheckPhase();
    expect(ran).toEqual(['scheduled1', 'scheduled3']);
    batch('run');
    expect(() => later.run()).not.toThrow();
    expect(ran).toEqual(['scheduled1', 'scheduled3', 'run1', 'run3']);
    expect(errors.map((e) => (e as Error).message)).toEqual(['scheduled fails', 'run fails']);
    expect(later.size).toBe(0);
  });

  it('still run the rest when reporting the failure throws too', () => {
    const later = new DeferredCaptures(() => {
      throw new Error('the log is gone');
    });
    const ran: number[] = [];
    later.add(() => {
      throw new Error('capture fails');
    });
    later.add(() => ran.push(2));
    expect(() => later.run()).not.toThrow();
    expect(ran).toEqual([2]);
  });
});

describe('deferred captures waiting for a quiet moment', () => {
  afterEach(() => vi.useRealTimers());
  const quiet = () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'performance'] });
    const ran: string[] = [];
    const later = new DeferredCaptures(() => undefined, { quietMs: 2, maxWaitMs: 10 });
    return { ran, later };
  };

  it('run once no request has come and nothing was added for quietMs, in order', () => {
    const { ran, later } = quiet();
    later.add(() => ran.push('a'));
    vi.advanceTimersByTime(1);
    later.add(() => ran.push('b'));
    vi.advanceTimersByTime(1);
    later.touch(); // a request arrived: its answer comes first
    vi.advanceTimersByTime(1.5);
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(0.5);
    expect(ran).toEqual(['a', 'b']);
    expect(later.size).toBe(0);
  });

  it('never wait longer than maxWaitMs after the oldest, however requests keep coming', () => {
    const { ran, later } = quiet();
    later.add(() => ran.push('oldest'));
    for (let t = 0; t < 9; t++) {
      vi.advanceTimersByTime(1);
      later.touch();
      later.add(() => ran.push(`at ${t + 1}`));
    }
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ran[0]).toBe('oldest');
    expect(ran).toHaveLength(10);
    // The next one waits for its own quiet moment again.
    later.add(() => ran.push('next'));
    vi.advanceTimersByTime(1);
    expect(ran).toHaveLength(10);
    vi.advanceTimersByTime(1);
    expect(ran.at(-1)).toBe('next');
  });

  it('a touch with nothing waiting schedules nothing; run() runs what waits and cancels the wait', () => {
    const { ran, later } = quiet();
    later.touch();
    expect(vi.getTimerCount()).toBe(0);
    later.add(() => ran.push('a'));
    later.run();
    expect(ran).toEqual(['a']);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(20);
    expect(ran).toEqual(['a']);
  });

  it('past 2,000 waiting, run at the next check phase whatever the quiet wait', () => {
    const { ran, later } = quiet();
    for (let i = 0; i < 1_999; i++) later.add(() => ran.push('x'));
    vi.advanceTimersByTime(0);
    expect(ran).toHaveLength(0);
    later.add(() => ran.push('x'));
    vi.advanceTimersByTime(0);
    expect(ran).toHaveLength(2_000);
  });
});
