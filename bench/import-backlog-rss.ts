/**
 * Whether the recording worker keeps up with import pages, and what RSS does when it does not: the
 * real `scimscope serve` (this tree's dist, then BACKLOG_BASELINE's, one after the other) with 100k
 * users is sent BACKLOG_AMOUNT requests for the same mid-set page (bench/run.ts's import) as fast as
 * 10 connections go; RSS and the count of recorded exchanges are sampled every 5 s, at the end of the
 * load, and once every exchange is recorded. When the server answers faster than the worker
 * records, the posted pages wait in memory; since wave4/import2 that wait is bounded
 * (server/recorder/handoff-backlog.ts: past 16 Mi characters, bodies are not kept until the worker
 * catches up, and the server logs when it falls behind and catches up, with the count).
 *
 * Usage: node --import tsx bench/import-backlog-rss.ts
 * Environment: BACKLOG_BASELINE=/path/to/other/checkout (with its dist built), BACKLOG_AMOUNT=40000,
 * BACKLOG_USERS=100000, BACKLOG_SCENARIO=same (one mid-set page) | walk (page after page, as an
 * import does). RSS is read every second; the peak during the load is reported.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { makeStore } from './make-store.js';
import { exchangeCount, root, rssMb, serve, stopServe } from './serve-process.js';

const USERS = Number(process.env.BACKLOG_USERS ?? 100_000);
const AMOUNT = Number(process.env.BACKLOG_AMOUNT ?? 40_000);
const SCENARIO = process.env.BACKLOG_SCENARIO ?? 'same';
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
    let peak = 0;
    let ticks = 0;
    const timer = setInterval(() => {
      const tick = ++ticks;
      void rssMb(s.child.pid!).then((rss) => {
        peak = Math.max(peak, rss);
        if (tick % 5 === 0) void exchangeCount(s.ready).then((n) => samples.push(`${seconds()} s: ${rss.toFixed(0)} MB, ${n} recorded`));
      });
    }, 1000);
    let next = 0;
    const pathFor = () => {
      if (SCENARIO !== 'walk') return `${url.pathname}/Users?startIndex=${Math.floor(USERS / 2)}&count=100`;
      const start = ((next++ * 100) % USERS) + 1;
      return `${url.pathname}/Users?startIndex=${start}&count=100`;
    };
    const r = await autocannon({ url: url.origin, connections: 10, amount: AMOUNT, headers: { Authorization: `Bearer ${s.ready.token}` }, requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: pathFor() }) as autocannon.Request }] });
    clearInterval(timer);
    peak = Math.max(peak, await rssMb(s.child.pid!));
    const atEnd = await rssMb(s.child.pid!);
    const recordedAtEnd = await exchangeCount(s.ready);
    const loadEnded = seconds();
    while ((await exchangeCount(s.ready)) < AMOUNT) await new Promise((resolve) => setTimeout(resolve, 200));
    const drained = await rssMb(s.child.pid!);
    console.log(`${tree} (${SCENARIO}): ${Math.round(r.requests.average)} pages/s; RSS peak during the load ${peak.toFixed(0)} MB; load ended at ${loadEnded} s with RSS ${atEnd.toFixed(0)} MB and ${recordedAtEnd} of ${AMOUNT} recorded; all recorded at ${seconds()} s, RSS ${drained.toFixed(0)} MB`);
    console.log(`  samples: ${samples.join('; ')}`);
    await stopServe(s.child);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
