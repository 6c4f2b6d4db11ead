/**
 * `node --expose-gc --import tsx bench/exchange-log-memory.ts [tree...]`: what the exchange log's
 * in-memory entries cost, with nothing else in the process. For each tree (this one, and e.g. main's
 * checkout) a child process fills an ExchangeLog with 100,000 Okta-shaped index records (lookups,
 * reads, creates, PATCHes, import pages; each parsed from its own JSON line, as start-up and the
 * worker hand them over), forces a GC after each step and reports live heap and RSS, then times a
 * quick search and a filtered list over the full log. Trees run alternately, ROUNDS times, so both
 * see the same machine load. Environment: ROUNDS=3 FILL=100000 STEPS=5.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { indexLine } from './okta-index-lines.js';

const FILL = Number(process.env.FILL ?? 100_000);
const STEPS = Number(process.env.STEPS ?? 5);
const ROUNDS = Number(process.env.ROUNDS ?? 3);

interface Result {
  heapMb: number[];
  rssMb: number[];
  searchMs: number;
  filterMs: number;
  listMs: number;
}

async function child(tree: string): Promise<Result> {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const { ExchangeLog } = (await import(pathToFileURL(path.join(tree, 'server/recorder/exchange-log.ts')).href)) as typeof import('../server/recorder/exchange-log.js');
  const { exchangeLog } = await ExchangeLog.open(null, FILL);
  const heapMb: number[] = [];
  const rssMb: number[] = [];
  const measure = () => {
    gc();
    gc();
    heapMb.push(process.memoryUsage().heapUsed / 2 ** 20);
    rssMb.push(process.memoryUsage().rss / 2 ** 20);
  };
  measure();
  for (let step = 1; step <= STEPS; step++) {
    for (let seq = Math.round(((step - 1) * FILL) / STEPS) + 1; seq <= Math.round((step * FILL) / STEPS); seq++) {
      const line = JSON.parse(indexLine(seq)) as { summary: never; identifiers: string; changeIds: string[]; offset: number; length: number };
      exchangeLog.add({ summary: line.summary, identifiers: line.identifiers, changeIds: line.changeIds }, { gen: 1, offset: line.offset, length: line.length });
    }
    measure();
  }
  const time = async (f: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await f();
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b)[2]!;
  };
  const searchMs = await time(() => exchangeLog.query({ search: `user${FILL - 7}@example.com`, limit: 100 }));
  const filterMs = await time(() => exchangeLog.query({ kinds: ['user.lookup'], statuses: ['2xx'], limit: 100 }));
  const listMs = await time(() => exchangeLog.query({ limit: 500 }));
  await exchangeLog.close();
  return { heapMb, rssMb, searchMs, filterMs, listMs };
}

if (process.env.EXCHANGE_LOG_TREE) {
  const result = await child(process.env.EXCHANGE_LOG_TREE);
  process.stdout.write(JSON.stringify(result));
} else {
  const trees = process.argv.slice(2).length ? process.argv.slice(2) : [path.resolve(import.meta.dirname, '..')];
  const results = new Map<string, Result[]>(trees.map((t) => [t, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const tree of round % 2 ? [...trees].reverse() : trees) {
      const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', import.meta.filename], { env: { ...process.env, EXCHANGE_LOG_TREE: tree }, cwd: tree, encoding: 'utf8', maxBuffer: 1 << 20 });
      results.get(tree)!.push(JSON.parse(out) as Result);
    }
  }
  const fmt = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return `${s[Math.floor(s.length / 2)]!.toFixed(1)} (${s[0]!.toFixed(1)}–${s[s.length - 1]!.toFixed(1)})`;
  };
  console.log(`| tree | heap MB at ${Array.from({ length: STEPS + 1 }, (_, i) => Math.round((FILL / STEPS) * i).toLocaleString('en-US')).join(' · ')} | RSS MB at full | heap bytes per exchange | search ms | filter ms | list 500 ms |`);
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const [tree, rs] of results) {
    const heapAt = (i: number) => rs.map((r) => r.heapMb[i]!);
    const perExchange = rs.map((r) => ((r.heapMb[STEPS]! - r.heapMb[0]!) * 2 ** 20) / FILL);
    console.log(`| ${tree} | ${Array.from({ length: STEPS + 1 }, (_, i) => fmt(heapAt(i))).join(' · ')} | ${fmt(rs.map((r) => r.rssMb[STEPS]!))} | ${fmt(perExchange)} | ${fmt(rs.map((r) => r.searchMs))} | ${fmt(rs.map((r) => r.filterMs))} | ${fmt(rs.map((r) => r.listMs))} |`);
  }
}
