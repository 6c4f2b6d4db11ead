/**
 * While the server loads its recorded traffic (socket open, no hello yet), the inspector asks
 * /api/status every LOAD_POLL_MS: a failed call is asked again rather than ending the watch, a run
 * of failures ends it, and the status bar never shows more than 100% when the load passes its
 * estimate (exchanges recorded meanwhile).
 */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createServices, LOAD_POLL_MS, LOAD_POLL_TRIES } from '../../renderer/app-services.js';
import { StatusBar } from '../../renderer/components/status-bar.js';
import { createStore } from '../../renderer/state/external-store.js';
import { resetServerState, serverState } from '../../renderer/state/server-state.js';

const CONNECTION = { adminUrl: 'http://127.0.0.1:7172', token: 'admin_token_value' };

class FakeWebSocket {
  static opened: FakeWebSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeWebSocket.opened.push(this);
  }
  close() {
    this.onclose?.();
  }
}

/** What each status call answers, in turn (the last one repeats). */
let answers: (() => Response)[] = [];
let statusCalls = 0;
const failed = () => new Response(JSON.stringify({ error: { status: 500, code: 'internal', message: 'busy' } }), { status: 500 });
const loadingAt = (loaded: number, expected: number) => () => new Response(JSON.stringify({ scimUrl: 'http://127.0.0.1:7171/scim/v2', counts: { users: 1, groups: 0, exchanges: 0 }, exchangesLoading: { loaded, expected } }), { status: 200 });

beforeEach(() => {
  FakeWebSocket.opened = [];
  statusCalls = 0;
  resetServerState();
  vi.stubGlobal('WebSocket', FakeWebSocket);
  vi.stubGlobal('fetch', async (url: string) => {
    if (url.endsWith('/api/events/ticket')) return new Response(JSON.stringify({ ticket: 'evt_1', expiresInMs: 30_000 }), { status: 201 });
    if (url.endsWith('/status')) return answers[Math.min(statusCalls++, answers.length - 1)]!();
    return new Response(JSON.stringify({ items: [], total: 0 }), { status: 200 });
  });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  cleanup();
});

/** Services whose socket is open without a hello: the traffic load is being watched. */
async function openWithoutHello() {
  const services = createServices(CONNECTION, createStore('default'));
  services.socket.start();
  await vi.waitFor(() => expect(FakeWebSocket.opened).toHaveLength(1));
  FakeWebSocket.opened[0]!.onopen?.();
  return services;
}

describe('watching the traffic load', () => {
  it('asks again after a failed status call, and shows the progress the next answer brings', async () => {
    answers = [failed, loadingAt(10, 100)];
    const services = await openWithoutHello();
    await vi.waitFor(() => expect(serverState.get().trafficLoading).toEqual({ loaded: 10, expected: 100 }), { timeout: 10 * LOAD_POLL_MS });
    expect(statusCalls).toBeGreaterThanOrEqual(2);
    services.socket.stop();
  });

  it(`gives up after ${LOAD_POLL_TRIES} failed calls in a row`, async () => {
    answers = [failed];
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const services = await openWithoutHello();
    // vi.waitFor moves the fake clock on between its checks.
    await vi.waitFor(() => expect(statusCalls).toBe(LOAD_POLL_TRIES), { timeout: 5000 });
    // Long after: no further call.
    await vi.advanceTimersByTimeAsync(10 * LOAD_POLL_MS);
    await new Promise((resolve) => setImmediate(resolve));
    expect(statusCalls).toBe(LOAD_POLL_TRIES);
    expect(serverState.get().trafficLoading).toBeNull();
    services.socket.stop();
  });
});

describe('the status bar while traffic loads', () => {
  it.each([
    [{ loaded: 50, expected: 200 }, 'Loading traffic 25%'],
    [{ loaded: 350, expected: 200 }, 'Loading traffic 100%'],
    [{ loaded: 5, expected: 0 }, 'Loading traffic 100%'],
  ])('shows %o as %s', (trafficLoading, text) => {
    serverState.set((s) => ({ ...s, trafficLoading }));
    render(<StatusBar paused={false} />);
    expect(screen.getByText(text)).toBeTruthy();
  });
});
