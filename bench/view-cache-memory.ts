/**
 * What the rendered-view cache holds in memory when full: a store of N users is opened with a
 * tree's code, its import pages over the first K users are walked, 5,000 users at a time, twice
 * each (a text is kept on its second ask), and the live heap after forced GC is compared with the heap before the walks; with
 * the cache's own count of entries and bytes. With BENCH_BASE=<another checkout> each tree runs in
 * its own child process, alternating, several rounds.
 * Usage: node --import tsx bench/view-cache-memory.ts [users=100000] [walked=40000] [rounds=3]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeStore } from './make-store.js';
import { answerParent, benchTrees, runPerTree, spread } from './heap-per-item.js';

interface Sample {
  kept: number;
  cacheMb: number;
  heapMb: number;
  externalMb: number;
  rssMb: number;
}

async function measure(tree: string, dir: string, walked: number): Promise<Sample> {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const settle = () => {
    gc();
    gc();
    return process.memoryUsage();
  };
  const { FilePersistence } = (await import(path.join(tree, 'server/store/file-persistence.ts'))) as typeof import('../server/store/file-persistence.js');
  const { Store } = (await import(path.join(tree, 'server/store/store.ts'))) as typeof import('../server/store/store.js');
  const store = await Store.open(new FilePersistence({ dir, sync: false }));
  const ids = store.list('User');
  const base = 'http://127.0.0.1:8080/scim/v2';
  const before = settle();
  let sink = 0;
  // 5,000 users at a time, twice each (within what the cache remembers as asked for once).
  for (let chunk = 0; chunk < walked; chunk += 5_000) {
    for (let pass = 0; pass < 2; pass++) {
      for (let at = chunk; at < Math.min(chunk + 5_000, walked); at += 100) {
        let text = '';
        for (let i = 0; i < 100; i++) text += store.rendered('User', ids[at + i]!, base)!.json;
        sink += text.length;
      }
    }
  }
  const after = settle();
  if (sink === 0) throw new Error('nothing rendered');
  const s = store.viewCacheStats() as { kept: number; bytes?: number };
  await store.close();
  return { kept: s.kept, cacheMb: (s.bytes ?? 0) / 2 ** 20, heapMb: (after.heapUsed - before.heapUsed) / 2 ** 20, externalMb: (after.external - before.external) / 2 ** 20, rssMb: after.rss / 2 ** 20 };
}

if (!(await answerParent('VIEW_MEMORY_CHILD', measure))) {
  const users = Number(process.argv[2] ?? 100_000);
  const walked = Number(process.argv[3] ?? 40_000);
  const rounds = Number(process.argv[4] ?? 3);
  const trees = benchTrees();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-view-memory-'));
  const samples = await makeStore(dir, users)
    .then(() => runPerTree<Sample>(import.meta.filename, 'VIEW_MEMORY_CHILD', trees, rounds, (tree) => [tree, dir, walked]))
    .finally(() => rm(dir, { recursive: true, force: true }));
  console.log(`\n${users.toLocaleString('en-US')} users, pages over the first ${walked.toLocaleString('en-US')} walked twice, ${rounds} rounds, median (min–max)\n`);
  console.log('| tree | views kept | bytes counted (MB) | live heap grown (MB) | heap per kept view (bytes) | external grown (MB) | RSS after (MB) |\n|---|---:|---:|---:|---:|---:|---:|');
  trees.forEach((t, i) => {
    const ss = samples[i]!;
    console.log(`| ${t.name} | ${spread(ss.map((s) => s.kept), 0)} | ${spread(ss.map((s) => s.cacheMb))} | ${spread(ss.map((s) => s.heapMb))} | ${spread(ss.map((s) => (s.heapMb * 2 ** 20) / Math.max(s.kept, 1)), 0)} | ${spread(ss.map((s) => s.externalMb))} | ${spread(ss.map((s) => s.rssMb), 0)} |`);
  });
}
