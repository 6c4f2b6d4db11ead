/**
 * The SCIM request pipeline's cost, paired: this build and another (`PIPE_BASELINE`, e.g. main's
 * dist) serve copies of the same store and are driven AT THE SAME TIME, each by its own load
 * generator at the same fixed request rate, round after round; for each run it reads the server's
 * CPU time (all threads, from /proc) and divides by the requests served. Driven at once, both
 * servers meet the same state of a shared machine, and at a fixed rate (unlike at saturation) they
 * do the same work per second, so the ratio of their CPU per request is the steadiest figure this
 * machine gives. The bare Node server is driven alongside, as the floor (what parsing HTTP and
 * writing to the socket cost with no pipeline at all). Recording on and off.
 *
 * Usage: node --import tsx bench/pipeline-cpu.ts
 * Environment: PIPE_BASELINE=/path/to/other/dist (without it: this build and the bare server only),
 * PIPE_USERS=100000, PIPE_RATE=1000 (requests/s, per server), PIPE_SECONDS=3, PIPE_ROUNDS=7,
 * PIPE_SCENARIOS=lookup,read, PIPE_RECORDING=on,off.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { copyStore, makeStore, type BenchStore } from './make-store.js';
import { builtCli, cpuSeconds, startProcess } from './serve-process.js';
import { spread } from './stats.js';

const root = path.resolve(import.meta.dirname, '..');
const USERS = Number(process.env.PIPE_USERS ?? 100_000);
const RATE = Number(process.env.PIPE_RATE ?? 1000);
const SECONDS = Number(process.env.PIPE_SECONDS ?? 3);
const ROUNDS = Number(process.env.PIPE_ROUNDS ?? 7);
const SCENARIOS = (process.env.PIPE_SCENARIOS ?? 'lookup,read').split(',');
const RECORDING = (process.env.PIPE_RECORDING ?? 'on,off').split(',');
const BASELINE = process.env.PIPE_BASELINE ? path.resolve(process.env.PIPE_BASELINE) : null;

interface Server {
  name: string;
  child: ChildProcess;
  origin: string;
  headers: Record<string, string>;
  admin?: { url: string; token: string };
  path: (scenario: string) => string;
}


async function startScimscope(name: string, dist: string, store: BenchStore): Promise<Server> {
  const dir = path.join(store.dir, name);
  await mkdir(dir);
  await copyStore(store.dir, dir);
  const { child, info } = await startProcess([builtCli(path.dirname(dist)), 'serve', '--data', dir, '--port', '0', '--admin-port', '0', '--json', '--seed', 'empty']);
  const url = new URL(info.scimUrl!);
  const n = store.ids.length;
  const pick = () => Math.floor(Math.random() * n);
  const paths: Record<string, () => string> = {
    lookup: () => `${url.pathname}/Users?filter=${encodeURIComponent(`userName eq "${store.userNames[pick()]}"`)}&startIndex=1&count=100`,
    read: () => `${url.pathname}/Users/${store.ids[pick()]}`,
  };
  return { name, child, origin: url.origin, headers: { Authorization: `Bearer ${info.token}` }, admin: { url: info.adminUrl!, token: info.adminToken! }, path: (s) => paths[s]!() };
}

async function startBare(): Promise<Server> {
  const { child, info } = await startProcess(['--import', 'tsx', path.join(root, 'bench', 'bare-server.ts')]);
  return { name: 'bare', child, origin: info.url!, headers: {}, path: () => '/scim/v2/Users?filter=userName%20eq%20%22bjensen%40example.com%22' };
}

async function setRecording(s: Server, enabled: boolean): Promise<void> {
  if (!s.admin) return;
  const res = await fetch(`${s.admin.url}/api/settings`, { method: 'PUT', headers: { Authorization: `Bearer ${s.admin.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ recording: { enabled } }) });
  if (!res.ok) throw new Error(`could not set recording on ${s.name}: ${res.status}`);
}


async function rssMb(child: ChildProcess): Promise<number> {
  const kb = /VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${child.pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

/** One run at the fixed rate: CPU µs per request (the recorder's worker included) and errors. */
async function run(s: Server, scenario: string, seconds: number): Promise<{ cpuUs: number; errors: number; rps: number }> {
  const before = await cpuSeconds(s.child.pid!);
  const result = await autocannon({
    url: s.origin,
    connections: 10,
    overallRate: RATE,
    duration: seconds,
    requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: s.path(scenario), headers: { ...req.headers, ...s.headers } }) }],
  });
  // Let the recorder's worker finish what it was handed before reading the CPU.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const used = (await cpuSeconds(s.child.pid!)) - before;
  return { cpuUs: (used / result.requests.total) * 1e6, errors: result.errors + result.timeouts + result.non2xx, rps: result.requests.average };
}


async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-pipeline-'));
  const servers: Server[] = [];
  try {
    const store = await makeStore(dir, USERS);
    servers.push(await startScimscope('candidate', path.join(root, 'dist'), store));
    if (BASELINE) servers.push(await startScimscope('baseline', BASELINE, store));
    servers.push(await startBare());
    console.log(`pipeline CPU at ${RATE} req/s, ${USERS} users, ${ROUNDS} rounds of ${SECONDS}s${BASELINE ? `, baseline ${BASELINE}` : ''}`);
    console.log('| recording | scenario | server | CPU µs/req median (min–max) | vs baseline | vs bare | RSS MB | errors |\n|---|---|---|---:|---:|---:|---:|---:|');
    for (const recording of RECORDING) {
      for (const s of servers) await setRecording(s, recording === 'on');
      for (const scenario of SCENARIOS) {
        const cpu = new Map<string, number[]>(servers.map((s) => [s.name, []]));
        const errors = new Map<string, number>(servers.map((s) => [s.name, 0]));
        await Promise.all(servers.map((s) => run(s, scenario, 2))); // warm-up
        for (let round = 0; round < ROUNDS; round++) {
          const results = await Promise.all(servers.map((s) => run(s, scenario, SECONDS)));
          servers.forEach((s, i) => {
            cpu.get(s.name)!.push(results[i]!.cpuUs);
            errors.set(s.name, errors.get(s.name)! + results[i]!.errors);
          });
        }
        for (const s of servers) {
          const mine = cpu.get(s.name)!;
          const ratio = (other: string) => (cpu.has(other) && other !== s.name ? spread(mine.map((v, i) => v / cpu.get(other)![i]!), (v) => `${(v * 100).toFixed(0)}%`) : '—');
          console.log(`| ${recording} | ${scenario} | ${s.name} | ${spread(mine, (v) => v.toFixed(1))} | ${ratio('baseline')} | ${ratio('bare')} | ${Math.round(await rssMb(s.child))} | ${errors.get(s.name)} |`);
        }
      }
    }
  } finally {
    for (const s of servers) {
      if (s.child.exitCode === null) {
        s.child.kill('SIGTERM');
        await once(s.child, 'exit');
      }
    }
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
