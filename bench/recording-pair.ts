/**
 * The recorder's cost in `npm run bench` (bench/run.ts): issue 15's "recording's added latency at
 * 1,000 req/s", measured the way bench/recording-latency.ts measures it, and saturated throughput
 * with recording on and off. Latency: lookups of a different user each time at a steady rate
 * (bench/fixed-rate.ts), recording on and off in one server (the candidate, switched through the
 * admin API, with the log the scenarios left it: at the retention in a 100k run), a warm-up round and
 * then rounds in alternating order, the ratio taken within each round and given as the median with
 * its min–max. No saturated run comes between timed runs: one could leave the next timed run the
 * recorder's backlog and the garbage of thousands of exchanges. The saturated on/off pairs follow.
 * Why it differs from recording-latency.ts (one process switched, not two fresh ones):
 * docs/performance.md, "The recorder's on/off pair in `npm run bench`".
 */
import { measure, setRecording, type Target } from './bench-targets.js';
import { fixedRate } from './fixed-rate.js';
import type { BenchStore } from './make-store.js';
import { exchangeCount, type Ready } from './serve-process.js';
import { median, spread, threadStats, TICK_US } from './stats.js';

export interface PairOptions {
  rate: number;
  seconds: number;
  rounds: number;
  connections: number;
}

export interface PairRow {
  size: number;
  scenario: string;
  rate: number;
  /** Exchanges in the candidate's log when the pair started (its retention caps them). */
  logged: number;
  /** Per arm, per round. */
  on: { mean: number[]; p50: number[]; p99: number[]; mainUs: number[]; otherUs: number[] };
  off: { mean: number[]; p50: number[]; p99: number[]; mainUs: number[]; otherUs: number[] };
  /** Per round, on / off. */
  ratio: { mean: number[]; p50: number[]; p99: number[] };
  rpsOn: number[];
  rpsOff: number[];
}

/** CPU ticks of the main thread and of all the others (recording worker, V8's and libuv's threads). */
function cpuTicks(pid: number): { main: number; other: number } {
  let main = 0;
  let other = 0;
  for (const [tid, t] of threadStats(pid)) {
    if (tid === pid) main += t.ticks;
    else other += t.ticks;
  }
  return { main, other };
}

/** The pair for one scenario: `lookup` as recording-latency.ts asks it, any other as run.ts's scenarios do (`create`: durable writes). */
export async function recordingPair(target: Target & { ready: Ready }, store: BenchStore, size: number, scenario: string, o: PairOptions): Promise<PairRow> {
  const base = new URL(target.ready.scimUrl).pathname;
  const n = store.userNames.length;
  // As recording-latency.ts: a different user each time, striding across the store.
  let k = 17;
  const next = scenario === 'lookup' ? () => ({ method: 'GET', path: `${base}/Users?filter=${encodeURIComponent(`userName eq "${store.userNames[(k++ * 7919) % n]}"`)}` }) : target.request(scenario)!;
  const arm = () => ({ mean: [] as number[], p50: [] as number[], p99: [] as number[], mainUs: [] as number[], otherUs: [] as number[] });
  const row: PairRow = { size, scenario, rate: o.rate, logged: await exchangeCount(target.ready), on: arm(), off: arm(), ratio: { mean: [], p50: [], p99: [] }, rpsOn: [], rpsOff: [] };
  const pid = target.child.pid!;
  for (let round = -1; round < o.rounds; round++) {
    const means: Record<string, { mean: number; p50: number; p99: number }> = {};
    for (const enabled of round % 2 === 0 ? [true, false] : [false, true]) {
      await setRecording(target.ready, enabled);
      const before = cpuTicks(pid);
      const r = await fixedRate(target.origin, next, target.headers, o.rate, o.seconds);
      const after = cpuTicks(pid);
      if (round < 0) continue; // warm-up: each arm once, after the scenarios' load
      const a = row[enabled ? 'on' : 'off'];
      a.mean.push(r.mean);
      a.p50.push(r.p50);
      a.p99.push(r.p99);
      a.mainUs.push(((after.main - before.main) * TICK_US) / r.sent);
      a.otherUs.push(((after.other - before.other) * TICK_US) / r.sent);
      means[enabled ? 'on' : 'off'] = r;
      console.log(`    round ${round + 1} recording ${enabled ? 'on ' : 'off'}: mean ${r.mean.toFixed(3)} p50 ${r.p50.toFixed(3)} p99 ${r.p99.toFixed(3)} ms; CPU/req main ${a.mainUs.at(-1)!.toFixed(0)} µs, other threads ${a.otherUs.at(-1)!.toFixed(0)} µs${r.failed ? `; ${r.failed} failed` : ''}`);
    }
    if (round < 0) continue;
    row.ratio.mean.push(means.on!.mean / means.off!.mean);
    row.ratio.p50.push(means.on!.p50 / means.off!.p50);
    row.ratio.p99.push(means.on!.p99 / means.off!.p99);
  }
  // Saturated throughput, on and off interleaved (on, off, on, off), after every latency run.
  const saturated = target.request(scenario)!;
  for (const enabled of [true, false, true, false]) {
    await setRecording(target.ready, enabled);
    row[enabled ? 'rpsOn' : 'rpsOff'].push((await measure(target.origin, saturated, target.headers, o.seconds, o.connections)).rps);
  }
  await setRecording(target.ready, true);
  return row;
}

/** The pair's table, for run.ts's report. */
export function pairTable(rows: PairRow[]): string {
  const ms = (v: number) => v.toFixed(3);
  const x = (v: number) => v.toFixed(2);
  const us = (v: number) => v.toFixed(0);
  const lines = [
    `Recording on vs off in the candidate (each scenario at a steady rate, bench/fixed-rate.ts; median (min–max) of ${rows[0]?.ratio.mean.length ?? 0} rounds after a warm-up round, the ratio taken within each round; then saturated throughput, the mean of two interleaved runs each):`,
    '',
    '| users | scenario | rate | exchanges in the log | mean ms on / off | added (on/off, per round) | p50 on/off | p99 on/off | main µs/req on / off | other threads µs/req on / off | req/s saturated on / off | throughput cost |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  for (const r of rows) {
    const added = r.ratio.mean.map((v) => (v - 1) * 100);
    lines.push(`| ${r.size.toLocaleString('en-US')} | ${r.scenario} | ${r.rate}/s | ${r.logged.toLocaleString('en-US')} | ${ms(median(r.on.mean))} / ${ms(median(r.off.mean))} | ${spread(added, (v) => `${v >= 0 ? '+' : ''}${v.toFixed(0)}%`)} | ${spread(r.ratio.p50, x)} | ${spread(r.ratio.p99, x)} | ${us(median(r.on.mainUs))} / ${us(median(r.off.mainUs))} | ${us(median(r.on.otherUs))} / ${us(median(r.off.otherUs))} | ${Math.round(avg(r.rpsOn))} / ${Math.round(avg(r.rpsOff))} | ${(((avg(r.rpsOff) - avg(r.rpsOn)) / avg(r.rpsOff)) * 100).toFixed(1)}% |`);
  }
  return lines.join('\n');
}
