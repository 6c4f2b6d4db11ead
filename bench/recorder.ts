/**
 * `npm run bench:recorder`: what recording costs, measured on the real `scimscope serve` over
 * loopback, in one run:
 * - memory: RSS as the retention fills with import-page exchanges (count=100), at each user count,
 *   optionally next to another checkout (BENCH_BASE, e.g. the commit before bodies moved to disk)
 *   filled in the same steps, alternating, so both see the same machine load;
 * - RSS as the log fills towards 100,000 exchanges (lookups), at the largest user count;
 * - start-up with that data folder (users + exchanges), several restarts;
 * - search latency over those exchanges (quick search, filters, body search);
 * - recording's added latency at a steady rate: on/off pairs interleaved, each pair's ratio reported;
 * - with BENCH_BASE, recording-on latency of this tree against the base tree, pairs alternating
 *   (BENCH_ONLY=ab runs only that).
 *
 * Environment: BENCH_USERS=1000,100000  BENCH_PAGES=20000 (import pages per user count)
 * BENCH_STEPS=5  BENCH_FILL=100000 (exchanges for start-up/search)  BENCH_RATE=1000
 * BENCH_PAIRS=4  BENCH_SECONDS=5  BENCH_BASE=/path/to/other/checkout (run from its sources via tsx;
 * this tree then runs from its sources too, for a fair comparison).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { fixedRate } from './fixed-rate.js';
import { makeStore } from './make-store.js';
import { admin, exchangeCount, root, rssMb, serve, stats, stopServe, type Served } from './serve-process.js';

const USERS = (process.env.BENCH_USERS ?? '1000,100000').split(',').map(Number);
const PAGES = Number(process.env.BENCH_PAGES ?? 20_000);
const STEPS = Number(process.env.BENCH_STEPS ?? 5);
const FILL = Number(process.env.BENCH_FILL ?? 100_000);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 4);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const BASE = process.env.BENCH_BASE ?? null;

type Spec = { method: string; path: string };

/** Sends `amount` requests as fast as 10 connections go, then waits until all are recorded. */
async function drive(s: Served, amount: number, next: () => Spec, expected: number): Promise<void> {
  const origin = new URL(s.ready.scimUrl).origin;
  await autocannon({ url: origin, connections: 10, amount, headers: { Authorization: `Bearer ${s.ready.token}` }, requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, ...next() }) as autocannon.Request }] });
  // The recorder answers after the response: wait until the log holds what was sent (or stops growing, capped).
  let last = -1;
  for (let still = 0; still < 5; ) {
    const count = await exchangeCount(s.ready);
    if (count >= expected) return;
    still = count === last ? still + 1 : 0;
    last = count;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function memory(): Promise<void> {
  console.log(`\n## Memory: RSS (MB) as import pages (count=100) are recorded\n`);
  const trees = [{ name: 'this tree', tree: root }, ...(BASE ? [{ name: `base (${path.basename(BASE)})`, tree: BASE }] : [])];
  console.log(`| users | tree | ${Array.from({ length: STEPS + 1 }, (_, i) => `${Math.round((PAGES / STEPS) * i).toLocaleString('en-US')} pages`).join(' | ')} | exchanges kept |`);
  console.log(`|---:|---|${'---:|'.repeat(STEPS + 2)}`);
  for (const users of USERS) {
    const servers: { name: string; s: Served; dir: string; rss: number[]; sent: number }[] = [];
    for (const t of trees) {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-bench-mem-'));
      await makeStore(dir, users);
      const s = await serve(dir, { tree: t.tree, source: BASE !== null });
      servers.push({ name: t.name, s, dir, rss: [await rssMb(s.child.pid!)], sent: 0 });
    }
    const base = (s: Served) => new URL(s.ready.scimUrl).pathname;
    for (let step = 1; step <= STEPS; step++) {
      for (const entry of servers) {
        const amount = Math.round(PAGES / STEPS);
        entry.sent += amount;
        let i = 0;
        await drive(entry.s, amount, () => ({ method: 'GET', path: `${base(entry.s)}/Users?startIndex=${1 + ((i++ * 100) % Math.max(users - 100, 1))}&count=100` }), entry.sent);
        entry.rss.push(await rssMb(entry.s.child.pid!));
      }
    }
    for (const entry of servers) {
      console.log(`| ${users.toLocaleString('en-US')} | ${entry.name} | ${entry.rss.map((r) => r.toFixed(0)).join(' | ')} | ${(await exchangeCount(entry.s.ready)).toLocaleString('en-US')} |`);
      await stopServe(entry.s.child);
      await rm(entry.dir, { recursive: true, force: true });
    }
  }
}

async function fullLog(): Promise<void> {
  const users = Math.max(...USERS);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-bench-full-'));
  const store = await makeStore(dir, users);
  let s = await serve(dir);
  const basePath = new URL(s.ready.scimUrl).pathname;
  console.log(`\n## ${users.toLocaleString('en-US')} users: RSS (MB) as the log fills with lookups towards ${FILL.toLocaleString('en-US')} exchanges\n`);
  const samples: string[] = [`0: ${(await rssMb(s.child.pid!)).toFixed(0)}`];
  let sent = 0;
  let k = 0;
  const lookup = () => ({ method: 'GET', path: `${basePath}/Users?filter=${encodeURIComponent(`userName eq "${store.userNames[(k++ * 7919) % users]}"`)}` });
  for (let step = 1; step <= STEPS; step++) {
    const amount = Math.round(FILL / STEPS);
    sent += amount;
    await drive(s, amount, lookup, sent);
    samples.push(`${sent.toLocaleString('en-US')}: ${(await rssMb(s.child.pid!)).toFixed(0)}`);
  }
  console.log(samples.join(' · '));
  await stopServe(s.child);

  // Start-up: the same users with and without the recorded exchanges, alternating, 3 starts each.
  const emptyDir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-bench-empty-'));
  await makeStore(emptyDir, users);
  const starts: number[] = [];
  const emptyStarts: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < 3; i++) {
    const empty = await serve(emptyDir);
    emptyStarts.push(empty.startMs);
    await stopServe(empty.child);
    s = await serve(dir);
    starts.push(s.startMs);
    rss.push(await rssMb(s.child.pid!));
    if (i < 2) await stopServe(s.child);
  }
  await rm(emptyDir, { recursive: true, force: true });
  const kept = await exchangeCount(s.ready);
  const st = stats(starts);
  const et = stats(emptyStarts);
  console.log(`\n## Start-up with ${users.toLocaleString('en-US')} users (spawn to ready line, 3 starts each, alternating)\n`);
  console.log(`with ${kept.toLocaleString('en-US')} exchanges: median ${st.median.toFixed(0)} ms (min ${st.min.toFixed(0)}, max ${st.max.toFixed(0)}); RSS after start ${stats(rss).median.toFixed(0)} MB`);
  console.log(`with no exchanges: median ${et.median.toFixed(0)} ms (min ${et.min.toFixed(0)}, max ${et.max.toFixed(0)})`);

  console.log(`\n## Search over ${kept.toLocaleString('en-US')} exchanges (admin API round trip, ms, 7 runs)\n`);
  console.log('| query | median | min | max | total matched |\n|---|---:|---:|---:|---:|');
  const needle = store.userNames[(123 * 7919) % users]!;
  const queries = [
    ['quick search: a userName', `/api/exchanges?limit=100&search=${encodeURIComponent(needle)}`],
    ['quick search: no match', `/api/exchanges?limit=100&search=nothing-matches-this`],
    ['filter: kind=user.lookup, status=2xx', `/api/exchanges?limit=100&kind=user.lookup&status=2xx`],
    ['body search: a userName (bodies=true)', `/api/exchanges?limit=100&bodies=true&search=${encodeURIComponent(needle)}`],
    ['body search: no match (budget 250 ms)', `/api/exchanges?limit=100&bodies=true&search=nothing-matches-this`],
    ['one exchange in full', null],
  ] as const;
  const last = ((await admin(s.ready, 'GET', '/api/exchanges?limit=1')).body as { items: { id: string }[] }).items[0]!.id;
  for (const [name, url] of queries) {
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < 7; i++) {
      const r = await admin(s.ready, 'GET', url ?? `/api/exchanges/${last}`);
      times.push(r.ms);
      total = (r.body as { total?: number }).total ?? 1;
    }
    const t = stats(times);
    console.log(`| ${name} | ${t.median.toFixed(1)} | ${t.min.toFixed(1)} | ${t.max.toFixed(1)} | ${total} |`);
  }

  console.log(`\n## Recording on vs off: mean latency at a steady ${RATE} req/s (lookups, ${users.toLocaleString('en-US')} users, log full), ${PAIRS} interleaved pairs of ${SECONDS} s\n`);
  const auth = { Authorization: `Bearer ${s.ready.token}` };
  const origin = new URL(s.ready.scimUrl).origin;
  const ratios: number[] = [];
  const rows: string[] = [];
  for (let pair = 0; pair < PAIRS; pair++) {
    const means: Record<string, number> = {};
    const tails: Record<string, string> = {};
    // Alternate which goes first, so drift does not favour either.
    for (const enabled of pair % 2 === 0 ? [true, false] : [false, true]) {
      await admin(s.ready, 'PUT', '/api/settings', { recording: { enabled } });
      await fixedRate(origin, lookup, auth, RATE, 1);
      const r = await fixedRate(origin, lookup, auth, RATE, SECONDS);
      means[enabled ? 'on' : 'off'] = r.mean;
      // The median and the tail too: a shift of every request reads differently from a few long pauses.
      tails[enabled ? 'on' : 'off'] = `${r.p50.toFixed(3)} / ${r.p99.toFixed(2)}`;
    }
    ratios.push(means.on! / means.off!);
    rows.push(`| ${pair + 1} | ${means.on!.toFixed(3)} | ${means.off!.toFixed(3)} | ${((means.on! / means.off! - 1) * 100).toFixed(1)}% | ${tails.on} | ${tails.off} |`);
  }
  console.log('| pair | on (ms) | off (ms) | added | on p50 / p99 | off p50 / p99 |\n|---:|---:|---:|---:|---:|---:|');
  console.log(rows.join('\n'));
  const r = stats(ratios);
  console.log(`\nadded latency: median ${((r.median - 1) * 100).toFixed(1)}%, range ${((r.min - 1) * 100).toFixed(1)}% to ${((r.max - 1) * 100).toFixed(1)}%`);
  await admin(s.ready, 'PUT', '/api/settings', { recording: { enabled: true } });
  await stopServe(s.child);
  await rm(dir, { recursive: true, force: true });
}

/** With BENCH_BASE: this tree against the base tree, both recording, both from sources, at a steady rate, pairs alternating. */
async function againstBase(base: string): Promise<void> {
  const users = Math.min(...USERS);
  const dirs = [await mkdtemp(path.join(os.tmpdir(), 'scimscope-bench-ab-')), await mkdtemp(path.join(os.tmpdir(), 'scimscope-bench-ab-'))];
  const store = await makeStore(dirs[0]!, users);
  await makeStore(dirs[1]!, users);
  const servers = [await serve(dirs[0]!, { tree: root, source: true }), await serve(dirs[1]!, { tree: base, source: true })];
  let k = 0;
  const lookup = (s: Served) => () => ({ method: 'GET', path: `${new URL(s.ready.scimUrl).pathname}/Users?filter=${encodeURIComponent(`userName eq "${store.userNames[(k++ * 7919) % users]}"`)}` });
  console.log(`\n## Recording on, this tree vs base: mean latency at a steady ${RATE} req/s (lookups, ${users.toLocaleString('en-US')} users), ${PAIRS} alternating pairs of ${SECONDS} s\n`);
  console.log('| pair | this tree (ms) | base (ms) | ratio |\n|---:|---:|---:|---:|');
  const ratios: number[] = [];
  for (let pair = 0; pair < PAIRS; pair++) {
    const means: number[] = [0, 0];
    for (const i of pair % 2 === 0 ? [0, 1] : [1, 0]) {
      const s = servers[i]!;
      const origin = new URL(s.ready.scimUrl).origin;
      const auth = { Authorization: `Bearer ${s.ready.token}` };
      await fixedRate(origin, lookup(s), auth, RATE, 1);
      means[i] = (await fixedRate(origin, lookup(s), auth, RATE, SECONDS)).mean;
    }
    ratios.push(means[0]! / means[1]!);
    console.log(`| ${pair + 1} | ${means[0]!.toFixed(3)} | ${means[1]!.toFixed(3)} | ${(means[0]! / means[1]!).toFixed(2)} |`);
  }
  const r = stats(ratios);
  console.log(`\nthis tree / base: median ${r.median.toFixed(2)}, range ${r.min.toFixed(2)} to ${r.max.toFixed(2)}`);
  for (const s of servers) await stopServe(s.child);
  for (const d of dirs) await rm(d, { recursive: true, force: true });
}

console.log(`Scimscope recorder benchmark: ${os.cpus().length} CPUs, Node ${process.version}, ${new Date().toISOString()}`);
if (process.env.BENCH_ONLY === 'ab' && BASE) await againstBase(BASE);
else {
  if (process.env.BENCH_SKIP_MEMORY !== '1') await memory();
  await fullLog();
  if (BASE) await againstBase(BASE);
}
