/**
 * The recording worker's CPU per exchange in the real server, two builds paired: each build serves a
 * copy of the same store (bench/make-store.ts), both are driven at once at the same fixed rate of
 * lookups (or reads), and the CPU time of each server's threads is read from /proc/<pid>/task/*
 * before and after: the recording worker is the server's second JavaScript thread (named like the
 * main one, "node"; the busiest such thread besides the main thread). Rounds alternate which server
 * is started first. Linux only.
 *
 * Usage: node --import tsx bench/recording-worker-threads.ts <tree-A> <tree-B>
 * Environment: USERS=10000, RATE=500 (requests/s per server), SECONDS=4, ROUNDS=5, SCENARIO=lookup|read.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { copyStore, makeStore } from './make-store.js';
import { serve, stopServe, type Served } from './serve-process.js';
import { median, threadStats, TICK_US } from './stats.js';

const [treeA, treeB] = process.argv.slice(2).map((t) => path.resolve(t));
if (!treeA || !treeB) throw new Error('usage: bench/recording-worker-threads.ts <tree-A> <tree-B>');
const USERS = Number(process.env.USERS ?? 10_000);
const RATE = Number(process.env.RATE ?? 500);
const SECONDS = Number(process.env.SECONDS ?? 4);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const SCENARIO = process.env.SCENARIO ?? 'lookup';

/** CPU time (µs) per thread: [tid, comm, µs]. */
const threads = (pid: number): { tid: string; comm: string; us: number }[] => [...threadStats(pid)].map(([tid, t]) => ({ tid: String(tid), comm: t.name, us: t.ticks * TICK_US }));

const dir = await mkdtemp(path.join(os.tmpdir(), 'worker-threads-'));
try {
  const store = await makeStore(path.join(dir, 'store'), USERS);
  const rows: { build: string; worker: number; main: number; all: number; served: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? [['B', treeB], ['A', treeA]] : [['A', treeA], ['B', treeB]];
    const servers: { build: string; served: Served }[] = [];
    for (const [build, tree] of order) {
      const data = path.join(dir, `${build}-${round}`);
      await mkdir(data);
      await copyStore(store.dir, data);
      servers.push({ build: build!, served: await serve(data, { tree: tree! }) });
    }
    const pick = () => Math.floor(Math.random() * USERS);
    const before = servers.map((s) => threads(s.served.child.pid!));
    const results = await Promise.all(servers.map(({ served }) => {
      const url = new URL(served.ready.scimUrl);
      return autocannon({
        url: url.origin, connections: 4, duration: SECONDS, overallRate: RATE,
        headers: { authorization: `Bearer ${served.ready.token}` },
        requests: [{ setupRequest: (r: autocannon.Request) => ({ ...r, path: SCENARIO === 'read' ? `${url.pathname}/Users/${store.ids[pick()]}` : `${url.pathname}/Users?filter=${encodeURIComponent(`userName eq "${store.userNames[pick()]}"`)}` }) }],
      });
    }));
    // Let the last batches reach the worker and be written.
    await new Promise((resolve) => setTimeout(resolve, 500));
    servers.forEach((s, i) => {
      const pid = s.served.child.pid!;
      const after = threads(pid);
      const was = new Map(before[i]!.map((t) => [t.tid, t.us]));
      const used = after.map((t) => ({ ...t, us: t.us - (was.get(t.tid) ?? 0) }));
      const main = used.find((t) => t.tid === String(pid))!.us;
      const worker = Math.max(0, ...used.filter((t) => t.tid !== String(pid) && t.comm === 'node').map((t) => t.us));
      const served = results[i]!.requests.total;
      rows.push({ build: s.build, worker: worker / served, main: main / served, all: used.reduce((n, t) => n + t.us, 0) / served, served });
    });
    for (const s of servers) await stopServe(s.served.child);
  }
  const of = (build: string) => rows.filter((r) => r.build === build);
  const ratios = of('A').map((a, i) => a.worker / of('B')[i]!.worker);
  for (const build of ['A', 'B']) {
    const r = of(build);
    console.log(`${build}: worker ${median(r.map((x) => x.worker)).toFixed(1)} µs/req (${r.map((x) => x.worker.toFixed(0)).join(', ')}), main ${median(r.map((x) => x.main)).toFixed(1)}, all threads ${median(r.map((x) => x.all)).toFixed(1)}, served ${r.map((x) => x.served).join(', ')}`);
  }
  console.log(`worker CPU/req A/B: median ${median(ratios).toFixed(3)} (min ${Math.min(...ratios).toFixed(3)}, max ${Math.max(...ratios).toFixed(3)})`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
