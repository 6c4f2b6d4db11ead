/**
 * `node --import tsx bench/exchange-log-startup.ts [tree...]`: the whole server with a full exchange
 * log and nothing else. Writes a data folder holding FILL recorded exchanges (index lines shaped like
 * a real Okta session's, okta-index-lines.ts; data lines small), then starts each tree's
 * `scimscope serve` on it from its TypeScript sources, alternately, ROUNDS times: time from spawn to
 * the ready line, RSS once ready and after the admin API listed and searched the log. Environment:
 * ROUNDS=3 FILL=100000.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DATA_FILE, INDEX_FILE } from '../server/recorder/exchange-file.js';
import { indexLine } from './okta-index-lines.js';
import { admin, rssMb, serve, stats, stopServe } from './serve-process.js';

const FILL = Number(process.env.FILL ?? 100_000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const trees = process.argv.slice(2).length ? process.argv.slice(2) : [path.resolve(import.meta.dirname, '..')];

const dir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-bench-log-'));
const data: string[] = [];
const index: string[] = [];
let offset = 0;
for (let seq = 1; seq <= FILL; seq++) {
  const line = JSON.parse(indexLine(seq)) as { summary: { id: string } };
  const record = JSON.stringify({ id: line.summary.id, seq });
  data.push(record);
  index.push(JSON.stringify({ ...line, offset, length: Buffer.byteLength(record) }));
  offset += Buffer.byteLength(record) + 1;
}
await writeFile(path.join(dir, DATA_FILE), `${data.join('\n')}\n`);
await writeFile(path.join(dir, INDEX_FILE), `${index.join('\n')}\n`);

const results = new Map(trees.map((t) => [t, { startMs: [] as number[], readyRss: [] as number[], usedRss: [] as number[] }]));
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const tree of round % 2 ? [...trees].reverse() : trees) {
      const s = await serve(dir, { tree, source: true });
      const r = results.get(tree)!;
      r.startMs.push(s.startMs);
      r.readyRss.push(await rssMb(s.child.pid!));
      const list = await admin(s.ready, 'GET', '/api/exchanges?limit=500');
      if ((list.body as { total: number }).total !== FILL) throw new Error(`${tree} loaded ${(list.body as { total: number }).total} exchanges`);
      await admin(s.ready, 'GET', `/api/exchanges?search=user${FILL - 3}@example.com`);
      await admin(s.ready, 'GET', '/api/exchanges?kind=user.lookup&status=2xx');
      r.usedRss.push(await rssMb(s.child.pid!));
      await stopServe(s.child);
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
const fmt = (xs: number[]) => {
  const s = stats(xs);
  return `${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
};
console.log(`| tree | start-up ms, ${FILL.toLocaleString('en-US')} exchanges | RSS MB when ready | RSS MB after list + search |`);
console.log('|---|---:|---:|---:|');
for (const [tree, r] of results) console.log(`| ${tree} | ${fmt(r.startMs)} | ${fmt(r.readyRss)} | ${fmt(r.usedRss)} |`);
