/**
 * The inspector's workspace scoping, against the brief's contract: the hash names the workspace
 * (`#/w/<name>/<view>/<id>`, the default one keeping `#/<view>/<id>`); the admin client prefixes
 * workspace-scoped calls with `/api/w/<name>` and never the instance's global ones; the live socket
 * connects to `/api/w/<name>/events` and, on a switch, to the new workspace at once, delivering
 * nothing more from the old one; the services empty the traffic list and the server state on a
 * switch, so nothing of workspace A shows in B.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExchangeSummary, LiveMessage } from '../../server/contract/index.js';
import { AdminClient, scopedPath } from '../../renderer/api/admin-client.js';
import { LiveSocket } from '../../renderer/api/live-socket.js';
import { createServices } from '../../renderer/app-services.js';
import { createStore } from '../../renderer/state/external-store.js';
import { parseRoute, routeHash } from '../../renderer/state/route.js';
import { serverState } from '../../renderer/state/server-state.js';
import { toasts } from '../../renderer/state/toasts.js';
import { FakeWebSocket, installFakeWebSocket } from '../helpers/fake-web-socket.js';
import { summary } from './traffic-fixtures.js';

const CONNECTION = { adminUrl: 'http://127.0.0.1:7172', token: 'admin_token_value' };

const fetched: { url: string; method: string }[] = [];
/** Ticket requests wait on this when set, so a switch can happen while one is in flight. */
let ticketGate: Promise<void> | null = null;
/** Status requests wait on this when set, so an answer can arrive after a switch. */
let statusGate: Promise<void> | null = null;

beforeEach(() => {
  installFakeWebSocket();
  fetched.length = 0;
  ticketGate = null;
  statusGate = null;
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    fetched.push({ url, method: init.method ?? 'GET' });
    if (url.endsWith('/api/events/ticket')) {
      if (ticketGate) await ticketGate;
      return new Response(JSON.stringify({ ticket: `evt_${fetched.length}`, expiresInMs: 30_000 }), { status: 201 });
    }
    if (url.includes('/api/w/gone/')) return new Response(JSON.stringify({ error: { status: 404, code: 'workspace_not_found', message: 'No workspace "gone" on this instance.' } }), { status: 404 });
    if (url.includes('/status')) {
      if (statusGate) await statusGate;
      return new Response(JSON.stringify({ scimUrl: `answer for ${url}`, counts: { users: 1, groups: 0, exchanges: 0 } }), { status: 200 });
    }
    return new Response(JSON.stringify({ items: [], total: 0 }), { status: 200 });
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('the hash names the workspace', () => {
  it.each([
    ['#/traffic', { workspace: 'default', view: 'traffic', id: null }],
    ['#/users/u1', { workspace: 'default', view: 'users', id: 'u1' }],
    ['#/w/class-01/traffic', { workspace: 'class-01', view: 'traffic', id: null }],
    ['#/w/class-01/users/a%2Fb', { workspace: 'class-01', view: 'users', id: 'a/b' }],
    ['#/w/class-01', { workspace: 'class-01', view: 'traffic', id: null }],
    ['#/w/Not_A_Name/faults', { workspace: 'default', view: 'faults', id: null }],
    ['', { workspace: 'default', view: 'traffic', id: null }],
  ])('%s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it.each([
    ['default', 'traffic', null, '#/traffic'],
    ['default', 'users', 'u1', '#/users/u1'],
    ['class-01', 'groups', 'g/1', '#/w/class-01/groups/g%2F1'],
  ] as const)('routeHash(%s, %s, %s) = %s, and reads back the same', (workspace, view, id, hash) => {
    expect(routeHash(workspace, view, id)).toBe(hash);
    expect(parseRoute(hash)).toEqual({ workspace, view, id });
  });
});

describe('the admin client scopes calls', () => {
  it.each([
    ['/api/exchanges?limit=5', 'class-01', '/api/w/class-01/exchanges?limit=5'],
    ['/api/users/abc/history', 'class-01', '/api/w/class-01/users/abc/history'],
    ['/api/status', 'class-01', '/api/w/class-01/status'],
    ['/api/settings', 'default', '/api/settings'],
    ['/api/workspaces', 'class-01', '/api/workspaces'],
    ['/api/workspaces/class-02', 'class-01', '/api/workspaces/class-02'],
    ['/api/tunnel/start', 'class-01', '/api/tunnel/start'],
    ['/api/events/ticket', 'class-01', '/api/events/ticket'],
    ['/api/openapi.json', 'class-01', '/api/openapi.json'],
    ['/api/workspacesx', 'class-01', '/api/w/class-01/workspacesx'],
  ])('%s in %s → %s', (path, workspace, expected) => {
    expect(scopedPath(path, workspace)).toBe(expected);
  });

  it('reads the workspace at each call, so a switch applies to the next request', async () => {
    let shown = 'default';
    const client = new AdminClient(CONNECTION, () => shown);
    await client.faults();
    shown = 'class-01';
    await client.faults();
    await client.workspaces();
    await client.createWorkspace('class-02', 'class-01');
    expect(fetched.map((f) => `${f.method} ${f.url.slice(CONNECTION.adminUrl.length)}`)).toEqual(['GET /api/faults', 'GET /api/w/class-01/faults', 'GET /api/workspaces', 'POST /api/workspaces']);
  });
});

describe('the live socket follows the workspace', () => {
  it('connects to the workspace socket, switches at once, and delivers nothing more from the old one', async () => {
    const messages: LiveMessage[] = [];
    const socket = new LiveSocket(CONNECTION, { onMessage: (m) => messages.push(m), onState: () => undefined }, 2000, 'class-01');
    socket.start();
    await vi.waitFor(() => expect(FakeWebSocket.opened).toHaveLength(1));
    const a = FakeWebSocket.opened[0]!;
    expect(a.url).toMatch(/^ws:\/\/127\.0\.0\.1:7172\/api\/w\/class-01\/events\?ticket=/);
    a.onopen?.();
    socket.switchTo('default');
    expect(a.closed).toBe(true);
    a.deliver({ type: 'batch', events: [] } as unknown as LiveMessage);
    await vi.waitFor(() => expect(FakeWebSocket.opened).toHaveLength(2));
    expect(FakeWebSocket.opened[1]!.url).toMatch(/\/api\/events\?ticket=/);
    expect(messages).toEqual([]);
    socket.stop();
  });

  it('a ticket still in flight when the workspace changes opens no socket to the old workspace', async () => {
    let release!: () => void;
    ticketGate = new Promise((resolve) => (release = resolve));
    const socket = new LiveSocket(CONNECTION, { onMessage: () => undefined, onState: () => undefined }, 2000, 'class-01');
    socket.start();
    await vi.waitFor(() => expect(fetched).toHaveLength(1));
    socket.switchTo('class-02');
    release();
    await vi.waitFor(() => expect(FakeWebSocket.opened).toHaveLength(1));
    // Let the first (abandoned) attempt finish too.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(FakeWebSocket.opened.map((s) => new URL(s.url).pathname)).toEqual(['/api/w/class-02/events']);
    socket.stop();
  });
});

describe('switching workspace empties what the inspector showed', () => {
  it('traffic and server state of A are gone in B, and a late message from A is not applied', async () => {
    const workspace = createStore('class-a');
    const services = createServices(CONNECTION, workspace);
    services.socket.start();
    await vi.waitFor(() => expect(FakeWebSocket.opened).toHaveLength(1));
    const a = FakeWebSocket.opened[0]!;
    a.onopen?.();
    const fromA: ExchangeSummary[] = [summary({ id: 'ex-in-a' })];
    a.deliver({ type: 'hello', exchanges: fromA, settings: { auth: { mode: 'bearer' } }, counts: { users: 5, groups: 2, exchanges: 1 } } as unknown as LiveMessage);
    expect(services.traffic.state.get().items.map((e) => e.id)).toEqual(['ex-in-a']);
    expect(serverState.get().counts.users).toBe(5);
    expect(new URL(a.url).pathname).toBe('/api/w/class-a/events');

    workspace.set('class-b');
    expect(services.traffic.state.get().items).toEqual([]);
    expect(serverState.get().counts).toEqual({ users: 0, groups: 0, exchanges: 0 });
    expect(serverState.get().settings).toBeNull();
    a.deliver({ type: 'hello', exchanges: fromA, settings: null, counts: { users: 5, groups: 2, exchanges: 1 } } as unknown as LiveMessage);
    expect(services.traffic.state.get().items).toEqual([]);

    await vi.waitFor(() => expect(FakeWebSocket.opened).toHaveLength(2));
    const b = FakeWebSocket.opened[1]!;
    expect(new URL(b.url).pathname).toBe('/api/w/class-b/events');
    b.onopen?.();
    b.deliver({ type: 'hello', exchanges: [summary({ id: 'ex-in-b' })], settings: { auth: { mode: 'bearer' } }, counts: { users: 0, groups: 0, exchanges: 1 } } as unknown as LiveMessage);
    expect(services.traffic.state.get().items.map((e) => e.id)).toEqual(['ex-in-b']);
    // The status the hello asks for comes from B's scoped endpoint.
    await vi.waitFor(() => expect(fetched.some((f) => f.url.endsWith('/api/w/class-b/status'))).toBe(true));
    services.socket.stop();
  });

  it('a status answer about A that arrives after the switch to B is dropped', async () => {
    const workspace = createStore('class-a');
    const services = createServices(CONNECTION, workspace);
    services.socket.start();
    await vi.waitFor(() => expect(FakeWebSocket.opened).toHaveLength(1));
    let release!: () => void;
    statusGate = new Promise((resolve) => (release = resolve));
    FakeWebSocket.opened[0]!.deliver({ type: 'hello', exchanges: [], settings: null, counts: { users: 5, groups: 2, exchanges: 0 } } as unknown as LiveMessage);
    await vi.waitFor(() => expect(fetched.some((f) => f.url.endsWith('/api/w/class-a/status'))).toBe(true));
    workspace.set('class-b');
    release();
    await vi.waitFor(() => expect(FakeWebSocket.opened).toHaveLength(2));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(serverState.get().status).toBeNull();
    expect(serverState.get().counts.users).toBe(0);
    services.socket.stop();
  });

  it('a workspace that does not exist (deleted elsewhere, a mistyped link) is left for the default one, with a toast', async () => {
    const workspace = createStore('gone');
    let left = 0;
    const services = createServices(CONNECTION, workspace, () => {
      left++;
      workspace.set('default');
    });
    services.socket.start();
    await vi.waitFor(() => expect(FakeWebSocket.opened).toHaveLength(1));
    // The server refuses the upgrade: the socket closes without opening.
    FakeWebSocket.opened[0]!.close();
    await vi.waitFor(() => expect(left).toBe(1));
    expect(toasts.get().map((t) => t.message)).toContain('There is no workspace “gone” (deleted or renamed?). Showing the default workspace.');
    await vi.waitFor(() => expect(FakeWebSocket.opened.map((s) => new URL(s.url).pathname)).toContain('/api/events'));
    services.socket.stop();
  });

  it('a socket closing in a workspace that exists (server restarting) stays there', async () => {
    const workspace = createStore('class-a');
    let left = 0;
    const services = createServices(CONNECTION, workspace, () => void left++);
    services.socket.start();
    await vi.waitFor(() => expect(FakeWebSocket.opened).toHaveLength(1));
    FakeWebSocket.opened[0]!.close();
    await vi.waitFor(() => expect(fetched.some((f) => f.url.endsWith('/api/w/class-a/status'))).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(left).toBe(0);
    expect(workspace.get()).toBe('class-a');
    services.socket.stop();
  });
});
