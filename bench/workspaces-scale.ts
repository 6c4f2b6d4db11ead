/**
 * `npm run bench:workspaces`: a classroom on one instance. Creates 30 workspaces in one call, then
 * measures, on the real server in a process of its own:
 * - memory per idle workspace: RSS with the 30 loaded and idle vs after unloading them, paired in
 *   several rounds (load all, measure, unload, measure);
 * - latency under a classroom's load: 30 emulated IdPs (server/idp ScenarioRun, Okta's joiner →
 *   mover → leaver, over and over) at a few requests per second each, once spread over the 30
 *   workspaces and once all aimed at the default workspace, alternating rounds, so the cost of
 *   spreading the same load over workspaces is a ratio measured under the same machine load;
 * for named workspaces recording inline (the default) and, as the alternative, a worker each.
 *
 * Environment: BENCH_WORKSPACES=30, BENCH_RATE=3 (requests/s per IdP), BENCH_SECONDS=8 (per round),
 * BENCH_ROUNDS=3, BENCH_MODES=inline,worker, BENCH_JOURNAL_SYNC=0 (no fdatasync: how much of the latency is the disk's).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ScenarioRun } from '../server/idp/scenario-runner.js';

const COUNT = Number(process.env.BENCH_WORKSPACES ?? 30);
const RATE = Number(process.env.BENCH_RATE ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MODES = (process.env.BENCH_MODES ?? 'inline,worker').split(',') as Array<'inline' | 'worker'>;

interface Ready {
  scimUrl: string;
  adminUrl: string;
  adminToken: string;
  token: string;
}

class Server {
  private nextId = 0;
  private readonly waiting = new Map<number, (value: number) => void>();
  private constructor(
    readonly child: ChildProcess,
    readonly info: Ready,
  ) {
    child.on('message', (m: { id: number; value: number }) => this.waiting.get(m.id)?.(m.value));
  }

  static async start(dataDir: string, mode: 'inline' | 'worker'): Promise<Server> {
    const child = fork(path.join(import.meta.dirname, 'workspaces-server.ts'), [dataDir, mode], { execArgv: ['--expose-gc', '--import', 'tsx'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    const info = await new Promise<Ready>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(JSON.parse(out.slice(0, out.indexOf('\n'))) as Ready);
      });
      child.once('exit', (code) => reject(new Error(`the bench server exited (${code})`)));
    });
    return new Server(child, info);
  }

  ask(type: 'rss' | 'heap' | 'unload' | 'close'): Promise<number> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.send({ id, type });
    });
  }

  admin(method: string, route: string, body?: unknown): Promise<Response> {
    return fetch(`${this.info.adminUrl}${route}`, { method, headers: { Authorization: `Bearer ${this.info.adminToken}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  }
}

const mb = (bytes: number) => bytes / 1024 / 1024;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const spread = (values: number[]) => `${mean(values).toFixed(2)} (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})`;
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** One emulated IdP: plays joiner → mover → leaver over and over at `RATE` requests/s until `until`. */
async function idp(scimUrl: string, token: string, until: number, latencies: number[], failures: { count: number }): Promise<void> {
  const gap = 1000 / RATE;
  while (Date.now() < until) {
    const run = new ScenarioRun('joiner-mover-leaver', 'okta', { scimUrl, authorization: `Bearer ${token}` }, { timeoutMs: 30_000 });
    while (!run.done && Date.now() < until) {
      const started = performance.now();
      const outcome = await run.next();
      const took = performance.now() - started;
      if (!outcome) break;
      latencies.push(took);
      if (outcome.status === 0 || outcome.status >= 500) failures.count++;
      await sleep(Math.max(0, gap - took));
    }
  }
}

async function loadRound(targets: Array<{ scimUrl: string; token: string }>): Promise<{ p50: number; p99: number; requests: number; failures: number }> {
  const latencies: number[] = [];
  const failures = { count: 0 };
  const until = Date.now() + SECONDS * 1000;
  // Staggered starts, as a class does not press the button in the same millisecond.
  await Promise.all(targets.map(async (t, i) => {
    await sleep((i * 1000) / RATE / targets.length);
    await idp(t.scimUrl, t.token, until, latencies, failures);
  }));
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), requests: latencies.length, failures: failures.count };
}

async function benchMode(mode: 'inline' | 'worker'): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-bench-ws-'));
  const server = await Server.start(dir, mode);
  try {
    const base = await server.ask('rss');
    const baseHeap = await server.ask('heap');
    let started = performance.now();
    const res = await server.admin('POST', '/api/workspaces', { prefix: 'class-', count: COUNT });
    if (res.status !== 201) throw new Error(`creating workspaces: ${res.status} ${await res.text()}`);
    const createdMs = performance.now() - started;
    const created = ((await res.json()) as { items: Array<{ name: string; scimUrl: string; token: string }> }).items;
    const loadedRss: number[] = [];
    const unloadedRss: number[] = [];
    const loadedHeap: number[] = [];
    const unloadedHeap: number[] = [];
    const unloadMs: number[] = [];
    const loadMs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (round > 0) {
        // Load them all again, as their IdPs come back.
        started = performance.now();
        await Promise.all(created.map((w) => fetch(`${w.scimUrl}/ServiceProviderConfig`, { headers: { Authorization: `Bearer ${w.token}` } }).then((r) => r.arrayBuffer())));
        loadMs.push(performance.now() - started);
      }
      loadedRss.push(await server.ask('rss'));
      loadedHeap.push(await server.ask('heap'));
      started = performance.now();
      const unloaded = await server.ask('unload');
      unloadMs.push(performance.now() - started);
      if (unloaded !== COUNT) throw new Error(`unloaded ${unloaded} of ${COUNT}`);
      unloadedRss.push(await server.ask('rss'));
      unloadedHeap.push(await server.ask('heap'));
    }
    const perIdleHeap = loadedHeap.map((l, i) => mb(l - unloadedHeap[i]!) / COUNT);
    console.log(`\n## named workspaces recording ${mode}`);
    console.log(`created ${COUNT} workspaces in one call: ${createdMs.toFixed(0)} ms; RSS default only ${mb(base).toFixed(1)} MB`);
    console.log(`RSS growth per workspace, created and loaded (first round, vs default only): ${(mb(loadedRss[0]! - base) / COUNT).toFixed(2)} MB`);
    console.log(`RSS with ${COUNT} loaded idle: ${spread(loadedRss.map(mb))} MB; after unloading them: ${spread(unloadedRss.map(mb))} MB (freed memory stays in the process for reuse: RSS does not fall, and must not grow round after round)`);
    console.log(`V8 heap + external, default only: ${mb(baseHeap).toFixed(1)} MB; with ${COUNT} loaded idle: ${spread(loadedHeap.map(mb))} MB; unloaded: ${spread(unloadedHeap.map(mb))} MB`);
    console.log(`RSS released per workspace by unloading (loaded − unloaded; a worker's memory goes back to the OS, the main heap's does not): ${spread(loadedRss.map((l, i) => mb(l - unloadedRss[i]!) / COUNT))} MB`);
    console.log(`memory held per idle loaded workspace (heap + external, loaded − unloaded): ${spread(perIdleHeap)} MB (${ROUNDS} rounds); unload all: ${spread(unloadMs)} ms; load all again: ${loadMs.length ? spread(loadMs) : '-'} ms`);

    // The same classroom load, spread over the workspaces (B) and all on the default workspace (A), alternating.
    const spreadTargets = created.map((w) => ({ scimUrl: w.scimUrl, token: w.token }));
    const defaultTargets = created.map(() => ({ scimUrl: server.info.scimUrl, token: server.info.token }));
    await loadRound(spreadTargets.slice(0, 5)); // warm-up, not counted
    const rows: Array<{ arm: string; round: number; p50: number; p99: number; requests: number; failures: number; rss: number }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const [arm, targets] of (round % 2 === 0 ? [['default', defaultTargets], ['spread', spreadTargets]] : [['spread', spreadTargets], ['default', defaultTargets]]) as Array<[string, typeof spreadTargets]>) {
        const result = await loadRound(targets);
        rows.push({ arm, round, ...result, rss: mb(await server.ask('rss')) });
      }
    }
    console.log(`\n${COUNT} emulated IdPs at ${RATE} req/s each, ${SECONDS} s per round, ${ROUNDS} rounds per arm (latency in ms, as the IdP sees it):`);
    console.log('arm      round  requests  p50     p99     5xx/none  RSS MB');
    for (const r of rows) console.log(`${r.arm.padEnd(8)} ${String(r.round).padEnd(6)} ${String(r.requests).padEnd(9)} ${r.p50.toFixed(2).padEnd(7)} ${r.p99.toFixed(2).padEnd(7)} ${String(r.failures).padEnd(9)} ${r.rss.toFixed(1)}`);
    const byRound = (arm: string) => rows.filter((r) => r.arm === arm).sort((a, b) => a.round - b.round);
    const a = byRound('default');
    const b = byRound('spread');
    console.log(`spread/default p50 ratio: ${spread(b.map((r, i) => r.p50 / a[i]!.p50))}; p99 ratio: ${spread(b.map((r, i) => r.p99 / a[i]!.p99))}`);
    console.log(`spread: p50 ${spread(b.map((r) => r.p50))} ms, p99 ${spread(b.map((r) => r.p99))} ms, RSS ${spread(b.map((r) => r.rss))} MB`);
  } finally {
    await server.ask('close');
    await rm(dir, { recursive: true, force: true });
  }
}

console.log(`# Workspaces at scale (${COUNT} workspaces, ${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}${process.env.BENCH_JOURNAL_SYNC === '0' ? ', journal fdatasync off' : ''})`);
for (const mode of MODES) await benchMode(mode);
