/**
 * The SCIM request pipeline's own CPU per request, without the kernel: two builds of the real
 * sandbox (this one and `PIPE_BASELINE`, e.g. main's dist) are loaded into ONE process over copies
 * of the same store, recording off, and the SCIM port's real request handler of each is handed
 * Node's own IncomingMessage and ServerResponse objects over a socket stand-in that accepts the
 * bytes and drops them (no TCP, no HTTP parsing). Batches alternate between the builds, round after
 * round, and each batch's CPU time (process.cpuUsage, on-CPU time only) is divided by its requests;
 * ratios are taken within a round. A bare handler (the bench/bare-server.ts answer) is driven the
 * same way, so the harness's own share can be read off. On a shared machine this is far steadier
 * than anything measured over sockets, because it counts only this thread's CPU.
 *
 * With PIPE_RECORDING=on the builds record (their own recording workers): each batch ends when its
 * recorder has answered everything it was handed (`exchanges.flush()`), and the table splits the CPU
 * into the main thread's (/proc/self/task/<pid>/schedstat, nanoseconds) and the whole process's
 * (the batch's worker, GC helpers), the other build's worker being idle meanwhile.
 *
 * Usage: node --import tsx bench/pipeline-inprocess.ts
 * Environment: PIPE_BASELINE=/path/to/other/dist, PIPE_USERS=100000, PIPE_ROUNDS=15,
 * PIPE_BATCH=4000 (requests per build per round), PIPE_SCENARIOS=lookup,read, PIPE_RECORDING=off|on.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { driveGets, mainThreadUs, statusCounts, type Handler } from './in-process-driver.js';
import { copyStore, makeStore, type BenchStore } from './make-store.js';
import { spread } from './stats.js';

const root = path.resolve(import.meta.dirname, '..');
const USERS = Number(process.env.PIPE_USERS ?? 100_000);
const ROUNDS = Number(process.env.PIPE_ROUNDS ?? 15);
const BATCH = Number(process.env.PIPE_BATCH ?? 4000);
const SCENARIOS = (process.env.PIPE_SCENARIOS ?? 'lookup,read').split(',');
const BASELINE = process.env.PIPE_BASELINE ? path.resolve(process.env.PIPE_BASELINE) : null;
const RECORDING = process.env.PIPE_RECORDING === 'on';

interface Build {
  name: string;
  handle: Handler;
  headers: Record<string, string>;
  /** Resolves when what was recorded so far is interpreted and written (recording on). */
  flush: () => Promise<void>;
  close: () => Promise<void>;
}

async function loadBuild(name: string, dist: string, store: BenchStore): Promise<Build> {
  const dir = path.join(store.dir, name);
  await mkdir(dir);
  await copyStore(store.dir, dir);
  const { createSandbox } = (await import(pathToFileURL(path.join(dist, 'server', 'sandbox.js')).href)) as typeof import('../server/sandbox.js');
  const sandbox = await createSandbox({ dataDir: dir, seed: 'empty', log: () => undefined });
  await sandbox.settings.update({ recording: { enabled: RECORDING } });
  // The store compacts and writes its load index after start: not part of what is measured.
  await sandbox.store.settled;
  const handle = sandbox.scimServer.listeners('request')[0] as Handler;
  return { name, handle, headers: { host: '127.0.0.1:7171', authorization: `Bearer ${sandbox.settings.current.auth.token}`, 'user-agent': 'Okta SCIM Client 1.0.0', accept: 'application/scim+json' }, flush: () => sandbox.exchanges.flush(), close: () => sandbox.close() };
}

function bareBuild(): Build {
  const list = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1, startIndex: 1, itemsPerPage: 1, Resources: [{ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: '2819c223-7f76-453a-919d-413861904646', userName: 'bjensen@example.com', name: { givenName: 'Barbara', familyName: 'Jensen', formatted: 'Barbara Jensen' }, displayName: 'Barbara Jensen', emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }], active: true, meta: { resourceType: 'User', created: '2026-01-01T00:00:00.000Z', lastModified: '2026-01-01T00:00:00.000Z', version: 'W/"1"', location: 'http://127.0.0.1/scim/v2/Users/2819c223-7f76-453a-919d-413861904646' } }] };
  const handle: Handler = (req, res) => {
    req.resume();
    res.writeHead(200, { 'Content-Type': 'application/scim+json; charset=utf-8' });
    res.end(JSON.stringify(list));
  };
  return { name: 'bare', handle, headers: { host: '127.0.0.1:7171' }, flush: async () => undefined, close: async () => undefined };
}

/** Drives `count` requests through a build's handler; answers the CPU µs per request and the statuses seen. */
async function batch(build: Build, paths: () => string, count: number): Promise<{ cpuUs: number; mainUs: number; statuses: Map<number, number> }> {
  const started = process.cpuUsage();
  const mainStarted = mainThreadUs();
  const statuses = await driveGets(build.handle, paths, count, build.headers);
  await build.flush();
  const mainUs = (mainThreadUs() - mainStarted) / count;
  const used = process.cpuUsage(started);
  return { cpuUs: (used.user + used.system) / count, mainUs, statuses };
}


async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-pipeline-inproc-'));
  const builds: Build[] = [];
  try {
    const store = await makeStore(dir, USERS);
    builds.push(await loadBuild('candidate', path.join(root, 'dist'), store));
    if (BASELINE) builds.push(await loadBuild('baseline', BASELINE, store));
    builds.push(bareBuild());
    const n = store.ids.length;
    const pick = () => Math.floor(Math.random() * n);
    const scenarioPaths: Record<string, () => string> = {
      lookup: () => `/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${store.userNames[pick()]}"`)}&startIndex=1&count=100`,
      read: () => `/scim/v2/Users/${store.ids[pick()]}`,
    };
    console.log(`pipeline in-process, recording ${RECORDING ? 'on' : 'off'}: ${USERS} users, ${ROUNDS} rounds of ${BATCH} requests per build${BASELINE ? `, baseline ${BASELINE}` : ''}`);
    console.log('| scenario | build | CPU µs/req median (min–max) | vs baseline | above bare, µs | main thread µs/req | main vs baseline | statuses |\n|---|---|---:|---:|---:|---:|---:|---|');
    for (const scenario of SCENARIOS) {
      const paths = scenarioPaths[scenario]!;
      const cpu = new Map<string, number[]>(builds.map((b) => [b.name, []]));
      const main = new Map<string, number[]>(builds.map((b) => [b.name, []]));
      const statuses = new Map<string, string>();
      for (const b of builds) await batch(b, paths, BATCH); // warm-up
      for (let round = 0; round < ROUNDS; round++) {
        for (const b of round % 2 === 0 ? builds : [...builds].reverse()) {
          const r = await batch(b, paths, BATCH);
          cpu.get(b.name)!.push(r.cpuUs);
          main.get(b.name)!.push(r.mainUs);
          statuses.set(b.name, statusCounts(r.statuses));
        }
      }
      const bare = cpu.get('bare')!;
      for (const b of builds) {
        const mine = cpu.get(b.name)!;
        const vsBase = cpu.has('baseline') && b.name !== 'baseline' ? spread(mine.map((v, i) => v / cpu.get('baseline')![i]!), (v) => `${(v * 100).toFixed(0)}%`) : '—';
        const above = b.name === 'bare' ? '—' : spread(mine.map((v, i) => v - bare[i]!), (v) => v.toFixed(1));
        const mainMine = main.get(b.name)!;
        const mainVsBase = main.has('baseline') && b.name !== 'baseline' ? spread(mainMine.map((v, i) => v / main.get('baseline')![i]!), (v) => `${(v * 100).toFixed(0)}%`) : '—';
        console.log(`| ${scenario} | ${b.name} | ${spread(mine, (v) => v.toFixed(1))} | ${vsBase} | ${above} | ${spread(mainMine, (v) => v.toFixed(1))} | ${mainVsBase} | ${statuses.get(b.name)} |`);
      }
    }
  } finally {
    for (const b of builds) await b.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
