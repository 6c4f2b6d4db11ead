/**
 * The live event stream: one WebSocket at /api/events. Events from the bus are queued per client and
 * sent as one batch every 150 ms, so a burst of 1,000 requests a second arrives as a few messages.
 * A client that cannot keep up is not buffered without bound: its exchange events are dropped and it
 * is told how many, so it can refetch. New clients first get a hello with the latest exchanges; while
 * the exchange index is still loading after start-up the hello waits for it (exchange events recorded
 * meanwhile are in the hello's list, so they are not sent again; one recorded after the list was read
 * and before the hello went out comes in the first batch), and until then the client gets
 * `loading` messages saying how far the load is: one on connecting, then one per batch interval in
 * which the load moved on (the inspector shows "Loading recorded traffic…" from them).
 * Browsers open it with a single-use ticket from POST /api/events/ticket (event-tickets.ts), so the
 * admin token never appears in a URL. One event socket exists per loaded workspace, fed by that
 * workspace's bus only; the admin port's upgrade handler (workspaces/admin-dispatch.ts) checks the
 * caller and hands the upgrade to the workspace the path names (`/api/w/<name>/events`).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Router } from 'express';
import { WebSocket, WebSocketServer } from 'ws';
import type { LiveEvent, LiveMessage } from '../contract/admin.js';
import type { ExchangeSummary } from '../contract/exchange.js';
import type { ServerEvents } from '../events/event-bus.js';
import type { AdminContext } from './admin-context.js';
import type { ApiError } from './api-errors.js';
import type { EventTickets } from './event-tickets.js';
import { publicSettings } from './settings-routes.js';

export const EVENTS_PATH = '/api/events';

/** `POST /api/events/ticket` (under the /api guard, so it needs the admin token in its header). */
export function eventTicketRoutes(tickets: EventTickets): Router {
  const router = Router();
  router.post('/events/ticket', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.status(201).json(tickets.issue());
  });
  return router;
}
const FLUSH_MS = 150;
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const MAX_QUEUE = 5_000;

interface Client {
  socket: WebSocket;
  queue: LiveEvent[];
  dropped: number;
  /** The hello has not been sent yet (the exchange index is loading). */
  waiting: boolean;
  /** Records loaded at the last `loading` message sent (-1: none sent). */
  loadedSent: number;
  /** Exchange events recorded while the hello waited (at most MAX_QUEUE; more count as dropped): the hello lists the newest `initial` of them. */
  skipped: ExchangeSummary[];
}

export interface EventSocket {
  /** Takes an upgrade the caller has already checked (place, token or ticket). */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
  readonly clientCount: number;
}

/** Answers an upgrade with an HTTP error in the admin API's JSON error shape. */
export function rejectUpgrade(socket: Duplex, error: Pick<ApiError, 'status' | 'code' | 'message'>): void {
  const { status, code, message } = error;
  const reason = status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : status === 503 ? 'Service Unavailable' : 'Forbidden';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${JSON.stringify({ error: { status, code, message } })}`);
}

/** `onCount` hears the number of open sockets change (the workspace registry keeps a workspace with one loaded). */
export function createEventSocket(ctx: AdminContext, onCount: (count: number) => void = () => undefined): EventSocket {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const clients = new Set<Client>();
  let closed = false;

  wss.on('connection', (socket: WebSocket, req: IncomingMessage) => {
    const initial = Math.min(Number(new URL(req.url ?? '/', 'http://local').searchParams.get('initial') ?? 500) || 0, 5_000);
    const client: Client = { socket, queue: [], dropped: 0, waiting: true, loadedSent: -1, skipped: [] };
    clients.add(client);
    if (clients.size === 1 && !closed) ctx.bus.on('exchange:recorded', onRecorded);
    onCount(clients.size);
    const gone = () => {
      if (!clients.delete(client)) return;
      if (clients.size === 0) ctx.bus.off('exchange:recorded', onRecorded);
      onCount(clients.size);
    };
    socket.on('close', gone);
    socket.on('error', gone);
    socket.on('message', (data) => void onMessage(client, data.toString()));
    // The exchange log answers once its index is loaded (right after start-up it may still be loading);
    // until the hello is sent, live exchanges are not queued for this client: the hello lists them.
    sendProgress(client);
    // At least one, so the answer says how far the log went when it was read, even for `initial=0`.
    const keep = Math.max(0, initial);
    void ctx.exchanges.latest(Math.max(keep, 1)).then((latest) => {
      client.waiting = false;
      const exchanges = keep === 0 ? [] : latest.slice(-keep);
      const listed = new Set(exchanges.map((e) => e.id));
      const newest = latest.reduce((max, e) => Math.max(max, e.seq), Number.NEGATIVE_INFINITY);
      for (const summary of client.skipped) {
        if (listed.has(summary.id)) continue;
        // Recorded after the list was read (in the turns between the load's end and this answer): the
        // first batch brings it. Otherwise it is beyond the hello's list (a client that asked for fewer,
        // as `initial=0` does): told as dropped in the first batch, so the client knows to refetch.
        if (summary.seq > newest && client.queue.length < MAX_QUEUE) client.queue.push({ type: 'exchange', exchange: summary });
        else client.dropped++;
      }
      client.skipped = [];
      send(client, { type: 'hello', counts: { ...ctx.store.counts(), exchanges: ctx.exchanges.size }, settings: publicSettings(ctx.settings.current), exchanges });
    });
  });

  /** Clients may ask for a full exchange by id: `{ "type": "get", "id": "..." }`. */
  async function onMessage(client: Client, text: string): Promise<void> {
    let message: { type?: unknown; id?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return send(client, { type: 'error', message: 'Messages must be JSON.' });
    }
    if (message.type === 'get' && typeof message.id === 'string') {
      const exchange = await ctx.exchanges.get(message.id);
      return send(client, exchange ? { type: 'exchange:full', exchange } : { type: 'error', message: `Exchange "${message.id}" not found.` });
    }
    send(client, { type: 'error', message: 'Unknown message; send {"type":"get","id":"<exchange id>"}.' });
  }

  function send(client: Client, payload: LiveMessage): void {
    if (client.socket.readyState === WebSocket.OPEN) client.socket.send(JSON.stringify(payload));
  }

  /** Tells a client still waiting for its hello how far the load is, when it moved on since the last time. */
  function sendProgress(client: Client): void {
    const state = ctx.exchanges.loadState;
    if (!client.waiting || !state.loading || state.loaded === client.loadedSent) return;
    client.loadedSent = state.loaded;
    const loading = { loaded: state.loaded, expected: Math.max(state.expected, state.loaded) };
    send(client, { type: 'loading', loading, counts: { ...ctx.store.counts(), exchanges: ctx.exchanges.size } });
  }

  function enqueue(event: LiveEvent): void {
    for (const client of clients) {
      // The hello still to come lists it, when it fits there.
      if (event.type === 'exchange' && client.waiting) {
        if (client.skipped.length < MAX_QUEUE) client.skipped.push(event.exchange);
        else client.dropped++;
        continue;
      }
      if (event.type === 'exchange' && (client.queue.length >= MAX_QUEUE || client.socket.bufferedAmount > MAX_BUFFERED_BYTES)) {
        client.dropped++;
        continue;
      }
      // Within one batch, only the latest state of faults and settings matters (hit counters change per request).
      if (event.type === 'faults' || event.type === 'settings' || event.type === 'breakpoints') {
        const at = client.queue.findIndex((e) => e.type === event.type);
        if (at >= 0) client.queue.splice(at, 1);
      }
      client.queue.push(event);
    }
  }

  const timer = setInterval(() => {
    for (const client of clients) {
      if (client.waiting) sendProgress(client);
      if (client.waiting || (client.queue.length === 0 && client.dropped === 0)) continue;
      const events = client.queue;
      client.queue = [];
      send(client, { type: 'batch', events, ...(client.dropped > 0 ? { dropped: client.dropped } : {}), exchanges: ctx.exchanges.size });
      client.dropped = 0;
    }
  }, FLUSH_MS);
  timer.unref();

  const pinger = setInterval(() => {
    for (const client of clients) if (client.socket.readyState === WebSocket.OPEN) client.socket.ping();
  }, 30_000);
  pinger.unref();

  /**
   * Listens to the recorded exchanges only while a client is connected: with none, the recorder makes
   * no summary at all (recorder.ts asks the bus whether anyone listens; docs/performance.md,
   * "Recording's main thread (wave 8)"). A client queues only what is recorded after it connected anyway.
   */
  const onRecorded = (summary: ExchangeSummary) => enqueue({ type: 'exchange', exchange: summary });
  const listeners: { [K in keyof ServerEvents]?: (...args: ServerEvents[K]) => void } = {
    'exchanges:cleared': () => enqueue({ type: 'exchanges:cleared' }),
    'store:changed': (event) =>
      enqueue({ type: 'store', counts: event.counts, origin: event.origin.source, changed: event.changes.slice(0, 100).map((c) => ({ resourceType: c.resourceType, id: c.id, deleted: c.after === null })) }),
    'settings:changed': () => enqueue({ type: 'settings', settings: publicSettings(ctx.settings.current) }),
    'faults:changed': (event) => enqueue({ type: 'faults', reason: event.reason }),
    'tunnel:changed': (event) => enqueue({ type: 'tunnel', ...event }),
    'breakpoints:changed': (event) => enqueue({ type: 'breakpoints', reason: event.reason }),
    'breakpoint:paused': (paused) => enqueue({ type: 'breakpoint:paused', paused }),
    'breakpoint:released': (event) => enqueue({ type: 'breakpoint:released', ...event }),
  };
  for (const [name, fn] of Object.entries(listeners)) ctx.bus.on(name as keyof ServerEvents, fn as never);

  return {
    get clientCount() {
      return clients.size;
    },
    accept(req, socket, head) {
      if (closed) return rejectUpgrade(socket, { status: 503, code: 'workspace_closing', message: 'This workspace is closing; connect again.' });
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    async close() {
      closed = true;
      clearInterval(timer);
      clearInterval(pinger);
      for (const [name, fn] of Object.entries(listeners)) ctx.bus.off(name as keyof ServerEvents, fn as never);
      ctx.bus.off('exchange:recorded', onRecorded);
      for (const client of clients) client.socket.close(1001, 'server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
