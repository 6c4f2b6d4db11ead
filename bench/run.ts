/**
 * `npm run bench`: drives the real `scimscope serve` (recording on, the default) over loopback with
 * autocannon at 1k, 10k and 100k stored users, next to yardsticks measured in the same run, and
 * prints each scenario's requests/s, p99 and the server's RSS, with its throughput as ratios:
 * against a bare Node http server, against json-server serving the same users (import pages), and,
 * with BENCH_BASELINE, against another build of Scimscope (e.g. main's) on a copy of the same store.
 * Every scenario runs in several rounds; in each round every server is measured once, in an order
 * that alternates between rounds, and a ratio is taken within its round, so a machine whose speed
 * drifts (it is shared) moves both sides of a ratio together. Ratios are given as the median of the
 * rounds with their min–max. Also measures the recorder's cost at the middle size, recording on and
 * off in the candidate (bench/recording-pair.ts: latency at a steady rate, as
 * bench/recording-latency.ts measures it, then saturated throughput). The servers and their
 * requests: bench/bench-targets.ts.
 *
 * Environment: BENCH_SIZES=1000,10000 (default 1000,10000,100000), BENCH_SECONDS=3 (per round),
 * BENCH_ROUNDS=3, BENCH_WARMUP=2 (seconds, before each server's first round), BENCH_CONNECTIONS=10,
 * BENCH_SCENARIOS=lookup,import,walk,read (default all; `import` asks for the same mid-set page each
 * time, `walk` for every page in turn, as an Okta import does), BENCH_BASELINE=/path/to/other/dist,
 * BENCH_JSON_SERVER=0 (skip json-server), BENCH_RECORDER=0 (skip the recorder comparison),
 * BENCH_RATE=1000 (requests/s for the recorder's latency comparison), BENCH_PAIR_ROUNDS=4 (its rounds,
 * after a warm-up round), BENCH_PAIR_SCENARIOS=lookup (add `create` for durable writes),
 * BENCH_RECORDING=off (measure Scimscope and the baseline build with recording turned off, to see the
 * request pipeline alone).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { measure, measureTarget, rssMb, startBare, startJsonServer, startScimscope, type Measured, type Target } from './bench-targets.js';
import { makeStore } from './make-store.js';
import { pairTable, recordingPair, type PairRow } from './recording-pair.js';
import { root, stopServe } from './serve-process.js';
import { median, spread } from './stats.js';

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const PAIR_ROUNDS = Number(process.env.BENCH_PAIR_ROUNDS ?? 4);
const PAIR_SCENARIOS = (process.env.BENCH_PAIR_SCENARIOS ?? 'lookup').split(',');
const ONLY = process.env.BENCH_SCENARIOS?.split(',');
const BASELINE = process.env.BENCH_BASELINE ? path.resolve(process.env.BENCH_BASELINE) : null;
const JSON_SERVER = process.env.BENCH_JSON_SERVER !== '0';
const RECORDER = process.env.BENCH_RECORDER !== '0';
const RECORDING_OFF = process.env.BENCH_RECORDING === 'off';

const SCENARIOS = ['lookup', 'import', 'walk', 'read', 'create', 'patch'] as const;
const TITLES: Record<string, string> = {
  lookup: 'lookup `userName eq`',
  import: 'import page (`count=100`, mid-set)',
  walk: 'import walk (`count=100`, each page in turn)',
  read: 'read by id',
  create: 'create (durable)',
  patch: 'PATCH deactivate (durable)',
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

/** stats.ts `spread` as a ratio (%) or a count: a single round shows its one figure, none a dash. */
function figures(xs: number[], pct = true): string {
  const f = (v: number) => (pct ? `${(v * 100).toFixed(0)}%` : Math.round(v).toLocaleString('en-US'));
  if (xs.length === 0) return '—';
  return xs.length === 1 ? f(xs[0]!) : spread(xs, f);
}

function table(rows: Row[]): string {
  const others = ['bare', 'bare CPU/req', 'json-server', 'baseline', 'baseline CPU/req'].filter((o) => rows.some((r) => r.ratios[o]?.length));
  const head = `| users | scenario | server | req/s median (min–max) | CPU µs/req | p99 ms | RSS MB | ${others.map((o) => `vs ${o}`).join(' | ')} | errors |\n|---:|---|---|---:|---:|---:|---:|${others.map(() => '---:|').join('')}---:|`;
  const body = rows.map((r) => `| ${r.size.toLocaleString('en-US')} | ${TITLES[r.scenario]} | ${r.target} | ${figures(r.rps, false)} | ${Math.round(median(r.cpuUs))} | ${median(r.p99)} | ${Number.isNaN(r.rssMb) ? '—' : Math.round(r.rssMb)} | ${others.map((o) => figures(r.ratios[o] ?? [])).join(' | ')} | ${r.errors} |`);
  return [head, ...body].join('\n');
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const recordingRows: PairRow[] = [];
  console.log(`Scimscope benchmark: ${ROUNDS} rounds of ${SECONDS}s per scenario and server, ${CONNECTIONS} connections, ${os.cpus().length} CPUs, Node ${process.version}${BASELINE ? `, baseline build ${BASELINE}` : ''}${RECORDING_OFF ? ', recording off' : ''}\n`);
  for (const size of SIZES) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-bench-'));
    const targets: Target[] = [];
    try {
      const store = await makeStore(dir, size);
      console.log(`${size.toLocaleString('en-US')} users:`);
      const candidate = await startScimscope('scimscope', path.join(root, 'dist'), store, !RECORDING_OFF);
      targets.push(candidate);
      if (BASELINE) targets.push(await startScimscope('baseline', BASELINE, store, !RECORDING_OFF));
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
              await measure(t.origin, next, t.headers, WARMUP_SECONDS, CONNECTIONS);
            }
            results.get(t.name)!.push(await measureTarget(t, next, SECONDS, CONNECTIONS));
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
          // The bare server's CPU per request over this one's: what "vs bare" would be if the load generator took no CPU from either.
          if (results.has('bare')) ratios['bare CPU/req'] = mine.map((m, i) => results.get('bare')![i]!.cpuUs / m.cpuUs);
          const row: Row = { size, scenario, target: t.name, rps: mine.map((m) => m.rps), cpuUs: mine.map((m) => m.cpuUs), p99: mine.map((m) => m.p99), errors: mine.reduce((a, m) => a + m.errors, 0), rssMb: await rssMb(t.child), ratios };
          rows.push(row);
          console.log(`  ${TITLES[scenario]} [${t.name}]: ${figures(row.rps, false)} req/s, ${figures(row.cpuUs, false)} µs CPU/req, RSS ${Math.round(row.rssMb)} MB; ${Object.entries(ratios).map(([o, r]) => `vs ${o} ${figures(r)}`).join(', ')}`);
        }
        for (const t of taking.filter((x) => x.name === 'bare' || x.name === 'json-server')) {
          const theirs = results.get(t.name)!;
          console.log(`  ${TITLES[scenario]} [${t.name}]: ${figures(theirs.map((m) => m.rps), false)} req/s, ${figures(theirs.map((m) => m.cpuUs), false)} µs CPU/req`);
        }
      }
      // The recorder's cost, at the middle size (bench/recording-pair.ts).
      if (RECORDER && !RECORDING_OFF && size === SIZES[Math.min(1, SIZES.length - 1)]) {
        for (const scenario of PAIR_SCENARIOS) recordingRows.push(await recordingPair(candidate, store, size, scenario, { rate: RATE, seconds: SECONDS, rounds: PAIR_ROUNDS, connections: CONNECTIONS }));
      }
    } finally {
      for (const t of targets) await stopServe(t.child);
      await rm(dir, { recursive: true, force: true });
    }
  }
  console.log(`\n${table(rows)}\n`);
  if (recordingRows.length) console.log(`${pairTable(recordingRows)}\n`);
  await writeFile(path.join(root, 'bench', 'last-run.json'), `${JSON.stringify({ at: new Date().toISOString(), seconds: SECONDS, rounds: ROUNDS, connections: CONNECTIONS, rate: RATE, baseline: BASELINE, rows, recordingRows }, null, 2)}\n`);
}

await main();
