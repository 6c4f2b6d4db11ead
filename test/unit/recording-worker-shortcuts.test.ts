/**
 * The recording worker's shortcuts (docs/decisions.md, "Recording worker CPU"): each must give
 * exactly what the longer way gave. An index line is written without copying its record first; a
 * request body is read from the bytes that came over without copying them, wherever in their buffer
 * they sit (the inline recorder hands a Buffer that may be a slice of a larger pool); lint groups
 * leniencies without rebuilding arrays; a line puts the response body's text where its mark is
 * found, once, and is serialized whole when the exchange holds the mark anywhere else.
 */
import { describe, expect, it } from 'vitest';
import { indexLine } from '../../server/recorder/exchange-file.js';
import { BODY_MARK, exchangeLine, processCapture } from '../../server/recorder/record-processing.js';
import type { Exchange } from '../../server/contract/exchange.js';
import { fromWire, type CapturedExchange } from '../../server/recorder/recording-wire.js';

describe('indexLine', () => {
  const summary = { id: 'ex1', seq: 7, method: 'GET', path: '/scim/v2/Users', query: 'filter=userName eq "ann"', operation: { kind: 'user.lookup', summary: 'Okta looked up “ann” – found' } };
  const records: { name: string; record: object }[] = [
    { name: 'an exchange index record', record: { summary, identifiers: 'ann\nann@example.com', changeIds: ['u1', 'u2'] } },
    { name: 'a record with no identifiers or changes', record: { summary, identifiers: '', changeIds: [] } },
    { name: 'an empty record', record: {} },
    { name: 'a record with an undefined member', record: { a: 1, b: undefined, c: 'x' } },
    { name: 'a record with integer-like keys', record: { b: 1, 2: 'two', a: [1] } },
    { name: 'a record that already has an offset', record: { offset: 99, summary } },
    { name: 'a record that already has a length', record: { x: 1, length: 5 } },
    { name: 'a record with unicode and escapes', record: { text: 'Łukasz 🎉 "quoted" \\ \u2028 \u0000 \ud800' } },
  ];
  it.each(records)('$name: the line the spread gave', ({ record }) => {
    for (const [offset, length] of [[0, 0], [123_456_789, 4096]] as const) {
      expect(indexLine(record, offset, length)).toBe(`${JSON.stringify({ ...record, offset, length })}\n`);
    }
  });
});

function capture(request: Uint8Array | string | null, size: number, limit = 64 * 1024): CapturedExchange {
  return {
    parts: { id: 'ex1', seq: 1, startedAt: '2026-12-05T03:00:00.000Z', durationMs: 2, outcome: 'completed', method: 'POST', path: '/scim/v2/Users', query: {}, requestHeaders: { 'Content-Type': 'application/scim+json', 'User-Agent': 'Okta SCIM Client 1.0.0' }, remoteAddress: '127.0.0.1', status: 201, responseHeaders: {}, changes: [], fault: null, retryOf: null, replayOf: null, upstream: null },
    request: { data: request, json: false, size },
    response: { data: null, json: true, size: 0 },
    inputs: { leniencies: [], resourceType: 'User', resourceId: null, error: null, lookups: {}, rawQuery: '' },
    limit,
  };
}

describe('a request body read from the bytes that came over', () => {
  const bodies: { name: string; text: string; limit?: number }[] = [
    { name: 'a JSON body', text: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ann@example.com', password: 'Secret-123', name: { givenName: 'Ann' } }) },
    { name: 'a JSON body with non-ASCII text', text: JSON.stringify({ userName: 'łukasz@example.com', displayName: 'Łukasz 🎉' }) },
    { name: 'a body over the limit', text: JSON.stringify({ userName: 'ann', password: 'Secret-123', big: 'x'.repeat(500) }), limit: 100 },
    { name: 'text that is not JSON', text: 'userName=ann&displayName=Ann Lee' },
    { name: 'a body nested too deep', text: `${'['.repeat(200)}${']'.repeat(200)}` },
  ];
  it.each(bodies)('$name: the same record from a view into a larger buffer, a copy and a string', ({ text, limit }) => {
    const bytes = Buffer.from(text);
    // The body in the middle of a larger buffer, with bytes around it that must not be read.
    const pool = Buffer.concat([Buffer.from('{"garbage":"before"'), bytes, Buffer.from('"after"}')]);
    const view = new Uint8Array(pool.buffer, pool.byteOffset + 19, bytes.length);
    const copy = new Uint8Array(bytes);
    const fromCopy = processCapture(capture(copy, bytes.length, limit));
    const fromView = processCapture(capture(view, bytes.length, limit));
    const fromString = processCapture(capture(text, bytes.length, limit));
    expect(fromView.line).toBe(fromCopy.line);
    expect(fromString.line).toBe(fromCopy.line);
    expect(fromWire(capture(view, bytes.length, limit)).parsedBody).toEqual(fromWire(capture(copy, bytes.length, limit)).parsedBody);
    // Secrets are redacted either way, and the buffer around the view is left as it was.
    expect(fromView.line).not.toContain('Secret-123');
    expect(pool.toString()).toBe(`{"garbage":"before"${text}"after"}`);
  });
});

describe('lint of an exchange with several leniencies', () => {
  it('groups them by code in the order they were applied, as before', () => {
    const c = capture(Buffer.from(JSON.stringify({ userName: 'ann', active: 'True', emails: { value: 'a@example.com' } })), 80);
    c.inputs.leniencies = [
      { code: 'value.boolean.string', sent: '"active": "True"', normalized: 'true' },
      { code: 'value.multivalued.wrapped', sent: '"emails": {…}', normalized: '[{…}]' },
      { code: 'value.boolean.string', sent: '"x": "False"', normalized: 'false' },
    ];
    const lint = JSON.parse(processCapture(c).line).lint as { code: string; message: string }[];
    expect(lint.slice(0, 3).map((l) => l.code)).toEqual(['value.boolean.string', 'value.multivalued.wrapped', 'schemas.core.missing']);
    expect(lint[0]!.message).toContain('"active": "True"; "x": "False"');
  });
});

describe('a line with the response body spliced in at its mark (record-processing.ts exchangeLine)', () => {
  const body = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'u1', userName: 'ann@example.com', title: 'a "quoted" \\ title' };
  const exchangeWith = (headerValue: string, query: Record<string, string> = {}): Exchange =>
    ({
      id: 'ex1', seq: 1, startedAt: '2026-12-05T03:00:00.000Z', durationMs: 2, client: 'okta',
      request: { method: 'GET', path: '/scim/v2/Users/u1', query, headers: { 'x-note': headerValue }, body: null, bodySize: 0, bodyTruncated: false, remoteAddress: '127.0.0.1' },
      response: { status: 200, headers: {}, body, bodySize: 100, bodyTruncated: false },
      operation: { kind: 'user.read', resourceType: 'User', resourceId: 'u1', summary: 'Okta read ann@example.com' },
      changes: [], fault: null, lint: [], outcome: 'completed', retryOf: null, replayOf: null,
    }) as unknown as Exchange;
  it.each([
    { name: 'an ordinary exchange', value: 'plain', pieces: 3 },
    { name: 'a value that is the mark', value: BODY_MARK, pieces: 1 },
    { name: 'a value holding the mark after a quote', value: `"${BODY_MARK}`, pieces: 1 },
    { name: 'a value holding the mark with text around it', value: `x${BODY_MARK}y`, pieces: 1 },
    { name: 'a value holding the mark without its NUL', value: BODY_MARK.slice(1), pieces: 3 },
  ])('$name: JSON.stringify of the exchange, in $pieces piece(s)', ({ value, pieces }) => {
    const exchange = exchangeWith(value);
    const line = exchangeLine(exchange, JSON.stringify(body));
    expect(line.join('')).toBe(JSON.stringify(exchange));
    expect(line).toHaveLength(pieces);
    expect(exchange.response.body).toBe(body);
  });
  it('finds the mark after a query key holding it too', () => {
    const exchange = exchangeWith('plain', { [BODY_MARK]: 'x' });
    const line = exchangeLine(exchange, JSON.stringify(body));
    expect(line.join('')).toBe(JSON.stringify(exchange));
    expect(line).toHaveLength(1);
  });
});
