/**
 * `node --expose-gc --import tsx bench/exchange-log-memory.ts [tree...]`: what the exchange log's
 * in-memory entries cost, with nothing else in the process. For each tree (this one, and e.g. main's
 * checkout) a child process fills an ExchangeLog with 100,000 Okta-shaped index records (lookups,
 * reads, creates, PATCHes, import pages; each parsed from its own JSON line, as start-up and the
 * worker hand them over), forces a GC after each step and reports live heap and RSS, then times a
 * quick search and a filtered list over the full log. Trees run alternately, ROUNDS times, so both
 * see the same machine load. Environment: ROUNDS=3 FILL=100000 STEPS=5.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fillAndMeasure, heapCells, medianMs, runTrees, spread, stepLabels, type HeapSteps } from './heap-per-item.js';
import { indexLine } from './okta-index-lines.js';

const FILL = Number(process.env.FILL ?? 100_000);
const STEPS = Number(process.env.STEPS ?? 5);
const ROUNDS = Number(process.env.ROUNDS ?? 3);

interface Result extends HeapSteps {
  searchMs: number;
  filterMs: number;
  listMs: number;
}

async function child(tree: string): Promise<Result> {
  const { ExchangeLog } = (await import(pathToFileURL(path.join(tree, 'server/recorder/exchange-log.ts')).href)) as typeof import('../server/recorder/exchange-log.js');
  const { exchangeLog } = await ExchangeLog.open(null, FILL);
  const heap = await fillAndMeasure(FILL, STEPS, (k) => {
    const line = JSON.parse(indexLine(k + 1)) as { summary: never; identifiers: string; changeIds: string[]; offset: number; length: number };
    exchangeLog.add({ summary: line.summary, identifiers: line.identifiers, changeIds: line.changeIds }, { gen: 1, offset: line.offset, length: line.length });
  });
  const searchMs = await medianMs(() => exchangeLog.query({ search: `user${FILL - 7}@example.com`, limit: 100 }));
  const filterMs = await medianMs(() => exchangeLog.query({ kinds: ['user.lookup'], statuses: ['2xx'], limit: 100 }));
  const listMs = await medianMs(() => exchangeLog.query({ limit: 500 }));
  await exchangeLog.close();
  return { ...heap, searchMs, filterMs, listMs };
}

if (process.env.EXCHANGE_LOG_TREE) {
  const result = await child(process.env.EXCHANGE_LOG_TREE);
  process.stdout.write(JSON.stringify(result));
} else {
  const trees = process.argv.slice(2).length ? process.argv.slice(2) : [path.resolve(import.meta.dirname, '..')];
  const results = runTrees<Result>(import.meta.filename, 'EXCHANGE_LOG_TREE', trees, ROUNDS);
  console.log(`| tree | heap MB at ${stepLabels(FILL, STEPS)} | RSS MB at full | heap bytes per exchange | search ms | filter ms | list 500 ms |`);
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const [tree, rs] of results) {
    const heap = heapCells(rs, FILL, STEPS);
    console.log(`| ${tree} | ${heap.atSteps} | ${heap.rssFull} | ${heap.perItem} | ${spread(rs.map((r) => r.searchMs))} | ${spread(rs.map((r) => r.filterMs))} | ${spread(rs.map((r) => r.listMs))} |`);
  }
}
