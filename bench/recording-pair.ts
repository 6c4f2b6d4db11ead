/**
 * The recorder's cost in `npm run bench` (bench/run.ts), at the middle size: the candidate's latency
 * at a steady rate (bench/fixed-rate.ts) and its saturated throughput, recording on and off
 * interleaved (on, off, on, off) so drift does not favour either.
 */
import { measure, setRecording, type Target } from './bench-targets.js';
import { fixedRate, type LatencyResult } from './fixed-rate.js';
import type { Ready } from './serve-process.js';

export interface PairOptions {
  rate: number;
  seconds: number;
  connections: number;
  titles: Record<string, string>;
}

export async function recorderCost(target: Target & { ready: Ready }, size: number, o: PairOptions) {
  const out = [];
  for (const scenario of ['lookup', 'create']) {
    const next = target.request(scenario)!;
    const runs: { on: LatencyResult[]; off: LatencyResult[]; onRps: number[]; offRps: number[] } = { on: [], off: [], onRps: [], offRps: [] };
    for (const enabled of [true, false, true, false]) {
      await setRecording(target.ready, enabled);
      await fixedRate(target.origin, next, target.headers, o.rate, 1);
      runs[enabled ? 'on' : 'off'].push(await fixedRate(target.origin, next, target.headers, o.rate, o.seconds));
      runs[enabled ? 'onRps' : 'offRps'].push((await measure(target.origin, next, target.headers, o.seconds, o.connections)).rps);
    }
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    out.push({ size, scenario: o.titles[scenario]!, rate: o.rate, meanOn: avg(runs.on.map((r) => r.mean)), meanOff: avg(runs.off.map((r) => r.mean)), p99On: avg(runs.on.map((r) => r.p99)), p99Off: avg(runs.off.map((r) => r.p99)), rpsOn: avg(runs.onRps), rpsOff: avg(runs.offRps) });
  }
  await setRecording(target.ready, true);
  return out;
}

/** The pair's table, for run.ts's report. */
export function recorderTable(rows: Awaited<ReturnType<typeof recorderCost>>, rate: number): string {
  const ms = (v: number) => v.toFixed(3);
  const pct = (on: number, off: number) => `${on >= off ? '+' : ''}${(((on - off) / off) * 100).toFixed(1)}%`;
  const lines = [`Recording on vs off (latency at a steady ${rate} req/s; throughput saturated; each the mean of two interleaved runs):\n`];
  lines.push('| users | scenario | mean latency on / off (ms) | added | p99 on / off (ms) | req/s saturated on / off | throughput cost |\n|---:|---|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    lines.push(`| ${r.size.toLocaleString('en-US')} | ${r.scenario} | ${ms(r.meanOn)} / ${ms(r.meanOff)} | ${pct(r.meanOn, r.meanOff)} | ${ms(r.p99On)} / ${ms(r.p99Off)} | ${Math.round(r.rpsOn)} / ${Math.round(r.rpsOff)} | ${(((r.rpsOff - r.rpsOn) / r.rpsOff) * 100).toFixed(1)}% |`);
  }
  return lines.join('\n');
}
