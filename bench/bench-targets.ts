/**
 * The servers `npm run bench` (bench/run.ts) measures and what it asks them: the real `scimscope
 * serve` (this build or a baseline's, on a copy of the same store), a bare Node http server and
 * json-server, each with the requests of every scenario; and one autocannon run against one of them,
 * with the CPU the server spent per request. Kept apart from run.ts's rounds and tables so the
 * recorder's on/off pair (bench/recording-pair.ts) addresses the same server the same way.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import autocannon from 'autocannon';
import type { RequestSpec } from './fixed-rate.js';
import { copyStore, type BenchStore } from './make-store.js';
import { builtCli, cpuSeconds, root, startProcess, type Ready } from './serve-process.js';

export type { RequestSpec };
export type Measured = { rps: number; p50: number; p99: number; errors: number; requests: number };

/** One server under load: its process, and how to address it in a scenario. */
export interface Target {
  name: string;
  child: ChildProcess;
  origin: string;
  headers: Record<string, string>;
  /** The request for a scenario, or null when this server has no equivalent (it sits that scenario out). */
  request: (scenario: string) => (() => RequestSpec) | null;
}

/** Resident memory of a process in MB, from the kernel's own accounting. */
export async function rssMb(child: ChildProcess): Promise<number> {
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
  const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
  return kb ? Number(kb) / 1024 : NaN;
}

/** Requests as fast as `connections` keep-alive connections take them, for `seconds`. */
export async function measure(origin: string, next: () => RequestSpec, headers: Record<string, string>, seconds: number, connections: number): Promise<Measured> {
  const result = await autocannon({
    url: origin,
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (req: autocannon.Request) => {
          const spec = next();
          return { ...req, method: spec.method as 'GET', path: spec.path, body: spec.body, headers: { ...headers, ...(spec.headers ?? {}) } };
        },
      },
    ],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx, requests: result.requests.total };
}

/**
 * One measured run against a target, with the CPU the server spent per request: unlike
 * throughput, that barely depends on what else the shared machine is running.
 */
export async function measureTarget(t: Target, next: () => RequestSpec, seconds: number, connections: number): Promise<Measured & { cpuUs: number }> {
  const before = await cpuSeconds(t.child.pid!);
  const m = await measure(t.origin, next, t.headers, seconds, connections);
  const used = (await cpuSeconds(t.child.pid!)) - before;
  return { ...m, cpuUs: m.requests > 0 ? (used / m.requests) * 1e6 : NaN };
}

/**
 * The zero-based offsets of an import that walks the whole set a page of 100 at a time and starts
 * over at the end: Okta's import asks `/Users?startIndex=1&count=100` and then the next pages
 * (server/idp/okta-user-shapes.ts, "Import: first page of users"). Unlike the mid-set page
 * asked again and again, no two pages in a row are the same, so nothing per page can be reused.
 */
function pager(n: number): () => number {
  let at = 0;
  return () => {
    const offset = at;
    at = at + 100 >= n ? 0 : at + 100;
    return offset;
  };
}

/** Scimscope's requests (each server its own counters, so creates never collide). */
function scimRequests(store: BenchStore, base: string): (scenario: string) => () => RequestSpec {
  const n = store.ids.length;
  let created = 0;
  let patched = 0;
  const pick = () => Math.floor(Math.random() * n);
  const nextPage = pager(n);
  const json = { 'Content-Type': 'application/scim+json' };
  const tag = Math.random().toString(36).slice(2, 8);
  const all: Record<string, () => RequestSpec> = {
    lookup: () => ({ method: 'GET', path: `${base}/Users?filter=${encodeURIComponent(`userName eq "${store.userNames[pick()]}"`)}&startIndex=1&count=100` }),
    import: () => ({ method: 'GET', path: `${base}/Users?startIndex=${Math.floor(n / 2)}&count=100` }),
    walk: () => ({ method: 'GET', path: `${base}/Users?startIndex=${nextPage() + 1}&count=100` }),
    read: () => ({ method: 'GET', path: `${base}/Users/${store.ids[pick()]}` }),
    create: () => ({
      method: 'POST',
      path: `${base}/Users`,
      headers: json,
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `bench.${tag}.${created++}@example.com`, name: { givenName: 'Bench', familyName: 'User' }, emails: [{ value: `bench${created}@example.com`, type: 'work', primary: true }], active: true }),
    }),
    patch: () => {
      const i = patched++;
      const active = Math.floor(i / n) % 2 === 1;
      return { method: 'PATCH', path: `${base}/Users/${store.ids[i % n]}`, headers: json, body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active } }] }) };
    },
  };
  return (scenario) => all[scenario]!;
}

/** Turns recording on or off through the admin API, as the inspector's switch does. */
export async function setRecording(ready: Ready, enabled: boolean): Promise<void> {
  const res = await fetch(`${ready.adminUrl}/api/settings`, { method: 'PUT', headers: { Authorization: `Bearer ${ready.adminToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ recording: { enabled } }) });
  if (!res.ok) throw new Error(`could not set recording: ${res.status} ${await res.text()}`);
}

/** A build's `scimscope serve` (`dist` is its dist folder) on its own copy of the store, recording on unless `recording` is false. */
export async function startScimscope(name: string, dist: string, store: BenchStore, recording = true): Promise<Target & { ready: Ready }> {
  const dir = path.join(store.dir, name);
  await mkdir(dir);
  await copyStore(store.dir, dir);
  const started = Date.now();
  const { child, info } = await startProcess([builtCli(path.dirname(dist)), 'serve', '--data', dir, '--port', '0', '--admin-port', '0', '--json', '--seed', 'empty']);
  const ready = info as unknown as Ready;
  console.log(`  ${name}: ready in ${Date.now() - started} ms`);
  if (!recording) await setRecording(ready, false);
  const settledMs = await untilIdle(child.pid!);
  console.log(`  ${name}: idle ${settledMs} ms after ready (the background parse of a large store done)`);
  const requests = scimRequests(store, new URL(ready.scimUrl).pathname);
  return { name, child, ready, origin: new URL(ready.scimUrl).origin, headers: { Authorization: `Bearer ${ready.token}` }, request: requests };
}

/**
 * Waits until a server started from a large store has finished what it does in the background after
 * it is ready (store.ts parses the users of a load index a slice at a time, then may compact): until
 * it spends under 10% of a core over half a second, or 30 s at most. Without it, the first
 * scenario measured (lookups) was charged that work: ~1 s of CPU at 100k users, spread over its
 * first rounds' requests. Answers the milliseconds waited.
 */
export async function untilIdle(pid: number, windowMs = 500, maxMs = 30_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < maxMs) {
    const before = await cpuSeconds(pid);
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    if ((await cpuSeconds(pid)) - before < (windowMs / 1000) * 0.1) break;
  }
  return Date.now() - started;
}

export async function startBare(): Promise<Target> {
  const { child, info } = await startProcess(['--import', 'tsx', path.join(root, 'bench', 'bare-server.ts')]);
  const fixed = () => ({ method: 'GET', path: '/scim/v2/Users?filter=userName%20eq%20%22bjensen%40example.com%22' });
  return { name: 'bare', child, origin: info.url!, headers: {}, request: () => fixed };
}

export async function startJsonServer(store: BenchStore): Promise<Target> {
  const { child, info } = await startProcess(['--import', 'tsx', path.join(root, 'bench', 'json-server.ts'), store.jsonServerDb]);
  const n = store.ids.length;
  // json-server's paging: `_start`/`_limit` over the collection, like SCIM's startIndex/count.
  const page = () => ({ method: 'GET', path: `/users?_start=${Math.floor(n / 2) - 1}&_limit=100` });
  const nextPage = pager(n);
  const walk = () => ({ method: 'GET', path: `/users?_start=${nextPage()}&_limit=100` });
  return { name: 'json-server', child, origin: info.url!, headers: {}, request: (s) => (s === 'import' ? page : s === 'walk' ? walk : null) };
}
