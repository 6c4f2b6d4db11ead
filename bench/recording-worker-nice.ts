/**
 * The recording worker at a lower scheduling priority (SCIMSCOPE_RECORDING_WORKER_NICE, recorder-worker.ts),
 * measured where it matters: at saturation, on a machine whose cores the server shares with its load
 * generator. A niced worker leaves more CPU to the main thread (more requests answered), but records
 * later: past the hand-off's bound (handoff-backlog.ts) exchanges are recorded without their bodies.
 * So each run reports, beside throughput and CPU per request, how long the worker took to catch up
 * after the load stopped (every exchange answered in the log) and how many exchanges lost their bodies (the server's own log lines).
 *
 * Each arm is this tree's build (`npm run build`) with a niceness (0 = as today); per round every arm
 * starts on a fresh copy of the same store, is driven by autocannon (10 connections, lookups) for
 * NICE_SECONDS, then left until its worker is idle. Arms alternate order between rounds; ratios are
 * read per round against the first arm. Linux only (threads' CPU from /proc).
 *
 * Usage: node --import tsx bench/recording-worker-nice.ts
 * Environment: NICE_ARMS=0,10  NICE_USERS=100000  NICE_SECONDS=10  NICE_ROUNDS=3  NICE_SCENARIO=lookup|read
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { copyStore, makeStore } from './make-store.js';
import { builtCli, root, stopServe, type Ready } from './serve-process.js';
import { median, threadStats, TICK_US } from './stats.js';

const ARMS = (process.env.NICE_ARMS ?? '0,10').split(',').map(Number);
const USERS = Number(process.env.NICE_USERS ?? 100_000);
const SECONDS = Number(process.env.NICE_SECONDS ?? 10);
const ROUNDS = Number(process.env.NICE_ROUNDS ?? 3);
const SCENARIO = process.env.NICE_SCENARIO ?? 'lookup';

interface Run {
  rps: number;
  cpuUs: number;
  mainUs: number;
  workerUs: number;
  /** Milliseconds from the end of the load until the worker was idle. */
  drainMs: number;
  /** Exchanges recorded without their bodies (the backlog's own count, from the server's log). */
  notKept: number;
  p99: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function start(dir: string, nice: number): Promise<{ child: ChildProcess; ready: Ready; log: () => string }> {
  const env = { ...process.env, SCIMSCOPE_RECORDING_WORKER_NICE: String(nice) };
  const child = spawn(process.execPath, [builtCli(root), 'serve', '--data', dir, '--port', '0', '--admin-port', '0', '--json', '--seed', 'empty'], { stdio: ['ignore', 'pipe', 'pipe'], cwd: root, env });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      const before = out;
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0 && before.indexOf('\n') < 0) resolve({ child, ready: JSON.parse(out.slice(0, nl)) as Ready, log: () => out + err });
    });
    child.once('exit', (code) => reject(new Error(`the server exited early (${code}): ${err}`)));
  });
}

/** The recording worker: the busiest thread named "node" besides the main one, over `during`. */
function workerTid(before: ReturnType<typeof threadStats>, after: ReturnType<typeof threadStats>, pid: number): number {
  let best = -1;
  let most = -1;
  for (const [tid, s] of after) {
    if (tid === pid || s.name !== 'node') continue;
    const used = s.ticks - (before.get(tid)?.ticks ?? 0);
    if (used > most) [best, most] = [tid, used];
  }
  return best;
}

async function runArm(storeDir: string, nice: number, userNames: string[], ids: string[]): Promise<Run> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `nice-${nice}-`));
  await copyStore(storeDir, dir);
  const { child, ready, log } = await start(dir, nice);
  try {
    const pid = child.pid!;
    // Until the background parse of a large store is done (as bench-targets.ts untilIdle does).
    for (let last = threadStats(pid), i = 0; i < 60; i++) {
      await sleep(500);
      const now = threadStats(pid);
      let ticks = 0;
      for (const [tid, s] of now) ticks += s.ticks - (last.get(tid)?.ticks ?? 0);
      last = now;
      if (ticks < 5) break;
    }
    const base = new URL(ready.scimUrl).pathname;
    const pick = () => Math.floor(Math.random() * userNames.length);
    const next = SCENARIO === 'read' ? () => `${base}/Users/${ids[pick()]}` : () => `${base}/Users?filter=${encodeURIComponent(`userName eq "${userNames[pick()]}"`)}&startIndex=1&count=100`;
    const before = threadStats(pid);
    const result = await autocannon({
      url: new URL(ready.scimUrl).origin,
      connections: 10,
      duration: SECONDS,
      requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, method: 'GET', path: next(), headers: { Authorization: `Bearer ${ready.token}` } }) }],
    });
    const ended = performance.now();
    const during = threadStats(pid);
    const tid = workerTid(before, during, pid);
    // Until every exchange answered is in the log (the worker's results are back): a starved worker
    // may sit still for a while with work waiting, so its CPU going quiet does not tell.
    const answered = result.requests.total;
    let idleAt = ended;
    for (let recorded = 0; recorded < answered && performance.now() - ended < 120_000; ) {
      const res = await fetch(`${ready.adminUrl}/api/exchanges?limit=1`, { headers: { Authorization: `Bearer ${ready.adminToken}` } });
      recorded = ((await res.json()) as { total: number }).total;
      idleAt = performance.now();
      if (recorded < answered) await sleep(50);
    }
    const after = threadStats(pid);
    const n = result.requests.total;
    let all = 0;
    for (const [t, s] of during) all += s.ticks - (before.get(t)?.ticks ?? 0);
    const workerTicks = (after.get(tid)?.ticks ?? 0) - (before.get(tid)?.ticks ?? 0);
    const mainTicks = (during.get(pid)?.ticks ?? 0) - (before.get(pid)?.ticks ?? 0);
    await sleep(200);
    const notKept = [...log().matchAll(/caught up; ([\d,]+) exchange/g)].reduce((sum, m) => sum + Number(m[1]!.replace(/,/g, '')), 0);
    return { rps: result.requests.average, p99: result.latency.p99, cpuUs: (all * TICK_US) / n, mainUs: (mainTicks * TICK_US) / n, workerUs: (workerTicks * TICK_US) / n, drainMs: Math.max(0, idleAt - ended), notKept };
  } finally {
    await stopServe(child);
    await rm(dir, { recursive: true, force: true });
  }
}

const work = await mkdtemp(path.join(os.tmpdir(), 'nice-store-'));
try {
  const storeDir = path.join(work, 'store');
  await mkdir(storeDir);
  const store = await makeStore(storeDir, USERS);
  const runs = new Map<number, Run[]>(ARMS.map((a) => [a, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const nice of round % 2 ? [...ARMS].reverse() : ARMS) {
      const r = await runArm(storeDir, nice, store.userNames, store.ids);
      runs.get(nice)!.push(r);
      console.log(`round ${round + 1} nice ${nice}: ${r.rps.toFixed(0)} req/s, CPU ${r.cpuUs.toFixed(0)} µs/req (main ${r.mainUs.toFixed(0)}, worker ${r.workerUs.toFixed(0)} incl. catch-up), p99 ${r.p99} ms, worker caught up ${r.drainMs.toFixed(0)} ms after the load, ${r.notKept} exchanges without bodies; load average ${os.loadavg()[0]!.toFixed(1)}`);
    }
  }
  const first = runs.get(ARMS[0]!)!;
  for (const nice of ARMS) {
    const rs = runs.get(nice)!;
    const ratio = (f: (r: Run) => number) => {
      const xs = rs.map((r, i) => f(r) / f(first[i]!));
      return `${median(xs).toFixed(2)} (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;
    };
    console.log(`nice ${nice}: req/s ${median(rs.map((r) => r.rps)).toFixed(0)}, vs nice ${ARMS[0]} ${ratio((r) => r.rps)}; CPU/req ${ratio((r) => r.cpuUs)}; worker µs/req ${median(rs.map((r) => r.workerUs)).toFixed(0)}; catch-up ${median(rs.map((r) => r.drainMs)).toFixed(0)} ms (${Math.max(...rs.map((r) => r.drainMs)).toFixed(0)} max); without bodies ${rs.map((r) => r.notKept).join(', ')}`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
