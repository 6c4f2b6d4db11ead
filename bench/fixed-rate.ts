/**
 * Latency at a steady, realistic load: sends requests at a fixed rate (not as fast as possible) and
 * times each one with the high-resolution clock, for the recorder's "no more than 10% added latency"
 * check. autocannon's millisecond histogram is too coarse for sub-millisecond answers.
 */
import http from 'node:http';

export interface LatencyResult {
  sent: number;
  failed: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  /** Every request's latency, ms, in completion order. */
  latencies: number[];
}

export interface RequestSpec {
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function fixedRate(origin: string, next: () => RequestSpec, headers: Record<string, string>, rate: number, seconds: number): Promise<LatencyResult> {
  const url = new URL(origin);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
  const latencies: number[] = [];
  let failed = 0;
  let sent = 0;
  const inFlight = new Set<Promise<void>>();
  const fire = () => {
    const spec = next();
    sent++;
    const started = process.hrtime.bigint();
    const p = new Promise<void>((resolve) => {
      const req = http.request({ host: url.hostname, port: url.port, method: spec.method, path: spec.path, agent, headers: { ...headers, ...(spec.headers ?? {}) } }, (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
          if (res.statusCode! >= 400) failed++;
          resolve();
        });
      });
      req.on('error', () => {
        failed++;
        resolve();
      });
      if (spec.body) req.end(spec.body);
      else req.end();
    });
    inFlight.add(p);
    void p.then(() => inFlight.delete(p));
  };
  const tickMs = 5;
  const perTick = (rate * tickMs) / 1000;
  const end = Date.now() + seconds * 1000;
  let owed = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (Date.now() >= end) {
        clearInterval(timer);
        resolve();
        return;
      }
      owed += perTick;
      while (owed >= 1) {
        owed--;
        fire();
      }
    }, tickMs);
  });
  await Promise.all(inFlight);
  agent.destroy();
  const sorted = [...latencies].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(sorted.length, 1);
  return { sent, failed, p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), mean, latencies };
}
