/**
 * What recording costs per request, split by thread: the server's main thread (where the hand-off to
 * the recording worker happens), the recording worker, and the rest (GC helpers, libuv), read from
 * /proc/<pid>/task/<tid>/stat. CPU time depends far less than throughput on what else a shared
 * machine runs, so this is how the recording hand-off is compared between two builds: this tree's
 * dist/ and another checkout's dist/ (and, optionally, this tree with recording off, the floor),
 * each on its own copy of the same store, measured in rounds whose order alternates.
 *
 * Usage: node --import tsx bench/handoff-cpu.ts <base-checkout>
 * Environment: HANDOFF_USERS=100000  HANDOFF_SCENARIOS=import,read  HANDOFF_ROUNDS=5
 * HANDOFF_REQUESTS=import:2000,read:10000,lookup:10000 (per measurement, autocannon, 4 connections)
 * HANDOFF_RATE=0 (> 0: a steady rate for HANDOFF_SECONDS instead, with mean latency)  HANDOFF_OFF=1
 * (also this tree with recording off).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { fixedRate } from './fixed-rate.js';
import { makeStore, type BenchStore } from './make-store.js';
import { admin, root, rssMb, serve, stopServe, type Served } from './serve-process.js';
import { median, threadStats, TICK_US } from './stats.js';

const USERS = Number(process.env.HANDOFF_USERS ?? 100_000);
const SCENARIOS = (process.env.HANDOFF_SCENARIOS ?? 'import,read').split(',');
const ROUNDS = Number(process.env.HANDOFF_ROUNDS ?? 5);
const REQUESTS: Record<string, number> = { import: 2000, read: 10_000, lookup: 10_000 };
for (const pair of (process.env.HANDOFF_REQUESTS ?? '').split(',').filter(Boolean)) {
  const [k, v] = pair.split(':');
  REQUESTS[k!] = Number(v);
}
const RATE = Number(process.env.HANDOFF_RATE ?? 0);
const SECONDS = Number(process.env.HANDOFF_SECONDS ?? 5);

interface Arm {
  name: string;
  served: Served;
  store: BenchStore;
}

/** CPU ticks per thread of a process. */
const threadTicks = (pid: number): Map<number, number> => new Map([...threadStats(pid)].map(([tid, t]) => [tid, t.ticks]));

/** Main thread, the busiest other thread (the recording worker when recording), the rest: ticks spent between two readings. */
function split(pid: number, before: Map<number, number>, after: Map<number, number>): { main: number; worker: number; rest: number } {
  let main = 0;
  const others: number[] = [];
  for (const [tid, t] of after) {
    const d = t - (before.get(tid) ?? 0);
    if (tid === pid) main = d;
    else others.push(d);
  }
  others.sort((a, b) => b - a);
  const worker = others[0] ?? 0;
  return { main, worker, rest: others.slice(1).reduce((a, b) => a + b, 0) };
}

/** Waits until the recording worker has caught up: its CPU stops moving. */
async function settle(pid: number): Promise<void> {
  let last = threadTicks(pid);
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 150));
    const now = threadTicks(pid);
    const moved = [...now].reduce((a, [tid, t]) => a + (t - (last.get(tid) ?? 0)), 0);
    last = now;
    if (moved <= 1) return;
  }
}

function pathFor(arm: Arm, scenario: string, k: number): string {
  const base = new URL(arm.served.ready.scimUrl).pathname;
  const n = arm.store.ids.length;
  const i = (k * 7919) % n;
  if (scenario === 'import') return `${base}/Users?startIndex=${Math.floor(n / 2) + (k % 50) * 100}&count=100`;
  if (scenario === 'read') return `${base}/Users/${arm.store.ids[i]}`;
  return `${base}/Users?filter=${encodeURIComponent(`userName eq "${arm.store.userNames[i]}"`)}`;
}

async function drive(arm: Arm, scenario: string, amount: number): Promise<{ requests: number; meanMs: number | null }> {
  const origin = new URL(arm.served.ready.scimUrl).origin;
  const auth = { Authorization: `Bearer ${arm.served.ready.token}` };
  let k = 0;
  if (RATE > 0) {
    const r = await fixedRate(origin, () => ({ method: 'GET', path: pathFor(arm, scenario, k++) }), auth, RATE, SECONDS);
    return { requests: r.sent, meanMs: r.mean };
  }
  const result = await autocannon({ url: origin, connections: 4, amount, headers: auth, requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: pathFor(arm, scenario, k++) }) }] });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${arm.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { requests: result.requests.sent, meanMs: null };
}

const fmt = (xs: number[], digits = 0) => `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

async function main(): Promise<void> {
  const base = process.argv[2];
  if (!base) throw new Error('usage: bench/handoff-cpu.ts <base-checkout>');
  console.log(`handoff-cpu: ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, ${USERS} users, ${RATE > 0 ? `${RATE} req/s for ${SECONDS} s` : 'autocannon, 4 connections'}, ${ROUNDS} rounds`);
  const specs = [
    { name: 'this', tree: root, off: false },
    { name: 'base', tree: path.resolve(base), off: false },
    ...(process.env.HANDOFF_OFF === '1' ? [{ name: 'off', tree: root, off: true }] : []),
  ];
  const dirs: string[] = [];
  const arms: Arm[] = [];
  try {
    for (const spec of specs) {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-handoff-'));
      dirs.push(dir);
      const store = await makeStore(dir, USERS);
      const served = await serve(dir, { tree: spec.tree });
      if (spec.off) await admin(served.ready, 'PUT', '/api/settings', { recording: { enabled: false } });
      arms.push({ name: spec.name, served, store });
    }
    for (const scenario of SCENARIOS) {
      const amount = REQUESTS[scenario] ?? 5000;
      for (const arm of arms) await drive(arm, scenario, Math.ceil(amount / 5)); // warm-up
      const rows = new Map(arms.map((a) => [a.name, { main: [] as number[], worker: [] as number[], rest: [] as number[], total: [] as number[], mean: [] as number[], rss: [] as number[] }]));
      const ratios = { main: [] as number[], worker: [] as number[], total: [] as number[], mean: [] as number[] };
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? arms : [...arms].reverse();
        const perArm = new Map<string, { main: number; worker: number; total: number; mean: number | null }>();
        for (const arm of order) {
          const pid = arm.served.child.pid!;
          await settle(pid);
          const before = threadTicks(pid);
          const { requests, meanMs } = await drive(arm, scenario, amount);
          await settle(pid);
          const s = split(pid, before, threadTicks(pid));
          const us = (t: number) => (t * TICK_US) / requests;
          const row = rows.get(arm.name)!;
          row.main.push(us(s.main));
          row.worker.push(us(s.worker));
          row.rest.push(us(s.rest));
          row.total.push(us(s.main + s.worker + s.rest));
          if (meanMs !== null) row.mean.push(meanMs);
          row.rss.push(await rssMb(pid));
          perArm.set(arm.name, { main: us(s.main), worker: us(s.worker), total: us(s.main + s.worker + s.rest), mean: meanMs });
        }
        const a = perArm.get('this')!;
        const b = perArm.get('base')!;
        ratios.main.push(a.main / b.main);
        ratios.worker.push(a.worker / b.worker);
        ratios.total.push(a.total / b.total);
        if (a.mean !== null && b.mean !== null) ratios.mean.push(a.mean / b.mean);
        console.log(`  ${scenario} round ${round + 1}: ${[...perArm].map(([n, v]) => `${n} main ${v.main.toFixed(0)} worker ${v.worker.toFixed(0)} total ${v.total.toFixed(0)} µs${v.mean !== null ? ` mean ${v.mean.toFixed(3)} ms` : ''}`).join(' | ')}`);
      }
      console.log(`\n### ${scenario} (${USERS} users; median (min–max) of ${ROUNDS} rounds; CPU µs per request)\n`);
      console.log(`| arm | main thread | recording worker | other threads | all threads |${RATE > 0 ? ' mean latency ms |' : ''} RSS MB |`);
      console.log(`|---|---:|---:|---:|---:|${RATE > 0 ? '---:|' : ''}---:|`);
      for (const [name, r] of rows) console.log(`| ${name} | ${fmt(r.main)} | ${fmt(r.worker)} | ${fmt(r.rest)} | ${fmt(r.total)} |${RATE > 0 ? ` ${fmt(r.mean, 3)} |` : ''} ${fmt(r.rss)} |`);
      console.log(`| this / base | ${fmt(ratios.main, 2)} | ${fmt(ratios.worker, 2)} | | ${fmt(ratios.total, 2)} |${RATE > 0 ? ` ${fmt(ratios.mean, 2)} |` : ''} |\n`);
    }
  } finally {
    for (const arm of arms) await stopServe(arm.served.child);
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }
}

await main();
