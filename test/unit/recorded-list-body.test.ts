/**
 * The recording worker no longer parses the server's JSON answers back whole: a list page's
 * resources are parsed when read, and its text goes to the exchanges file as is (json-list-view.ts).
 * These cases prove that what is recorded is identical to what parsing and re-serializing gave: the
 * same JSON line on disk, the same summary, operation, lint findings and search identifiers, for list
 * pages (whole and cut at the body limit, empty, with awkward strings), errors, single resources,
 * proxied answers and raw text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_FILE, ExchangeFileWriter, INDEX_FILE, PREVIOUS_DATA_FILE, type IndexRecord } from '../../server/recorder/exchange-file.js';
import { RecordReader } from '../../server/recorder/exchange-file-reader.js';
import { assemble, interpret } from '../../server/recorder/exchange-assembly.js';
import { indexRecordOf } from '../../server/recorder/exchange-index-record.js';
import { lazyElements, listSpans, spansFit } from '../../server/recorder/json-list-view.js';
import { processCapture, recordBatch } from '../../server/recorder/record-processing.js';
import { recordResponseBody, recordResponseJsonText } from '../../server/recorder/recorded-body.js';
import { foreignBody, fromWire, type CapturedExchange } from '../../server/recorder/recording-wire.js';
import { tempDir } from '../helpers/temp-dir.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const BASE = 'http://127.0.0.1:7171/scim/v2';

function user(i: number, extra: Record<string, unknown> = {}) {
  const id = `2819c223-7f76-453a-919d-${String(i).padStart(12, '0')}`;
  return { schemas: [USER], id, externalId: `ext-${i}`, userName: `user${i}@example.com`, name: { givenName: 'Ann', familyName: `Lee ${i}` }, emails: [{ value: `user${i}@example.com`, type: 'work', primary: true }], active: i % 3 !== 0, groups: [], meta: { resourceType: 'User', created: '2026-01-01T00:00:00.000Z', lastModified: '2026-01-01T00:00:00.000Z', location: `${BASE}/Users/${id}`, version: `W/"${i}"` }, ...extra };
}
const list = (resources: unknown[], paging: Record<string, unknown> = { startIndex: 1, itemsPerPage: resources.length }, total = resources.length) => ({ schemas: [LIST], totalResults: total, ...paging, Resources: resources });

interface Case {
  name: string;
  path: string;
  query?: Record<string, string>;
  status?: number;
  body: unknown;
  /** Raw text instead of JSON.stringify(body). */
  text?: string;
  json?: boolean;
  foreign?: boolean;
  limit?: number;
  userAgent?: string;
}

const awkward = [
  user(1, { displayName: 'quote " and \\ backslash \\" and ] } [ { inside', nickName: 'Łukasz 🎉 Ünïcode \u2028 \u0000', title: '\\' }),
  user(2, { 'x-nested': [[1, [2, []]], { a: { b: [{}] } }], nickName: '"Resources":[' }),
  user(3, { numbers: [0, -1.5, 1e21, 1e-7, 123456789012], flags: [true, false, null] }),
];
const groups = [
  { schemas: [GROUP], id: 'g1', displayName: 'Sales', meta: { resourceType: 'Group', location: `${BASE}/Groups/g1` } },
  { schemas: [GROUP], id: 'g2', displayName: 'Ops', meta: { resourceType: 'Group', location: `${BASE}/Groups/g2` } },
  { schemas: [GROUP], id: 'g3', displayName: 'Eng', members: [{ value: '2819c223', display: 'ann' }], meta: { resourceType: 'Group', location: `${BASE}/Groups/g3` } },
];
const hundred = Array.from({ length: 100 }, (_, i) => user(i + 1));

const CASES: Case[] = [
  { name: 'an import page, whole', path: '/scim/v2/Users', query: { startIndex: '1', count: '100' }, body: list(hundred, { startIndex: 1, itemsPerPage: 100 }, 100_000) },
  { name: 'an import page over the body limit (cut)', path: '/scim/v2/Users', query: { startIndex: '50001', count: '100' }, body: list(hundred, { startIndex: 50_001, itemsPerPage: 100 }, 100_000), limit: 20_000 },
  { name: 'an import page cut to its first resource', path: '/scim/v2/Users', query: { startIndex: '1', count: '100' }, body: list(hundred, { startIndex: 1, itemsPerPage: 100 }, 100_000), limit: 1024 },
  { name: 'an Okta import page', path: '/scim/v2/Users', query: { startIndex: '1', count: '100' }, body: list(hundred.slice(0, 20)), userAgent: 'Okta SCIM Client 1.0.0' },
  { name: 'an empty list', path: '/scim/v2/Users', query: { filter: 'userName eq "nobody@example.com"' }, body: list([], { startIndex: 1, itemsPerPage: 0 }, 0) },
  { name: 'a lookup that finds one', path: '/scim/v2/Users', query: { filter: 'externalId eq "ext-7"' }, body: list([user(7)]) },
  { name: 'a lookup that finds one, with awkward strings', path: '/scim/v2/Users', query: { filter: 'userName eq "user1@example.com"' }, body: list([awkward[0]]) },
  { name: 'a lookup whose one resource is over the body limit', path: '/scim/v2/Users', query: { filter: 'externalId eq "ext-7"' }, body: list([user(7, { big: 'x'.repeat(3000) })]), limit: 1024 },
  { name: 'a page holding text like the line builder\'s body mark', path: '/scim/v2/Users', body: list([user(8, { nickName: '\u0000scimscope-body-' }), user(9, { title: '"\u0000scimscope-body-x"' })]) },
  { name: 'a lookup exactly at the body limit', path: '/scim/v2/Users', query: { filter: 'externalId eq "ext-7"' }, body: list([user(7)]), limit: Buffer.byteLength(JSON.stringify(list([user(7)]))) },
  { name: 'a list without Resources', path: '/scim/v2/Users', query: { filter: 'userName eq "x"' }, body: { schemas: [LIST], totalResults: 0 } },
  { name: 'a partial page without paging fields', path: '/scim/v2/Users', body: list(hundred.slice(0, 3), {}, 10) },
  { name: 'awkward strings, numbers and nesting', path: '/scim/v2/Users', body: list(awkward) },
  { name: 'awkward strings, cut', path: '/scim/v2/Users', body: list([...awkward, ...awkward, ...awkward]), limit: 2048 },
  { name: 'Resources first, members after it', path: '/scim/v2/Users', body: { Resources: hundred.slice(0, 4), zz: { Resources: [1] }, totalResults: '4', schemas: [LIST] }, limit: 2048 },
  { name: 'Resources that is not an array', path: '/scim/v2/Users', body: { schemas: [LIST], totalResults: 1, Resources: { id: 'x' } } },
  { name: 'a body already carrying the truncation note', path: '/scim/v2/Users', body: { ...list(hundred.slice(0, 10)), 'scimscope:truncated': 'x' }, limit: 2048 },
  { name: 'groups listed although members were excluded', path: '/scim/v2/Groups', query: { excludedAttributes: 'members' }, body: list(groups) },
  { name: 'pretty-printed JSON', path: '/scim/v2/Users', body: null, text: JSON.stringify(list(hundred.slice(0, 5)), null, 2) },
  { name: 'a read by id', path: `/scim/v2/Users/${user(5).id}`, body: user(5) },
  { name: 'a read, pretty-printed', path: `/scim/v2/Users/${user(5).id}`, body: null, text: JSON.stringify(user(5), null, 2) },
  { name: 'a read whose strings hold ", " and ": "', path: `/scim/v2/Users/${user(5).id}`, body: user(5, { title: 'Lee, Ann: CTO [ { x } ]' }) },
  { name: 'a read with awkward strings', path: `/scim/v2/Users/${awkward[0]!.id}`, body: awkward[0] },
  { name: 'a read with numbers and nesting', path: `/scim/v2/Users/${awkward[2]!.id}`, body: awkward[1] },
  { name: 'a read holding text like the line builder\'s body mark', path: `/scim/v2/Users/${user(8).id}`, body: user(8, { nickName: '\u0000scimscope-body-', title: '"\u0000scimscope-body-x"' }) },
  { name: 'a read exactly at the body limit', path: `/scim/v2/Users/${user(5).id}`, body: user(5), limit: Buffer.byteLength(JSON.stringify(user(5))) },
  { name: 'a read one byte over the body limit', path: `/scim/v2/Users/${user(5).id}`, body: user(5), limit: Buffer.byteLength(JSON.stringify(user(5))) - 1 },
  { name: 'an answer that is a JSON string', path: '/scim/v2/Users/x', body: 'just text' },
  { name: 'a single resource over the limit', path: `/scim/v2/Users/${user(5).id}`, body: user(5, { big: 'x'.repeat(3000) }), limit: 1024 },
  { name: 'a 404', path: '/scim/v2/Users/nope', status: 404, body: { schemas: [ERROR], status: '404', detail: 'Resource nope not found' } },
  { name: 'a 409 without scimType', path: '/scim/v2/Users', status: 409, body: { schemas: [ERROR], status: 409, detail: 'userName already taken' } },
  { name: 'a proxied list page', path: '/scim/v2/Users', body: list(hundred.slice(0, 30)), foreign: true, limit: 4096 },
  { name: 'a proxied answer with a secret', path: '/scim/v2/Users/x', body: { id: 'x', userName: 'a', password: 'hunter2hunter2' }, foreign: true },
  { name: 'raw text a fault wrote', path: '/scim/v2/Users', body: null, text: '{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"Resources":[{"id":', json: false },
];

function captureOf(c: Case): CapturedExchange {
  const text = c.text ?? JSON.stringify(c.body);
  return {
    parts: { id: 'ex1', seq: 1, startedAt: '2026-12-04T18:00:00.000Z', durationMs: 1.25, outcome: 'completed', method: 'GET', path: c.path, query: c.query ?? {}, requestHeaders: { Host: '127.0.0.1', 'User-Agent': c.userAgent ?? 'curl/8', Authorization: 'Bearer [redacted]' }, remoteAddress: '127.0.0.1', status: c.status ?? 200, responseHeaders: { 'content-type': 'application/scim+json; charset=utf-8' }, changes: [], fault: null, retryOf: null, replayOf: null, upstream: null },
    request: { data: null, json: false, size: 0 },
    response: { data: text, json: c.json ?? !c.foreign, size: Buffer.byteLength(text), ...(c.foreign ? { foreign: true } : {}) },
    inputs: { leniencies: [], resourceType: c.path.includes('Groups') ? 'Group' : 'User', resourceId: null, error: null, lookups: {}, rawQuery: new URLSearchParams(c.query ?? {}).toString() },
    limit: c.limit ?? 64 * 1024,
  };
}

/** What recording did before: parse the server's text back whole, interpret, serialize the exchange. */
function parsedAndSerialized(capture: CapturedExchange) {
  const { parts, parsedBody } = fromWire({ ...capture, response: { data: null, json: false, size: 0 } });
  const text = capture.response.data as string;
  const { size } = capture.response;
  const responseBody = capture.response.foreign
    ? foreignBody(text, size, capture.limit)
    : capture.response.json
      ? recordResponseBody({ responseJson: JSON.parse(text) as unknown, responseBytes: size }, capture.limit)
      : recordResponseBody({ responseText: text, responseBytes: size }, capture.limit);
  const whole = { ...parts, responseBody };
  const exchange = assemble(whole, interpret(whole, { ...capture.inputs, parsedBody }));
  return { line: JSON.stringify(exchange), record: indexRecordOf(exchange) };
}

describe('recording a response without parsing it back whole', () => {
  it.each(CASES)('$name: the same line on disk, summary, lint and identifiers', (c) => {
    const capture = captureOf(c);
    const before = parsedAndSerialized(capture);
    const { exchange, line } = processCapture(capture);
    expect(line).toBe(before.line);
    expect(indexRecordOf(exchange)).toEqual(before.record);
    const [result] = recordBatch([capture], null, () => {});
    expect(result!.record).toEqual(before.record);
    expect(result!.line).toBe(before.line);
    expect(JSON.parse(line)).toEqual(JSON.parse(before.line));
  });

  it('finds the lint the whole body shows (members listed though excluded; a partial page without paging)', () => {
    const codes = (c: Case) => JSON.parse(processCapture(captureOf(c)).line).lint.map((l: { code: string }) => l.code);
    expect(codes(CASES.find((c) => c.name.startsWith('groups listed'))!)).toContain('response.excludedAttributes.ignored');
    expect(codes(CASES.find((c) => c.name.startsWith('a partial page'))!)).toContain('response.list.paging.missing');
  });

  it('keeps the cut page JSON with its first resources and a note', () => {
    const c = CASES[1]!;
    const recorded = JSON.parse(processCapture(captureOf(c)).line).response;
    expect(recorded.bodyTruncated).toBe(true);
    expect(recorded.body.Resources.length).toBeGreaterThan(1);
    expect(recorded.body.Resources.length).toBeLessThan(100);
    expect(recorded.body.Resources[0].userName).toBe('user1@example.com');
    expect(recorded.body['scimscope:truncated']).toMatch(/more resources were sent but not recorded/);
  });
});

describe("a single resource's text (a read, a create's or a PATCH's answer)", () => {
  const text = JSON.stringify(user(5, { nickName: 'Łukasz 🎉 \u2028 "q" \\', numbers: [0, -1.5, 1e21, 1e-7], nested: [[1, [2, []]], { a: { b: [{}] } }] }));
  const size = Buffer.byteLength(text);
  it('is the body\'s JSON for the exchanges file, as the server serialized it, not serialized again', () => {
    const record = recordResponseJsonText(text, size, 64 * 1024);
    expect(record.json).toBe(text);
    expect(JSON.stringify(record.body)).toBe(text);
  });
  it.each([
    { name: 'over the body limit', text, limit: size - 1 },
    { name: 'a JSON string', text: '"just text"', limit: 64 * 1024 },
    { name: 'JSON null', text: 'null', limit: 64 * 1024 },
    { name: 'compact but with ", " inside a string (serialized again, the same text)', text: JSON.stringify(user(5, { title: 'Lee, Ann' })), limit: 64 * 1024 },
    { name: 'pretty-printed', text: JSON.stringify(awkward[0], null, 2), limit: 64 * 1024 },
    { name: 'spaced after a colon only', text: '{"id":"x","userName": "a"}', limit: 64 * 1024 },
    { name: 'spaced before a closing brace only', text: '{"id":"x","userName":"a" }', limit: 64 * 1024 },
  ])('is not carried when the body is $name', (c) => {
    expect(recordResponseJsonText(c.text, Buffer.byteLength(c.text), c.limit).json).toBeUndefined();
  });
});

describe('a list page recorded with the spans the server handed over (scim/list-page.ts)', () => {
  const pages = CASES.filter((c) => c.json !== false && !c.foreign && listSpans(c.text ?? JSON.stringify(c.body)) !== null);
  const withSpans = (c: Case, spans: CapturedExchange['response']['spans']) => {
    const capture = captureOf(c);
    return { capture, handed: { ...capture, response: { ...capture.response, spans } } };
  };

  it.each(pages)('$name: spans that fit give the same line and record as a scan', (c) => {
    const { capture, handed } = withSpans(c, listSpans(captureOf(c).response.data as string)!);
    const before = parsedAndSerialized(capture);
    const [result] = recordBatch([handed], null, () => {});
    expect(result!.line).toBe(before.line);
    expect(result!.record).toEqual(before.record);
  });

  // Spans made for another text (a scrubbed secret, an edited or replaced answer): refused, the text is scanned.
  const other = JSON.stringify(list(hundred.slice(0, 7).map((u) => ({ ...u, nickName: 'a longer nick name than before' }))));
  const wrong: { name: string; spans: (text: string) => NonNullable<CapturedExchange['response']['spans']> }[] = [
    { name: "another page's spans", spans: () => listSpans(other)! },
    { name: 'spans shifted by one character', spans: (text) => { const s = listSpans(text)!; return { valueStart: s.valueStart + 1, valueEnd: s.valueEnd, elements: s.elements.map((e) => e + 1) }; } },
    { name: 'spans missing the last resource', spans: (text) => { const s = listSpans(text)!; return { ...s, elements: s.elements.slice(0, -2) }; } },
    { name: 'spans of an empty page', spans: () => ({ valueStart: 13, valueEnd: 16, elements: [] }) },
  ];
  const table = pages.filter((c) => (listSpans(c.text ?? JSON.stringify(c.body))?.elements.length ?? 0) >= 4).flatMap((c) => wrong.map((w) => ({ ...w, c, label: `${c.name}, ${w.name}` })));
  it.each(table)('$label: do not fit, and the record is the scanned one', ({ c, spans }) => {
    const text = captureOf(c).response.data as string;
    const given = spans(text);
    expect(spansFit(text, given)).toBe(false);
    const { capture, handed } = withSpans(c, given);
    const before = parsedAndSerialized(capture);
    const [result] = recordBatch([handed], null, () => {});
    expect(result!.line).toBe(before.line);
    expect(result!.record).toEqual(before.record);
  });
});

describe('listSpans and lazyElements', () => {
  it('finds the resources of compact JSON and refuses anything else', () => {
    const text = JSON.stringify(list(awkward));
    const spans = listSpans(text)!;
    expect(spans.elements.length).toBe(6);
    expect(JSON.parse(text.slice(spans.valueStart, spans.valueEnd))).toEqual(awkward);
    expect(listSpans('{"a":"Resources\\":[","Resources":[{"id":"1"}]}')!.elements).toEqual([34, 44]);
    for (const refused of [JSON.stringify(list(awkward), null, 1), '[1,2]', '"text"', '{}', '{"Resources":[1,2]', '{"Resources":[1,2]}x', '{"a":1,"Resources":[1],"Resources":[2]}', '{"totalResults":0}', '{"xResources":[1]}', '{"a":"Resources\\":[1]"}']) {
      expect(listSpans(refused)).toBeNull();
    }
  });

  it('behaves like the parsed array, parsing only what is read', () => {
    const text = JSON.stringify(awkward);
    const spans = listSpans(`{"Resources":${text}}`)!;
    const shifted = spans.elements.map((n) => n - '{"Resources":'.length);
    const lazy = lazyElements(text, shifted, 3);
    expect(Array.isArray(lazy)).toBe(true);
    expect(lazy.length).toBe(3);
    expect(lazy[1]).toEqual(awkward[1]);
    expect([...lazy]).toEqual(awkward);
    expect(lazy.some((r) => (r as { id: string }).id === awkward[2]!.id)).toBe(true);
    expect(lazy.slice(0, 2)).toEqual(awkward.slice(0, 2));
    expect(JSON.stringify(lazy)).toBe(text);
    expect(Object.keys(lazy)).toEqual(['0', '1', '2']);
    expect(lazy).toEqual(awkward);
    expect(structuredClone([...lazy])).toEqual(awkward);
  });
});

describe('the exchanges file written from pieces', () => {
  it('puts each line where its index says, across a rotation, a grown buffer and characters beyond Latin-1', async () => {
    const { dir, remove } = await tempDir();
    try {
      const writer = new ExchangeFileWriter(dir, 5, { gen: 1, linesInCurrent: 0, startWithNewline: true });
      const big = JSON.stringify(list(hundred));
      const lines = Array.from({ length: 8 }, (_, i) => ({
        id: `ex${i}`,
        pieces: [`{"id":"ex${i}","summary":"users 1–100 … ${'é'.repeat(i)}","body":`, i % 3 === 0 ? big.repeat(1 + i * 2) : big, '}'],
      }));
      const record = (id: string): IndexRecord => ({ summary: { id } as IndexRecord['summary'], identifiers: '', changeIds: [] });
      const first = writer.append(lines.slice(0, 7).map((l) => ({ pieces: l.pieces, record: record(l.id) })));
      const second = writer.append([{ line: lines[7]!.pieces.join(''), record: record('ex7') }]);
      writer.close();
      const locations = [...first, ...second];
      expect(locations.map((l) => l.gen)).toEqual([1, 1, 1, 1, 1, 2, 2, 2]);
      const reader = new RecordReader(dir, 2);
      try {
        locations.forEach((at, i) => expect(reader.read(at, `ex${i}`)).toBe(lines[i]!.pieces.join('')));
      } finally {
        reader.close();
      }
      // The old file began with the newline that ends a torn line; the new index names offsets in the new file.
      expect(fs.readFileSync(path.join(dir, PREVIOUS_DATA_FILE), 'utf8').startsWith('\n{"id":"ex0"')).toBe(true);
      const index = fs.readFileSync(path.join(dir, INDEX_FILE), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { offset: number; length: number });
      expect(index.map((l) => [l.offset, l.length])).toEqual(locations.slice(5).map((l) => [l.offset, l.length]));
      expect(fs.statSync(path.join(dir, DATA_FILE)).size).toBe(locations.slice(5).reduce((n, l) => n + l.length + 1, 0));
    } finally {
      await remove();
    }
  });
});
