/**
 * The Traffic view in a DOM: the teaching empty state, the grid with its chips and keyboard model,
 * search through the server (see traffic-search.test.tsx for the whole recording), the actions (pause, load older, export, clear), and the detail
 * pane with its sections and actions, against a fake admin client.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Exchange, ExchangeSummary } from '../../server/contract/index.js';
import type { AdminClient } from '../../renderer/api/admin-client.js';
import type { LiveSocket } from '../../renderer/api/live-socket.js';
import { ServicesContext, type AppServices } from '../../renderer/app-services.js';
import { serverState } from '../../renderer/state/server-state.js';
import { TrafficStore } from '../../renderer/state/traffic-store.js';
import { ExchangeCache } from '../../renderer/views/traffic/use-exchange.js';
import { TrafficView } from '../../renderer/views/traffic/traffic-view.js';
import { fullExchange, many, summary } from './traffic-fixtures.js';

beforeAll(() => {
  // jsdom has no layout: give the list's scroller a size so the virtualizer renders rows.
  const size = (value: number) => ({ configurable: true, get(this: HTMLElement) { return this.classList?.contains('traffic-scroll') ? value : 0; } });
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', size(600));
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', size(1000));
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) { this.setAttribute('open', ''); };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) { this.removeAttribute('open'); };
  Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: vi.fn(async () => undefined) } });
});

interface Harness {
  services: AppServices;
  client: ReturnType<typeof fakeClient>;
  traffic: TrafficStore;
  flush: () => void;
}

function fakeClient(exchanges: Record<string, Exchange>) {
  return {
    exchanges: vi.fn(async () => ({ items: [] as ExchangeSummary[], total: 0 })),
    exchange: vi.fn(async (id: string) => {
      const found = exchanges[id];
      if (!found) throw Object.assign(new Error('Exchange not found'), { status: 404 });
      return found;
    }),
    curl: vi.fn(async () => ({ curl: "curl -X PATCH 'http://127.0.0.1/scim/v2/Users/u-1'" })),
    replay: vi.fn(async () => summary({ id: 'replayed-1', seq: 999 })),
    clearExchanges: vi.fn(async () => undefined),
    har: vi.fn(async () => '{"log":{}}'),
  };
}

function harness(items: ExchangeSummary[] = [], exchanges: Record<string, Exchange> = {}): Harness {
  const pending: (() => void)[] = [];
  const traffic = new TrafficStore(100_000, (f) => pending.push(f));
  traffic.reset(items);
  const client = fakeClient(exchanges);
  const services = { client: client as unknown as AdminClient, traffic, socket: {} as LiveSocket };
  return { services, client, traffic, flush: () => act(() => pending.splice(0).forEach((f) => f())) };
}

function show(h: Harness, selectedId: string | null = null) {
  return render(
    <ServicesContext.Provider value={h.services}>
      <TrafficView selectedId={selectedId} />
    </ServicesContext.Provider>,
  );
}

beforeEach(() => {
  window.location.hash = '#/traffic';
  serverState.set((s) => ({ ...s, counts: { users: 0, groups: 0, exchanges: 0 } }));
});
afterEach(() => {
  cleanup();
  delete window.scimscope;
});

describe('TrafficView list', () => {
  it('teaches how to connect Okta when there is no traffic', () => {
    show(harness());
    expect(screen.getByRole('heading', { name: 'No traffic yet: connect Okta, or play a scenario' })).toBeTruthy();
    expect(screen.getByRole('link', { name: /Open Connect/ }).getAttribute('href')).toBe('#/connect');
    expect(screen.getByRole('link', { name: 'Play a scenario' }).getAttribute('href')).toBe('#/scenarios');
    expect(screen.queryByRole('group', { name: 'Method' })).toBeNull();
  });

  it('lists exchanges in a grid with only the clients present as chips', () => {
    const items = [summary({ client: 'okta' }), summary({ client: 'entra', method: 'PATCH' }), summary({ client: 'okta' })];
    show(harness(items));
    const grid = screen.getByRole('grid', { name: 'Recorded exchanges' });
    expect(grid.getAttribute('aria-rowcount')).toBe('4');
    expect(within(grid).getAllByRole('row')).toHaveLength(4);
    const clients = screen.getByRole('group', { name: 'Client' });
    expect(within(clients).getAllByRole('button').map((b) => b.textContent)).toEqual(['Entra ID', 'Okta']);
    expect(screen.getByText(/Showing/).textContent).toBe('Showing 3 of 3');
  });

  it('filters with chips and shows new exchanges as they arrive', () => {
    const h = harness([summary(), summary({ method: 'PATCH' })]);
    show(h);
    fireEvent.click(within(screen.getByRole('group', { name: 'Method' })).getByRole('button', { name: 'PATCH' }));
    expect(screen.getByText(/Showing/).textContent).toBe('Showing 1 of 2');
    h.traffic.add([summary({ method: 'PATCH' }), summary({ method: 'GET' })]);
    h.flush();
    expect(screen.getByText(/Showing/).textContent).toBe('Showing 2 of 4');
    fireEvent.click(screen.getByRole('button', { name: /Clear filters/ }));
    expect(screen.getByText(/Showing/).textContent).toBe('Showing 4 of 4');
  });

  it('searches summaries here and bodies on the server', async () => {
    const items = [summary({ operation: { kind: 'user.create', resourceType: 'User', resourceId: null, summary: 'Okta created kim@example.com' } }), summary(), summary()];
    const h = harness(items);
    h.client.exchanges.mockResolvedValue({ items: [items[2]!], total: 1 });
    show(h);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search traffic' }), { target: { value: 'kim@' } });
    expect(screen.getByText(/Showing/).textContent).toBe('Showing 1 of 3');
    await waitFor(() => expect(screen.getByText(/Showing/).textContent).toBe('Showing 2 of 3'));
    expect(h.client.exchanges).toHaveBeenCalledWith(expect.objectContaining({ search: 'kim@', limit: 200 }), expect.any(AbortSignal));
    const input = screen.getByRole('searchbox', { name: 'Search traffic' });
    expect(input.hasAttribute('data-view-search')).toBe(true);
    fireEvent.keyDown(input, { key: 'Escape' });
    expect((input as HTMLInputElement).value).toBe('');
  });

  it('moves the selection with j/k and opens it with Enter', () => {
    const items = many(5);
    show(harness(items));
    const rows = () => screen.getAllByRole('row').filter((r) => r.hasAttribute('data-row-id'));
    const first = rows()[0]!;
    first.focus();
    fireEvent.keyDown(first, { key: 'Home' });
    expect(rows().find((r) => r.getAttribute('aria-selected') === 'true')?.dataset.rowId).toBe(items[0]!.id);
    fireEvent.keyDown(document.activeElement!, { key: 'j' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    fireEvent.keyDown(document.activeElement!, { key: 'k' });
    const selected = rows().find((r) => r.getAttribute('aria-selected') === 'true')!;
    expect(selected.dataset.rowId).toBe(items[1]!.id);
    expect(selected.tabIndex).toBe(0);
    expect(rows().filter((r) => r.tabIndex === 0)).toHaveLength(1);
    expect(document.activeElement).toBe(selected);
    fireEvent.keyDown(selected, { key: 'Enter' });
    expect(window.location.hash).toBe(`#/traffic/${items[1]!.id}`);
  });

  it('pauses and resumes the live feed', () => {
    const h = harness([summary()]);
    show(h);
    fireEvent.click(screen.getByRole('button', { name: /Pause/ }));
    act(() => h.traffic.add([summary(), summary()]));
    expect(screen.getByRole('button', { name: /Resume/ }).textContent).toContain('2 waiting');
    fireEvent.click(screen.getByRole('button', { name: /Resume/ }));
    expect(screen.getByText(/Showing/).textContent).toBe('Showing 3 of 3');
  });

  it('loads older exchanges the server still holds', async () => {
    const h = harness(many(3));
    const older = many(2);
    h.client.exchanges.mockResolvedValue({ items: [...older].reverse(), total: 10 });
    act(() => serverState.set((s) => ({ ...s, counts: { ...s.counts, exchanges: 10 } })));
    show(h);
    fireEvent.click(screen.getByRole('button', { name: /Load older/ }));
    await waitFor(() => expect(screen.getByText(/Showing/).textContent).toBe('Showing 5 of 5'));
    expect(h.client.exchanges).toHaveBeenCalledWith({ offset: 3, limit: 1000 });
    expect(h.traffic.state.get().items.slice(0, 2).map((e) => e.id)).toEqual(older.map((e) => e.id));
  });

  it('exports the filtered set as HAR through the desktop save dialog', async () => {
    const saveFile = vi.fn(async () => '/home/me/traffic.har');
    window.scimscope = { saveFile };
    const h = harness([summary({ method: 'PATCH' })]);
    show(h);
    fireEvent.click(within(screen.getByRole('group', { name: 'Only' })).getByRole('button', { name: 'Linted' }));
    fireEvent.click(screen.getByRole('button', { name: /Export HAR/ }));
    await waitFor(() => expect(saveFile).toHaveBeenCalled());
    expect(h.client.har).toHaveBeenCalledWith(expect.objectContaining({ linted: true }));
    expect(saveFile.mock.calls[0]).toEqual([expect.stringMatching(/^scimscope-.*\.har$/), '{"log":{}}']);
  });

  it('clears all traffic only after confirming', async () => {
    const h = harness([summary()]);
    act(() => serverState.set((s) => ({ ...s, counts: { ...s.counts, exchanges: 1 } })));
    show(h);
    fireEvent.click(screen.getByRole('button', { name: /^Clear$/ }));
    expect(h.client.clearExchanges).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Clear traffic', hidden: true }));
    await waitFor(() => expect(h.client.clearExchanges).toHaveBeenCalledOnce());
    await waitFor(() => expect(serverState.get().counts.exchanges).toBe(0));
  });
});

describe('TrafficView detail', () => {
  it('explains the exchange: summary, facts, notices, lint and linked changes', async () => {
    const original = summary();
    const exchange = fullExchange({ fault: { ruleId: 'r1', name: 'Okta rate limit', action: 'rateLimit', latencyMs: 250 }, retryOf: { exchangeId: original.id, delayMs: 2500, attempt: 2 } });
    const h = harness([original, summary({ id: exchange.id })], { [exchange.id]: exchange });
    show(h, exchange.id);
    expect(await screen.findByRole('heading', { name: 'Entra disabled mei.chen@example.com' })).toBeTruthy();
    const detail = screen.getByRole('complementary', { name: 'Exchange detail' });
    expect(within(detail).getByText('Duration').nextElementSibling?.textContent).toBe('12 ms');
    expect(within(detail).getByText(/Fault injected by/).textContent).toContain('Okta rate limit');
    expect(within(detail).getByRole('link', { name: 'Fault rules' }).getAttribute('href')).toBe('#/faults');
    expect(within(detail).getByText(/Retry, attempt/).textContent).toBe('Retry, attempt 2, 2.5 s after the previous try');
    expect(within(detail).getByRole('link', { name: new RegExp(`#${original.seq}`) }).getAttribute('href')).toBe(`#/traffic/${original.id}`);
    expect(within(detail).getByText('patch.op.capitalized')).toBeTruthy();
    expect(within(detail).getByRole('link', { name: /mei.chen@example.com/ }).getAttribute('href')).toBe('#/users/u-1');
    expect(within(detail).getByText('active')).toBeTruthy();
  });

  it('shows the request body as a tree or as raw text', async () => {
    const exchange = fullExchange();
    show(harness([], { [exchange.id]: exchange }), exchange.id);
    await screen.findByRole('tab', { name: 'Request' });
    expect(screen.getByRole('tree', { name: 'Request body' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Raw' }));
    expect(screen.getByText(/"op": "Replace"/).tagName).toBe('PRE');
    fireEvent.click(screen.getByRole('tab', { name: /Response/ }));
    expect(screen.getByRole('table', { name: 'Response headers' }).textContent).toContain('application/scim+json');
  });

  it('copies as curl and replays, then selects the replayed exchange', async () => {
    const exchange = fullExchange();
    const h = harness([], { [exchange.id]: exchange });
    show(h, exchange.id);
    await screen.findByRole('tab', { name: 'Request' }); // the actions wait for the full exchange
    fireEvent.click(screen.getByRole('button', { name: /Copy as curl/ }));
    await waitFor(() => expect(navigator.clipboard.writeText).toHaveBeenCalledWith("curl -X PATCH 'http://127.0.0.1/scim/v2/Users/u-1'"));
    fireEvent.click(screen.getByRole('button', { name: /Replay/ }));
    await waitFor(() => expect(window.location.hash).toBe('#/traffic/replayed-1'));
    expect(h.client.replay).toHaveBeenCalledWith(exchange.id);
  });

  it('says so when the exchange is gone', async () => {
    show(harness(), 'gone');
    expect(await screen.findByText('This exchange is no longer recorded.')).toBeTruthy();
  });
});

describe('ExchangeCache', () => {
  it('fetches once, keeps the most recent few, and forgets failures', async () => {
    const fetch = vi.fn(async (id: string) => (id === 'bad' ? Promise.reject(new Error('no')) : fullExchange({ id })));
    const cache = new ExchangeCache(fetch, 2);
    await Promise.all([cache.get('a'), cache.get('a')]);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(cache.peek('a')?.id).toBe('a');
    await cache.get('b');
    await cache.get('a'); // a becomes the most recent
    await cache.get('c'); // evicts b
    expect(cache.peek('b')).toBeUndefined();
    expect(cache.peek('a')).toBeDefined();
    await expect(cache.get('bad')).rejects.toThrow('no');
    expect(cache.count).toBe(2);
  });
});
