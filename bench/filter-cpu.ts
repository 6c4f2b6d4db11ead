/**
 * A lookup filter's three steps (`parseFilter`, `compileFilter`, `planIndexLookup` of
 * `userName eq "..."`), in this build against another's (`FILTER_BASELINE`, e.g. main's dist), in one
 * process: the builds alternate, round after round, in alternating order (whichever runs second pays
 * the first's garbage collection, so a fixed order would favour one), and the ratio is taken within
 * each round. Complements bench/lookup-search-cpu.ts, which times the whole search.
 *
 * Usage: FILTER_BASELINE=/path/to/other/dist node --import tsx bench/filter-cpu.ts
 * Environment: FILTER_ROUNDS=16, FILTER_BATCH=5000 (each step runs over the batch 4 times per round).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { spread } from './stats.js';

const ROUNDS = Number(process.env.FILTER_ROUNDS ?? 16);
const BATCH = Number(process.env.FILTER_BATCH ?? 5000);
/** Passes over the batch per step and round (a step takes ~1 µs: one pass is too short to time on a shared machine). */
const PASSES = 4;
const BASELINE = process.env.FILTER_BASELINE ? path.resolve(process.env.FILTER_BASELINE) : null;
if (!BASELINE) throw new Error('FILTER_BASELINE=/path/to/other/dist is required');

async function load(dist: string) {
  const filter = (await import(pathToFileURL(path.join(dist, 'server', 'scim', 'filter', 'index.js')).href)) as typeof import('../server/scim/filter/index.js');
  const { resourceTypes } = (await import(pathToFileURL(path.join(dist, 'server', 'scim', 'schemas', 'resource-types.js')).href)) as typeof import('../server/scim/schemas/resource-types.js');
  return { ...filter, User: resourceTypes.User };
}

const builds = { candidate: await load(path.join(import.meta.dirname, '..', 'dist')), baseline: await load(BASELINE) };
const indexed = new Set(['id', 'userName', 'externalId']);
const texts = Array.from({ length: BATCH }, (_, i) => `userName eq "ann.lee.${i * 7919}@example.com"`);
const results: Record<string, Record<string, number[]>> = {};
for (let round = -2; round < ROUNDS; round++) {
  for (const name of round % 2 === 0 ? (['baseline', 'candidate'] as const) : (['candidate', 'baseline'] as const)) {
    const b = builds[name];
    const nodes = texts.map((t) => b.parseFilter(t));
    const time = (step: string, run: (i: number) => unknown) => {
      const started = process.cpuUsage();
      for (let pass = 0; pass < PASSES; pass++) for (let i = 0; i < BATCH; i++) run(i);
      const used = process.cpuUsage(started);
      if (round >= 0) ((results[step] ??= {})[name] ??= []).push((used.user + used.system) / (PASSES * BATCH));
    };
    time('parseFilter', (i) => b.parseFilter(texts[i]!));
    time('compileFilter', (i) => b.compileFilter(nodes[i]!, b.User));
    time('planIndexLookup', (i) => b.planIndexLookup(nodes[i]!, b.User, indexed));
  }
}
console.log(`filter steps of userName eq, ${ROUNDS} rounds of ${BATCH}, CPU µs per filter, median (min–max):\n| step | this build | baseline | this / baseline |\n|---|---:|---:|---:|`);
for (const [step, r] of Object.entries(results)) {
  const ratios = r.candidate!.map((c, i) => c / r.baseline![i]!);
  const us = (v: number) => v.toFixed(2);
  console.log(`| ${step} | ${spread(r.candidate!, us)} | ${spread(r.baseline!, us)} | ${spread(ratios, (v) => `${(v * 100).toFixed(0)}%`)} |`);
}
