/**
 * A stand-in for the browser's WebSocket in the inspector's unit tests (jsdom has no server to talk
 * to): it records every socket the code opens, with its URL, and lets the test open, feed and close
 * it. The live socket reaches it the way it reaches the real one, through the global `WebSocket`.
 */
import { vi } from 'vitest';
import type { LiveMessage } from '../../server/contract/index.js';

export class FakeWebSocket {
  /** Every socket opened since `installFakeWebSocket()`, in order. */
  static opened: FakeWebSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeWebSocket.opened.push(this);
  }
  close() {
    this.closed = true;
    this.onclose?.();
  }
  /** The server sends `message`. */
  deliver(message: LiveMessage) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

/** Forgets the sockets opened so far and puts the fake in the global `WebSocket` (undo: `vi.unstubAllGlobals()`). */
export function installFakeWebSocket(): void {
  FakeWebSocket.opened = [];
  vi.stubGlobal('WebSocket', FakeWebSocket);
}
