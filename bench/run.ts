/**
 * `npm run bench`: drives the real `scimscope serve` over loopback with autocannon at 1k, 10k and
 * 100k stored users, next to a bare Node http server measured in the same run, and prints
 * requests/s, p50 and p99 for each scenario and its throughput as a ratio of the bare server's.
 * Also measures the recorder's cost: the same scenarios with recording on and off.
 *
 * Environment: BENCH_SIZES=1000,10000 (default 1000,10000,100000), BENCH_SECONDS=5, BENCH_CONNECTIONS=10,
 * BENCH_RATE=1000 (requests/s for the latency comparison).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { fixedRate, type LatencyResult } from './fixed-rate.js';
import { makeStore, type BenchStore } from './make-store.js';

const root = path.resolve(import.meta.dirname, '..');
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const RATE = Number(process.env.BENCH_RATE ?? 1000);

interface Ready {
  scimUrl: string;
  token: string;
  adminUrl: string;
  adminToken: string;
}

interface Row {
  size: number;
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  ratio: number | null;
  errors: number;
}

async function startProcess(args: string[]): Promise<{ child: ChildProcess; info: Record<string, string> }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], cwd: root });
  let out = '';
  const info = await new Promise<Record<string, string>>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(JSON.parse(out.slice(0, nl)) as Record<string, string>);
    });
    child.once('exit', (code) => reject(new Error(`process exited early (${code})`)));
  });
  return { child, info };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

type RequestSpec = { method: string; path: string; body?: string; headers?: Record<string, string> };

const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP ?? 2);

/** Runs one scenario: a warm-up (JIT, caches; not counted), then the measured run. */
async function load(url: string, next: () => RequestSpec, headers: Record<string, string>): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  if (WARMUP_SECONDS > 0) await measure(url, next, headers, WARMUP_SECONDS);
  return measure(url, next, headers, SECONDS);
}

async function measure(url: string, next: () => RequestSpec, headers: Record<string, string>, seconds: number): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  const result = await autocannon({
    url,
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
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx };
}

function scenarios(store: BenchStore, base: string) {
  const n = store.ids.length;
  let created = 0;
  let patched = 0;
  const pick = () => Math.floor(Math.random() * n);
  return [
    { name: 'lookup userName eq', next: () => ({ method: 'GET', path: `${base}/Users?filter=${encodeURIComponent(`userName eq "${store.userNames[pick()]}"`)}&startIndex=1&count=100` }) },
    { name: 'import page (count=100, mid-set)', next: () => ({ method: 'GET', path: `${base}/Users?startIndex=${Math.floor(n / 2)}&count=100` }) },
    { name: 'read by id', next: () => ({ method: 'GET', path: `${base}/Users/${store.ids[pick()]}` }) },
    {
      name: 'create (durable)',
      next: () => ({
        method: 'POST',
        path: `${base}/Users`,
        headers: { 'Content-Type': 'application/scim+json' },
        body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `bench.${process.pid}.${created++}@example.com`, name: { givenName: 'Bench', familyName: 'User' }, emails: [{ value: `bench${created}@example.com`, type: 'work', primary: true }], active: true }),
      }),
    },
    {
      name: 'PATCH deactivate (durable)',
      next: () => {
        const i = patched++;
        const active = Math.floor(i / n) % 2 === 1;
        return { method: 'PATCH', path: `${base}/Users/${store.ids[i % n]}`, headers: { 'Content-Type': 'application/scim+json' }, body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active } }] }) };
      },
    },
  ];
}

async function setRecording(ready: Ready, enabled: boolean): Promise<void> {
  const res = await fetch(`${ready.adminUrl}/api/settings`, { method: 'PUT', headers: { Authorization: `Bearer ${ready.adminToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ recording: { enabled } }) });
  if (!res.ok) throw new Error(`could not set recording: ${res.status} ${await res.text()}`);
}

function fmt(rows: Row[]): string {
  const head = '| users | scenario | req/s | p50 ms | p99 ms | vs bare server | errors |\n|---:|---|---:|---:|---:|---:|---:|';
  const body = rows.map((r) => `| ${r.size.toLocaleString('en-US')} | ${r.scenario} | ${Math.round(r.rps).toLocaleString('en-US')} | ${r.p50} | ${r.p99} | ${r.ratio === null ? '—' : `${(r.ratio * 100).toFixed(0)}%`} | ${r.errors} |`);
  return [head, ...body].join('\n');
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const recordingRows: { size: number; scenario: string; rate: number; meanOn: number; meanOff: number; p99On: number; p99Off: number; rpsOn: number; rpsOff: number }[] = [];
  console.log(`Scimscope benchmark: ${SECONDS}s per scenario, ${CONNECTIONS} connections, ${os.cpus().length} CPUs, Node ${process.version}\n`);
  for (const size of SIZES) {
    const bare = await startProcess(['--import', 'tsx', path.join(root, 'bench', 'bare-server.ts')]);
    const baseline = await load(bare.info.url!, () => ({ method: 'GET', path: '/scim/v2/Users?filter=userName%20eq%20%22bjensen%40example.com%22' }), {});
    await stop(bare.child);
    rows.push({ size, scenario: 'bare Node http, fixed list (baseline)', ...baseline, ratio: 1 });

    const dir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-bench-'));
    const store = await makeStore(dir, size);
    const started = Date.now();
    const server = await startProcess([path.join(root, 'dist', 'server', 'cli.js'), 'serve', '--data', dir, '--port', '0', '--admin-port', '0', '--json', '--seed', 'empty']);
    const ready = server.info as unknown as Ready;
    console.log(`${size.toLocaleString('en-US')} users: server ready in ${Date.now() - started} ms`);
    const auth = { Authorization: `Bearer ${ready.token}` };
    const base = new URL(ready.scimUrl).pathname;
    const origin = new URL(ready.scimUrl).origin;
    for (const scenario of scenarios(store, base)) {
      const r = await load(origin, scenario.next, auth);
      rows.push({ size, scenario: scenario.name, ...r, ratio: r.rps / baseline.rps });
      console.log(`  ${scenario.name}: ${Math.round(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms`);
    }
    // The recorder's cost, at the middle size: latency at a steady rate, and saturated throughput,
    // recording on and off interleaved (on, off, on, off) so drift does not favour either.
    if (size === SIZES[Math.min(1, SIZES.length - 1)]) {
      for (const scenario of scenarios(store, base).filter((s) => /lookup|create/.test(s.name))) {
        const runs: { on: LatencyResult[]; off: LatencyResult[]; onRps: number[]; offRps: number[] } = { on: [], off: [], onRps: [], offRps: [] };
        for (const enabled of [true, false, true, false]) {
          await setRecording(ready, enabled);
          await fixedRate(origin, scenario.next, auth, RATE, 1);
          runs[enabled ? 'on' : 'off'].push(await fixedRate(origin, scenario.next, auth, RATE, SECONDS));
          runs[enabled ? 'onRps' : 'offRps'].push((await measure(origin, scenario.next, auth, SECONDS)).rps);
        }
        const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
        recordingRows.push({
          size,
          scenario: scenario.name,
          rate: RATE,
          meanOn: avg(runs.on.map((r) => r.mean)),
          meanOff: avg(runs.off.map((r) => r.mean)),
          p99On: avg(runs.on.map((r) => r.p99)),
          p99Off: avg(runs.off.map((r) => r.p99)),
          rpsOn: avg(runs.onRps),
          rpsOff: avg(runs.offRps),
        });
      }
      await setRecording(ready, true);
    }
    await stop(server.child);
    await rm(dir, { recursive: true, force: true });
  }
  console.log(`\n${fmt(rows)}\n`);
  if (recordingRows.length) {
    const ms = (v: number) => v.toFixed(3);
    const pct = (on: number, off: number) => `${on >= off ? '+' : ''}${(((on - off) / off) * 100).toFixed(1)}%`;
    console.log(`Recording on vs off (latency at a steady ${RATE} req/s; throughput saturated; each the mean of two interleaved runs):\n`);
    console.log('| users | scenario | mean latency on / off (ms) | added | p99 on / off (ms) | req/s saturated on / off | throughput cost |\n|---:|---|---:|---:|---:|---:|---:|');
    for (const r of recordingRows) {
      console.log(`| ${r.size.toLocaleString('en-US')} | ${r.scenario} | ${ms(r.meanOn)} / ${ms(r.meanOff)} | ${pct(r.meanOn, r.meanOff)} | ${ms(r.p99On)} / ${ms(r.p99Off)} | ${Math.round(r.rpsOn)} / ${Math.round(r.rpsOff)} | ${(((r.rpsOff - r.rpsOn) / r.rpsOff) * 100).toFixed(1)}% |`);
    }
  }
  await writeFile(path.join(root, 'bench', 'last-run.json'), `${JSON.stringify({ at: new Date().toISOString(), seconds: SECONDS, connections: CONNECTIONS, rate: RATE, rows, recordingRows }, null, 2)}\n`);
}

await main();
