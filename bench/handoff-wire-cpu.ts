/**
 * What the hand-off to the recording worker costs each thread per exchange, without a server: a
 * checkout's RecordingBackend (its sources, through tsx) is given realistic lookup captures in
 * batches of 20 (what a 20 ms window holds at 1,000 requests/s), each batch flushed before the
 * next, and each thread's CPU is read from /proc/self/task/<tid>/schedstat (stats.ts threadNs: nanoseconds, so a few
 * seconds of work give a steady figure even on a loaded machine). Main thread = submit, the batch's
 * message, the results' message and its loop, and each result made into the entry the exchange log
 * keeps as that tree does it; the worker = decoding, recording, writing the file.
 * Two checkouts are compared in one process (`HANDOFF_WIRE_TREES=/a,/b`): each has its backend and
 * worker thread, driven in blocks that alternate between them, so both meet the same machine.
 *
 * Usage: node --import tsx bench/handoff-wire-cpu.ts [checkout=this tree]
 * Environment: HANDOFF_WIRE_N=2000 (captures per block)  HANDOFF_WIRE_KIND=lookup|import (a list page
 * of 100 users, ~50 KB)  HANDOFF_WIRE_BATCH=20 (import: 3, what the 256 KiB bound of a batch holds)
 * HANDOFF_WIRE_TREES=/a,/b[,none]  HANDOFF_WIRE_ROUNDS=10 (blocks per arm, order alternating; `none`: the
 * captures made and dropped, the floor to subtract).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spread, threadNs } from './stats.js';

const N = Number(process.env.HANDOFF_WIRE_N ?? 2000);
const KIND = process.env.HANDOFF_WIRE_KIND ?? 'lookup';
/** Users on an import page. */
const PAGE = 100;
const BATCH = Number(process.env.HANDOFF_WIRE_BATCH ?? (KIND === 'import' ? 3 : 20));
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

/**
 * A lookup's capture as the recorder hands it over (the shape fullCapture makes for `userName eq`),
 * its strings flat as a server's parsed ones are (a template literal makes a rope).
 */
function lookup(seq: number): unknown {
  return JSON.parse(JSON.stringify(lookupRopes(seq)));
}

/** A user as a list page shows it. */
function user(n: number): unknown {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const userName = `user${n}@example.com`;
  return { schemas: [USER], id, userName, name: { givenName: `Given${n}`, familyName: 'Family' }, emails: [{ value: userName, primary: true }], active: true, meta: { resourceType: 'User', created: '2026-12-05T05:00:00.000Z', lastModified: '2026-12-05T05:00:00.000Z', version: 'W/"1"', location: `http://127.0.0.1:7171/scim/v2/Users/${id}` } };
}

function lookupRopes(seq: number): unknown {
  const userName = `user${seq}@example.com`;
  // An import page (KIND=import) lists PAGE users; a lookup finds one.
  const resources = Array.from({ length: KIND === 'import' ? PAGE : 1 }, (_, i) => user(seq * PAGE + i));
  const text = JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 100_000, startIndex: 1, itemsPerPage: resources.length, Resources: resources });
  const filter = `userName eq "${userName}"`;
  return {
    parts: { id: `wire-${seq}`, seq, startedAt: new Date().toISOString(), durationMs: 0.42, outcome: 'completed', method: 'GET', path: '/scim/v2/Users', query: { filter, startIndex: '1', count: '100' }, requestHeaders: { host: '127.0.0.1:7171', connection: 'keep-alive', Authorization: 'Bearer [redacted]', accept: 'application/scim+json', 'user-agent': 'Okta SCIM Client 1.0.0' }, remoteAddress: '127.0.0.1', status: 200, responseHeaders: { 'content-type': 'application/scim+json; charset=utf-8' }, changes: [], fault: null, retryOf: null, replayOf: null, upstream: null },
    request: { data: null, json: false, size: 0 },
    response: { data: text, json: true, size: Buffer.byteLength(text), spans: { valueStart: text.indexOf('[{'), valueEnd: text.length - 1, elements: [text.indexOf('[{') + 1, text.length - 2] } },
    inputs: { leniencies: [], resourceType: 'User', resourceId: null, error: null, lookups: {}, rawQuery: `filter=${encodeURIComponent(filter)}&startIndex=1&count=100` },
    limit: 65_536,
  };
}

interface Arm {
  tree: string;
  backend: { submit(c: never): void; flush(): Promise<void>; close(): Promise<void> };
  dir: string;
  /** The threads that appeared when the backend started: its worker, and any other a start may bring (a libuv pool thread). */
  newTids: number[];
  /** The worker's thread id: of the new threads, the one that ran most during the warm-up block. */
  workerTid: number | null;
  main: number[];
  worker: number[];
  send: number[];
  sendMs: number;
}

/**
 * Every checkout's backend in this one process, each with its own worker thread, driven in blocks
 * that alternate between them: the main thread's CPU of a block is that arm's, and each arm's
 * worker is its own thread. Interleaving blocks within one process puts both arms in the same
 * state of a shared machine.
 */
async function measure(trees: string[], rounds: number): Promise<void> {
  const arms: Arm[] = [];
  for (const tree of trees) {
    if (path.basename(tree) === 'none') {
      // The floor: the captures made and dropped, no backend (what the other arms add is the hand-off).
      arms.push({ tree, backend: { submit: () => undefined, flush: () => new Promise<void>((resolve) => setImmediate(resolve)), close: async () => undefined }, dir: '', newTids: [], workerTid: null, main: [], worker: [], send: [], sendMs: 0 });
      continue;
    }
    const { RecordingBackend } = (await import(path.join(tree, 'server/recorder/recording-backend.ts'))) as typeof import('../server/recorder/recording-backend.js');
    // The time spent in the backend's send (the batch's encoding and its message), measured around it.
    const proto = RecordingBackend.prototype as unknown as { send(): void };
    const send = proto.send;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-handoff-wire-'));
    const threadsBefore = new Set(threadNs().keys());
    const arm: Arm = { tree, backend: null as never, dir, newTids: [], workerTid: null, main: [], worker: [], send: [], sendMs: 0 };
    proto.send = function (this: unknown) {
      const t = performance.now();
      send.call(this);
      arm.sendMs += performance.now() - t;
    };
    // Each result made into the entry the exchange log keeps, as that tree's recorder does: from the
    // index record (compactEntry, on this thread), or copied from the entry the worker built (adoptEntry).
    const ce = (await import(path.join(tree, 'server/recorder/compact-entry.ts'))) as { compactEntry: (r: unknown, l: unknown, line?: string) => unknown; adoptEntry?: (e: unknown) => unknown };
    const kept: unknown[] = [];
    const onResult = (r: { record?: unknown; location?: unknown; line?: string }) => {
      kept.push(r.record !== undefined ? ce.compactEntry(r.record, r.location, r.line) : ce.adoptEntry!(r));
      if (kept.length > 1000) kept.length = 0;
    };
    arm.backend = new RecordingBackend({ dir, cap: 100_000, state: null, onResult: onResult as never, log: (m) => console.error(m) }) as never;
    await arm.backend.flush();
    arm.newTids = [...threadNs().keys()].filter((tid) => !threadsBefore.has(tid));
    arms.push(arm);
  }
  let seq = 0;
  const block = async (arm: Arm, count: number) => {
    for (let i = 0; i < count; i += BATCH) {
      // Made in turn, as a server makes them (made all first, they would be old-generation garbage for both arms).
      for (let j = 0; j < BATCH; j++) arm.backend.submit(lookup(++seq) as never);
      await arm.backend.flush();
    }
  };
  try {
    for (const arm of arms) {
      // The warm-up tells the worker apart (Node names no thread): the new thread that decodes and writes runs most.
      const before = threadNs();
      await block(arm, 2000);
      const after = threadNs();
      const ran = arm.newTids.map((tid) => ({ tid, ms: ((after.get(tid) ?? 0) - (before.get(tid) ?? 0)) / 1e6 })).sort((x, y) => y.ms - x.ms);
      arm.workerTid = ran[0]?.tid ?? null;
      if (arm.newTids.length > 0) console.log(`${arm.tree}: worker thread ${arm.workerTid} (${ran[0]!.ms.toFixed(0)} ms in the warm-up)${ran.length > 1 ? `; other new threads ${ran.slice(1).map((r) => `${r.tid} ${r.ms.toFixed(0)} ms`).join(', ')}` : ''}`);
    }
    for (let r = 0; r < rounds; r++) {
      for (const arm of r % 2 === 0 ? arms : [...arms].reverse()) {
        arm.sendMs = 0;
        const before = threadNs();
        await block(arm, N);
        const after = threadNs();
        const d = (tid: number | null) => (tid === null ? 0 : (after.get(tid) ?? 0) - (before.get(tid) ?? 0));
        arm.main.push(d(process.pid) / 1000 / N);
        arm.worker.push(d(arm.workerTid) / 1000 / N);
        arm.send.push((arm.sendMs * 1000) / N);
      }
    }
    const fmt = (xs: number[]) => spread(xs, (v) => v.toFixed(1));
    for (const arm of arms) console.log(`${arm.tree}: µs per exchange, median (min–max) of ${rounds} blocks of ${N}: main ${fmt(arm.main)}, its send ${fmt(arm.send)}, worker ${fmt(arm.worker)}`);
    const [a, b] = arms;
    if (a && b) {
      for (const k of ['main', 'send', 'worker'] as const) {
        const rs = a[k].map((x, i) => x / b[k][i]!);
        console.log(`${k}: ${path.basename(a.tree)}/${path.basename(b.tree)} per round ${spread(rs, (v) => v.toFixed(2))}; of the minimums ${(Math.min(...a[k]) / Math.min(...b[k])).toFixed(2)}`);
      }
    }
  } finally {
    for (const arm of arms) {
      await arm.backend.close();
      if (arm.dir) await rm(arm.dir, { recursive: true, force: true });
    }
  }
}

const trees = (process.env.HANDOFF_WIRE_TREES ?? process.argv[2] ?? path.join(import.meta.dirname, '..')).split(',').map((t) => path.resolve(t));
await measure(trees, Number(process.env.HANDOFF_WIRE_ROUNDS ?? 10));
