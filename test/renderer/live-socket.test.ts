/**
 * The inspector's live socket: each attempt asks for a ticket over HTTP (token in the header) and
 * opens the WebSocket with only the ticket in its URL; while the server does not answer, it opens
 * no WebSocket at all (so the browser logs no failed socket), and it retries with back-off.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveSocket, type SocketState } from '../../renderer/api/live-socket.js';
import { FakeWebSocket, installFakeWebSocket } from '../helpers/fake-web-socket.js';

const TOKEN = 'admin_secret-token-value';

let up = true;
const fetchCalls: { url: string; init: RequestInit }[] = [];
let issued = 0;

beforeEach(() => {
  vi.useFakeTimers();
  installFakeWebSocket();
  fetchCalls.length = 0;
  up = true;
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    fetchCalls.push({ url, init });
    if (!up) throw new TypeError('Failed to fetch');
    return new Response(JSON.stringify({ ticket: `evt_${++issued}`, expiresInMs: 30_000 }), { status: 201 });
  });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function start() {
  const states: SocketState[] = [];
  const socket = new LiveSocket({ adminUrl: 'http://127.0.0.1:7172', token: TOKEN }, { onMessage: () => undefined, onState: (s) => states.push(s) });
  socket.start();
  return { socket, states };
}

describe('LiveSocket', () => {
  it('opens the socket with a fresh ticket, never the token, and sends the token only in a header', async () => {
    const { socket } = start();
    await vi.waitFor(() => expect(FakeWebSocket.opened).toHaveLength(1), { timeout: 10_000 });
    const [ws] = FakeWebSocket.opened;
    expect(ws!.url).toMatch(/^ws:\/\/127\.0\.0\.1:7172\/api\/events\?ticket=evt_\d+&initial=500$/);
    expect(ws!.url).not.toContain(TOKEN);
    expect(fetchCalls[0]!.url).toBe('http://127.0.0.1:7172/api/events/ticket');
    expect(fetchCalls[0]!.init.method).toBe('POST');
    expect((fetchCalls[0]!.init.headers as Record<string, string>).Authorization).toBe(`Bearer ${TOKEN}`);
    socket.stop();
  });

  it('opens no WebSocket while the server does not answer, and connects with a new ticket once it does', async () => {
    const { socket, states } = start();
    await vi.waitFor(() => expect(FakeWebSocket.opened).toHaveLength(1), { timeout: 10_000 });
    const first = FakeWebSocket.opened[0]!;
    first.onopen?.();
    up = false;
    first.close();
    expect(states.at(-1)).toBe('closed');
    // Three attempts while down (0.5 s, 1 s, 2 s back-off): tickets asked for, no socket opened.
    for (const ms of [500, 1000, 2000]) {
      const calls = fetchCalls.length;
      await vi.advanceTimersByTimeAsync(ms);
      expect(fetchCalls.length).toBe(calls + 1);
    }
    expect(FakeWebSocket.opened).toHaveLength(1);
    up = true;
    await vi.advanceTimersByTimeAsync(4000);
    expect(FakeWebSocket.opened).toHaveLength(2);
    expect(FakeWebSocket.opened[1]!.url).not.toBe(first.url);
    socket.stop();
  });
});
