/**
 * Captures cross to the recording worker as flat values (capture-flat.ts) and the worker's entries come
 * back the same way (compact-entry.ts entriesToFlat / entriesFromFlat). Through a real structured clone
 * (`structuredClone`, the algorithm postMessage uses), what comes out is what went in: every field,
 * with the keys in the same order, absent and undefined kept apart, bigints, binary bodies (a view
 * into a larger buffer, bytes that are not UTF-8), huge and oddly named headers, a query whose key is
 * `__proto__`; a capture of an unexpected shape crosses whole and still comes out the same; the
 * captures the recorder's own builders make all cross flat.
 */
import { describe, expect, it } from 'vitest';
import { decodeBatch, encodeBatch } from '../../server/recorder/capture-flat.js';
import { refusedCapture } from '../../server/recorder/capture-parts.js';
import { compactEntry, entriesFromFlat, entriesToFlat, summaryOf, type CompactEntry } from '../../server/recorder/compact-entry.js';
import type { IndexRecord } from '../../server/recorder/exchange-file.js';
import { BODY_NOT_KEPT, plainCapture, withoutBodies, type CapturedExchange } from '../../server/recorder/recording-wire.js';

const SECRETS = ['tok-0123456789abcdef', 'pa"ss'];
const LIST = JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1, Resources: [{ id: 'u1' }] });

function lookup(seq: number, more: Partial<CapturedExchange> = {}, parts: Partial<CapturedExchange['parts']> = {}): CapturedExchange {
  return {
    parts: {
      id: `ex${seq}`,
      seq,
      startedAt: '2026-12-05T08:00:00.000Z',
      durationMs: 0.42,
      outcome: 'completed',
      method: 'GET',
      path: '/scim/v2/Users',
      query: { filter: `userName eq "user${seq}@example.com"` },
      requestHeaders: { host: '127.0.0.1:7171', Authorization: 'Bearer [redacted]', accept: 'application/scim+json' },
      remoteAddress: '127.0.0.1',
      status: 200,
      responseHeaders: { 'content-type': 'application/scim+json; charset=utf-8', etag: 'W/"1"' },
      changes: [],
      fault: null,
      retryOf: null,
      replayOf: null,
      upstream: null,
      ...parts,
    },
    request: { data: null, json: false, size: 0 },
    response: { data: LIST, json: true, size: LIST.length, spans: { valueStart: 70, valueEnd: 83, elements: [71, 82] } },
    inputs: { leniencies: [], resourceType: 'User', resourceId: null, error: null, lookups: {}, rawQuery: `filter=userName%20eq%20%22user${seq}%40example.com%22` },
    limit: 65_536,
    secrets: SECRETS,
    ...more,
  };
}

/** Every own key in order, with its value's type and contents, down the whole tree (what toStrictEqual does not compare: key order). */
function layout(value: unknown): unknown {
  if (typeof value === 'bigint') return ['bigint', String(value)];
  if (value === undefined) return ['undefined'];
  if (value instanceof Uint8Array) return ['bytes', Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')];
  if (Array.isArray(value)) return value.map(layout);
  if (value !== null && typeof value === 'object') return Reflect.ownKeys(value).map((k) => [String(k), layout((value as Record<string | symbol, unknown>)[k])]);
  return value;
}

/** Across a structured clone, as a batch goes to the worker: the batch the worker rebuilds, and the batch a plain clone of the objects gives. */
function crossed(batch: CapturedExchange[]): { flat: unknown[]; rebuilt: CapturedExchange[]; cloned: CapturedExchange[] } {
  const flat = encodeBatch(batch);
  return { flat, rebuilt: decodeBatch(structuredClone(flat)), cloned: structuredClone(batch) };
}

function binaryBody(): Buffer {
  // A view into the middle of a larger buffer, holding bytes that are not UTF-8.
  const pool = Buffer.alloc(64, 0x41);
  pool.set([0xff, 0xfe, 0x00, 0xc3, 0x28], 10);
  return pool.subarray(10, 20);
}

function hugeHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i < 400; i++) headers[`x-header-${i}`] = `${'v'.repeat(8_000)}${i}`;
  headers['123'] = 'numeric name (sorted first by the object)';
  const inherited: string = 'constructor';
  headers[inherited] = 'a name Object.prototype has';
  headers['x-ünïcödé'] = 'välue ✓ \u0000 \ud83d\ude00';
  return headers;
}

function nullProtoQuery(): Record<string, string> {
  const query = Object.create(null) as Record<string, string>;
  query.filter = 'userName eq "a"';
  Object.defineProperty(query, '__proto__', { value: 'x', enumerable: true, writable: true, configurable: true });
  query.count = '10';
  return query;
}

const CASES: [string, () => CapturedExchange[]][] = [
  ['a batch of lookups sharing one secrets list', () => [lookup(1), lookup(2), lookup(3)]],
  ['an empty batch', () => []],
  ['a binary request body, a view into a larger buffer', () => [lookup(1, { request: { data: binaryBody(), json: false, size: 10 } }, { method: 'POST' })]],
  ['a request body as text, and an upstream answer', () => [lookup(1, { request: { data: '{"a":1}', json: false, size: 7 }, response: { data: 'not json', json: false, size: 8, foreign: true } }, { upstream: { url: 'http://up/scim', durationMs: 3, status: 200, error: null } })]],
  ['huge and oddly named headers', () => [lookup(1, {}, { requestHeaders: hugeHeaders(), responseHeaders: hugeHeaders() })]],
  ['a query without a prototype, with a __proto__ key', () => [lookup(1, {}, { query: nullProtoQuery() })]],
  ['bigints in the changes', () => [lookup(1, {}, { changes: [{ resourceType: 'User', id: 'u1', before: null, after: { id: 'u1', big: 12345678901234567890n as never } }] })]],
  [
    'undefined fields, present and absent',
    () => {
      const c = lookup(1, { secrets: undefined, request: { data: null, json: false, size: 0, foreign: undefined } }, { upstream: undefined, breakpoint: undefined });
      const absent = lookup(2);
      delete absent.parts.upstream;
      delete absent.secrets;
      delete absent.response.spans;
      return [c, absent];
    },
  ],
  [
    'every rare field set',
    () => [
      lookup(
        7,
        { secrets: SECRETS, leaky: true, captureError: 'Error: boom', captureLint: { code: 'request.unparsable', message: 'refused' }, bodiesNotKept: 'behind' },
        {
          fault: { ruleId: 'r1', name: 'slow', action: 'latency', phase: 'after', latencyMs: 5 },
          retryOf: { id: 'ex0', seq: 0 } as never,
          replayOf: 'ex0',
          breakpoint: { ruleId: 'b1', name: 'pause', phase: 'before', resolution: 'continued', pausedMs: 12 } as never,
          changes: [{ resourceType: 'Group', id: 'g1', before: { id: 'g1' }, after: null }],
        },
      ),
    ],
  ],
  [
    'interpretation inputs with content',
    () => [
      lookup(1, {
        inputs: {
          leniencies: [{ code: 'case', sent: 'True', normalized: 'true' }],
          resourceType: 'Group',
          resourceId: 'g1',
          error: { status: 400, scimType: 'invalidFilter', detail: 'bad' },
          lookups: { 'User:u1': { id: 'u1', userName: 'jane', displayName: undefined, active: true } },
          rawQuery: 'a=1',
        },
      }),
    ],
  ],
  ['a capture without its bodies (the backlog)', () => [withoutBodies(lookup(1, { request: { data: binaryBody(), json: false, size: 10 } }), 'fell behind')]],
  ['a capture reduced to its plain facts (a refused clone)', () => [plainCapture(lookup(1, {}, { changes: [{ resourceType: 'User', id: 'u1', before: null, after: { n: 1n as never } }] }), new Error('could not be cloned'))]],
  ['a request the HTTP parser refused', () => [refusedCapture({ method: 'GET', path: '/scim/v2/Users?x=1', headers: [['Host', 'a'], ['Host', 'b']], status: 400, responseText: '{"status":"400"}', reason: 'bad header', size: 99, remoteAddress: '::1' }, SECRETS, 5, 1024)]],
];

describe('captures crossing to the recording worker as flat values', () => {
  it.each(CASES)('%s: the worker rebuilds exactly the capture a clone of the objects gives', (_name, make) => {
    const { rebuilt, cloned } = crossed(make());
    expect(rebuilt).toStrictEqual(cloned);
    expect(layout(rebuilt)).toEqual(layout(cloned));
  });

  it.each(CASES.filter(([name]) => name !== 'an empty batch'))('%s: crosses flat (no object where a capture starts)', (_name, make) => {
    const batch = make();
    const flat = encodeBatch(batch);
    expect(typeof flat[0]).toBe('number');
    expect(flat).not.toContain(batch[0]);
  });

  it('keeps one secrets list shared by the captures of a batch one list on the other side', () => {
    const { rebuilt } = crossed([lookup(1), lookup(2)]);
    expect(rebuilt[0]!.secrets).toBe(rebuilt[1]!.secrets);
  });

  it('sends a capture of another shape whole, and it still comes out the same, between flat ones', () => {
    const reordered = lookup(2);
    const { id, ...rest } = reordered.parts;
    reordered.parts = { ...rest, id } as CapturedExchange['parts'];
    const extra = { ...lookup(3), note: 'a field the wire does not name' } as CapturedExchange;
    const notAnObject = lookup(4, {}, { requestHeaders: null as never });
    const nothing = null as unknown as CapturedExchange;
    const batch = [lookup(1), reordered, extra, notAnObject, nothing, lookup(5)];
    const { flat, rebuilt, cloned } = crossed(batch);
    expect(flat.filter((v) => v !== null && batch.includes(v as CapturedExchange))).toEqual([reordered, extra, notAnObject]);
    expect(rebuilt[4]).toBeNull();
    expect(rebuilt).toStrictEqual(cloned);
    expect(layout(rebuilt)).toEqual(layout(cloned));
  });

  it('keeps bodiesNotKept captures bodiless and their sizes', () => {
    const [c] = crossed([withoutBodies(lookup(1, { request: { data: binaryBody(), json: false, size: 10 } }), BODY_NOT_KEPT)]).rebuilt;
    expect(c!.request).toStrictEqual({ data: null, json: false, size: 10 });
    expect(c!.bodiesNotKept).toBe(BODY_NOT_KEPT);
  });
});

function record(i: number, more: Partial<IndexRecord['summary']> = {}, changeIds: string[] = []): IndexRecord {
  return {
    summary: {
      id: `ex${i}`,
      seq: i,
      startedAt: '2026-12-05T08:00:00.123Z',
      durationMs: 1.5,
      client: 'okta',
      method: 'GET',
      path: '/scim/v2/Users',
      query: 'filter=userName eq "zoë"',
      status: 200,
      outcome: 'completed',
      operation: { kind: 'user.lookup', resourceType: 'User', resourceId: null, summary: 'Okta looked up zoë (not found)' },
      changeCount: changeIds.length,
      fault: null,
      lintCount: 0,
      lintLevel: null,
      retryOf: null,
      replayOf: null,
      ...more,
    },
    identifiers: 'zoë',
    changeIds,
  } as unknown as IndexRecord;
}

describe('entries coming back from the recording worker as flat values', () => {
  it('are the entries the worker made, field for field and in the same key order', () => {
    const entries: CompactEntry[] = [
      compactEntry(record(1), { gen: 2, offset: 100, length: 50 }),
      compactEntry(record(2, { startedAt: 'not a date', fault: { ruleId: 'r', name: 'n', action: 'error' }, replayOf: 'ex1', emulated: 'okta', lintLevel: 'warning', lintCount: 2 } as never, ['User:u1', 'Group:g1']), null, '{"a line":"the disk refused"}'),
      compactEntry(record(3, { status: 0, outcome: 'aborted' } as never), null),
    ];
    const back = entriesFromFlat(structuredClone(entriesToFlat(entries)));
    expect(back).toStrictEqual(entries);
    expect(back.map((e) => Object.keys(e))).toEqual(entries.map((e) => Object.keys(e)));
    expect(back.map(summaryOf)).toEqual(entries.map(summaryOf));
    expect(back[1]!.line).toBe('{"a line":"the disk refused"}');
    expect(back[2]!.gen).toBe(-1);
  });

  it('share this thread\'s copy of the repeated words, and one empty list of change ids', () => {
    const [a, b] = entriesFromFlat(structuredClone(entriesToFlat([compactEntry(record(1), null), compactEntry(record(2), null)])));
    expect(a!.changeIds).toBe(b!.changeIds);
    expect(a!.changeIds).toEqual([]);
    expect(entriesFromFlat(structuredClone(entriesToFlat([])))).toEqual([]);
  });
});
