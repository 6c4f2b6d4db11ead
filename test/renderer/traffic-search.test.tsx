/**
 * Search in the Traffic view goes to the server for the whole recording: one request after typing
 * stops (newest page first), matches that are not loaded listed in time order with the loaded ones,
 * older pages on demand, and a search that can be cancelled or overtaken without its late answer
 * showing. The admin client is a fake whose answers the test releases.
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExchangeSummary } from '../../server/contract/index.js';
import type { AdminClient, ExchangeQuery, List } from '../../renderer/api/admin-client.js';
import type { LiveSocket } from '../../renderer/api/live-socket.js';
import { ServicesContext } from '../../renderer/app-services.js';
import { serverState } from '../../renderer/state/server-state.js';
import { TrafficStore } from '../../renderer/state/traffic-store.js';
import { TrafficView } from '../../renderer/views/traffic/traffic-view.js';
import { SEARCH_PAGE } from '../../renderer/views/traffic/use-server-search.js';
import { many, summary } from './traffic-fixtures.js';

beforeAll(() => {
  const size = (value: number) => ({ configurable: true, get(this: HTMLElement) { return this.classList?.contains('traffic-scroll') ? value : 0; } });
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', size(600));
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', size(1000));
});

interface Call {
  query: ExchangeQuery;
  signal: AbortSignal | undefined;
  answer: (list: List<ExchangeSummary>) => void;
}

function setup(loaded: ExchangeSummary[]) {
  const calls: Call[] = [];
  const exchanges = vi.fn((query: ExchangeQuery, signal?: AbortSignal) => new Promise<List<ExchangeSummary>>((answer) => calls.push({ query, signal, answer })));
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
  return { calls, exchanges, traffic, rowIds, type };
}

const status = () => document.querySelector('.search-status')?.textContent ?? '';

beforeEach(() => {
  window.location.hash = '#/traffic';
  serverState.set((s) => ({ ...s, counts: { users: 0, groups: 0, exchanges: 100_000 } }));
});
afterEach(cleanup);

describe('Traffic search over the whole recording', () => {
  it('asks once, after typing stops, for the newest page of matches', async () => {
    const s = setup(many(3));
    s.type('k');
    s.type('ki');
    s.type('kim');
    expect(status()).toMatch(/Searching all 100,000 recorded exchanges/);
    await waitFor(() => expect(s.calls).toHaveLength(1));
    expect(s.calls[0]!.query).toEqual({ search: 'kim', method: [], status: [], kind: [], client: [], faulted: undefined, linted: undefined, offset: undefined, limit: SEARCH_PAGE });
    expect(s.calls[0]!.signal?.aborted).toBe(false);
  });

  it('lists matches that are not loaded in time order with the loaded ones, and pages older ones', async () => {
    const old = many(3, (i) => ({ operation: { kind: 'user.create', resourceType: 'User', resourceId: null, summary: `Okta created someone ${i}` } }));
    const loaded = [summary({ operation: { kind: 'user.lookup', resourceType: 'User', resourceId: null, summary: 'Okta looked up kim@example.com' } }), ...many(2)];
    const s = setup(loaded);
    s.type('kim');
    // Loaded summaries match at once, before the server answers.
    expect(s.rowIds()).toEqual([loaded[0]!.id]);
    await waitFor(() => expect(s.calls).toHaveLength(1));
    // The server matched two old exchanges by body and the loaded one; it holds 3 in all, newest first.
    await act(async () => s.calls[0]!.answer({ items: [loaded[0]!, old[2]!], total: 3 }));
    expect(s.rowIds()).toEqual([old[2]!.id, loaded[0]!.id]);
    expect(status()).toMatch(/3 matches in all recorded exchanges; the newest 2 are listed/);
    fireEvent.click(screen.getByRole('button', { name: /Load older matches/ }));
    expect(s.calls[1]!.query).toMatchObject({ search: 'kim', offset: 2, limit: SEARCH_PAGE });
    await act(async () => s.calls[1]!.answer({ items: [old[2]!, old[0]!], total: 3 }));
    expect(s.rowIds()).toEqual([old[0]!.id, old[2]!.id, loaded[0]!.id]);
    expect(screen.queryByRole('button', { name: /Load older matches/ })).toBeNull();
    // A live arrival that matches joins at the end.
    const fresh = summary({ operation: { kind: 'user.lookup', resourceType: 'User', resourceId: null, summary: 'Okta looked up kim@example.com again' } });
    act(() => s.traffic.add([fresh]));
    expect(s.rowIds()).toEqual([old[0]!.id, old[2]!.id, loaded[0]!.id, fresh.id]);
  });

  it('aborts a search overtaken by new text and ignores its late answer', async () => {
    const stale = summary();
    const s = setup(many(2));
    s.type('jo');
    await waitFor(() => expect(s.calls).toHaveLength(1));
    s.type('jon');
    expect(s.calls[0]!.signal?.aborted).toBe(true);
    await act(async () => s.calls[0]!.answer({ items: [stale], total: 1 }));
    expect(s.rowIds()).not.toContain(stale.id);
    await waitFor(() => expect(s.calls).toHaveLength(2));
    expect(s.calls[1]!.query.search).toBe('jon');
  });

  it('can be cancelled, leaving the loaded exchanges matched', async () => {
    const loaded = [summary({ path: '/scim/v2/Users/kim-1' }), ...many(2)];
    const s = setup(loaded);
    s.type('kim-1');
    await waitFor(() => expect(s.calls).toHaveLength(1));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(s.calls[0]!.signal?.aborted).toBe(true);
    expect(status()).toMatch(/Search cancelled/);
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
    await waitFor(() => expect(s.calls).toHaveLength(1));
    expect(s.calls[0]!.query.search).toBe('zedd');
  });
});
