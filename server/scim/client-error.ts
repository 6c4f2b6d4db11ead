/**
 * Requests that Node's HTTP parser refuses (an unknown method, headers or a URL over its size limit,
 * a malformed request line) never reach the SCIM pipeline, so by default the client gets a bare
 * `400 Bad Request` with no body and nothing is recorded. This answers them with a SCIM error body
 * (RFC 7644 §3.12) and hands what was received to the recorder, so such a request is not invisible.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorBody } from './errors.js';

export interface RefusedRequest {
  /** From the request line, when it could be read. */
  method: string;
  path: string;
  headers: [string, string][];
  status: number;
  responseText: string;
  reason: string;
  /** How many bytes had arrived. */
  size: number;
  remoteAddress: string;
}

/** Reads what it can of a request head the parser refused: request line and header lines. */
function readHead(raw: Buffer | undefined): Pick<RefusedRequest, 'method' | 'path' | 'headers' | 'size'> {
  const text = raw ? raw.subarray(0, 64 * 1024).toString('latin1') : '';
  const lines = text.split('\r\n');
  const [method = '', path = ''] = (lines[0] ?? '').split(' ');
  const headers: [string, string][] = [];
  for (const line of lines.slice(1)) {
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon > 0) headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return { method: method.slice(0, 32), path: path.slice(0, 2048), headers, size: raw?.length ?? 0 };
}

/** A `clientError` listener for the SCIM server. */
export function answerRefusedRequests(record: (refused: RefusedRequest) => void, log: (message: string) => void) {
  return (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex) => {
    // A request already in the pipeline (the client left mid-body) is the pipeline's to answer and
    // record; a client that is gone cannot read an answer. Node's own default does the same.
    if (error.code === 'ECONNRESET' || error.code === 'HPE_INVALID_EOF_STATE' || !socket.writable || (socket as { _httpMessage?: unknown })._httpMessage) {
      socket.destroy(error);
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const detail =
      status === 431
        ? 'The request line or headers are larger than this server reads (16 KiB); shorten the URL (e.g. send a long filter with POST .search) or the headers.'
        : status === 408
          ? 'The request did not arrive in time.'
          : `The request is not valid HTTP (${error.code ?? 'parse error'}: ${error.message}).`;
    const text = JSON.stringify(errorBody(status, detail));
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/scim+json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
    try {
      record({ ...readHead(error.rawPacket), remoteAddress: (socket as { remoteAddress?: string }).remoteAddress ?? '', status, responseText: text, reason: `${error.code ?? 'parse error'}: ${error.message}` });
    } catch (failure) {
      log(`Could not record a request the HTTP parser refused: ${(failure as Error)?.message ?? String(failure)}`);
    }
  };
}
