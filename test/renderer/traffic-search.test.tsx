/**
 * Search in the Traffic view goes to the server for the whole recording: after typing stops, the
 * quick search (summaries and identifiers, complete at once) and, at the same time, the first page of
 * the body search below the newest exchange the inspector holds; then what was recorded between that
 * and the quick search's newest (whichever request the server took first); then the body search page after page from where that stopped back (`bodies=true`, `beforeSeq`) until complete, paused, cancelled or
 * overtaken; matches that are not loaded are listed in time order with the loaded ones. The admin
 * client is a fake whose answers the test releases one by one.
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExchangeSummary } from '../../server/contract/index.js';
import type { AdminClient, BodySearchProgress, ExchangeQuery, List } from '../../renderer/api/admin-client.js';
import type { LiveSocket } from '../../renderer/api/live-socket.js';
import { ServicesContext } from '../../renderer/app-services.js';
import { serverState } from '../../renderer/state/server-state.js';
import { TrafficStore } from '../../renderer/state/traffic-store.js';
import { TrafficView } from '../../renderer/views/traffic/traffic-view.js';
import { BODY_MATCH_PAUSE, GAP_BUDGET_MS, SEARCH_PAGE } from '../../renderer/views/traffic/use-server-search.js';
import { many, summary } from './traffic-fixtures.js';

beforeAll(() => {
  const size = (value: number) => ({ configurable: true, get(this: HTMLElement) { return this.classList?.contains('traffic-scroll') ? value : 0; } });
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', size(600));
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', size(1000));
});

type Page = List<ExchangeSummary> & { bodySearch?: BodySearchProgress; covered?: { total: number; newestSeq: number | null } };

interface Call {
  query: ExchangeQuery;
  signal: AbortSignal | undefined;
  answer: (list: Page) => void;
  fail: (error: Error) => void;
}

function setup(loaded: ExchangeSummary[]) {
  const calls: Call[] = [];
  const exchanges = vi.fn((query: ExchangeQuery, signal?: AbortSignal) => new Promise<Page>((answer, fail) => calls.push({ query, signal, answer, fail })));
  const traffic = new TrafficStore(100_000, (f) => f());
  traffic.reset(loaded);
  const client = { exchanges } as unknown as AdminClient;
  render(
    <ServicesContext.Provider value={{ client, traffic, socket: {} as LiveSocket }}>
      <TrafficView selectedId={null} />
    </ServicesContext.Provider>,
  );
  const rowIds = () => screen.queryAllByRole('row').map((r) => r.getAttribute('data-row-id')).filter(Boolean);
  const type = (text: string) => fireEvent.change(screen.getByRole('searchbox', { name: 'Search traffic' }), { target: { value: text } });
  const call = async (n: number) => {
    await waitFor(() => expect(calls.length).toBeGreaterThan(n));
    return calls[n]!;
  };
  /** Answers the quick search (call n), with the count of exchanges it covers and the newest of them. */
  const answerQuick = async (n: number, quick: Page, candidates: number, newest: ExchangeSummary) => {
    const q = await call(n);
    await act(async () => q.answer({ ...quick, covered: { total: candidates, newestSeq: newest.seq } }));
  };
  const answerBodies = async (n: number, items: ExchangeSummary[], bodySearch: BodySearchProgress) => {
    const c = await call(n);
    await act(async () => c.answer({ items, total: items.length, bodySearch }));
    return c;
  };
  return { calls, call, answerQuick, answerBodies, exchanges, traffic, rowIds, type };
}

const status = () => document.querySelector('.search-status')?.textContent ?? '';
const noText = { method: [], status: [], kind: [], client: [], faulted: undefined, linted: undefined };

beforeEach(() => {
  window.location.hash = '#/traffic';
  serverState.set((s) => ({ ...s, counts: { users: 0, groups: 0, exchanges: 100_000 } }));
});
afterEach(cleanup);

describe('Traffic search over the whole recording', () => {
  it('asks once, after typing stops, for the quick matches, whose answer also counts the exchanges to search', async () => {
    const loaded = many(3);
    const s = setup(loaded);
    s.type('k');
    s.type('ki');
    s.type('kim');
    expect(status()).toMatch(/Searching all 100,000 recorded exchanges/);
    await s.call(1);
    // The quick search and the body search's first page (below the newest exchange held here) together, not one after the other.
    expect(s.calls).toHaveLength(2);
    expect(s.calls[0]!.query).toEqual({ search: 'kim', ...noText, limit: SEARCH_PAGE });
    expect(s.calls[1]!.query).toEqual({ search: 'kim', ...noText, bodies: true, limit: SEARCH_PAGE, beforeSeq: loaded[2]!.seq + 1 });
    expect(s.calls.every((c) => c.signal?.aborted === false)).toBe(true);
    await s.answerQuick(0, { items: [], total: 0 }, 4000, loaded[2]!);
    expect(status()).toMatch(/Searching bodies… 0 of 4,000 read/);
    // No count request in between; the next page continues where the first stopped.
    await s.answerBodies(1, [], { complete: false, searchedTo: loaded[0]!.seq, read: 1000 });
    expect((await s.call(2)).query).toEqual({ search: 'kim', ...noText, bodies: true, limit: SEARCH_PAGE, beforeSeq: loaded[0]!.seq });
    expect(status()).toMatch(/Searching bodies… 1,000 of 4,000 read/);
  });

  it('asks for the count separately when the server does not say what a search covers (an older server)', async () => {
    const loaded = many(3);
    const s = setup(loaded);
    s.type('kim');
    const quick = await s.call(0);
    await act(async () => quick.answer({ items: [], total: 0 }));
    const count = await s.call(2);
    expect(count.query).toEqual({ search: undefined, ...noText, limit: 1 });
    await act(async () => count.answer({ items: [loaded[2]!], total: 4000 }));
    // The first body page read only exchanges newer than the count saw: the search goes on from the counted newest.
    await s.answerBodies(1, [], { complete: false, searchedTo: loaded[2]!.seq + 5, read: 4 });
    expect((await s.call(3)).query).toMatchObject({ bodies: true, beforeSeq: loaded[2]!.seq + 1 });
  });

  it('searches a pasted text at once, and typed text after the pause', async () => {
    const s = setup(many(3));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      s.type('kim@example.com');
      await act(async () => vi.advanceTimersByTime(0));
      const quick = () => s.calls.filter((c) => !c.query.bodies).map((c) => c.query.search);
      expect(quick()).toEqual(['kim@example.com']);
      s.type('kim@example.co');
      await act(async () => vi.advanceTimersByTime(200));
      expect(quick()).toHaveLength(1);
      await act(async () => vi.advanceTimersByTime(60));
      expect(quick()).toEqual(['kim@example.com', 'kim@example.co']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('finds a term only in bodies by continuing the body search page after page, in time order with the loaded ones', async () => {
    const old = many(3);
    const loaded = [summary({ operation: { kind: 'user.lookup', resourceType: 'User', resourceId: null, summary: 'Okta looked up kim@example.com' } }), ...many(2)];
    const s = setup(loaded);
    s.type('kim');
    // Loaded summaries match at once, before the server answers.
    expect(s.rowIds()).toEqual([loaded[0]!.id]);
    // The quick search finds the loaded one only; 5,000 exchanges are covered, 4,999 bodies to read.
    await s.answerQuick(0, { items: [loaded[0]!], total: 1 }, 5000, loaded[2]!);
    expect(s.rowIds()).toEqual([loaded[0]!.id]);
    const first = await s.call(1);
    expect(first.query).toEqual({ search: 'kim', ...noText, bodies: true, limit: SEARCH_PAGE, beforeSeq: loaded[2]!.seq + 1 });
    await s.answerBodies(1, [loaded[0]!], { complete: false, searchedTo: loaded[0]!.seq, read: 999 });
    expect(status()).toMatch(/1 match so far\. Searching bodies… 999 of 4,999 read/);
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeTruthy();
    // The next page continues below where the last one stopped and finds an old exchange by body.
    expect((await s.call(2)).query).toMatchObject({ bodies: true, beforeSeq: loaded[0]!.seq });
    await s.answerBodies(2, [old[2]!], { complete: false, searchedTo: old[2]!.seq, read: 2000 });
    expect(s.rowIds()).toEqual([old[2]!.id, loaded[0]!.id]);
    expect(status()).toMatch(/2 matches so far\. Searching bodies… 2,999 of 4,999 read/);
    expect((await s.call(3)).query).toMatchObject({ bodies: true, beforeSeq: old[2]!.seq });
    await s.answerBodies(3, [old[0]!], { complete: true, searchedTo: 1, read: 2000 });
    expect(s.rowIds()).toEqual([old[0]!.id, old[2]!.id, loaded[0]!.id]);
    expect(status()).toBe('Search complete: 3 matches; all 5,000 exchanges searched, bodies included.');
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
    expect(s.calls).toHaveLength(4);
    // A live arrival that matches joins at the end.
    const fresh = summary({ operation: { kind: 'user.lookup', resourceType: 'User', resourceId: null, summary: 'Okta looked up kim@example.com again' } });
    act(() => s.traffic.add([fresh]));
    expect(s.rowIds()).toEqual([old[0]!.id, old[2]!.id, loaded[0]!.id, fresh.id]);
  });

  it(`pauses after ${BODY_MATCH_PAUSE} body matches and goes on when asked`, async () => {
    const old = many(BODY_MATCH_PAUSE + 1, () => ({ path: '/scim/v2/Users/broad' }));
    const s = setup(many(1));
    s.type('broad');
    await s.answerQuick(0, { items: old.slice(-SEARCH_PAGE).reverse(), total: old.length }, 50_000, old.at(-1)!);
    // One page of a thousand (the fake ignores the limit): the search pauses instead of copying the recording.
    await s.answerBodies(1, old.slice(1).reverse(), { complete: false, searchedTo: old[1]!.seq, read: 0 });
    expect(status()).toMatch(/1,000 matches so far \(1,001 by summary or identifier in all\); paused after 0 of 48,999 bodies read/);
    expect(s.calls).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: /Search older/ }));
    expect((await s.call(2)).query).toMatchObject({ bodies: true, beforeSeq: old[1]!.seq });
    await s.answerBodies(2, [old[0]!], { complete: true, searchedTo: old[0]!.seq, read: 48_999 });
    expect(status()).toMatch(/^Search complete: 1,001 matches; all 50,000 exchanges searched/);
  });

  it('aborts a body search overtaken by new text and ignores its late answer', async () => {
    const stale = summary();
    const s = setup(many(2));
    s.type('jo');
    await s.answerQuick(0, { items: [], total: 0 }, 100, stale);
    const body = await s.call(1);
    s.type('jon');
    expect(body.signal?.aborted).toBe(true);
    await act(async () => body.answer({ items: [stale], total: 1, bodySearch: { complete: true, searchedTo: 1, read: 100 } }));
    expect(s.rowIds()).not.toContain(stale.id);
    expect(status()).toMatch(/Searching all/);
    expect((await s.call(3)).query.search).toBe('jon');
    expect(s.calls).toHaveLength(4);
    expect(s.calls[2]!.query.bodies).toBeUndefined();
    expect(s.calls[3]!.query.bodies).toBe(true);
  });

  it('cancels a body search, keeping what it found, and can go on from there', async () => {
    const old = summary({ path: '/scim/v2/Users/kim-1' });
    const loaded = many(3);
    const s = setup(loaded);
    s.type('kim-1');
    await s.answerQuick(0, { items: [], total: 0 }, 3000, loaded[2]!);
    await s.answerBodies(1, [old], { complete: false, searchedTo: loaded[0]!.seq, read: 1000 });
    const running = await s.call(2);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(running.signal?.aborted).toBe(true);
    expect(status()).toMatch(/Search cancelled after 1,000 of 3,000 bodies read: 1 match so far; older bodies are not searched/);
    expect(s.rowIds()).toEqual([old.id]);
    fireEvent.click(screen.getByRole('button', { name: /Go on/ }));
    expect((await s.call(3)).query).toMatchObject({ bodies: true, beforeSeq: loaded[0]!.seq });
    await s.answerBodies(3, [], { complete: true, searchedTo: 1, read: 2000 });
    expect(status()).toMatch(/^Search complete: 1 match; all 3,000 exchanges searched/);
  });

  it('can be cancelled before the quick search answers, leaving the loaded exchanges matched', async () => {
    const loaded = [summary({ path: '/scim/v2/Users/kim-1' }), ...many(2)];
    const s = setup(loaded);
    s.type('kim-1');
    await s.call(0);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(s.calls[0]!.signal?.aborted).toBe(true);
    expect(status()).toMatch(/Search cancelled: only the loaded exchanges are matched/);
    expect(s.rowIds()).toEqual([loaded[0]!.id]);
    // Clearing the box ends the search: no status line, every loaded exchange listed.
    s.type('');
    expect(document.querySelector('.search-status')).toBeNull();
    expect(s.rowIds()).toHaveLength(3);
  });

  it('cancels during the typing pause without asking the server at all', async () => {
    const s = setup(many(2));
    s.type('zed');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(status()).toMatch(/Search cancelled/);
    // The debounce would have fired by now; make sure by waiting for a later, real search.
    s.type('zedd');
    await s.call(0);
    expect(s.calls[0]!.query.search).toBe('zedd');
  });

  it('says so when the server stops answering, keeps the matches, and tries again from there', async () => {
    const old = summary({ path: '/scim/v2/Users/lost' });
    const loaded = many(2);
    const s = setup(loaded);
    s.type('lost');
    await s.answerQuick(0, { items: [old], total: 1 }, 500, loaded[1]!);
    await act(async () => (await s.call(1)).fail(new Error('connection refused')));
    expect(status()).toMatch(/The server stopped answering the search: 1 match so far/);
    expect(s.rowIds()).toEqual([old.id]);
    fireEvent.click(screen.getByRole('button', { name: /Try again/ }));
    expect((await s.call(2)).query).toMatchObject({ bodies: true, beforeSeq: loaded[1]!.seq + 1 });
  });

  it('leaves no exchange unread when the server answers the body page before the quick search and traffic arrived between', async () => {
    const loaded = many(3);
    const s = setup(loaded);
    // Recorded after the inspector's newest (loaded[2]) but before the server handled the quick search.
    const between = many(5);
    s.type('kim');
    const first = await s.call(1);
    expect(first.query).toMatchObject({ bodies: true, beforeSeq: loaded[2]!.seq + 1 });
    // The server takes the body page first: it reads from the inspector's newest down, nothing newer.
    await s.answerBodies(1, [loaded[1]!], { complete: false, searchedTo: loaded[0]!.seq, read: 2 });
    expect(s.calls).toHaveLength(2);
    // Then the quick search, whose newest is 5 exchanges further on.
    await s.answerQuick(0, { items: [], total: 0 }, 4000, between[4]!);
    // The gap between the two is read first: from the quick search's newest down to the body page's bound.
    const gap = await s.call(2);
    expect(gap.query).toEqual({ search: 'kim', ...noText, bodies: true, limit: SEARCH_PAGE, beforeSeq: between[4]!.seq + 1, budgetMs: GAP_BUDGET_MS });
    // Its answer went on below the bound; only the match in the gap counts from it (loaded[1] is the first page's).
    await s.answerBodies(2, [between[1]!, loaded[1]!], { complete: false, searchedTo: loaded[1]!.seq, read: 7 });
    expect(s.rowIds()).toEqual([loaded[1]!.id, between[1]!.id]);
    expect(status()).toMatch(/2 matches so far\. Searching bodies… 7 of 4,000 read/);
    // Then on from where the first body page stopped.
    expect((await s.call(3)).query).toMatchObject({ bodies: true, beforeSeq: loaded[0]!.seq });
    await s.answerBodies(3, [], { complete: true, searchedTo: 1, read: 3993 });
    expect(status()).toBe('Search complete: 2 matches; all 4,000 exchanges searched, bodies included.');
  });

  it('reads the gap page after page until it reaches the first body page, and none when there is no gap', async () => {
    const loaded = many(2);
    const s = setup(loaded);
    const between = many(3);
    s.type('kim');
    await s.answerQuick(0, { items: [], total: 0 }, 900, between[2]!);
    await s.answerBodies(2, [], { complete: false, searchedTo: between[1]!.seq, read: 1 });
    expect((await s.call(3)).query).toMatchObject({ beforeSeq: between[1]!.seq, budgetMs: GAP_BUDGET_MS });
    await s.answerBodies(3, [], { complete: false, searchedTo: loaded[1]!.seq + 1, read: 2 });
    // The gap is read; the first body page (asked at the start) is now awaited, and then the search goes on.
    await s.answerBodies(1, [], { complete: false, searchedTo: loaded[0]!.seq, read: 1 });
    expect((await s.call(4)).query).toMatchObject({ beforeSeq: loaded[0]!.seq });
    expect(s.calls[4]!.query.budgetMs).toBeUndefined();

    cleanup();
    const t = setup(many(2));
    t.type('kim');
    await t.answerQuick(0, { items: [], total: 0 }, 900, t.traffic.state.get().items[1]!);
    await t.answerBodies(1, [], { complete: false, searchedTo: t.traffic.state.get().items[0]!.seq, read: 1 });
    expect((await t.call(2)).query.budgetMs).toBeUndefined();
  });

  it('waits for the quick search before the first body page when the inspector holds no exchange yet', async () => {
    const s = setup([]);
    const recorded = many(2);
    s.type('kim');
    await s.call(0);
    expect(s.calls).toHaveLength(1);
    await s.answerQuick(0, { items: [], total: 0 }, 2, recorded[1]!);
    expect((await s.call(1)).query).toMatchObject({ bodies: true, beforeSeq: recorded[1]!.seq + 1 });
  });

  it.each([
    ['the quick search fails', (quick: Call) => act(async () => quick.fail(new Error('connection refused')))],
    ['there is nothing to search', (quick: Call) => act(async () => quick.answer({ items: [], total: 0, covered: { total: 0, newestSeq: null } }))],
  ])('aborts the body page asked beside the quick search when %s', async (_case, end) => {
    const s = setup(many(2));
    s.type('kim');
    const body = await s.call(1);
    expect(body.signal?.aborted).toBe(false);
    await end(s.calls[0]!);
    expect(body.signal?.aborted).toBe(true);
    expect(s.calls).toHaveLength(2);
  });

  it('does not ask forever when the server answers a body page without moving on', async () => {
    const loaded = many(2);
    const s = setup(loaded);
    s.type('stuck');
    await s.answerQuick(0, { items: [], total: 0 }, 10, loaded[1]!);
    await s.answerBodies(1, [], { complete: false, searchedTo: loaded[0]!.seq, read: 1 });
    await s.answerBodies(2, [], { complete: false, searchedTo: loaded[0]!.seq, read: 0 });
    expect(status()).toMatch(/The server stopped answering/);
    expect(s.calls).toHaveLength(3);
  });
});
