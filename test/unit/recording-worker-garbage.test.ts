/**
 * The recording worker's allocation cuts (docs/decisions.md, "Recording worker garbage and young
 * generation") must give what the longer way gave: case-insensitive member and parameter reads pick the same key,
 * list parameters read once per exchange belong to that exchange, the usual exchange and its summary
 * keep their keys in the same order, and index lines encoded straight into the writer's buffer are
 * the lines `indexLine` gives, whole and in order when a batch is larger than the buffer.
 */
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Exchange } from '../../server/contract/exchange.js';
import { assemble, type ExchangeParts, type Interpretation } from '../../server/recorder/exchange-assembly.js';
import { DATA_FILE, ExchangeFileWriter, INDEX_FILE, indexLine, type IndexRecord } from '../../server/recorder/exchange-file.js';
import { indexRecordOf, toSummary } from '../../server/recorder/exchange-index-record.js';
import { listParamsOf, member, param } from '../../server/recorder/scim-shape-read.js';
import { exchangeFacts } from '../helpers/exchange-facts.js';
import { tempDir } from '../helpers/temp-dir.js';

/** The reads as they were written before: every key lower-cased, the first match in key order. */
const memberBefore = (obj: Record<string, unknown>, name: string) => {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return obj[name];
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : obj[key];
};

describe('member and param', () => {
  const objects: { name: string; obj: Record<string, unknown>; ask: string[] }[] = [
    { name: 'exact spelling', obj: { userName: 'a', count: 1 }, ask: ['userName', 'count', 'USERNAME', 'Count'] },
    { name: 'other case only', obj: { USERNAME: 'a', StartIndex: '2' }, ask: ['userName', 'startIndex', 'username'] },
    { name: 'two spellings of one name: the first in key order', obj: { Count: '1', COUNT: '2', count2: 3 }, ask: ['count', 'cOUNT', 'count2'] },
    { name: 'same length, different name', obj: { filtex: 'x', filter: 'y' }, ask: ['FILTER', 'filtex', 'filtey'] },
    { name: 'integer-like keys', obj: { 2: 'two', a: 1 }, ask: ['2', 'A'] },
    { name: 'empty', obj: {}, ask: ['x', ''] },
    { name: 'non-ASCII keys', obj: { 'Ärger': 1, 'ärger': 2 }, ask: ['ÄRGER', 'ärger'] },
  ];
  it.each(objects)('$name: the member the old read found', ({ obj, ask }) => {
    for (const name of ask) expect(member(obj, name)).toBe(memberBefore(obj, name));
  });
  it.each(objects)('$name: the parameter the old read found', ({ obj, ask }) => {
    const query = Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, String(v)]));
    const before = (name: string) => {
      const key = Object.keys(query).find((k) => k.toLowerCase() === name.toLowerCase());
      return key === undefined ? undefined : query[key];
    };
    for (const name of ask) expect(param(query, name)).toBe(before(name));
  });
});

describe('listParamsOf', () => {
  it('answers each exchange with its own parameters, asked in turn and again', () => {
    const first = exchangeFacts({ query: { filter: 'userName eq "a"', startIndex: '3', count: '10' } });
    const second = exchangeFacts({ query: { Filter: ' displayName eq "b" ', COUNT: '2' } });
    const search = exchangeFacts({ method: 'POST', scimPath: '/Users/.search', body: { filter: 'id eq "c"', startIndex: 0 } });
    const expected = [
      [first, { filter: 'userName eq "a"', startIndex: 3, count: 10 }],
      [second, { filter: 'displayName eq "b"', startIndex: undefined, count: 2 }],
      [search, { filter: 'id eq "c"', startIndex: 0, count: undefined }],
    ] as const;
    for (let round = 0; round < 2; round++) {
      for (const [facts, params] of expected) {
        expect(listParamsOf(facts)).toEqual(params);
        expect(listParamsOf(facts)).toEqual(params);
      }
    }
  });

  it('keeps no exchange facts once nothing else does: the last list page and its parsed bodies are not held', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    // Made in a function of its own: a suspended async function may still hold its last locals.
    const interpretPages = () =>
      Array.from({ length: 3 }, (_, i) => {
        const facts = exchangeFacts({ query: { filter: `userName eq "u${i}"`, count: '100' }, responseBody: { Resources: Array.from({ length: 100 }, (_, j) => ({ id: `${i}-${j}` })) } });
        if (listParamsOf(facts).count !== 100) throw new Error('count not read');
        return new WeakRef(facts);
      });
    const refs = interpretPages();
    // A WeakRef's target is kept for the rest of the job that made it: collect on the next turn.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(refs.map((r) => r.deref() === undefined)).toEqual([true, true, true]);
  });
});

describe('assemble and toSummary', () => {
  const parts: ExchangeParts = {
    id: 'ex1', seq: 4, startedAt: '2026-12-05T06:00:00.000Z', durationMs: 1.5, outcome: 'completed', method: 'GET', path: '/scim/v2/Users',
    query: { filter: 'userName eq "a"', count: '1' }, requestHeaders: { Accept: '*/*' }, remoteAddress: '127.0.0.1',
    requestBody: { body: null, size: 0, truncated: false }, status: 200, responseHeaders: { 'content-type': 'application/scim+json' },
    responseBody: { body: { totalResults: 0 }, size: 16, truncated: false }, changes: [], fault: null, retryOf: null, replayOf: null,
  };
  const interpretation: Interpretation = {
    client: 'okta', operation: { kind: 'user.lookup', resourceType: 'User', resourceId: null, summary: 'Okta looked up a (not found)' },
    lint: [{ code: 'x', level: 'info', message: 'm' }, { code: 'y', level: 'warning', message: 'n' }], emulated: null,
  };
  const breakpoint = { ruleId: 'r1', name: 'pause', phase: 'request', resolution: 'continued', pausedMs: 12, edits: [] } as unknown as NonNullable<ExchangeParts['breakpoint']>;
  const upstream = { url: 'http://127.0.0.1:9/scim/v2/Users', status: 200, durationMs: 1 } as unknown as NonNullable<ExchangeParts['upstream']>;
  /** The exchange as it was assembled before: optional members spread in. */
  const assembledBefore = (p: ExchangeParts, i: Interpretation): Exchange => ({
    id: p.id, seq: p.seq, startedAt: p.startedAt, durationMs: p.durationMs, client: i.client,
    ...(i.emulated !== null ? { emulated: i.emulated } : {}),
    request: { method: p.method, path: p.path, query: p.query, headers: p.requestHeaders, body: p.requestBody.body, bodySize: p.requestBody.size, bodyTruncated: p.requestBody.truncated, remoteAddress: p.remoteAddress },
    response: { status: p.status, headers: p.responseHeaders, body: p.responseBody.body, bodySize: p.responseBody.size, bodyTruncated: p.responseBody.truncated },
    operation: i.operation, changes: p.changes, fault: p.fault, lint: i.lint, outcome: p.outcome, retryOf: p.retryOf, replayOf: p.replayOf,
    ...(p.upstream ? { upstream: p.upstream } : {}),
    ...(p.breakpoint ? { breakpoint: p.breakpoint } : {}),
  });
  const cases = [
    { name: 'the usual exchange', p: parts, i: interpretation },
    { name: 'emulated', p: parts, i: { ...interpretation, emulated: 'okta' } },
    { name: 'proxied', p: { ...parts, upstream }, i: interpretation },
    { name: 'paused at a breakpoint, emulated', p: { ...parts, breakpoint }, i: { ...interpretation, emulated: 'entra' } },
    { name: 'null upstream and breakpoint', p: { ...parts, upstream: null, breakpoint: null }, i: interpretation },
    { name: 'no lint, empty query', p: { ...parts, query: {} }, i: { ...interpretation, lint: [] } },
  ];
  it.each(cases)('$name: same keys, same order, same summary line', ({ p, i }) => {
    const exchange = assemble(p, i);
    expect(JSON.stringify(exchange)).toBe(JSON.stringify(assembledBefore(p, i)));
    const levels = exchange.lint.map((l) => l.level);
    const summaryBefore = {
      id: exchange.id, seq: exchange.seq, startedAt: exchange.startedAt, durationMs: exchange.durationMs, client: exchange.client, method: exchange.request.method, path: exchange.request.path,
      query: Object.entries(exchange.request.query).map(([k, v]) => `${k}=${v}`).join('&'), status: exchange.response.status, outcome: exchange.outcome, operation: exchange.operation,
      changeCount: exchange.changes.length, fault: exchange.fault, lintCount: exchange.lint.length,
      lintLevel: levels.includes('error') ? 'error' : levels.includes('warning') ? 'warning' : levels.includes('info') ? 'info' : null,
      retryOf: exchange.retryOf ?? null, replayOf: exchange.replayOf ?? null,
      ...(exchange.emulated ? { emulated: exchange.emulated } : {}),
      ...(exchange.breakpoint ? { breakpoint: { ruleId: exchange.breakpoint.ruleId, name: exchange.breakpoint.name, phase: exchange.breakpoint.phase, resolution: exchange.breakpoint.resolution, pausedMs: exchange.breakpoint.pausedMs } } : {}),
    };
    expect(JSON.stringify(toSummary(exchange))).toBe(JSON.stringify(summaryBefore));
  });
});

describe('ExchangeFileWriter index lines', () => {
  let dir: { dir: string; remove: () => Promise<void> };
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('writes the lines indexLine gives, in a batch and across batches, with multi-byte text', () => {
    const record = (n: number, text: string): IndexRecord => ({ ...indexRecordOf(assemble({
      id: `ex${n}`, seq: n, startedAt: '2026-12-05T06:00:00.000Z', durationMs: 1, outcome: 'completed', method: 'GET', path: '/scim/v2/Users', query: {}, requestHeaders: {},
      remoteAddress: '127.0.0.1', requestBody: { body: null, size: 0, truncated: false }, status: 200, responseHeaders: {}, responseBody: { body: { userName: text }, size: 10, truncated: false },
      changes: [], fault: null, retryOf: null, replayOf: null,
    }, { client: 'okta', operation: { kind: 'user.read', resourceType: 'User', resourceId: `u${n}`, summary: `Okta read ${text}` }, lint: [], emulated: null })) });
    const entries = [
      { line: '{"id":"ex1"}', record: record(1, 'plain') },
      { pieces: ['{"id":"ex2",', '"body":"users 1–100 ✓ 🎉"', '}'], record: record(2, 'Łukasz – 🎉') },
      { line: '{"id":"ex3"}', record: record(3, 'x'.repeat(70_000)) },
    ];
    const writer = new ExchangeFileWriter(dir.dir, 100, null);
    const first = writer.append(entries.slice(0, 2));
    const second = writer.append(entries.slice(2));
    writer.close();
    const locations = [...first, ...second];
    const lines = entries.map((e) => e.line ?? e.pieces!.join(''));
    expect(fs.readFileSync(path.join(dir.dir, DATA_FILE), 'utf8')).toBe(lines.map((l) => `${l}\n`).join(''));
    const expected = entries.map((e, k) => indexLine(e.record, locations[k]!.offset, locations[k]!.length)).join('');
    expect(fs.readFileSync(path.join(dir.dir, INDEX_FILE), 'utf8')).toBe(expected);
    expect(locations.map((l) => l.length)).toEqual(lines.map((l) => Buffer.byteLength(l)));
  });

  it('writes batches larger than its buffer (import pages, a line larger than the buffer) whole and in order', () => {
    const page = (n: number, size: number) => `{"id":"p${n}","body":"${(n % 2 ? 'é' : 'x').repeat(size)}"}`;
    const batches = [
      Array.from({ length: 20 }, (_, n) => ({ pieces: [page(n, 30_000), '', '{"tail":1}'], record: { n } as unknown as IndexRecord })),
      [{ line: page(99, 700_000), record: { n: 99 } as unknown as IndexRecord }, { line: page(100, 10), record: { n: 100 } as unknown as IndexRecord }],
      [{ line: page(101, 10), record: { n: 101 } as unknown as IndexRecord }],
    ];
    const writer = new ExchangeFileWriter(dir.dir, 1000, null);
    const locations = batches.flatMap((batch) => writer.append(batch));
    writer.close();
    const entries = batches.flat();
    const lines = entries.map((e) => ('line' in e ? e.line : e.pieces.join('')));
    const data = fs.readFileSync(path.join(dir.dir, DATA_FILE));
    expect(data.toString('utf8')).toBe(lines.map((l) => `${l}\n`).join(''));
    lines.forEach((l, k) => expect(data.subarray(locations[k]!.offset, locations[k]!.offset + locations[k]!.length).toString('utf8')).toBe(l));
    expect(fs.readFileSync(path.join(dir.dir, INDEX_FILE), 'utf8')).toBe(entries.map((e, k) => indexLine(e.record, locations[k]!.offset, locations[k]!.length)).join(''));
  });
});
