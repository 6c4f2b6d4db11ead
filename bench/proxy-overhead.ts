/**
 * What proxy mode costs: the same lookup (an Okta-style `userName eq` filter) sent straight to a
 * sandbox and through a second sandbox in proxy mode, 10 connections for 5 s each, on loopback.
 * Run: npx tsx bench/proxy-overhead.ts
 */
import autocannon from 'autocannon';
import { startSandbox } from '../test/helpers/sandbox.js';
const up = await startSandbox({ dataDir: ':memory:', seed: 'demo', token: 'upstream-token-xyz-123' });
const px = await startSandbox({ dataDir: ':memory:', seed: 'empty', upstream: { url: up.addresses.scimUrl, auth: 'token', token: 'upstream-token-xyz-123' } });
const run = async (url: string, token: string) => (await autocannon({ url, connections: 10, duration: 5, headers: { Authorization: `Bearer ${token}` } }));
for (const [name, url, token] of [['direct', `${up.addresses.scimUrl}/Users?filter=userName%20eq%20%22jane.doe%40example.com%22`, 'upstream-token-xyz-123'], ['proxied', `${px.addresses.scimUrl}/Users?filter=userName%20eq%20%22jane.doe%40example.com%22`, px.token]] as const) {
  const r = await run(url, token);
  console.log(name, 'req/s', Math.round(r.requests.average), 'p50 ms', r.latency.p50, 'p99 ms', r.latency.p99, 'non2xx', r.non2xx, 'errors', r.errors);
}
await px.close(); await up.close();
