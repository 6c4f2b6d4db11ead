/**
 * `node --import tsx bench/store-load.ts <tree> [tree...]`: the CPU a start spends loading a large
 * store, in-process and paired. Writes a data folder of USERS users (make-store.ts, with the load
 * index unless INDEX=0), then for ROUNDS rounds starts one fresh Node process per tree, trees
 * alternating, each opening the folder with that tree's built store (`dist/server/store/*.js`) and
 * reporting: CPU and wall time until `Store.open` resolves (what stands before the ready line), GC
 * time in it, live heap then, and the CPU until every user has been read once (the full cost, for a
 * tree that parses users after open) with the live heap after that. Environment: USERS=100000 ROUNDS=5 INDEX=1.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { makeStore } from './make-store.js';
import { stats } from './serve-process.js';

const USERS = Number(process.env.USERS ?? 100_000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const trees = process.argv.slice(2).map((t) => path.resolve(t));

/** Runs in the child: opens the store with the tree's own code, prints one JSON line. */
const child = `
const [tree, dir] = process.argv.slice(1);
const { Store } = await import(tree + '/dist/server/store/store.js');
const { FilePersistence } = await import(tree + '/dist/server/store/file-persistence.js');
const { PerformanceObserver } = await import('node:perf_hooks');
let gc = 0;
new PerformanceObserver((l) => { for (const e of l.getEntries()) gc += e.duration; }).observe({ entryTypes: ['gc'] });
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const c0 = cpu(), w0 = performance.now();
const store = await Store.open(new FilePersistence({ dir, sync: false }), { log: () => undefined });
const openCpu = cpu() - c0, openWall = performance.now() - w0;
await new Promise((r) => setImmediate(r));
const openGc = gc;
global.gc();
const heap = process.memoryUsage().heapUsed / 1e6;
let n = 0;
for (const id of store.list('User')) if (store.get('User', id)) n++;
const allCpu = cpu() - c0;
await new Promise((r) => setImmediate(r));
global.gc();
const heapAll = process.memoryUsage().heapUsed / 1e6;
console.log(JSON.stringify({ openCpu, openWall, openGc, heap, allCpu, heapAll, users: n }));
await store.close();
`;

const root = await mkdtemp(path.join(os.tmpdir(), 'scimscope-bench-store-load-'));
try {
  await makeStore(root, USERS, { index: process.env.INDEX !== '0' });
  await rm(path.join(root, 'json-server-db.json'));
  const results = new Map(trees.map((t) => [t, [] as Record<string, number>[]]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const tree of round % 2 ? [...trees].reverse() : trees) {
      // Without an index, a start asks for one to be written after it; take it away again for the next start.
      if (process.env.INDEX === '0') await rm(path.join(root, 'store.json.index'), { force: true });
      const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--input-type=module', '-e', child, tree, root], { maxBuffer: 1 << 20 });
      const r = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, number>;
      if (r.users !== USERS) throw new Error(`${tree} read ${r.users} users`);
      results.get(tree)!.push(r);
    }
  }
  const fmt = (xs: number[], digits = 0) => {
    const s = stats(xs);
    return `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
  };
  console.log(`${USERS.toLocaleString('en-US')} users, load index ${process.env.INDEX === '0' ? 'absent' : 'present'}, ${ROUNDS} processes per tree; median (min–max)`);
  console.log('| tree | CPU ms to open | wall ms to open | GC ms in open | live heap MB after open | CPU ms until every user read | live heap MB then |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const [tree, rs] of results) {
    const col = (k: string) => rs.map((r) => r[k]!);
    console.log(`| ${tree} | ${fmt(col('openCpu'))} | ${fmt(col('openWall'))} | ${fmt(col('openGc'))} | ${fmt(col('heap'))} | ${fmt(col('allCpu'))} | ${fmt(col('heapAll'))} |`);
  }
  if (trees.length === 2) {
    const [a, b] = trees.map((t) => results.get(t)!);
    const ratio = (k: string) => fmt(a!.map((r, i) => r[k]! / b![i]![k]!), 2);
    console.log(`ratio ${path.basename(trees[0]!)} / ${path.basename(trees[1]!)} per round: CPU to open ${ratio('openCpu')}, wall ${ratio('openWall')}, until every user read ${ratio('allCpu')}`);
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
