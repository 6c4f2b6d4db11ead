/**
 * The CPU an import page costs, paired: this build and another (`PAGES_BASELINE`, e.g. main's dist)
 * are loaded into ONE process over copies of the same store, and the SCIM port's real request
 * handler of each is handed Node's own IncomingMessage and ServerResponse over a socket stand-in
 * that drops the bytes (no TCP, no HTTP parsing: what is left is the pipeline, the page and the
 * recorder's hand-off). Batches alternate between the builds, round after round; ratios are taken
 * within a round. Recording on (the default, as users run it): each batch ends when its recorder
 * has written everything it was handed, and the table gives the main thread's CPU
 * (/proc/self/task/<pid>/schedstat) and the whole process's (the recording worker, GC helpers).
 * Scenarios: `import`, the same mid-set page again and again (what bench/run.ts drives); `walk`,
 * page after page through the whole set (one full Okta import); `attrs`, the walk with
 * `attributes=userName,externalId` (a projection); `lookup`, `userName eq` of a different user each time
 * (the figures are then per lookup).
 *
 * Usage: node --expose-gc --import tsx bench/import-page-cpu.ts
 * Environment: PAGES_BASELINE=/path/to/other/dist, PAGES_USERS=100000, PAGES_ROUNDS=7,
 * PAGES_BATCH=1000 (pages per build per round), PAGES_SCENARIOS=import,walk, PAGES_RECORDING=on|off,
 * PAGES_PROFILE=file.cpuprofile (the main thread's CPU profile of the measured rounds only).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { driveGets, mainThreadUs, statusCounts, type Handler } from './in-process-driver.js';
import { makeStore, type BenchStore } from './make-store.js';
import { spread } from './stats.js';

const root = path.resolve(import.meta.dirname, '..');
const USERS = Number(process.env.PAGES_USERS ?? 100_000);
const ROUNDS = Number(process.env.PAGES_ROUNDS ?? 7);
const BATCH = Number(process.env.PAGES_BATCH ?? 1000);
const SCENARIOS = (process.env.PAGES_SCENARIOS ?? 'import,walk').split(',');
const BASELINE = process.env.PAGES_BASELINE ? path.resolve(process.env.PAGES_BASELINE) : null;
const RECORDING = process.env.PAGES_RECORDING !== 'off';

interface Build {
  name: string;
  handle: Handler;
  headers: Record<string, string>;
  flush: () => Promise<void>;
  close: () => Promise<void>;
  bytes: number;
}

async function loadBuild(name: string, dist: string, store: BenchStore): Promise<Build> {
  const dir = path.join(store.dir, name);
  await mkdir(dir);
  await copyFile(path.join(store.dir, 'store.json'), path.join(dir, 'store.json'));
  const { createSandbox } = (await import(pathToFileURL(path.join(dist, 'server', 'sandbox.js')).href)) as typeof import('../server/sandbox.js');
  const sandbox = await createSandbox({ dataDir: dir, seed: 'empty', log: () => undefined });
  await sandbox.settings.update({ recording: { enabled: RECORDING } });
  // The store compacts and writes its load index after start: not part of what is measured.
  await sandbox.store.settled;
  const handle = sandbox.scimServer.listeners('request')[0] as Handler;
  return {
    name,
    handle,
    headers: { host: '127.0.0.1:7171', authorization: `Bearer ${sandbox.settings.current.auth.token}`, 'user-agent': 'Okta SCIM Client 1.0.0', accept: 'application/scim+json' },
    flush: () => sandbox.exchanges.flush(),
    close: () => sandbox.close(),
    bytes: 0,
  };
}

async function batch(build: Build, paths: () => string, count: number): Promise<{ mainUs: number; cpuUs: number; statuses: Map<number, number> }> {
  // The heap is shared: collect the other build's garbage before this batch starts its clock.
  (globalThis as { gc?: () => void }).gc?.();
  const started = process.cpuUsage();
  const mainStarted = mainThreadUs();
  const statuses = await driveGets(build.handle, paths, count, build.headers, build);
  await build.flush();
  const used = process.cpuUsage(started);
  return { mainUs: (mainThreadUs() - mainStarted) / count, cpuUs: (used.user + used.system) / count, statuses };
}


async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-pages-'));
  const builds: Build[] = [];
  try {
    const store = await makeStore(dir, USERS);
    builds.push(await loadBuild('candidate', path.join(root, 'dist'), store));
    if (BASELINE) builds.push(await loadBuild('baseline', BASELINE, store));
    const n = store.ids.length;
    const walkers = new Map<string, number>();
    const walk = (build: string, query = '') => () => {
      const at = walkers.get(build) ?? 0;
      walkers.set(build, (at + 100) % n);
      return `/scim/v2/Users?startIndex=${at + 1}&count=100${query}`;
    };
    const scenarioPaths: Record<string, (build: string) => () => string> = {
      import: () => () => `/scim/v2/Users?startIndex=${Math.floor(n / 2)}&count=100`,
      walk: (b) => walk(b),
      attrs: (b) => walk(b, '&attributes=userName,externalId'),
      // Okta's lookup before a create: a different user each time (a filter, answered as a list of one).
      lookup: (b) => () => {
        const at = walkers.get(`lookup:${b}`) ?? 0;
        walkers.set(`lookup:${b}`, (at + 7919) % n);
        return `/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${store.userNames[at]}"`)}`;
      },
    };
    console.log(`import pages in-process, recording ${RECORDING ? 'on' : 'off'}: ${USERS} users, ${ROUNDS} rounds of ${BATCH} pages per build${BASELINE ? `, baseline ${BASELINE}` : ''}`);
    console.log('| scenario | build | main thread µs/page | vs baseline | process µs/page | vs baseline | statuses |\n|---|---|---:|---:|---:|---:|---|');
    const profiler = process.env.PAGES_PROFILE ? new Session() : null;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    for (const scenario of SCENARIOS) {
      const main = new Map<string, number[]>(builds.map((b) => [b.name, []]));
      const cpu = new Map<string, number[]>(builds.map((b) => [b.name, []]));
      const statuses = new Map<string, string>();
      const paths = new Map(builds.map((b) => [b.name, scenarioPaths[scenario]!(b.name)]));
      for (const b of builds) await batch(b, paths.get(b.name)!, BATCH); // warm-up
      for (let round = 0; round < ROUNDS; round++) {
        for (const b of round % 2 === 0 ? builds : [...builds].reverse()) {
          const r = await batch(b, paths.get(b.name)!, BATCH);
          main.get(b.name)!.push(r.mainUs);
          cpu.get(b.name)!.push(r.cpuUs);
          statuses.set(b.name, statusCounts(r.statuses));
        }
      }
      for (const b of builds) {
        const ratio = (m: Map<string, number[]>) => (m.has('baseline') && b.name !== 'baseline' ? spread(m.get(b.name)!.map((v, i) => v / m.get('baseline')![i]!), (v) => `${(v * 100).toFixed(0)}%`) : '—');
        console.log(`| ${scenario} | ${b.name} | ${spread(main.get(b.name)!, (v) => v.toFixed(0))} | ${ratio(main)} | ${spread(cpu.get(b.name)!, (v) => v.toFixed(0))} | ${ratio(cpu)} | ${statuses.get(b.name)} |`);
      }
    }
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(process.env.PAGES_PROFILE!, JSON.stringify(profile));
      profiler.disconnect();
    }
    for (const b of builds) console.log(`${b.name}: ${(b.bytes / 1e6).toFixed(0)} MB written`);
  } finally {
    for (const b of builds) await b.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
