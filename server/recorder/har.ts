/**
 * HAR 1.2 export of recorded exchanges (http://www.softwareishard.com/blog/har-12-spec/), for
 * browser dev tools, Charles, Insomnia and anything else that reads HAR. Built from the redacted
 * records, so it carries no secret. Scimscope's interpretation travels in `_scimscope` fields.
 */
import { STATUS_CODES } from 'node:http';
import type { Exchange } from '../contract/exchange.js';

const bodyText = (body: unknown): string => (body === null || body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body));
const header = (headers: Record<string, string>, name: string) => Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
const nameValues = (record: Record<string, string>) => Object.entries(record).map(([name, value]) => ({ name, value }));

export interface HarOptions {
  /** Origin the SCIM server was reached at, e.g. http://127.0.0.1:7171. */
  origin: string;
  version: string;
}

export function toHar(exchanges: Exchange[], options: HarOptions) {
  return {
    log: {
      version: '1.2',
      creator: { name: 'Scimscope', version: options.version },
      pages: [],
      entries: exchanges.map((e) => harEntry(e, options.origin)),
    },
  };
}

function harEntry(e: Exchange, origin: string) {
  const query = new URLSearchParams(e.request.query).toString();
  const requestText = bodyText(e.request.body);
  const responseText = bodyText(e.response.body);
  const requestType = header(e.request.headers, 'content-type') ?? 'application/scim+json';
  const entry: Record<string, unknown> = {
    startedDateTime: e.startedAt,
    time: e.durationMs,
    request: {
      method: e.request.method,
      url: `${origin}${e.request.path}${query ? `?${query}` : ''}`,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: nameValues(e.request.headers),
      queryString: nameValues(e.request.query),
      ...(requestText ? { postData: { mimeType: requestType, text: requestText } } : {}),
      headersSize: -1,
      bodySize: e.request.bodySize,
    },
    response: {
      status: e.response.status,
      statusText: e.response.status === 0 ? '' : (STATUS_CODES[e.response.status] ?? ''),
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: nameValues(e.response.headers),
      content: { size: e.response.bodySize, mimeType: header(e.response.headers, 'content-type') ?? 'x-unknown', ...(responseText ? { text: responseText } : {}) },
      redirectURL: '',
      headersSize: -1,
      bodySize: e.response.status === 0 ? -1 : e.response.bodySize,
      ...(e.outcome !== 'completed' ? { _error: e.outcome === 'dropped' ? 'connection dropped by a fault rule' : 'aborted by the client' } : {}),
    },
    cache: {},
    timings: { send: 0, wait: e.durationMs, receive: 0 },
    _scimscope: { id: e.id, seq: e.seq, client: e.client, operation: e.operation, changes: e.changes, fault: e.fault, lint: e.lint, outcome: e.outcome, retryOf: e.retryOf ?? null, replayOf: e.replayOf ?? null, ...(e.breakpoint ? { breakpoint: e.breakpoint } : {}) },
  };
  if (e.request.remoteAddress) entry.serverIPAddress = '127.0.0.1';
  return entry;
}
