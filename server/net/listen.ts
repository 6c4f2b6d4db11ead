/**
 * Starting an HTTP server on a port, with errors users can act on (port in use, not allowed) and,
 * for the desktop app, an optional walk to the next free ports instead of failing.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../app-errors.js';

export interface ListenRequest {
  port: number;
  host: string;
  /** The CLI flag that sets this port, for the error message. */
  flag: string;
  /** How many following ports to try when the port is taken (0: fail at once). */
  fallbackTries?: number;
}

function listenOnce(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

export async function listen(server: Server, request: ListenRequest): Promise<AddressInfo> {
  const tries = request.port === 0 ? 0 : (request.fallbackTries ?? 0);
  for (let i = 0; ; i++) {
    const port = request.port + i;
    try {
      return await listenOnce(server, port, request.host);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' && i < tries) continue;
      if (code === 'EADDRINUSE') throw new AppError('PORT_IN_USE', { port, host: request.host, flag: request.flag }, { cause: error });
      if (code === 'EACCES' || code === 'EPERM') throw new AppError('PORT_FORBIDDEN', { port, host: request.host, flag: request.flag, reason: code }, { cause: error });
      throw error;
    }
  }
}

/** A URL host part for an address (IPv6 in brackets). */
export function urlHost(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}
