/**
 * Drives a SCIM port's real request handler in-process, without TCP or HTTP parsing: Node's own
 * IncomingMessage and ServerResponse over a socket stand-in that takes the bytes and drops them.
 * Shared by the in-process CPU benches (bench/pipeline-inprocess.ts, bench/import-page-cpu.ts), so
 * both measure through the same door and count statuses the same way.
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { Duplex } from 'node:stream';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** The main thread's CPU time so far, in µs (the kernel's run-time account, nanosecond resolution). */
export const mainThreadUs = (): number => Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1000;

/**
 * A socket that takes what is written and drops it, counting the characters or bytes into
 * `written.bytes`. Strings pass through as written (`decodeStrings: false`), as a net.Socket hands
 * them to libuv: a stream's default would copy each into a fresh Buffer, a cost (and, for an 80 KB
 * page, external memory) that the real socket does not have.
 */
export function nullSocket(written: { bytes: number }): Duplex {
  return new Duplex({
    decodeStrings: false,
    read() {},
    write(chunk: Buffer | string, _encoding, callback) {
      written.bytes += chunk.length;
      callback();
    },
    writev(chunks, callback) {
      for (const c of chunks) written.bytes += (c.chunk as Buffer | string).length;
      callback();
    },
  });
}

/**
 * Sends one GET through `handle` and resolves with its status once the response has finished, as a
 * keep-alive connection would (one response on the socket at a time). A socket per request: reusing
 * one leaves it corked after the first answer; the same cost for every build.
 */
export async function driveGet(handle: Handler, url: string, headers: Record<string, string>, written: { bytes: number }): Promise<number> {
  const socket = nullSocket(written);
  const req = new http.IncomingMessage(socket as never);
  req.method = 'GET';
  req.url = url;
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  req.httpVersion = '1.1';
  const rawHeaders: string[] = [];
  for (const [k, v] of Object.entries(headers)) rawHeaders.push(k, v);
  req.rawHeaders = rawHeaders;
  req.headers = { ...headers };
  req.push(null);
  const res = new http.ServerResponse(req);
  res.assignSocket(socket as never);
  let finished = false;
  res.on('finish', () => {
    finished = true;
  });
  handle(req, res);
  for (let spins = 0; !finished; spins++) {
    if (spins > 10_000) throw new Error(`${url} not answered (status ${res.statusCode}, headers sent: ${res.headersSent}, ended: ${res.writableEnded})`);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return res.statusCode;
}

/** Drives `count` GETs and counts their statuses. */
export async function driveGets(handle: Handler, paths: () => string, count: number, headers: Record<string, string>, written: { bytes: number } = { bytes: 0 }): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const status = await driveGet(handle, paths(), headers, written);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }
  return statuses;
}

/** `200×800 404×2`: a batch's statuses for a table cell. */
export const statusCounts = (statuses: Map<number, number>): string => [...statuses].map(([s, c]) => `${s}×${c}`).join(' ');
