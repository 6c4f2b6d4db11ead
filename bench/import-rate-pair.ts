/**
 * Import pages per second (count=100, recording on), this tree's build against another checkout's,
 * paired: each build serves its own copy of the same store (`scimscope serve`, dist/), and saturated
 * runs (autocannon) alternate between them, round after round, the order reversed every round; the
 * ratio is taken within a round, so a shared machine's load moves both arms. Pages walk a mid-set
 * window as bench/handoff-cpu.ts's import does. RSS after each run is given next to the rate.
 *
 * Usage: node --import tsx bench/import-rate-pair.ts <base-checkout>
 * Environment: RATE_USERS=100000  RATE_SECONDS=5  RATE_ROUNDS=6  RATE_CONNECTIONS=10
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { makeStore, type BenchStore } from './make-store.js';
import { root, rssMb, serve, stopServe, type Served } from './serve-process.js';
import { spread } from './stats.js';

const USERS = Number(process.env.RATE_USERS ?? 100_000);
const SECONDS = Number(process.env.RATE_SECONDS ?? 5);
const ROUNDS = Number(process.env.RATE_ROUNDS ?? 6);
const CONNECTIONS = Number(process.env.RATE_CONNECTIONS ?? 10);

interface Arm {
  name: string;
  served: Served;
  store: BenchStore;
  rates: number[];
  rss: number[];
}

async function run(arm: Arm, seconds: number): Promise<number> {
  const origin = new URL(arm.served.ready.scimUrl).origin;
  const base = new URL(arm.served.ready.scimUrl).pathname;
  const n = arm.store.ids.length;
  let k = 0;
  const result = await autocannon({
    url: origin,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { Authorization: `Bearer ${arm.served.ready.token}`, 'User-Agent': 'Okta SCIM Client 1.0.0' },
    requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: `${base}/Users?startIndex=${Math.floor(n / 2) + (k++ % 50) * 100}&count=100` }) }],
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${arm.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.total / seconds;
}

async function main(): Promise<void> {
  const base = process.argv[2];
  if (!base) throw new Error('usage: bench/import-rate-pair.ts <base-checkout>');
  console.log(`import-rate-pair: ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, ${USERS} users, ${SECONDS} s per run, ${ROUNDS} rounds, ${CONNECTIONS} connections`);
  const dirs: string[] = [];
  const arms: Arm[] = [];
  try {
    for (const [name, tree] of [['this', root], ['base', path.resolve(base)]] as const) {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-rate-'));
      dirs.push(dir);
      const store = await makeStore(dir, USERS);
      arms.push({ name, served: await serve(dir, { tree }), store, rates: [], rss: [] });
    }
    for (const arm of arms) await run(arm, 2); // warm-up
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const arm of round % 2 === 0 ? arms : [...arms].reverse()) {
        arm.rates.push(await run(arm, SECONDS));
        arm.rss.push(await rssMb(arm.served.child.pid!));
      }
      ratios.push(arms[0]!.rates.at(-1)! / arms[1]!.rates.at(-1)!);
      console.log(`  round ${round + 1}: ${arms.map((a) => `${a.name} ${a.rates.at(-1)!.toFixed(0)} pages/s, RSS ${a.rss.at(-1)!.toFixed(0)} MB`).join(' | ')}`);
    }
    console.log('\n| arm | import pages/s | RSS MB |\n|---|---:|---:|');
    for (const a of arms) console.log(`| ${a.name} | ${spread(a.rates, (v) => v.toFixed(0))} | ${spread(a.rss, (v) => v.toFixed(0))} |`);
    console.log(`| this / base | ${spread(ratios, (v) => v.toFixed(2))} | |`);
  } finally {
    for (const a of arms) await stopServe(a.served.child);
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }
}

await main();
