/**
 * What the search of a lookup costs (`GET /Users?filter=userName eq "..."`: the list parameters read,
 * the filter parsed, compiled and planned, the userName index asked, the match re-checked), in this
 * build against another's (`SEARCH_BASELINE`, e.g. main's dist), both over ONE store in one process:
 * batches of random lookups alternate between the builds, round after round, on-CPU time per lookup.
 * The part of a lookup that bench/pipeline-inprocess.ts cannot resolve on a loaded machine (a few µs
 * in ~50–250), measured alone. Every user is parsed first (as after the store's background parse).
 *
 * Usage: SEARCH_BASELINE=/path/to/other/dist node --import tsx bench/lookup-search-cpu.ts
 * Environment: SEARCH_USERS=100000, SEARCH_ROUNDS=20, SEARCH_BATCH=5000.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import querystring from 'node:querystring';
import { pathToFileURL } from 'node:url';
import { makeStore } from './make-store.js';
import { spread } from './stats.js';

const USERS = Number(process.env.SEARCH_USERS ?? 100_000);
const ROUNDS = Number(process.env.SEARCH_ROUNDS ?? 20);
const BATCH = Number(process.env.SEARCH_BATCH ?? 5000);
const BASELINE = process.env.SEARCH_BASELINE ? path.resolve(process.env.SEARCH_BASELINE) : null;
if (!BASELINE) throw new Error('SEARCH_BASELINE=/path/to/other/dist is required');

interface Build {
  search(query: Record<string, unknown>): number;
}

async function loadBuild(dist: string, repo: unknown): Promise<Build> {
  const load = (p: string) => import(pathToFileURL(path.join(dist, 'server', p)).href);
  const { Searcher } = (await load('scim/search.js')) as typeof import('../server/scim/search.js');
  const { resourceTypes } = (await load('scim/schemas/resource-types.js')) as typeof import('../server/scim/schemas/resource-types.js');
  const { parseListQuery } = (await load('scim/list-query.js')) as typeof import('../server/scim/list-query.js');
  const searcher = new Searcher(repo as ConstructorParameters<typeof Searcher>[0], resourceTypes.User);
  return { search: (query) => searcher.search(parseListQuery(query)).ids.length };
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-lookup-search-'));
try {
  const store = await makeStore(dir, USERS);
  const { createSandbox } = (await import(pathToFileURL(path.join(import.meta.dirname, '..', 'dist', 'server', 'sandbox.js')).href)) as typeof import('../server/sandbox.js');
  const sandbox = await createSandbox({ dataDir: dir, seed: 'empty', log: () => undefined });
  try {
    await sandbox.store.settled;
    for (const id of store.ids) sandbox.store.get('User', id);
    const builds: Record<string, Build> = { candidate: await loadBuild(path.join(import.meta.dirname, '..', 'dist'), sandbox.store), baseline: await loadBuild(BASELINE, sandbox.store) };
    const cpu: Record<string, number[]> = { candidate: [], baseline: [] };
    let found = 0;
    for (let round = -2; round < ROUNDS; round++) {
      for (const name of round % 2 === 0 ? ['candidate', 'baseline'] : ['baseline', 'candidate']) {
        const queries = Array.from({ length: BATCH }, () => querystring.parse(`filter=${encodeURIComponent(`userName eq "${store.userNames[Math.floor(Math.random() * USERS)]}"`)}&startIndex=1&count=100`));
        const started = process.cpuUsage();
        for (const q of queries) found += builds[name]!.search(q);
        const used = process.cpuUsage(started);
        if (round >= 0) cpu[name]!.push((used.user + used.system) / BATCH);
      }
    }
    const us = (v: number) => v.toFixed(2);
    const ratios = cpu.candidate!.map((c, i) => c / cpu.baseline![i]!);
    console.log(`lookup search, ${USERS} users, ${ROUNDS} rounds of ${BATCH} (after 2 warm-up rounds), CPU µs per lookup, median (min–max):`);
    console.log(`this build ${spread(cpu.candidate!, us)}, baseline ${spread(cpu.baseline!, us)}, this / baseline ${spread(ratios, (v) => `${(v * 100).toFixed(0)}%`)}; ${found} users found`);
  } finally {
    await sandbox.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
