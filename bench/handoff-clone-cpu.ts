/**
 * What the structured clone of the recording hand-off costs, objects against flat values, in one
 * thread: batches of 20 lookup captures (as fullCapture makes them, strings flat, one shared secrets
 * list) posted through a real MessageChannel, and batches of 20 entries coming back, in blocks that
 * alternate between the two forms. The thread's CPU (/proc/self/task/<tid>/schedstat) is read around
 * the posts (the sender: encoding and the clone) and around their delivery (the receiver:
 * deserialization, decoding, and for entries what the main thread keeps of each). Per-round ratios
 * flat / objects, median (min–max).
 *
 * Usage: node --import tsx bench/handoff-clone-cpu.ts
 * Environment: CLONE_ROUNDS=15  CLONE_BATCHES=500 (batches of 20 per block)
 */
import { MessageChannel } from 'node:worker_threads';
import { decodeBatch, encodeBatch } from '../server/recorder/capture-flat.js';
import { compactEntry, entriesFromFlat, entriesToFlat, type CompactEntry } from '../server/recorder/compact-entry.js';
import type { IndexRecord } from '../server/recorder/exchange-file.js';
import type { CapturedExchange } from '../server/recorder/recording-wire.js';
import { spread, threadNs } from './stats.js';

const ROUNDS = Number(process.env.CLONE_ROUNDS ?? 15);
const BATCHES = Number(process.env.CLONE_BATCHES ?? 500);
const BATCH = 20;
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const SECRETS: readonly string[] = ['tok-0123456789abcdef'];

function capture(seq: number): CapturedExchange {
  const userName = `user${seq}@example.com`;
  const id = `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;
  const text = JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1, startIndex: 1, itemsPerPage: 1, Resources: [{ schemas: [USER], id, userName, active: true, meta: { resourceType: 'User', location: `http://127.0.0.1:7171/scim/v2/Users/${id}` } }] });
  const filter = `userName eq "${userName}"`;
  const c = JSON.parse(
    JSON.stringify({
      parts: { id: `wire-${seq}`, seq, startedAt: new Date().toISOString(), durationMs: 0.42, outcome: 'completed', method: 'GET', path: '/scim/v2/Users', query: { filter }, requestHeaders: { host: '127.0.0.1:7171', connection: 'keep-alive', Authorization: 'Bearer [redacted]', accept: 'application/scim+json', 'user-agent': 'Okta SCIM Client 1.0.0' }, remoteAddress: '127.0.0.1', status: 200, responseHeaders: { 'x-powered-by': 'Scimscope', 'content-type': 'application/scim+json; charset=utf-8', etag: 'W/"1"', 'content-length': String(text.length) }, changes: [], fault: null, retryOf: null, replayOf: null, upstream: null },
      request: { data: null, json: false, size: 0 },
      response: { data: text, json: true, size: Buffer.byteLength(text), spans: { valueStart: 70, valueEnd: text.length - 1, elements: [71, text.length - 2] } },
      inputs: { leniencies: [], resourceType: 'User', resourceId: null, error: null, lookups: {}, rawQuery: `filter=${encodeURIComponent(filter)}` },
      limit: 65_536,
    }),
  ) as CapturedExchange;
  c.secrets = SECRETS;
  return c;
}

function entry(seq: number): CompactEntry {
  const record = {
    summary: { id: `wire-${seq}`, seq, startedAt: new Date().toISOString(), durationMs: 0.42, client: 'okta', method: 'GET', path: '/scim/v2/Users', query: `filter=userName eq "user${seq}@example.com"`, status: 200, outcome: 'completed', operation: { kind: 'user.lookup', resourceType: 'User', resourceId: null, summary: `Okta looked up user${seq}@example.com (found)` }, changeCount: 0, fault: null, lintCount: 0, lintLevel: null, retryOf: null, replayOf: null },
    identifiers: `user${seq}@example.com`,
    changeIds: [],
  } as unknown as IndexRecord;
  return JSON.parse(JSON.stringify(compactEntry(record, { gen: 1, offset: seq * 1000, length: 990 }))) as CompactEntry;
}

const captures = Array.from({ length: BATCHES }, (_, b) => Array.from({ length: BATCH }, (_, i) => capture(b * BATCH + i)));
const entries = Array.from({ length: BATCHES }, (_, b) => Array.from({ length: BATCH }, (_, i) => entry(b * BATCH + i)));

interface Arm {
  name: string;
  post: (i: number) => void;
  receive: (data: unknown) => void;
  cpu: number[];
  send: number[];
}

/** What the main thread did with an entry that came as an object before wave 9 (compact-entry.ts adoptEntry then): rebuilt as the literal, its words interned. */
const words = new Map<string, string>();
const intern = <T extends string | null>(w: T): T => (w === null ? w : ((words.get(w) ?? (words.set(w, w), w)) as T));
const NO_IDS: readonly string[] = [];
function copied(e: CompactEntry): CompactEntry {
  return { id: e.id, seq: e.seq, startedMs: e.startedMs, durationMs: e.durationMs, status: e.status, method: intern(e.method), client: intern(e.client), kind: intern(e.kind), resourceType: intern(e.resourceType), outcome: intern(e.outcome), lintLevel: intern(e.lintLevel), changeCount: e.changeCount, lintCount: e.lintCount, faulted: e.faulted, resourceId: e.resourceId, text: e.text, ascii: e.ascii, pathLength: e.pathLength, queryLength: e.queryLength, sentenceLength: e.sentenceLength, changeIds: e.changeIds.length ? e.changeIds : NO_IDS, rare: e.rare, gen: e.gen, offset: e.offset, length: e.length, line: e.line };
}

const { port1, port2 } = new MessageChannel();
let onData: (data: unknown) => void = () => undefined;
port2.on('message', (data: unknown) => onData(data));
let kept: unknown = null;

const arms: Arm[] = [
  { name: 'captures as objects', post: (i) => port1.postMessage({ type: 'batch', items: captures[i] }), receive: (m) => (kept = (m as { items: unknown }).items), cpu: [], send: [] },
  { name: 'captures flat', post: (i) => port1.postMessage({ type: 'batch', size: BATCH, items: encodeBatch(captures[i]!) }), receive: (m) => (kept = decodeBatch((m as { items: unknown[] }).items)), cpu: [], send: [] },
  { name: 'entries as objects', post: (i) => port1.postMessage({ type: 'results', results: entries[i] }), receive: (m) => (kept = (m as { results: CompactEntry[] }).results.map(copied)), cpu: [], send: [] },
  { name: 'entries flat', post: (i) => port1.postMessage({ type: 'results', results: entriesToFlat(entries[i]!) }), receive: (m) => (kept = entriesFromFlat((m as { results: unknown[] }).results)), cpu: [], send: [] },
];

async function block(arm: Arm): Promise<void> {
  let left = BATCHES;
  const done = new Promise<void>((resolve) => (onData = (data) => (arm.receive(data), --left === 0 && resolve())));
  const before = threadNs().get(process.pid)!;
  for (let i = 0; i < BATCHES; i++) arm.post(i);
  const sent = threadNs().get(process.pid)!;
  await done;
  const after = threadNs().get(process.pid)!;
  arm.send.push((sent - before) / 1000 / (BATCHES * BATCH));
  arm.cpu.push((after - sent) / 1000 / (BATCHES * BATCH));
}

for (const arm of arms) await block(arm);
for (const arm of arms) (arm.cpu.length = 0), (arm.send.length = 0);
for (let r = 0; r < ROUNDS; r++) for (const arm of r % 2 === 0 ? arms : [...arms].reverse()) await block(arm);
port1.close();
void kept;

const fmt = (xs: number[]) => spread(xs, (v) => v.toFixed(2));
console.log(`structured clone of the hand-off, ${ROUNDS} rounds of ${BATCHES} batches of ${BATCH}, thread CPU µs per exchange, median (min–max):`);
for (const arm of arms) console.log(`${arm.name.padEnd(20)} sender ${fmt(arm.send)}  receiver ${fmt(arm.cpu)}`);
for (const [a, b] of [[arms[1]!, arms[0]!], [arms[3]!, arms[2]!]] as const) {
  console.log(`${a.name} / ${b.name}: sender ${fmt(a.send.map((x, i) => x / b.send[i]!))}, receiver ${fmt(a.cpu.map((x, i) => x / b.cpu[i]!))}`);
}
