/**
 * What breakpoints cost a request they do not pause: the same Okta-style lookup against one sandbox
 * with no breakpoint rules (A) and with one enabled rule that does not match it (B: the request view
 * is built and the path glob tested), alternating A/B for several rounds so the machine's load falls
 * on both alike. Each round sends a fixed number of requests and counts the process's CPU time per
 * request (server and load generator share the process), which a loaded machine disturbs far less
 * than throughput. Prints each round and the median B/A ratio with its spread.
 * Run: npx tsx bench/breakpoints-overhead.ts [rounds] [requests]
 */
import autocannon from 'autocannon';
import { startSandbox } from '../test/helpers/sandbox.js';

const rounds = Number(process.argv[2] ?? 6);
const amount = Number(process.argv[3] ?? 3000);
const t = await startSandbox({ dataDir: ':memory:', seed: 'demo' });
const url = `${t.addresses.scimUrl}/Users?filter=userName%20eq%20%22jane.doe%40example.com%22`;
/** CPU microseconds per request. */
const run = async () => {
  const before = process.cpuUsage();
  const r = await autocannon({ url, connections: 10, amount, headers: { Authorization: `Bearer ${t.token}` } });
  const used = process.cpuUsage(before);
  if (r.non2xx || r.errors) throw new Error(`non2xx ${r.non2xx}, errors ${r.errors}`);
  return (used.user + used.system) / amount;
};
const setRule = async (on: boolean) => {
  for (const r of (await t.admin('GET', '/api/breakpoints')).body.items) await t.admin('DELETE', `/api/breakpoints/${r.id}`);
  if (on) await t.admin('POST', '/api/breakpoints', { body: { name: 'groups only', match: { path: '/Groups*' } } });
};
await run(); // warm-up
const ratios: number[] = [];
for (let i = 0; i < rounds; i++) {
  const order = i % 2 === 0 ? [false, true] : [true, false];
  const rate: Record<string, number> = {};
  for (const on of order) {
    await setRule(on);
    rate[on ? 'B' : 'A'] = await run();
  }
  ratios.push(rate.B! / rate.A!);
  console.log(`round ${i + 1}: A ${Math.round(rate.A!)} µs CPU/request, B ${Math.round(rate.B!)} µs, B/A ${(rate.B! / rate.A!).toFixed(3)}, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
}
const sorted = [...ratios].sort((a, b) => a - b);
console.log(`B/A median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(3)}, min ${sorted[0]!.toFixed(3)}, max ${sorted.at(-1)!.toFixed(3)} over ${rounds} rounds`);
await t.close();
