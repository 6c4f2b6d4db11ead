/**
 * In-process companion of `npm run bench`: the CPU the store spends rendering views, with the
 * rendered-view cache (view-cache.ts) and without it, for three access patterns: the same import
 * page again and again, a walk through every page (what one full Okta import does), and random
 * single reads. Process CPU time per operation, garbage collection included; the two stores run
 * alternately, several rounds, so a shared machine's drift hits both.
 * Usage: node --import tsx bench/render-views.ts [users=100000] [rounds=3]
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MemoryPersistence } from '../server/store/memory-persistence.js';
import type { SnapshotData } from '../server/store/snapshot-format.js';
import { Store } from '../server/store/store.js';
import { VIEW_CACHE_BYTES } from '../server/store/view-cache.js';
import { makeStore } from './make-store.js';
import { median } from './stats.js';

const users = Number(process.argv[2] ?? 100_000);
const rounds = Number(process.argv[3] ?? 3);
const dir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-render-'));
const generated = await makeStore(dir, users);
const snapshot = JSON.parse(await readFile(path.join(dir, 'store.json'), 'utf8')) as SnapshotData;
await rm(dir, { recursive: true, force: true });
const stores = {
  cached: await Store.open(new MemoryPersistence(snapshot), { viewCacheBytes: VIEW_CACHE_BYTES }),
  fresh: await Store.open(new MemoryPersistence(structuredClone(snapshot)), { viewCacheBytes: 0 }),
};
const base = 'http://127.0.0.1:8080/scim/v2';
const ids = generated.ids;
const mid = Math.floor(users / 2);
let bytes = 0;
const page = (store: Store, from: number) => {
  let text = '';
  for (let i = 0; i < 100; i++) text += store.rendered('User', ids[(from + i) % users]!, base)!.json;
  bytes += text.length;
};
let walked = 0;
const patterns: Record<string, { ops: number; run: (store: Store) => void }> = {
  'same page (count=100)': { ops: 2_000, run: (store) => page(store, mid) },
  'walk, page after page': { ops: 2_000, run: (store) => page(store, (walked += 100)) },
  'random read by id': { ops: 100_000, run: (store) => void (bytes += store.rendered('User', ids[Math.floor(Math.random() * users)]!, base)!.json.length) },
};
const results: Record<string, Record<string, number[]>> = {};
for (let round = 0; round < rounds; round++) {
  for (const [name, pattern] of Object.entries(patterns)) {
    for (const kind of round % 2 === 0 ? (['cached', 'fresh'] as const) : (['fresh', 'cached'] as const)) {
      const start = process.cpuUsage();
      for (let i = 0; i < pattern.ops; i++) pattern.run(stores[kind]);
      const used = process.cpuUsage(start);
      ((results[name] ??= {})[kind] ??= []).push((used.user + used.system) / pattern.ops);
    }
  }
}
console.log(`${users.toLocaleString('en-US')} users, ${rounds} rounds, CPU µs per operation (median, min–max); ${bytes > 0 ? '' : 'nothing rendered?!'}\n`);
console.log('| pattern | cached | fresh | cached / fresh |\n|---|---:|---:|---:|');
for (const [name, r] of Object.entries(results)) {
  const ratios = r.cached!.map((c, i) => c / r.fresh![i]!);
  const f = (xs: number[]) => `${median(xs).toFixed(1)} (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`;
  console.log(`| ${name} | ${f(r.cached!)} | ${f(r.fresh!)} | ${(median(ratios) * 100).toFixed(0)}% (${(Math.min(...ratios) * 100).toFixed(0)}–${(Math.max(...ratios) * 100).toFixed(0)}%) |`);
}
