/**
 * Whether the recording worker keeps up with import pages, and what RSS does when it does not: the
 * real `scimscope serve` (this tree's dist, then BACKLOG_BASELINE's, one after the other) with 100k
 * users is sent BACKLOG_AMOUNT requests for the same mid-set page (bench/run.ts's import) as fast as
 * 10 connections go; RSS and the count of recorded exchanges are sampled every 5 s, at the end of the
 * load, and once every exchange is recorded. The hand-off to the worker has no back-pressure, so
 * when the server answers faster than the worker records, the posted pages wait in memory.
 *
 * Usage: node --import tsx bench/import-backlog-rss.ts
 * Environment: BACKLOG_BASELINE=/path/to/other/checkout (with its dist built), BACKLOG_AMOUNT=40000,
 * BACKLOG_USERS=100000.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { makeStore } from './make-store.js';
import { exchangeCount, root, rssMb, serve, stopServe } from './serve-process.js';

const USERS = Number(process.env.BACKLOG_USERS ?? 100_000);
const AMOUNT = Number(process.env.BACKLOG_AMOUNT ?? 40_000);
const trees = [root, ...(process.env.BACKLOG_BASELINE ? [path.resolve(process.env.BACKLOG_BASELINE)] : [])];

for (const tree of trees) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-backlog-'));
  try {
    await makeStore(dir, USERS);
    const s = await serve(dir, { tree });
    const url = new URL(s.ready.scimUrl);
    const t0 = performance.now();
    const seconds = () => ((performance.now() - t0) / 1000).toFixed(1);
    const samples: string[] = [];
    const timer = setInterval(() => void Promise.all([rssMb(s.child.pid!), exchangeCount(s.ready)]).then(([rss, n]) => samples.push(`${seconds()} s: ${rss.toFixed(0)} MB, ${n} recorded`)), 5000);
    const page = `${url.pathname}/Users?startIndex=${Math.floor(USERS / 2)}&count=100`;
    const r = await autocannon({ url: url.origin, connections: 10, amount: AMOUNT, headers: { Authorization: `Bearer ${s.ready.token}` }, requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: page }) as autocannon.Request }] });
    clearInterval(timer);
    const atEnd = await rssMb(s.child.pid!);
    const recordedAtEnd = await exchangeCount(s.ready);
    const loadEnded = seconds();
    while ((await exchangeCount(s.ready)) < AMOUNT) await new Promise((resolve) => setTimeout(resolve, 200));
    const drained = await rssMb(s.child.pid!);
    console.log(`${tree}: ${Math.round(r.requests.average)} pages/s; load ended at ${loadEnded} s with RSS ${atEnd.toFixed(0)} MB and ${recordedAtEnd} of ${AMOUNT} recorded; all recorded at ${seconds()} s, RSS ${drained.toFixed(0)} MB`);
    console.log(`  samples: ${samples.join('; ')}`);
    await stopServe(s.child);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
