/**
 * A public URL with no account and nothing to install: the localtunnel protocol, spoken directly
 * (the `localtunnel` npm client pins an old axios; the protocol is small). The client asks the server
 * for a tunnel (GET /?new → {id, port, url, max_conn_count}), then opens up to max_conn_count TCP
 * connections to that port; the server sends each public HTTP request down one of them. Each
 * connection is handled by a private HTTP server here that forwards to the SCIM port, adding
 * X-Forwarded-Proto so resources carry the public https URL. A connection the server closes is
 * replaced, as the reference client does.
 * Protocol: https://github.com/localtunnel/localtunnel (lib/Tunnel.js, lib/TunnelCluster.js) and
 * https://github.com/localtunnel/server (server.js).
 */
import http from 'node:http';
import net from 'node:net';
import type { OpenTunnel, TunnelOptions, TunnelProvider } from './tunnel-provider.js';

export const LOCALTUNNEL_SERVER = 'https://localtunnel.me';

interface Assignment {
  id: string;
  port: number;
  url: string;
  max_conn_count?: number;
  ip?: string;
}

/** More sockets than this buys nothing for one IdP's traffic; the reference client's default is 10 too. */
const MAX_SOCKETS = 10;

async function requestTunnel(server: string): Promise<Assignment> {
  let res: Response;
  try {
    res = await fetch(`${server.replace(/\/+$/, '')}/?new`, { signal: AbortSignal.timeout(20_000), headers: { accept: 'application/json' } });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`could not reach the localtunnel server ${server} (${cause?.code ?? cause?.message ?? (error as Error).message})`);
  }
  const text = await res.text();
  let body: Partial<Assignment> & { message?: string } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // not JSON: reported below
  }
  if (!res.ok) throw new Error(`the localtunnel server ${server} refused a new tunnel (HTTP ${res.status}${body.message ? `: ${body.message}` : ''})`);
  if (typeof body.url !== 'string' || typeof body.port !== 'number' || typeof body.id !== 'string') throw new Error(`the localtunnel server ${server} answered without a tunnel (${text.slice(0, 120)})`);
  return body as Assignment;
}

/**
 * `server`: the localtunnel server (its --host). `giveUpAfterMs`: how long the tunnel may have no
 * connected socket, while reconnecting, before it is reported as ended (default 60 s).
 */
export function localtunnelProvider(server: string = process.env.SCIMSCOPE_LOCALTUNNEL_SERVER ?? LOCALTUNNEL_SERVER, options: { giveUpAfterMs?: number } = {}): TunnelProvider {
  const giveUpAfterMs = options.giveUpAfterMs ?? 60_000;
  return {
    name: 'localtunnel',
    async open(options: TunnelOptions): Promise<OpenTunnel> {
      const assignment = await requestTunnel(server);
      const remoteHost = assignment.ip ?? new URL(server).hostname;
      const publicProto = assignment.url.startsWith('https:') ? 'https' : 'http';
      const sockets = new Set<net.Socket>();
      let closed = false;

      // Parses the public requests arriving on the tunnel's sockets and forwards them to the SCIM port.
      const relay = http.createServer((req, res) => {
        const headers = { ...req.headers };
        if (!headers['x-forwarded-proto']) headers['x-forwarded-proto'] = publicProto;
        const upstream = http.request({ host: '127.0.0.1', port: options.port, method: req.method, path: req.url, headers }, (up) => {
          res.writeHead(up.statusCode ?? 502, up.statusMessage, up.rawHeaders);
          up.pipe(res);
        });
        upstream.on('error', (error) => {
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(`Scimscope's tunnel could not reach the SCIM port: ${error.message}`);
        });
        req.pipe(upstream);
      });
      // The server decides when a tunnel socket is done: an idle one waits for its next request as long as it takes.
      relay.keepAliveTimeout = 0;
      relay.headersTimeout = 0;
      relay.requestTimeout = 0;
      relay.timeout = 0;

      let established = false;
      let end: (reason: string) => void = () => undefined;
      const ended = new Promise<string>((resolve) => (end = resolve));
      /** Since when no socket has been connected (null while one is). */
      let bareSince: number | null = null;
      /** Opens one tunnel socket; resolves once it is connected. A socket the server closes is replaced. */
      const connect = (): Promise<void> =>
        new Promise((resolve, reject) => {
          const socket = net.connect({ host: remoteHost, port: assignment.port });
          socket.setKeepAlive(true);
          let connected = false;
          socket.once('connect', () => {
            connected = true;
            bareSince = null;
            if (closed) return void socket.destroy();
            sockets.add(socket);
            relay.emit('connection', socket);
            resolve();
          });
          socket.once('error', (error) => {
            if (!connected) reject(error);
          });
          socket.once('close', (hadError) => {
            sockets.delete(socket);
            if (closed || !established) return;
            if (sockets.size === 0) bareSince ??= Date.now();
            if (bareSince !== null && Date.now() - bareSince > giveUpAfterMs) {
              closed = true;
              relay.closeAllConnections();
              relay.close();
              return end(`lost the connection to the localtunnel server (${remoteHost}:${assignment.port}) for more than ${Math.round(giveUpAfterMs / 1000)} s`);
            }
            // After an error wait a little, so a server that went away is not hammered.
            setTimeout(() => void (!closed && connect().catch(() => undefined)), hadError || !connected ? 2000 : 0).unref();
          });
        });

      const wanted = Math.max(1, Math.min(assignment.max_conn_count ?? 1, MAX_SOCKETS));
      // The tunnel is up once the first socket connects; a refused first socket fails the start.
      try {
        await connect();
      } catch (error) {
        closed = true;
        throw new Error(`could not connect to the localtunnel server at ${remoteHost}:${assignment.port} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
      established = true;
      for (let i = 1; i < wanted; i++) void connect().catch(() => undefined);

      return {
        url: assignment.url,
        ended,
        async close() {
          closed = true;
          for (const socket of sockets) socket.destroy();
          sockets.clear();
          relay.closeAllConnections();
          await new Promise<void>((resolve) => relay.close(() => resolve()));
        },
      };
    },
  };
}
