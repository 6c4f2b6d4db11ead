/**
 * Memory at 100k users as a user sees it: the RSS of the built `scimscope serve` (dist/, the whole
 * process: main thread, recording worker, heaps and native memory) on a store of N users, once
 * started and settled, then as its recording fills with import pages (`GET /Users?count=100`).
 * With BENCH_BASE=<another checkout with a dist/> both trees run side by side, started and filled
 * alternately in the same steps, several rounds, so a shared machine's load hits both. Also the
 * server's CPU time per page while filling (all threads, from /proc). SCIMSCOPE_HEAP_GROWING_PERCENT
 * in the environment reaches both servers (0: V8's own heap policy; server/heap-policy.ts);
 * BENCH_BASE_HEAP sets it for the base tree's only.
 * Usage: BENCH_USERS=100000 BENCH_PAGES=10000 BENCH_STEPS=2 BENCH_ROUNDS=3 BENCH_BASE=/path node --import tsx bench/store-rss.ts
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { makeStore } from './make-store.js';
import { exchangeCount, root, rssMb, serve, stats, stopServe, type Served } from './serve-process.js';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const PAGES = Number(process.env.BENCH_PAGES ?? 10_000);
const STEPS = Number(process.env.BENCH_STEPS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BASE = process.env.BENCH_BASE ?? null;
/** SCIMSCOPE_HEAP_GROWING_PERCENT for the base tree's servers only (e.g. BENCH_BASE=. BENCH_BASE_HEAP=0: the heap policy alone). */
const BASE_HEAP = process.env.BENCH_BASE_HEAP;

/** Sends `amount` import pages as fast as 10 connections go, then waits until the log holds `expected`. */
async function fill(s: Served, amount: number, from: number, expected: number): Promise<void> {
  const url = new URL(s.ready.scimUrl);
  let i = from;
  await autocannon({ url: url.origin, connections: 10, amount, headers: { Authorization: `Bearer ${s.ready.token}` }, requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, method: 'GET', path: `${url.pathname}/Users?startIndex=${1 + ((i++ * 100) % Math.max(USERS - 100, 1))}&count=100` }) as autocannon.Request }] });
  let last = -1;
  for (let still = 0; still < 10; ) {
    const count = await exchangeCount(s.ready);
    if (count >= expected) return;
    still = count === last ? still + 1 : 0;
    last = count;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** CPU seconds the process has used, all threads (utime + stime from /proc, in clock ticks of 10 ms). */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const settle = () => new Promise((r) => setTimeout(r, 2000));
const trees = [{ name: 'this tree', tree: root }, ...(BASE ? [{ name: `base (${path.basename(path.resolve(BASE))}${BASE_HEAP !== undefined ? `, heap growing percent ${BASE_HEAP}` : ''})`, tree: path.resolve(BASE) }] : [])];
const template = await mkdtemp(path.join(os.tmpdir(), 'scimscope-bench-rss-'));
await makeStore(template, USERS);
/** rss[tree][step] over rounds; step 0 is started and settled. */
const rss = trees.map(() => Array.from({ length: STEPS + 1 }, () => [] as number[]));
/** CPU ms per import page while filling, per tree, per round. */
const cpu = trees.map(() => [] as number[]);
try {
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? trees.map((_, i) => i) : trees.map((_, i) => i).reverse();
    const running: { t: number; s: Served; dir: string; sent: number; cpu: number }[] = [];
    for (const t of order) {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-bench-rss-'));
      await cp(template, dir, { recursive: true });
      const saved = process.env.SCIMSCOPE_HEAP_GROWING_PERCENT;
      if (t === 1 && BASE_HEAP !== undefined) process.env.SCIMSCOPE_HEAP_GROWING_PERCENT = BASE_HEAP;
      running.push({ t, s: await serve(dir, { tree: trees[t]!.tree }), dir, sent: 0, cpu: 0 });
      if (saved === undefined) delete process.env.SCIMSCOPE_HEAP_GROWING_PERCENT;
      else process.env.SCIMSCOPE_HEAP_GROWING_PERCENT = saved;
    }
    await settle();
    for (const r of running) rss[r.t]![0]!.push(await rssMb(r.s.child.pid!));
    for (let step = 1; step <= STEPS; step++) {
      for (const r of running) {
        const amount = Math.round(PAGES / STEPS);
        const before = await cpuSeconds(r.s.child.pid!);
        await fill(r.s, amount, r.sent, r.sent + amount);
        r.cpu += (await cpuSeconds(r.s.child.pid!)) - before;
        r.sent += amount;
      }
      await settle();
      for (const r of running) rss[r.t]![step]!.push(await rssMb(r.s.child.pid!));
    }
    for (const r of running) {
      cpu[r.t]!.push((r.cpu * 1000) / r.sent);
      await stopServe(r.s.child);
      await rm(r.dir, { recursive: true, force: true });
    }
    console.error(`round ${round + 1}/${ROUNDS} done`);
  }
} finally {
  await rm(template, { recursive: true, force: true });
}
const f = (xs: number[]) => {
  const s = stats(xs);
  return `${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
};
console.log(`\n${USERS.toLocaleString('en-US')} users, built CLI, RSS MB median (min–max) over ${ROUNDS} rounds\n`);
console.log(`| tree | started | ${Array.from({ length: STEPS }, (_, i) => `${Math.round((PAGES / STEPS) * (i + 1)).toLocaleString('en-US')} pages`).join(' | ')} | CPU ms per page |`);
console.log(`|---|${'---:|'.repeat(STEPS + 2)}`);
const g = (xs: number[]) => {
  const s = stats(xs);
  return `${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
};
trees.forEach((t, i) => console.log(`| ${t.name} | ${rss[i]!.map(f).join(' | ')} | ${g(cpu[i]!)} |`));
if (BASE) {
  const ratios = rss[0]!.map((xs, step) => xs.map((x, k) => x / rss[1]![step]![k]!));
  ratios.push(cpu[0]!.map((x, k) => x / cpu[1]![k]!));
  console.log(`| this / base | ${ratios.map((xs) => { const s = stats(xs); return `${(s.median * 100).toFixed(0)}% (${(s.min * 100).toFixed(0)}–${(s.max * 100).toFixed(0)}%)`; }).join(' | ')} |`);
}
