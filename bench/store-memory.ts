/**
 * What a store of N users costs in memory, in-process: the live heap per user after forced garbage
 * collection, once the store is open (record objects, indexes, shared strings), the CPU time to open
 * it, and the CPU per operation of the hot store paths (read by id as rendered, an `eq` lookup by
 * userName then its rendering, an import page of 100 rendered views, page after page) with the
 * rendered-view cache's hit rate. With BENCH_BASE=<another checkout> each tree runs in its own
 * child process, alternating, several rounds, and the ratios are per round.
 * Usage: node --import tsx bench/store-memory.ts [users=100000] [rounds=3]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeStore } from './make-store.js';
import { stats } from './serve-process.js';
import { answerParent, benchTrees, runPerTree, spread } from './heap-per-item.js';

interface Sample {
  heapPerUser: number;
  openCpuMs: number;
  cpuUs: Record<string, number>;
  hitRate: Record<string, number>;
}

/** In the child: open the store of `dir` with `tree`'s code and measure. */
async function measure(tree: string, dir: string, users: number): Promise<Sample> {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const { FilePersistence } = (await import(path.join(tree, 'server/store/file-persistence.ts'))) as typeof import('../server/store/file-persistence.js');
  const { Store } = (await import(path.join(tree, 'server/store/store.ts'))) as typeof import('../server/store/store.js');
  const before = heap();
  const c0 = process.cpuUsage();
  const store = await Store.open(new FilePersistence({ dir, sync: false }));
  const c1 = process.cpuUsage(c0);
  const heapPerUser = (heap() - before) / users;
  const ids = store.list('User');
  const names = ids.map((id) => String(store.get('User', id)!.userName));
  const base = 'http://127.0.0.1:8080/scim/v2';
  let sink = 0;
  let walked = 0;
  const patterns: Record<string, { ops: number; run: () => void }> = {
    'read by id (random)': { ops: 50_000, run: () => void (sink += store.rendered('User', ids[Math.floor(Math.random() * users)]!, base)!.json.length) },
    'eq lookup (random userName)': {
      ops: 50_000,
      run: () => {
        const id = store.idForUniqueName('User', names[Math.floor(Math.random() * users)]!.toUpperCase())!;
        sink += JSON.stringify(store.view('User', id, base)).length;
      },
    },
    'import page, page after page': {
      ops: 1_000,
      run: () => {
        let text = '';
        for (let i = 0; i < 100; i++) text += store.rendered('User', ids[(walked + i) % users]!, base)!.json;
        walked += 100;
        sink += text.length;
      },
    },
    'same import page again': {
      ops: 1_000,
      run: () => {
        let text = '';
        for (let i = 0; i < 100; i++) text += store.rendered('User', ids[(users >> 1) + i]!, base)!.json;
        sink += text.length;
      },
    },
  };
  const cpuUs: Record<string, number> = {};
  const hitRate: Record<string, number> = {};
  const hasStats = typeof (store as { viewCacheStats?: unknown }).viewCacheStats === 'function';
  for (const [name, p] of Object.entries(patterns)) {
    const s0 = hasStats ? store.viewCacheStats() : null;
    const start = process.cpuUsage();
    for (let i = 0; i < p.ops; i++) p.run();
    const used = process.cpuUsage(start);
    cpuUs[name] = (used.user + used.system) / p.ops;
    if (s0) {
      const s1 = store.viewCacheStats();
      const hits = s1.hits - s0.hits;
      const all = hits + s1.misses - s0.misses;
      if (all > 0) hitRate[name] = hits / all;
    }
  }
  if (sink === 0) throw new Error('nothing rendered');
  await store.close();
  return { heapPerUser, openCpuMs: (c1.user + c1.system) / 1000, cpuUs, hitRate };
}

if (!(await answerParent('STORE_MEMORY_CHILD', measure))) {
  const users = Number(process.argv[2] ?? 100_000);
  const rounds = Number(process.argv[3] ?? 3);
  const trees = benchTrees();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-store-memory-'));
  const samples = await makeStore(dir, users)
    .then(() => runPerTree<Sample>(import.meta.filename, 'STORE_MEMORY_CHILD', trees, rounds, (tree) => [tree, dir, users]))
    .finally(() => rm(dir, { recursive: true, force: true }));
  const pct = (xs: number[]) => {
    const s = stats(xs);
    return `${(s.median * 100).toFixed(0)}% (${(s.min * 100).toFixed(0)}–${(s.max * 100).toFixed(0)}%)`;
  };
  console.log(`\n${users.toLocaleString('en-US')} users, ${rounds} rounds, median (min–max)\n`);
  const rows: [string, (s: Sample) => number, number][] = [
    ['heap bytes per user (forced GC)', (s) => s.heapPerUser, 0],
    ['CPU ms to open the store', (s) => s.openCpuMs, 0],
    ...Object.keys(samples[0]![0]!.cpuUs).map((k): [string, (s: Sample) => number, number] => [`CPU µs per op: ${k}`, (s) => s.cpuUs[k]!, 1]),
  ];
  console.log(`| measure | ${trees.map((t) => t.name).join(' | ')} |${trees.length > 1 ? ' this / base |' : ''}`);
  console.log(`|---|${'---:|'.repeat(trees.length + (trees.length > 1 ? 1 : 0))}`);
  for (const [name, get, digits] of rows) {
    const ratio = trees.length > 1 ? ` ${pct(samples[0]!.map((s, i) => get(s) / get(samples[1]![i]!)))} |` : '';
    console.log(`| ${name} | ${samples.map((ss) => spread(ss.map(get), digits)).join(' | ')} |${ratio}`);
  }
  for (const k of Object.keys(samples[0]![0]!.hitRate)) console.log(`| view cache hit rate: ${k} | ${pct(samples[0]!.map((s) => s.hitRate[k]!))} |`);
}
