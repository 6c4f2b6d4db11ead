/**
 * `npm run bench`: drives the real `scimscope serve` (recording on, the default) over loopback with
 * autocannon at 1k, 10k and 100k stored users, next to yardsticks measured in the same run, and
 * prints each scenario's requests/s, p99 and the server's RSS, with its throughput as ratios:
 * against a bare Node http server, against json-server serving the same users (import pages), and,
 * with BENCH_BASELINE, against another build of Scimscope (e.g. main's) on a copy of the same store.
 * Every scenario runs in several rounds; in each round every server is measured once, in an order
 * that alternates between rounds, and a ratio is taken within its round, so a machine whose speed
 * drifts (it is shared) moves both sides of a ratio together. Ratios are given as the median of the
 * rounds with their min–max. Also measures the recorder's cost: the same scenarios with recording
 * on and off.
 *
 * Environment: BENCH_SIZES=1000,10000 (default 1000,10000,100000), BENCH_SECONDS=3 (per round),
 * BENCH_ROUNDS=3, BENCH_WARMUP=2 (seconds, before each server's first round), BENCH_CONNECTIONS=10,
 * BENCH_SCENARIOS=lookup,import,walk,read (default all; `import` asks for the same mid-set page each
 * time, `walk` for every page in turn, as an Okta import does), BENCH_BASELINE=/path/to/other/dist,
 * BENCH_JSON_SERVER=0 (skip json-server), BENCH_RECORDER=0 (skip the recorder comparison),
 * BENCH_RATE=1000 (requests/s for the recorder's latency comparison), BENCH_RECORDING=off (measure
 * Scimscope and the baseline build with recording turned off, to see the request pipeline alone).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { fixedRate, type LatencyResult } from './fixed-rate.js';
import { copyStore, makeStore, type BenchStore } from './make-store.js';
import { builtCli, cpuSeconds, startProcess, stopServe } from './serve-process.js';

const root = path.resolve(import.meta.dirname, '..');
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const ONLY = process.env.BENCH_SCENARIOS?.split(',');
const BASELINE = process.env.BENCH_BASELINE ? path.resolve(process.env.BENCH_BASELINE) : null;
const JSON_SERVER = process.env.BENCH_JSON_SERVER !== '0';
const RECORDER = process.env.BENCH_RECORDER !== '0';
const RECORDING_OFF = process.env.BENCH_RECORDING === 'off';

interface Ready {
  scimUrl: string;
  token: string;
  adminUrl: string;
  adminToken: string;
}

type RequestSpec = { method: string; path: string; body?: string; headers?: Record<string, string> };
type Measured = { rps: number; p50: number; p99: number; errors: number; requests: number };

/** One server under load: its process, and how to address it in a scenario. */
interface Target {
  name: string;
  child: ChildProcess;
  origin: string;
  headers: Record<string, string>;
  /** The request for a scenario, or null when this server has no equivalent (it sits that scenario out). */
  request: (scenario: string) => (() => RequestSpec) | null;
}



/** Resident memory of a process in MB, from the kernel's own accounting. */
async function rssMb(child: ChildProcess): Promise<number> {
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
  const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
  return kb ? Number(kb) / 1024 : NaN;
}

async function measure(origin: string, next: () => RequestSpec, headers: Record<string, string>, seconds: number): Promise<Measured> {
  const result = await autocannon({
    url: origin,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        setupRequest: (req: autocannon.Request) => {
          const spec = next();
          return { ...req, method: spec.method as 'GET', path: spec.path, body: spec.body, headers: { ...headers, ...(spec.headers ?? {}) } };
        },
      },
    ],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx, requests: result.requests.total };
}


/**
 * One measured run against a target, with the CPU the server spent per request: unlike
 * throughput, that barely depends on what else the shared machine is running.
 */
async function measureTarget(t: Target, next: () => RequestSpec, seconds: number): Promise<Measured & { cpuUs: number }> {
  const before = await cpuSeconds(t.child.pid!);
  const m = await measure(t.origin, next, t.headers, seconds);
  const used = (await cpuSeconds(t.child.pid!)) - before;
  return { ...m, cpuUs: m.requests > 0 ? (used / m.requests) * 1e6 : NaN };
}

const SCENARIOS = ['lookup', 'import', 'walk', 'read', 'create', 'patch'] as const;
const TITLES: Record<string, string> = {
  lookup: 'lookup `userName eq`',
  import: 'import page (`count=100`, mid-set)',
  walk: 'import walk (`count=100`, each page in turn)',
  read: 'read by id',
  create: 'create (durable)',
  patch: 'PATCH deactivate (durable)',
};

/**
 * The zero-based offsets of an import that walks the whole set a page of 100 at a time and starts
 * over at the end: Okta's import asks `/Users?startIndex=1&count=100` and then the next pages
 * (server/idp/okta-lifecycle-shapes.ts, "Import: first page of users"). Unlike the mid-set page
 * asked again and again, no two pages in a row are the same, so nothing per page can be reused.
 */
function pager(n: number): () => number {
  let at = 0;
  return () => {
    const offset = at;
    at = at + 100 >= n ? 0 : at + 100;
    return offset;
  };
}

/** Scimscope's requests (each server its own counters, so creates never collide). */
function scimRequests(store: BenchStore, base: string): (scenario: string) => () => RequestSpec {
  const n = store.ids.length;
  let created = 0;
  let patched = 0;
  const pick = () => Math.floor(Math.random() * n);
  const nextPage = pager(n);
  const json = { 'Content-Type': 'application/scim+json' };
  const tag = Math.random().toString(36).slice(2, 8);
  const all: Record<string, () => RequestSpec> = {
    lookup: () => ({ method: 'GET', path: `${base}/Users?filter=${encodeURIComponent(`userName eq "${store.userNames[pick()]}"`)}&startIndex=1&count=100` }),
    import: () => ({ method: 'GET', path: `${base}/Users?startIndex=${Math.floor(n / 2)}&count=100` }),
    walk: () => ({ method: 'GET', path: `${base}/Users?startIndex=${nextPage() + 1}&count=100` }),
    read: () => ({ method: 'GET', path: `${base}/Users/${store.ids[pick()]}` }),
    create: () => ({
      method: 'POST',
      path: `${base}/Users`,
      headers: json,
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `bench.${tag}.${created++}@example.com`, name: { givenName: 'Bench', familyName: 'User' }, emails: [{ value: `bench${created}@example.com`, type: 'work', primary: true }], active: true }),
    }),
    patch: () => {
      const i = patched++;
      const active = Math.floor(i / n) % 2 === 1;
      return { method: 'PATCH', path: `${base}/Users/${store.ids[i % n]}`, headers: json, body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active } }] }) };
    },
  };
  return (scenario) => all[scenario]!;
}

async function startScimscope(name: string, dist: string, store: BenchStore): Promise<Target & { ready: Ready }> {
  const dir = path.join(store.dir, name);
  await mkdir(dir);
  await copyStore(store.dir, dir);
  const started = Date.now();
  const { child, info } = await startProcess([builtCli(path.dirname(dist)), 'serve', '--data', dir, '--port', '0', '--admin-port', '0', '--json', '--seed', 'empty']);
  const ready = info as unknown as Ready;
  console.log(`  ${name}: ready in ${Date.now() - started} ms`);
  if (RECORDING_OFF) await setRecording(ready, false);
  const requests = scimRequests(store, new URL(ready.scimUrl).pathname);
  return { name, child, ready, origin: new URL(ready.scimUrl).origin, headers: { Authorization: `Bearer ${ready.token}` }, request: requests };
}

async function startBare(): Promise<Target> {
  const { child, info } = await startProcess(['--import', 'tsx', path.join(root, 'bench', 'bare-server.ts')]);
  const fixed = () => ({ method: 'GET', path: '/scim/v2/Users?filter=userName%20eq%20%22bjensen%40example.com%22' });
  return { name: 'bare', child, origin: info.url!, headers: {}, request: () => fixed };
}

async function startJsonServer(store: BenchStore): Promise<Target> {
  const { child, info } = await startProcess(['--import', 'tsx', path.join(root, 'bench', 'json-server.ts'), store.jsonServerDb]);
  const n = store.ids.length;
  // json-server's paging: `_start`/`_limit` over the collection, like SCIM's startIndex/count.
  const page = () => ({ method: 'GET', path: `/users?_start=${Math.floor(n / 2) - 1}&_limit=100` });
  const nextPage = pager(n);
  const walk = () => ({ method: 'GET', path: `/users?_start=${nextPage()}&_limit=100` });
  return { name: 'json-server', child, origin: info.url!, headers: {}, request: (s) => (s === 'import' ? page : s === 'walk' ? walk : null) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

interface Row {
  size: number;
  scenario: string;
  target: string;
  rps: number[];
  /** Server CPU (all threads) per request, µs. */
  cpuUs: number[];
  p99: number[];
  errors: number;
  rssMb: number;
  /** Per round: this target's throughput over each other target's in the same round. */
  ratios: Record<string, number[]>;
}

async function setRecording(ready: Ready, enabled: boolean): Promise<void> {
  const res = await fetch(`${ready.adminUrl}/api/settings`, { method: 'PUT', headers: { Authorization: `Bearer ${ready.adminToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ recording: { enabled } }) });
  if (!res.ok) throw new Error(`could not set recording: ${res.status} ${await res.text()}`);
}

function spread(xs: number[], pct = true): string {
  const f = (v: number) => (pct ? `${(v * 100).toFixed(0)}%` : Math.round(v).toLocaleString('en-US'));
  if (xs.length === 0) return '—';
  return xs.length === 1 ? f(xs[0]!) : `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;
}

function table(rows: Row[]): string {
  const others = ['bare', 'json-server', 'baseline', 'baseline CPU/req'].filter((o) => rows.some((r) => r.ratios[o]?.length));
  const head = `| users | scenario | server | req/s median (min–max) | CPU µs/req | p99 ms | RSS MB | ${others.map((o) => `vs ${o}`).join(' | ')} | errors |\n|---:|---|---|---:|---:|---:|---:|${others.map(() => '---:|').join('')}---:|`;
  const body = rows.map((r) => `| ${r.size.toLocaleString('en-US')} | ${TITLES[r.scenario]} | ${r.target} | ${spread(r.rps, false)} | ${Math.round(median(r.cpuUs))} | ${median(r.p99)} | ${Number.isNaN(r.rssMb) ? '—' : Math.round(r.rssMb)} | ${others.map((o) => spread(r.ratios[o] ?? [])).join(' | ')} | ${r.errors} |`);
  return [head, ...body].join('\n');
}

async function recorderCost(target: Target & { ready: Ready }, size: number) {
  const out = [];
  for (const scenario of ['lookup', 'create']) {
    const next = target.request(scenario)!;
    const runs: { on: LatencyResult[]; off: LatencyResult[]; onRps: number[]; offRps: number[] } = { on: [], off: [], onRps: [], offRps: [] };
    for (const enabled of [true, false, true, false]) {
      await setRecording(target.ready, enabled);
      await fixedRate(target.origin, next, target.headers, RATE, 1);
      runs[enabled ? 'on' : 'off'].push(await fixedRate(target.origin, next, target.headers, RATE, SECONDS));
      runs[enabled ? 'onRps' : 'offRps'].push((await measure(target.origin, next, target.headers, SECONDS)).rps);
    }
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    out.push({ size, scenario: TITLES[scenario]!, rate: RATE, meanOn: avg(runs.on.map((r) => r.mean)), meanOff: avg(runs.off.map((r) => r.mean)), p99On: avg(runs.on.map((r) => r.p99)), p99Off: avg(runs.off.map((r) => r.p99)), rpsOn: avg(runs.onRps), rpsOff: avg(runs.offRps) });
  }
  await setRecording(target.ready, true);
  return out;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const recordingRows: Awaited<ReturnType<typeof recorderCost>> = [];
  console.log(`Scimscope benchmark: ${ROUNDS} rounds of ${SECONDS}s per scenario and server, ${CONNECTIONS} connections, ${os.cpus().length} CPUs, Node ${process.version}${BASELINE ? `, baseline build ${BASELINE}` : ''}${RECORDING_OFF ? ', recording off' : ''}\n`);
  for (const size of SIZES) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-bench-'));
    const targets: Target[] = [];
    try {
      const store = await makeStore(dir, size);
      console.log(`${size.toLocaleString('en-US')} users:`);
      const candidate = await startScimscope('scimscope', path.join(root, 'dist'), store);
      targets.push(candidate);
      if (BASELINE) targets.push(await startScimscope('baseline', BASELINE, store));
      targets.push(await startBare());
      if (JSON_SERVER) targets.push(await startJsonServer(store));
      const warmed = new Set<string>();
      for (const scenario of SCENARIOS.filter((s) => !ONLY || ONLY.includes(s))) {
        const taking = targets.filter((t) => t.request(scenario));
        const results = new Map<string, (Measured & { cpuUs: number })[]>(taking.map((t) => [t.name, []]));
        for (let round = 0; round < ROUNDS; round++) {
          const order = round % 2 === 0 ? taking : [...taking].reverse();
          for (const t of order) {
            const next = t.request(scenario)!;
            const key = `${t.name}:${scenario}`;
            if (WARMUP_SECONDS > 0 && !warmed.has(key)) {
              warmed.add(key);
              await measure(t.origin, next, t.headers, WARMUP_SECONDS);
            }
            results.get(t.name)!.push(await measureTarget(t, next, SECONDS));
          }
        }
        for (const t of taking.filter((x) => x.name === 'scimscope' || x.name === 'baseline')) {
          const mine = results.get(t.name)!;
          const ratios: Record<string, number[]> = {};
          for (const other of taking) {
            if (other === t || (t.name === 'baseline' && other.name !== 'bare')) continue;
            ratios[other.name] = mine.map((m, i) => m.rps / results.get(other.name)![i]!.rps);
          }
          if (t.name === 'scimscope' && results.has('baseline')) ratios['baseline CPU/req'] = mine.map((m, i) => m.cpuUs / results.get('baseline')![i]!.cpuUs);
          const row: Row = { size, scenario, target: t.name, rps: mine.map((m) => m.rps), cpuUs: mine.map((m) => m.cpuUs), p99: mine.map((m) => m.p99), errors: mine.reduce((a, m) => a + m.errors, 0), rssMb: await rssMb(t.child), ratios };
          rows.push(row);
          console.log(`  ${TITLES[scenario]} [${t.name}]: ${spread(row.rps, false)} req/s, ${spread(row.cpuUs, false)} µs CPU/req, RSS ${Math.round(row.rssMb)} MB; ${Object.entries(ratios).map(([o, r]) => `vs ${o} ${spread(r)}`).join(', ')}`);
        }
        for (const t of taking.filter((x) => x.name === 'bare' || x.name === 'json-server')) {
          console.log(`  ${TITLES[scenario]} [${t.name}]: ${spread(results.get(t.name)!.map((m) => m.rps), false)} req/s`);
        }
      }
      // The recorder's cost, at the middle size: latency at a steady rate, and saturated throughput,
      // recording on and off interleaved (on, off, on, off) so drift does not favour either.
      if (RECORDER && !RECORDING_OFF && size === SIZES[Math.min(1, SIZES.length - 1)]) recordingRows.push(...(await recorderCost(candidate, size)));
    } finally {
      for (const t of targets) await stopServe(t.child);
      await rm(dir, { recursive: true, force: true });
    }
  }
  console.log(`\n${table(rows)}\n`);
  if (recordingRows.length) {
    const ms = (v: number) => v.toFixed(3);
    const pct = (on: number, off: number) => `${on >= off ? '+' : ''}${(((on - off) / off) * 100).toFixed(1)}%`;
    console.log(`Recording on vs off (latency at a steady ${RATE} req/s; throughput saturated; each the mean of two interleaved runs):\n`);
    console.log('| users | scenario | mean latency on / off (ms) | added | p99 on / off (ms) | req/s saturated on / off | throughput cost |\n|---:|---|---:|---:|---:|---:|---:|');
    for (const r of recordingRows) {
      console.log(`| ${r.size.toLocaleString('en-US')} | ${r.scenario} | ${ms(r.meanOn)} / ${ms(r.meanOff)} | ${pct(r.meanOn, r.meanOff)} | ${ms(r.p99On)} / ${ms(r.p99Off)} | ${Math.round(r.rpsOn)} / ${Math.round(r.rpsOff)} | ${(((r.rpsOff - r.rpsOn) / r.rpsOff) * 100).toFixed(1)}% |`);
    }
  }
  await writeFile(path.join(root, 'bench', 'last-run.json'), `${JSON.stringify({ at: new Date().toISOString(), seconds: SECONDS, rounds: ROUNDS, connections: CONNECTIONS, rate: RATE, baseline: BASELINE, rows, recordingRows }, null, 2)}\n`);
}

await main();
