/**
 * `node --import tsx bench/inspector-search.ts`: the recorder's side of an inspector search at 100k
 * exchanges, in process, paired against another build (BENCH_BASE=<checkout with dist/server>).
 * Both builds open the same recorded traffic (BENCH_INSPECTOR_DATA, as kept by bench:inspector) and
 * are asked alternately, several rounds:
 * - what a Traffic quick search costs the server: before, the quick search and the separate count
 *   request the inspector sent beside it; after, the quick search alone (it carries the count);
 *   CPU ms per search (process.cpuUsage), so other processes' load counts less;
 * - a body search as the inspector runs it, page after page until complete: the time to the newest
 *   match of a term only in bodies, to the end, its CPU, and the longest event-loop gap meanwhile
 *   (a probe rescheduling itself with setImmediate); and the same for a term in no record.
 * Environment: BENCH_INSPECTOR_DATA (required), BENCH_BASE (required), BENCH_ROUNDS=5.
 */
import path from 'node:path';

const DATA = process.env.BENCH_INSPECTOR_DATA;
const BASE = process.env.BENCH_BASE;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
if (!DATA || !BASE) throw new Error('set BENCH_INSPECTOR_DATA (a folder kept by bench:inspector) and BENCH_BASE (a checkout with dist/server)');

interface Page {
  items: { seq: number }[];
  total: number;
  bodySearch?: { complete: boolean; read: number; searchedTo: number | null };
  covered?: { total: number };
}
interface Log {
  size: number;
  query(q: object): Page | Promise<Page>;
  search?(q: object): Promise<Page>;
  whenLoaded(): Promise<void>;
}

async function open(root: string): Promise<Log> {
  const mod = (await import(path.join(root, 'dist', 'server', 'recorder', 'exchange-log.js'))) as { ExchangeLog: { open(dir: string, retention: number): Promise<{ exchangeLog: Log }> } };
  const log = (await mod.ExchangeLog.open(DATA!, 1_000_000)).exchangeLog;
  // The index loads in the background; the older build answers from what is loaded so far.
  await log.whenLoaded();
  return log;
}

/** The quick search as the inspector asks for it: with `covered`, one query; without, a second one to count. */
async function quick(log: Log, text: string): Promise<number> {
  const start = process.cpuUsage();
  const page = await log.query({ search: text, limit: 200 });
  if (!page.covered) await log.query({ limit: 1 });
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/**
 * A body search as the inspector runs it: pages (budget 250 ms) from the newest exchange back until
 * complete, while a probe measures the longest event-loop gap; the time and pages to the newest
 * match and to the end, and the CPU of the whole search.
 */
async function bodySearch(log: Log, text: string): Promise<{ firstMs: number; completeMs: number; cpuMs: number; pages: number; maxGapMs: number; read: number }> {
  let maxGap = 0;
  let last = performance.now();
  let running = true;
  const probe = () => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    if (running) setImmediate(probe);
  };
  setImmediate(probe);
  await new Promise((r) => setImmediate(r));
  const cpu = process.cpuUsage();
  const started = performance.now();
  last = started;
  let firstMs = Number.NaN;
  let read = 0;
  let pages = 0;
  let beforeSeq: number | undefined;
  for (;;) {
    const q = { search: text, bodies: true, limit: 200, ...(beforeSeq === undefined ? {} : { beforeSeq }) };
    const page = log.search ? await log.search(q) : await log.query(q);
    pages++;
    read += page.bodySearch?.read ?? 0;
    if (Number.isNaN(firstMs) && page.items.length > 0) firstMs = performance.now() - started;
    if (!page.bodySearch || page.bodySearch.complete || page.bodySearch.searchedTo === null) break;
    beforeSeq = page.bodySearch.searchedTo;
    await new Promise((r) => setImmediate(r));
  }
  const completeMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  maxGap = Math.max(maxGap, performance.now() - last);
  running = false;
  return { firstMs, completeMs, cpuMs: (used.user + used.system) / 1000, pages, maxGapMs: maxGap, read };
}

function spread(xs: number[], digits = 1): string {
  const s = [...xs].filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return `${s[Math.floor(s.length / 2)]!.toFixed(digits)} (${s[0]!.toFixed(digits)}–${s.at(-1)!.toFixed(digits)})`;
}

const variants = { baseline: await open(BASE), candidate: await open(path.resolve(import.meta.dirname, '..')) };
console.log(`${variants.baseline.size.toLocaleString('en-US')} exchanges loaded in each build`);
const TERMS = ['hugo.khan.7@example.com', 'ext-needle-4f1c9', 'no-such-term-anywhere'];
const BODY_TERMS = { needle: 'title-needle-9b7e', absent: 'title-needle-9b7e-absent' } as const;
type Row = { quick: number[]; first: number[]; needleComplete: number[]; needleCpu: number[]; absentComplete: number[]; absentCpu: number[]; gap: number[]; pages: number[] };
const empty = (): Row => ({ quick: [], first: [], needleComplete: [], needleCpu: [], absentComplete: [], absentCpu: [], gap: [], pages: [] });
const results: Record<'baseline' | 'candidate', Row> = { baseline: empty(), candidate: empty() };
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 === 0 ? (['baseline', 'candidate'] as const) : (['candidate', 'baseline'] as const);
  for (const v of order) {
    const log = variants[v];
    const row = results[v];
    for (const t of TERMS) row.quick.push(await quick(log, t));
    const needle = await bodySearch(log, BODY_TERMS.needle);
    const absent = await bodySearch(log, BODY_TERMS.absent);
    row.first.push(needle.firstMs);
    row.needleComplete.push(needle.completeMs);
    row.needleCpu.push(needle.cpuMs);
    row.absentComplete.push(absent.completeMs);
    row.absentCpu.push(absent.cpuMs);
    row.gap.push(Math.max(needle.maxGapMs, absent.maxGapMs));
    row.pages.push(needle.pages);
  }
}
console.log(`\nMedians (min–max) over ${ROUNDS} alternating rounds:\n`);
console.log(`| build | quick search CPU ms | body search "${BODY_TERMS.needle}": newest match ms | …complete ms | …CPU ms | …pages | a term in no record: complete ms | …CPU ms | longest event-loop gap ms |`);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const [v, x] of Object.entries(results)) console.log(`| ${v} | ${spread(x.quick)} | ${spread(x.first)} | ${spread(x.needleComplete)} | ${spread(x.needleCpu)} | ${spread(x.pages)} | ${spread(x.absentComplete)} | ${spread(x.absentCpu)} | ${spread(x.gap)} |`);
const paired = (k: keyof Row) => spread(results.candidate[k].map((c, i) => c / results.baseline[k][i]!), 2);
console.log(`\ncandidate / baseline, paired per round: quick search CPU ${paired('quick')}; newest body match ${paired('first')}; body search complete ${paired('needleComplete')} (CPU ${paired('needleCpu')}); a term in no record ${paired('absentComplete')} (CPU ${paired('absentCpu')})`);
