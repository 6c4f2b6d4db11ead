/**
 * What the recording worker's results cost the main thread to receive, per exchange, in the two
 * shapes they have had: the index records (`{ summary, identifiers, changeIds }` with the location),
 * made into the log's entries on the main thread (`compactEntry`), against the entries the worker
 * built, only copied into this thread's shape (`adoptEntry`). Both from the same lookups recorded by
 * this tree's `recordBatch`; each batch of 20 is serialized once up front as the port would
 * (v8.serialize: the structured clone's format), and each block times its deserialization and the
 * making of the entries (the main thread's side of a results message). Blocks alternate; CPU of
 * this thread from /proc (stats.ts threadNs), so the ratio holds on a loaded machine.
 *
 * Usage: node --import tsx bench/handoff-results-cpu.ts
 * Environment: RESULTS_N=4000 (exchanges per block)  RESULTS_ROUNDS=12
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { ExchangeFileWriter } from '../server/recorder/exchange-file.js';
import { adoptEntry, compactEntry, type CompactEntry } from '../server/recorder/compact-entry.js';
import { recordBatch } from '../server/recorder/record-processing.js';
import type { CapturedExchange, WireResult } from '../server/recorder/recording-wire.js';
import { spread, threadNs } from './stats.js';

const N = Number(process.env.RESULTS_N ?? 4000);
const ROUNDS = Number(process.env.RESULTS_ROUNDS ?? 12);
const BATCH = 20;
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** A `userName eq` lookup's capture, its strings flat (parsed back from JSON), as the recorder hands it over. */
function lookup(seq: number): CapturedExchange {
  const userName = `user${seq}@example.com`;
  const id = `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;
  const resource = { schemas: [USER], id, userName, name: { givenName: `Given${seq}`, familyName: 'Family' }, emails: [{ value: userName, primary: true }], active: true, meta: { resourceType: 'User', created: '2026-12-05T05:00:00.000Z', lastModified: '2026-12-05T05:00:00.000Z', version: 'W/"1"', location: `http://127.0.0.1:7171/scim/v2/Users/${id}` } };
  const text = JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 100_000, startIndex: 1, itemsPerPage: 1, Resources: [resource] });
  const filter = `userName eq "${userName}"`;
  return JSON.parse(
    JSON.stringify({
      parts: { id: `res-${seq}`, seq, startedAt: new Date(Date.UTC(2026, 11, 5, 5, 0, 0, seq)).toISOString(), durationMs: 0.42, outcome: 'completed', method: 'GET', path: '/scim/v2/Users', query: { filter, startIndex: '1', count: '100' }, requestHeaders: { host: '127.0.0.1:7171', Authorization: 'Bearer [redacted]', 'user-agent': 'Okta SCIM Client 1.0.0' }, remoteAddress: '127.0.0.1', status: 200, responseHeaders: { 'content-type': 'application/scim+json; charset=utf-8' }, changes: [], fault: null, retryOf: null, replayOf: null, upstream: null },
      request: { data: null, json: false, size: 0 },
      response: { data: text, json: true, size: Buffer.byteLength(text) },
      inputs: { leniencies: [], resourceType: 'User', resourceId: null, error: null, lookups: {}, rawQuery: `filter=${encodeURIComponent(filter)}&startIndex=1&count=100` },
      limit: 65_536,
    }),
  ) as CapturedExchange;
}

const records: Buffer[] = [];
const entries: Buffer[] = [];
// Written to a real exchanges file, as the worker does (so each result carries its location, not its line).
const dir = mkdtempSync(path.join(os.tmpdir(), 'scimscope-results-cpu-'));
const file = new ExchangeFileWriter(dir, 100_000, null);
for (let i = 0; i < N; i += BATCH) {
  const results: WireResult[] = recordBatch(Array.from({ length: BATCH }, (_, k) => lookup(i + k + 1)), file, () => undefined);
  records.push(v8.serialize({ type: 'results', results }));
  entries.push(v8.serialize({ type: 'results', results: results.map((r) => compactEntry(r.record, r.location, r.line)) }));
}
file.close();
rmSync(dir, { recursive: true, force: true });
// The same entries either way (what the log stores).
const a = (v8.deserialize(records[0]!) as { results: WireResult[] }).results.map((r) => compactEntry(r.record, r.location, r.line));
const b = (v8.deserialize(entries[0]!) as { results: CompactEntry[] }).results.map(adoptEntry);
if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error('the two shapes give different entries');

const kept: CompactEntry[] = [];
const arms = {
  'index records, compactEntry here': () => {
    for (const message of records) for (const r of (v8.deserialize(message) as { results: WireResult[] }).results) kept.push(compactEntry(r.record, r.location, r.line));
  },
  'entries from the worker, adoptEntry': () => {
    for (const message of entries) for (const e of (v8.deserialize(message) as { results: CompactEntry[] }).results) kept.push(adoptEntry(e));
  },
};
type Name = keyof typeof arms;
const names = Object.keys(arms) as Name[];
const us = new Map<Name, number[]>(names.map((n) => [n, []]));
for (const name of names) arms[name]();
for (let r = 0; r < ROUNDS; r++) {
  for (const name of r % 2 === 0 ? names : [...names].reverse()) {
    kept.length = 0;
    const before = threadNs().get(process.pid)!;
    arms[name]();
    us.get(name)!.push((threadNs().get(process.pid)! - before) / 1000 / N);
  }
}
const [x, y] = names;
console.log(`bytes per exchange in the message: index records ${(records.reduce((n, m) => n + m.length, 0) / N).toFixed(0)}, entries ${(entries.reduce((n, m) => n + m.length, 0) / N).toFixed(0)}`);
for (const name of names) console.log(`${name}: ${spread(us.get(name)!, (v) => v.toFixed(2))} µs of main-thread CPU per exchange (median (min–max) of ${ROUNDS} blocks of ${N})`);
console.log(`entries / index records, per round: ${spread(us.get(y!)!.map((v, i) => v / us.get(x!)![i]!), (v) => v.toFixed(2))}`);
