/**
 * While the server loads its recorded traffic (socket open, no hello yet), the socket's `loading`
 * messages say how far the load is: the inspector shows that progress and the counts they carry,
 * asks /api/status for none of it (no polling), and forgets the progress at the hello or when the
 * socket closes; the status bar never shows more than 100% when the load passes its estimate
 * (exchanges recorded meanwhile).
 */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createServices } from '../../renderer/app-services.js';
import { StatusBar } from '../../renderer/components/status-bar.js';
import { createStore } from '../../renderer/state/external-store.js';
import { resetServerState, serverState } from '../../renderer/state/server-state.js';
import type { LiveMessage } from '../../server/contract/index.js';
import { FakeWebSocket, installFakeWebSocket } from '../helpers/fake-web-socket.js';

const CONNECTION = { adminUrl: 'http://127.0.0.1:7172', token: 'admin_token_value' };

const calls: string[] = [];

beforeEach(() => {
  calls.length = 0;
  resetServerState();
  installFakeWebSocket();
  vi.stubGlobal('fetch', async (url: string) => {
    calls.push(new URL(url).pathname);
    if (url.endsWith('/api/events/ticket')) return new Response(JSON.stringify({ ticket: 'evt_1', expiresInMs: 30_000 }), { status: 201 });
    if (url.endsWith('/status')) return new Response(JSON.stringify({ scimUrl: 'http://127.0.0.1:7171/scim/v2', counts: { users: 1, groups: 0, exchanges: 7 }, exchangesLoading: null }), { status: 200 });
    return new Response(JSON.stringify({ items: [], total: 0 }), { status: 200 });
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  cleanup();
});

/** Services whose socket is open without a hello yet. */
async function openWithoutHello() {
  const services = createServices(CONNECTION, createStore('default'));
  services.socket.start();
  await vi.waitFor(() => expect(FakeWebSocket.opened).toHaveLength(1));
  const socket = FakeWebSocket.opened[0]!;
  socket.onopen?.();
  return { services, socket };
}

const loading = (loaded: number, expected: number): LiveMessage => ({ type: 'loading', loading: { loaded, expected }, counts: { users: 42, groups: 3, exchanges: expected } });
// The hello before the settings are known: the inspector takes its counts and ends the progress.
const hello = { type: 'hello', counts: { users: 42, groups: 3, exchanges: 1 }, settings: null, exchanges: [] } as unknown as LiveMessage;

describe('the traffic load, from the socket', () => {
  it('shows each progress message and its counts, and asks /api/status for none of it', async () => {
    const { services, socket } = await openWithoutHello();
    socket.deliver(loading(10, 100));
    expect(serverState.get().trafficLoading).toEqual({ loaded: 10, expected: 100 });
    expect(serverState.get().counts).toEqual({ users: 42, groups: 3, exchanges: 100 });
    socket.deliver(loading(60, 100));
    expect(serverState.get().trafficLoading).toEqual({ loaded: 60, expected: 100 });
    expect(calls.filter((c) => c.endsWith('/status'))).toEqual([]);
    services.socket.stop();
  });

  it.each([
    ['the hello', (socket: FakeWebSocket) => socket.deliver(hello)],
    ['the socket closing', (socket: FakeWebSocket) => socket.close()],
  ])('forgets the progress at %s', async (_what, end) => {
    const { services, socket } = await openWithoutHello();
    socket.deliver(loading(10, 100));
    expect(serverState.get().trafficLoading).not.toBeNull();
    end(socket);
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
