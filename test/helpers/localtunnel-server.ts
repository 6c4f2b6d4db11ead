/**
 * A loopback stand-in for a localtunnel server (https://github.com/localtunnel/server), speaking the
 * same protocol as localtunnel.me: GET /?new assigns {id, port, url, max_conn_count}; the client opens
 * TCP connections to that port; a public request is sent down one of those sockets as raw HTTP, with
 * the public Host header, and its response comes back up. The public side is a loopback port too
 * (`publicUrl`), standing in for https://<id>.loca.lt. It records what it saw, for assertions.
 */
import { EventEmitter } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface LocaltunnelStandIn {
  /** The server URL the client is pointed at (its --host). */
  url: string;
  /** Where the public requests for the assigned tunnel go (stands in for https://<id>.loca.lt). */
  publicUrl: string | null;
  /** The URL the server tells the client its tunnel has. */
  assignedUrl: string | null;
  /** Client sockets connected right now. */
  sockets: Set<net.Socket>;
  events: EventEmitter;
  /** Answer GET /?new with this status and message instead of a tunnel. */
  refuse: { status: number; message: string } | null;
  /** The server loses its tunnels: their ports close and every client socket is cut. */
  dropTunnels(): Promise<void>;
  close(): Promise<void>;
}

const listen = (server: net.Server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

export async function startLocaltunnelServer(maxConn = 3): Promise<LocaltunnelStandIn> {
  const events = new EventEmitter();
  const idle: net.Socket[] = [];
  const waiting: ((socket: net.Socket) => void)[] = [];
  const servers: net.Server[] = [];
  const tunnelPorts: net.Server[] = [];
  const stand: LocaltunnelStandIn = { url: '', publicUrl: null, assignedUrl: null, sockets: new Set(), events, refuse: null, dropTunnels: async () => undefined, close: async () => undefined };

  const giveBack = (socket: net.Socket) => {
    const next = waiting.shift();
    if (next) next(socket);
    else idle.push(socket);
  };
  const takeSocket = () => new Promise<net.Socket>((resolve) => {
    const socket = idle.shift();
    if (socket) resolve(socket);
    else waiting.push(resolve);
  });

  const control = http.createServer(async (req, res) => {
    if (req.url !== '/?new') return void res.writeHead(404).end();
    if (stand.refuse) return void res.writeHead(stand.refuse.status, { 'content-type': 'application/json' }).end(JSON.stringify({ message: stand.refuse.message }));
    const id = 'quiet-lamp-42';
    // The client's sockets arrive here.
    const tunnelPort = net.createServer((socket) => {
      stand.sockets.add(socket);
      socket.once('close', () => {
        stand.sockets.delete(socket);
        const at = idle.indexOf(socket);
        if (at >= 0) idle.splice(at, 1);
        events.emit('sockets', stand.sockets.size);
      });
      socket.on('error', () => undefined);
      giveBack(socket);
      events.emit('sockets', stand.sockets.size);
    });
    servers.push(tunnelPort);
    tunnelPorts.push(tunnelPort);
    // Public requests: each goes down one client socket, as the real server's TunnelAgent does.
    const publicSide = http.createServer(async (preq, pres) => {
      const socket = await takeSocket();
      const forward = http.request({ method: preq.method, path: preq.url, headers: { ...preq.headers, host: `${id}.loca.test` }, createConnection: () => socket }, (up) => {
        pres.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(pres);
        up.once('end', () => socket.destroy()); // one request per socket; the client opens a fresh one
      });
      forward.on('error', () => pres.writeHead(502).end());
      preq.pipe(forward);
    });
    servers.push(publicSide);
    const [tport, pport] = [await listen(tunnelPort), await listen(publicSide)];
    stand.publicUrl = `http://127.0.0.1:${pport}`;
    stand.assignedUrl = `https://${id}.loca.test`;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id, port: tport, max_conn_count: maxConn, url: stand.assignedUrl }));
  });
  servers.push(control);
  stand.url = `http://127.0.0.1:${await listen(control)}`;
  stand.dropTunnels = async () => {
    const closing = tunnelPorts.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
    for (const socket of stand.sockets) socket.destroy();
    await Promise.all(closing);
  };
  stand.close = async () => {
    for (const socket of stand.sockets) socket.destroy();
    await Promise.all(
      servers.map((s) => new Promise<void>((resolve) => {
        if (s instanceof http.Server) s.closeAllConnections();
        s.close(() => resolve());
      })),
    );
  };
  return stand;
}

/** Resolves once the stand-in holds exactly `count` client sockets. */
export function socketsReach(stand: LocaltunnelStandIn, count: number): Promise<void> {
  if (stand.sockets.size === count) return Promise.resolve();
  return new Promise((resolve) => {
    const check = (size: number) => {
      if (size !== count) return;
      stand.events.off('sockets', check);
      resolve();
    };
    stand.events.on('sockets', check);
  });
}
