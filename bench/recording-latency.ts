/**
 * Where recording's added latency at a steady rate comes from: the real `scimscope serve` (built,
 * dist/) at a fixed rate of lookups, recording on and off, optionally next to another checkout's build
 * (recording on), rounds alternating. Per arm: the latency distribution (percentiles and a
 * histogram, to tell a shift of every request from a tail of pauses), CPU per request by thread from
 * /proc/<pid>/task/<tid>/stat (main thread, recording worker, the rest), and the recording worker's
 * wake-ups (its voluntary context switches, one per sleep) and the main thread's involuntary ones
 * (times the kernel took its core away), per second. Wake-ups and CPU per request hardly depend on
 * what else a shared machine runs; the latency does, so it is read as ratios within a round.
 *
 * Usage: node --import tsx bench/recording-latency.ts [base-checkout]
 * Environment: LAT_USERS=100000  LAT_RATE=1000  LAT_SECONDS=5  LAT_ROUNDS=4  LAT_SCENARIO=lookup|read
 * LAT_ARMS=on,off[,base] (base needs the argument; `name=KEY:VALUE;KEY2:VALUE2` is this tree with
 * recording on and those environment variables set for its server, for a knob under test; a name
 * starting with `off` has recording off)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fixedRate } from './fixed-rate.js';
import { makeStore, type BenchStore } from './make-store.js';
import { admin, root, rssMb, serve, stopServe, type Served } from './serve-process.js';
import { median, threadStats, TICK_US, type ThreadStat } from './stats.js';

const USERS = Number(process.env.LAT_USERS ?? 100_000);
const RATE = Number(process.env.LAT_RATE ?? 1000);
const SECONDS = Number(process.env.LAT_SECONDS ?? 5);
const ROUNDS = Number(process.env.LAT_ROUNDS ?? 4);
const SCENARIO = process.env.LAT_SCENARIO ?? 'lookup';

interface Delta {
  main: number;
  worker: number;
  rest: number;
  workerWakeups: number;
  mainPreempted: number;
  restWakeups: number;
}

/** The recording worker is the busiest thread other than main (its name is the node binary's too). */
function delta(pid: number, before: Map<number, ThreadStat>, after: Map<number, ThreadStat>): Delta {
  const d: Delta = { main: 0, worker: 0, rest: 0, workerWakeups: 0, mainPreempted: 0, restWakeups: 0 };
  const others: { ticks: number; voluntary: number }[] = [];
  for (const [tid, a] of after) {
    const b = before.get(tid) ?? { name: a.name, ticks: 0, voluntary: 0, involuntary: 0 };
    if (tid === pid) {
      d.main = a.ticks - b.ticks;
      d.mainPreempted = a.involuntary - b.involuntary;
    } else others.push({ ticks: a.ticks - b.ticks, voluntary: a.voluntary - b.voluntary });
  }
  others.sort((x, y) => y.ticks - x.ticks);
  d.worker = others[0]?.ticks ?? 0;
  d.workerWakeups = others[0]?.voluntary ?? 0;
  for (const o of others.slice(1)) {
    d.rest += o.ticks;
    d.restWakeups += o.voluntary;
  }
  return d;
}

interface Arm {
  name: string;
  served: Served;
  store: BenchStore;
}

function pathFor(arm: Arm, k: number): string {
  const base = new URL(arm.served.ready.scimUrl).pathname;
  const i = (k * 7919) % arm.store.ids.length;
  if (SCENARIO === 'read') return `${base}/Users/${arm.store.ids[i]}`;
  return `${base}/Users?filter=${encodeURIComponent(`userName eq "${arm.store.userNames[i]}"`)}`;
}

/** Latency histogram bounds, ms. */
const BUCKETS = [0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, Infinity];

function histogram(latencies: number[]): number[] {
  const counts = BUCKETS.map(() => 0);
  for (const l of latencies) counts[BUCKETS.findIndex((b) => l <= b)]!++;
  return counts.map((c) => (c / Math.max(latencies.length, 1)) * 100);
}

const fmt = (xs: number[], digits = 0) => `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

async function main(): Promise<void> {
  const base = process.argv[2] ? path.resolve(process.argv[2]) : null;
  const wanted = (process.env.LAT_ARMS ?? (base ? 'on,off,base' : 'on,off')).split(',');
  console.log(`recording-latency: ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, ${USERS} users, ${SCENARIO} at ${RATE}/s for ${SECONDS} s, ${ROUNDS} rounds, arms ${wanted.join(',')}`);
  const dirs: string[] = [];
  const arms: Arm[] = [];
  let armEnv: string[] = [];
  try {
    for (const spec of wanted) {
      // `name=KEY:VALUE;KEY:VALUE` starts that arm's server with those environment variables (a knob under test).
      const [name, envSpec] = spec.split('=') as [string, string | undefined];
      for (const k of armEnv) delete process.env[k];
      armEnv = [];
      for (const kv of (envSpec ?? '').split(';').filter(Boolean)) {
        const [k, v] = kv.split(':') as [string, string];
        process.env[k] = v;
        armEnv.push(k);
      }
      const dir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-latency-'));
      dirs.push(dir);
      const store = await makeStore(dir, USERS);
      const served = await serve(dir, { tree: name === 'base' ? base! : root });
      if (name.startsWith('off')) await admin(served.ready, 'PUT', '/api/settings', { recording: { enabled: false } });
      arms.push({ name, served, store });
    }
    const rows = new Map(arms.map((a) => [a.name, { mean: [] as number[], p50: [] as number[], p90: [] as number[], p99: [] as number[], main: [] as number[], worker: [] as number[], rest: [] as number[], wake: [] as number[], preempt: [] as number[], restWake: [] as number[], rss: [] as number[], hist: [] as number[][] }]));
    const ratios = new Map<string, { mean: number[]; p50: number[]; p99: number[] }>();
    for (let round = -1; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? arms : [...arms].reverse();
      const means = new Map<string, { mean: number; p50: number; p99: number }>();
      for (const arm of order) {
        const pid = arm.served.child.pid!;
        const origin = new URL(arm.served.ready.scimUrl).origin;
        const auth = { Authorization: `Bearer ${arm.served.ready.token}` };
        let k = round * 1_000_003 + 17;
        const before = threadStats(pid, true);
        const r = await fixedRate(origin, () => ({ method: 'GET', path: pathFor(arm, k++) }), auth, RATE, SECONDS);
        const after = threadStats(pid, true);
        if (round < 0) continue; // warm-up
        const d = delta(pid, before, after);
        const us = (t: number) => (t * TICK_US) / r.sent;
        const row = rows.get(arm.name)!;
        row.mean.push(r.mean);
        row.p50.push(r.p50);
        row.p90.push(r.p90);
        row.p99.push(r.p99);
        row.main.push(us(d.main));
        row.worker.push(us(d.worker));
        row.rest.push(us(d.rest));
        row.wake.push(d.workerWakeups / SECONDS);
        row.preempt.push(d.mainPreempted / SECONDS);
        row.restWake.push(d.restWakeups / SECONDS);
        row.rss.push(await rssMb(pid));
        row.hist.push(histogram(r.latencies));
        means.set(arm.name, { mean: r.mean, p50: r.p50, p99: r.p99 });
        console.log(`  round ${round + 1} ${arm.name}: mean ${r.mean.toFixed(3)} p50 ${r.p50.toFixed(3)} p90 ${r.p90.toFixed(3)} p99 ${r.p99.toFixed(3)} ms; CPU/req main ${us(d.main).toFixed(0)} worker ${us(d.worker).toFixed(0)} rest ${us(d.rest).toFixed(0)} µs; worker wake-ups ${(d.workerWakeups / SECONDS).toFixed(0)}/s, main preempted ${(d.mainPreempted / SECONDS).toFixed(0)}/s, other threads' wake-ups ${(d.restWakeups / SECONDS).toFixed(0)}/s${r.failed ? `, ${r.failed} failed` : ''}`);
      }
      if (round < 0) continue;
      const off = means.get('off');
      for (const [name, m] of means) {
        for (const [against, ref] of [['off', off], ['base', means.get('base')]] as const) {
          if (!ref || name === against) continue;
          const key = `${name} / ${against}`;
          if (!ratios.has(key)) ratios.set(key, { mean: [], p50: [], p99: [] });
          const q = ratios.get(key)!;
          q.mean.push(m.mean / ref.mean);
          q.p50.push(m.p50 / ref.p50);
          q.p99.push(m.p99 / ref.p99);
        }
      }
    }
    console.log(`\n### ${SCENARIO} at ${RATE}/s, ${USERS} users: median (min–max) of ${ROUNDS} rounds\n`);
    console.log('| arm | mean ms | p50 ms | p90 ms | p99 ms | main µs/req | worker µs/req | other threads µs/req | worker wake-ups/s | main preempted/s | RSS MB |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const [name, r] of rows) console.log(`| ${name} | ${fmt(r.mean, 3)} | ${fmt(r.p50, 3)} | ${fmt(r.p90, 3)} | ${fmt(r.p99, 3)} | ${fmt(r.main)} | ${fmt(r.worker)} | ${fmt(r.rest)} | ${fmt(r.wake)} | ${fmt(r.preempt)} | ${fmt(r.rss)} |`);
    console.log(`\nLatency histogram (% of requests, medians over rounds), upper bounds in ms: ${BUCKETS.map(String).join(', ')}\n`);
    for (const [name, r] of rows) console.log(`${name.padEnd(5)} ${BUCKETS.map((_, i) => median(r.hist.map((h) => h[i]!)).toFixed(1).padStart(5)).join(' ')}`);
    console.log('\n| ratio | mean | p50 | p99 |\n|---|---:|---:|---:|');
    for (const [key, q] of ratios) console.log(`| ${key} | ${fmt(q.mean, 2)} | ${fmt(q.p50, 2)} | ${fmt(q.p99, 2)} |`);
  } finally {
    for (const arm of arms) await stopServe(arm.served.child);
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }
}

await main();
