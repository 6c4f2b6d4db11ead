/**
 * The traffic store's batching, pausing and cap, and the filter predicate: what keeps the inspector
 * smooth under a burst of Okta traffic.
 */
import { describe, expect, it } from 'vitest';
import { emptyFilter, makePredicate, statusClassOf, toQuery, type TrafficFilter } from '../../renderer/state/traffic-filter.js';
import { TrafficStore } from '../../renderer/state/traffic-store.js';
import { summary } from './traffic-fixtures.js';

/** A scheduler the test runs by hand: counts how often a flush was requested. */
function manualScheduler() {
  const pending: (() => void)[] = [];
  return { schedule: (f: () => void) => pending.push(f), run: () => pending.splice(0).forEach((f) => f()), get requested() { return pending.length; } };
}

describe('TrafficStore', () => {
  it('applies a burst as one batch per frame', () => {
    const s = manualScheduler();
    const store = new TrafficStore(1000, s.schedule);
    let renders = 0;
    store.state.subscribe(() => renders++);
    for (let i = 0; i < 500; i++) store.add([summary()]);
    expect(s.requested).toBe(1);
    expect(store.state.get().items).toHaveLength(0);
    s.run();
    expect(store.state.get().items).toHaveLength(500);
    expect(renders).toBe(1);
  });

  it('keeps at most the cap, dropping the oldest, and counts evictions', () => {
    const s = manualScheduler();
    const store = new TrafficStore(100, s.schedule);
    const batch = Array.from({ length: 250 }, () => summary());
    store.add(batch);
    s.run();
    const { items, evicted } = store.state.get();
    expect(items).toHaveLength(100);
    expect(items[0]!.id).toBe(batch[150]!.id);
    expect(evicted).toBe(150);
  });

  it('queues while paused and applies everything on resume', () => {
    const s = manualScheduler();
    const store = new TrafficStore(1000, s.schedule);
    store.pause();
    store.add([summary(), summary()]);
    s.run();
    expect(store.state.get()).toMatchObject({ paused: true, queued: 2 });
    expect(store.state.get().items).toHaveLength(0);
    store.resume();
    expect(store.state.get()).toMatchObject({ paused: false, queued: 0 });
    expect(store.state.get().items).toHaveLength(2);
  });

  it('resets from a hello, prepends older pages without duplicates, and clears', () => {
    const store = new TrafficStore(10, (f) => f());
    const a = summary();
    const b = summary();
    store.reset([b]);
    store.prepend([a, b]);
    expect(store.state.get().items.map((e) => e.id)).toEqual([a.id, b.id]);
    store.clear();
    expect(store.state.get().items).toEqual([]);
  });

  it('counts exchanges the server dropped for a slow client', () => {
    const store = new TrafficStore(10, (f) => f());
    store.add([], 42);
    expect(store.state.get().dropped).toBe(42);
  });
});

describe('traffic filter', () => {
  const items = [
    summary({ method: 'POST', status: 201, operation: { kind: 'user.create', resourceType: 'User', resourceId: 'u1', summary: 'Okta created jane@example.com' } }),
    summary({ method: 'PATCH', status: 200, client: 'entra', operation: { kind: 'user.deactivate', resourceType: 'User', resourceId: 'u1', summary: 'Entra disabled jane@example.com' }, lintCount: 2, lintLevel: 'warning' }),
    summary({ method: 'GET', status: 429, fault: { ruleId: 'r', name: 'rl', action: 'rateLimit' } }),
    summary({ method: 'GET', status: 401, operation: { kind: 'auth.failed', resourceType: null, resourceId: null, summary: 'refused' } }),
    summary({ method: 'POST', status: 0, outcome: 'dropped', operation: { kind: 'group.create', resourceType: 'Group', resourceId: null, summary: 'Okta tried to push group Sales' } }),
  ];
  const ids = (f: Partial<TrafficFilter>, body?: Set<string>) => items.filter(makePredicate({ ...emptyFilter, ...f }, body)).map((e) => items.indexOf(e));

  it.each([
    [{}, [0, 1, 2, 3, 4]],
    [{ methods: ['POST'] }, [0, 4]],
    [{ statusClasses: ['4xx'] }, [2, 3]],
    [{ statusClasses: ['none'] }, [4]],
    [{ kinds: ['user'] }, [0, 1, 2]],
    [{ kinds: ['group'] }, [4]],
    [{ kinds: ['auth.failed'] }, [3]],
    [{ clients: ['entra'] }, [1]],
    [{ faultedOnly: true }, [2]],
    [{ lintedOnly: true }, [1]],
    [{ text: 'JANE' }, [0, 1]],
    [{ text: 'sales' }, [4]],
    [{ methods: ['POST'], text: 'jane' }, [0]],
  ] as [Partial<TrafficFilter>, number[]][])('%j → %j', (f, expected) => {
    expect(ids(f)).toEqual(expected);
  });

  it('adds exchanges the server matched by body text', () => {
    expect(ids({ text: 'hunter-in-body' }, new Set([items[2]!.id]))).toEqual([2]);
  });

  it('classifies statuses and builds the server query', () => {
    expect([200, 302, 404, 503, 0].map(statusClassOf)).toEqual(['2xx', '3xx', '4xx', '5xx', 'none']);
    expect(toQuery({ ...emptyFilter, text: ' x ', statusClasses: ['none', '5xx'], faultedOnly: true })).toMatchObject({ search: 'x', status: ['0', '5xx'], faulted: true });
  });
});
