/**
 * Shutdown needs to know what is in flight: the open sockets (to end idle keep-alive connections and,
 * at the last moment, held ones) and the requests not yet answered (to let writes finish first).
 */
import type { Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export function trackConnections(server: Server) {
  const sockets = new Set<Socket>();
  const responses = new Set<ServerResponse>();
  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // One listener for every response (`this` is the response), not a closure made per request.
  function onResponseClose(this: ServerResponse): void {
    inFlight--;
    responses.delete(this);
    if (inFlight === 0 && idleWaiters.length > 0) {
      for (const w of idleWaiters) w();
      idleWaiters = [];
    }
  }
  server.on('request', (_req, res: ServerResponse) => {
    inFlight++;
    responses.add(res);
    res.on('close', onResponseClose);
  });
  return {
    /** Resolves when no request is in flight, or after `ms`. */
    drained(ms: number): Promise<void> {
      if (inFlight === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, ms);
        idleWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    /** Cuts the connections of in-flight requests that will never be answered (held open on purpose). */
    destroyWhere(held: (res: ServerResponse) => boolean) {
      for (const res of responses) if (held(res)) res.socket?.destroy();
    },
    destroyAll() {
      for (const s of sockets) s.destroy();
    },
  };
}

