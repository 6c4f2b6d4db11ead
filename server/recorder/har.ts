/**
 * HAR 1.2 export of recorded exchanges (http://www.softwareishard.com/blog/har-12-spec/), for
 * browser dev tools, Charles, Insomnia and anything else that reads HAR. Built from the redacted
 * records, so it carries no secret. Scimscope's interpretation travels in `_scimscope` fields.
 * `writeHarText` writes the same JSON text as JSON.stringify of `toHar`, entry by entry, so an export
 * of 100,000 exchanges never holds more than one batch of them in memory.
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
  return harLog(exchanges.map((e) => harEntry(e, options.origin)), options);
}

function harLog<E>(entries: E[], options: HarOptions) {
  return { log: { version: '1.2', creator: { name: 'Scimscope', version: options.version }, pages: [], entries } };
}

/** Where text goes: resolves once it may be given more (a response's drain), rejects when the reader is gone. */
export type TextSink = (text: string) => Promise<void> | void;

/** Stands for the entries array while the text around it is made; never a string a HAR or a bundle holds otherwise. */
const ENTRIES_MARK = '\u0000scimscope-har-entries\u0000';

/**
 * The placeholder HAR to put inside a larger document: stringify the document holding it, then hand
 * the text to `writeHarText`, which writes the real entries where the placeholder is. The HAR must be
 * the last value in its document (the entries are found from the end).
 */
export function harPlaceholder(options: HarOptions) {
  return harLog([ENTRIES_MARK], options);
}

/**
 * Writes `text` (a JSON document holding `harPlaceholder`, stringified with `space`) with the HAR
 * entries of `batches` in place of the placeholder: the same text JSON.stringify gives for the
 * document with the entries in it.
 */
export async function writeHarText(sink: TextSink, text: string, batches: Iterable<Exchange[]> | AsyncIterable<Exchange[]>, options: HarOptions & { space?: number }): Promise<void> {
  const mark = JSON.stringify(ENTRIES_MARK);
  const at = text.lastIndexOf(mark);
  if (at < 0) throw new Error('writeHarText: the text holds no HAR placeholder');
  const open = text.lastIndexOf('[', at);
  const close = text.indexOf(']', at + mark.length);
  const indent = text.slice(open + 1, at).replace(/^\n/, '');
  const closeIndent = text.slice(at + mark.length, close).replace(/^\n/, '');
  const pretty = (options.space ?? 0) > 0;
  await sink(text.slice(0, open + 1));
  let count = 0;
  for await (const batch of batches) {
    let chunk = '';
    for (const e of batch) {
      const entry = JSON.stringify(harEntry(e, options.origin), null, options.space);
      chunk += `${count++ > 0 ? ',' : ''}${pretty ? `\n${indent}` : ''}${pretty ? entry.replace(/\n/g, `\n${indent}`) : entry}`;
    }
    if (chunk) await sink(chunk);
  }
  await sink(`${count > 0 && pretty ? `\n${closeIndent}` : ''}${text.slice(close)}`);
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
