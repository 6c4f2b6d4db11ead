/**
 * `node --import tsx bench/inspector-search.ts`: the recorder's side of an inspector search at 100k
 * exchanges, in process, paired against another build (BENCH_BASE=<checkout with dist/server>).
 * Both builds open the same recorded traffic (BENCH_INSPECTOR_DATA, as kept by bench:inspector) and
 * are asked alternately, several rounds:
 * - what a Traffic quick search costs the server: before, the quick search and the separate count
 *   request the inspector sent beside it; after, the quick search alone (it carries the count);
 *   CPU ms per search (process.cpuUsage), so other processes' load counts less;
 * - how long a body search page holds the event loop: the longest gap between turns of a probe that
 *   reschedules itself with setImmediate while one page (budget 250 ms) runs, and the records it read.
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
  query(q: object): Page;
  search?(q: object): Promise<Page>;
}

async function open(root: string): Promise<Log> {
  const mod = (await import(path.join(root, 'dist', 'server', 'recorder', 'exchange-log.js'))) as { ExchangeLog: { open(dir: string, retention: number): Promise<{ exchangeLog: Log }> } };
  return (await mod.ExchangeLog.open(DATA!, 1_000_000)).exchangeLog;
}

const cpuMs = (f: () => void) => {
  const start = process.cpuUsage();
  f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

/** The quick search as the inspector asks for it: with `covered`, one query; without, a second one to count. */
function quick(log: Log, text: string): number {
  return cpuMs(() => {
    const page = log.query({ search: text, limit: 200 });
    if (!page.covered) log.query({ limit: 1 });
  });
}

/** One body search page (budget 250 ms) while a probe measures the longest event-loop gap. */
async function bodyPage(log: Log, text: string): Promise<{ wallMs: number; maxGapMs: number; read: number }> {
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
  const started = performance.now();
  last = started;
  const page = log.search ? await log.search({ search: text, bodies: true, limit: 200 }) : log.query({ search: text, bodies: true, limit: 200 });
  const wallMs = performance.now() - started;
  maxGap = Math.max(maxGap, performance.now() - last);
  running = false;
  return { wallMs, maxGapMs: maxGap, read: page.bodySearch?.read ?? 0 };
}

function spread(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  return `${s[Math.floor(s.length / 2)]!.toFixed(1)} (${s[0]!.toFixed(1)}–${s.at(-1)!.toFixed(1)})`;
}

const variants = { baseline: await open(BASE), candidate: await open(path.resolve(import.meta.dirname, '..')) };
console.log(`${variants.baseline.size.toLocaleString('en-US')} exchanges loaded in each build`);
const TERMS = ['hugo.khan.7@example.com', 'ext-needle-4f1c9', 'no-such-term-anywhere'];
const results: Record<'baseline' | 'candidate', { quick: number[]; gap: number[]; wall: number[]; read: number[] }> = { baseline: { quick: [], gap: [], wall: [], read: [] }, candidate: { quick: [], gap: [], wall: [], read: [] } };
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 === 0 ? (['baseline', 'candidate'] as const) : (['candidate', 'baseline'] as const);
  for (const v of order) {
    const log = variants[v];
    for (const t of TERMS) results[v].quick.push(quick(log, t));
    const page = await bodyPage(log, 'title-needle-9b7e-absent');
    results[v].gap.push(page.maxGapMs);
    results[v].wall.push(page.wallMs);
    results[v].read.push(page.read);
  }
}
console.log(`\nMedians (min–max) over ${ROUNDS} alternating rounds:\n`);
console.log('| build | quick search CPU ms (incl. the count request it needed) | body page: longest event-loop gap ms | body page wall ms | records read per page |');
console.log('|---|---:|---:|---:|---:|');
for (const [v, x] of Object.entries(results)) console.log(`| ${v} | ${spread(x.quick)} | ${spread(x.gap)} | ${spread(x.wall)} | ${spread(x.read)} |`);
const ratios = results.candidate.quick.map((c, i) => c / results.baseline.quick[i]!);
console.log(`\nquick search CPU, candidate / baseline, paired per search: ${spread(ratios)}`);
