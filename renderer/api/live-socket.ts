/**
 * The one WebSocket to /api/events. Reconnects by itself with back-off after the server restarts
 * or the network drops, and hands every message (hello, batches) to the inspector's stores.
 */
import type { LiveEvent, LiveMessage } from '../../server/contract/index.js';
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

  constructor(
    private readonly connection: Connection,
    private readonly handlers: LiveSocketHandlers,
    private readonly initial = 2000,
  ) {}

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket?.close();
  }

  private open(): void {
    const url = `${this.connection.adminUrl.replace(/^http/, 'ws')}/api/events?token=${encodeURIComponent(this.connection.token)}&initial=${this.initial}`;
    this.handlers.onState('connecting');
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.handlers.onState('open');
    };
    socket.onmessage = (event) => {
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
      // 0.5 s, 1 s, 2 s ... up to 10 s between attempts.
      const delay = Math.min(500 * 2 ** this.attempt++, 10_000);
      this.handlers.onState('closed', `Reconnecting in ${Math.round(delay / 100) / 10} s`);
      this.timer = setTimeout(() => this.open(), delay);
    };
  }
}
