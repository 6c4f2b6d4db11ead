/**
 * The one WebSocket to the shown workspace's events (/api/events for the default workspace,
 * /api/w/<name>/events otherwise). Reconnects by itself with back-off after the server restarts
 * or the network drops, and hands every message (hello, batches) to the inspector's stores.
 * Switching workspace closes the socket and opens the new workspace's; nothing from the old socket
 * (a late message, a ticket still being fetched) is delivered after the switch.
 * Each attempt first asks for a single-use ticket over HTTP (token in the header) and puts only that
 * in the socket URL: the admin token never shows in a URL, the console or DevTools. While the server
 * is down the ticket request fails and no socket is opened at all.
 */
import type { LiveEvent, LiveMessage } from '../../server/contract/index.js';
import { AdminClient } from './admin-client.js';
import type { Connection } from './connection.js';

export type { LiveEvent, LiveMessage };

export type SocketState = 'connecting' | 'open' | 'closed';

export interface LiveSocketHandlers {
  onMessage: (message: LiveMessage) => void;
  onState: (state: SocketState, detail?: string) => void;
}

export class LiveSocket {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  /** Bumps on every switch and stop: an attempt begun under an older one gives up. */
  private generation = 0;

  constructor(
    private readonly connection: Connection,
    private readonly handlers: LiveSocketHandlers,
    // The newest 500 paint at once (a hello of 2,000 summaries is ~1 MB); older ones load on demand, and search covers all.
    private readonly initial = 500,
    private workspace = 'default',
  ) {}

  /** Connects to another workspace's events (at once, whatever the back-off). */
  switchTo(workspace: string): void {
    if (workspace === this.workspace) return;
    this.workspace = workspace;
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    const old = this.socket;
    this.socket = null;
    old?.close();
    this.attempt = 0;
    if (!this.stopped) void this.open();
  }

  start(): void {
    this.stopped = false;
    void this.open();
  }

  stop(): void {
    this.stopped = true;
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.socket?.close();
  }

  private retryLater(): void {
    // 0.5 s, 1 s, 2 s ... up to 10 s between attempts.
    const delay = Math.min(500 * 2 ** this.attempt++, 10_000);
    this.handlers.onState('closed', `Reconnecting in ${Math.round(delay / 100) / 10} s`);
    this.timer = setTimeout(() => void this.open(), delay);
  }

  private async open(): Promise<void> {
    const generation = this.generation;
    this.handlers.onState('connecting');
    let ticket: string;
    try {
      ticket = (await new AdminClient(this.connection).eventTicket()).ticket;
    } catch {
      if (generation !== this.generation) return;
      // Not answering (restarting), or refusing: try again later, without opening a socket.
      if (this.stopped) return this.handlers.onState('closed');
      return this.retryLater();
    }
    if (generation !== this.generation) return;
    if (this.stopped) return this.handlers.onState('closed');
    const scope = this.workspace === 'default' ? '' : `/w/${encodeURIComponent(this.workspace)}`;
    const url = `${this.connection.adminUrl.replace(/^http/, 'ws')}/api${scope}/events?ticket=${encodeURIComponent(ticket)}&initial=${this.initial}`;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.attempt = 0;
      this.handlers.onState('open');
    };
    socket.onmessage = (event) => {
      // A message still arriving from a workspace switched away from is not shown.
      if (this.socket !== socket) return;
      try {
        this.handlers.onMessage(JSON.parse(String(event.data)) as LiveMessage);
      } catch {
        // A message that is not JSON is not ours; ignore it.
      }
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.stopped) return this.handlers.onState('closed');
      this.retryLater();
    };
  }
}
