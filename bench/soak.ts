/**
 * `npm run soak`: the real `scimscope serve` with recording on, driven for SOAK_MINUTES (default 10)
 * at SOAK_RATE requests/s (default 200) by an Okta-shaped mix: userName lookups, creates, PATCH
 * deactivate/reactivate, import pages (count=100) and group pushes (PATCH add/remove member). It samples
 * the server's RSS every SOAK_SAMPLE seconds and fails (exit 1) if any request failed or if RSS at the end is
 * more than 10% above RSS at minute 2 (or at the first fifth of the run when shorter than 10 minutes): the
 * issue's check, on the plain RSS (read before any forced GC, whatever SOAK_HEAP says).
 *
 * The check reads both ends robustly: the median plain RSS of the samples in the SOAK_WINDOW seconds from the
 * mark on (default 60 s for 10 minutes; a tenth of a shorter run, but at least three samples) against the
 * median of the samples in the last SOAK_WINDOW seconds, the final sample included: the same width at both ends, inside the steady state
 * (the log and the history are full from the mark on). One sample lands before or after a mark-compact by
 * chance and moves RSS by ±10 MB (±5 points of the check) on its own; a median of six does not. The
 * single-sample figure (the first sample at the mark, the final one) is still printed next to it, with its
 * own within/not within, so the two can be compared run by run; PASS/FAIL is the windowed one's
 * (docs/performance.md, "Soak: old space and heap per user (wave 7)"). It also prints the server's CPU
 * (all threads, /proc) per request answered, over the run and from the mark on, so a heap lever that buys
 * RSS with GC work shows its price in the same run. Each sample also
 * prints how many exchanges the log and how many entries the history keep, so "full by minute 2" is seen,
 * not assumed (the history's figure is counted from its index files on disk: min(cap, lines of both
 * generations); lines still waiting for their 100 ms batch are not counted).
 *
 * The retention is set to SOAK_RETENTION (default 20,000 exchanges, full after 100 s at 200 req/s)
 * and the resource history's cap to SOAK_HISTORY_CAP (default 10,000 entries: 45% of the mix writes
 * one entry each (PATCHes, creates, group pushes), ~90 entries a second at 200 req/s, so full after
 * ~110 s; below ~185 req/s, as on a loaded machine, not quite by minute 2, which the samples show)
 * so that minute 2 to the end is the steady state the check is about: a full log and a full history
 * that keep turning over (docs/decisions.md, "Soak: what minute 2 measures"; SOAK_HISTORY_CAP=20000
 * is the setup before, whose history filled at ~minute 3.7 or later). How RSS grows while a log fills
 * to 100,000 is `npm run bench:recorder`'s question.
 *
 * A failed request reports whether it went out on a reused keep-alive socket and how long that
 * socket had idled, so a reset says whose it is. Node 20's agent only honours the server's
 * `Keep-Alive: timeout=65` hint when the agent has a timeout of its own; by default it has none (as
 * before), so an idle socket stays pooled past the server's close, and a request sent on it as the
 * server closes it fails with ECONNRESET (a reused socket idle ~65 s). The run of 2026-12-04, 19:56 UTC
 * named its one failure exactly so ("reused socket, idle 65990 ms"), so the client now drops idle
 * sockets after 60 s, as a client honouring the hint does (SOAK_AGENT_TIMEOUT=0: Node's default again).
 *
 * Once a second it opens a timeline in the inspector's way (GET /api/groups/:id/history of a pushed
 * group, or a PATCHed user's), which reads the entries from the history file, and reports how long
 * that took. SOAK_TREE=<checkout> runs that tree's server from its TypeScript sources (tsx) instead of
 * this tree's dist/, to compare a baseline checkout with the same soak; with SOAK_BUILT=1, from that
 * tree's built bundle (dist/bundle/cli.js), as `npm run soak` runs this tree's (tsx's own compiling holds
 * tens of MB in the first minutes, which a mark at minute 1 then includes).
 *
 * SOAK_HEAP=1 also reports the server's live heap after a forced full GC at each sample (through its
 * inspector, opened on a loopback port), and RSS right after that GC, which separates memory that is
 * kept from memory not yet collected or returned. SOAK_HEAP=ends does so only at minute 2 and at the
 * end. These are extra columns and a second, diagnostic verdict; the PASS/FAIL stays the plain RSS's
 * (read before the GC; the forced GCs still make later plain RSS a little lower than a run without
 * them, so the figure for the issue is a run without SOAK_HEAP). With the heap it also prints live heap
 * per user (the heap over the users held, at minute 2 and at the end) and the heap's growth per user
 * created after minute 2: recording's structures are at their caps by then, so that last figure is what
 * the directory's growth costs (wave 5: ~600 B; bench/created-user-heap.ts measures it alone).
 *
 * SOAK_SNAPSHOTS=<folder> writes two heap snapshots of the server there (through the same inspector):
 * right after the sample at minute 2 and after the final sample, so `bench/soak-heap-diff.ts` can say
 * what the growth between them is made of (a snapshot pauses the server and raises its RSS for a while,
 * so a run with snapshots is for finding what grows, not for the figure).
 *
 * SOAK_SPACES=1 prints, at each sample and before any forced GC, the main isolate's committed heap (V8's
 * `heapTotal`: live data, garbage not yet collected, free space V8 keeps), its used part, each space of
 * 1 MB or more (new, old, code, large objects), and RSS minus
 * the committed heap (code, malloc'd memory, the recording worker's isolate, stacks), so a growth of the
 * plain RSS can be placed in one or the other. It also reads the recording worker's isolate (its committed
 * and used heap, through the inspector's NodeWorker domain), the main isolate's `external` and
 * `arrayBuffers`, and the server's /proc smaps by kind (bench/soak-memory.ts: the brk heap, the other
 * threads' malloc arenas, other anonymous memory, files), and at the end prints each part's median over
 * the mark's window and the end's (docs/performance.md, "Soak: where the requests' growth is (wave 9)").
 * glibc's malloc is tuned from the environment, which the server inherits: MALLOC_MMAP_THRESHOLD_=131072
 * MALLOC_TRIM_THRESHOLD_=131072 in front of the soak runs the server with fixed thresholds.
 *
 * SOAK_MIX=reads sends only the mix's userName lookups and PATCHes of the seeded users (2 lookups for every
 * PATCH, the mix's own weights), so the directory does not grow: what the RSS does then is what requests
 * alone leave behind (a map keyed by something never removed would show as growth). SOAK_MIX=nocreates
 * sends the whole mix with its creates replaced by lookups: run next to the full mix (started together),
 * the difference in growth is what the ~30 users created a second cost in RSS.
 *
 * Environment: SOAK_MINUTES=10 SOAK_RATE=200 SOAK_USERS=10000 SOAK_SAMPLE=10 SOAK_WINDOW=60 SOAK_RETENTION=20000 SOAK_HISTORY_CAP=10000
 * SOAK_AGENT_TIMEOUT=60000 SOAK_TREE= SOAK_BUILT=0|1 SOAK_MIX=okta|reads|nocreates SOAK_HEAP=0|1|ends SOAK_SPACES=0|1 SOAK_SNAPSHOTS=
 */
import http from 'node:http';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { makeStore } from './make-store.js';
import { smapsBreakdown } from './soak-memory.js';
import { admin, cpuSeconds, exchangeCount, rssMb, serve, stats, stopServe } from './serve-process.js';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const RATE = Number(process.env.SOAK_RATE ?? 200);
const USERS = Number(process.env.SOAK_USERS ?? 10_000);
const SAMPLE_S = Number(process.env.SOAK_SAMPLE ?? 10);
/** The windowed verdict's window: SOAK_WINDOW seconds (default a tenth of the run, at most 60 s, at least 3 samples) from the mark on and up to the end. */
const WINDOW_S = Number(process.env.SOAK_WINDOW ?? Math.max(3 * SAMPLE_S, Math.min(60, (MINUTES * 60) / 10)));
const RETENTION = Number(process.env.SOAK_RETENTION ?? 20_000);
const HISTORY_CAP = Number(process.env.SOAK_HISTORY_CAP ?? 10_000);
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const dir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-soak-'));
const store = await makeStore(dir, USERS);
const TREE = process.env.SOAK_TREE;
const HEAP = process.env.SOAK_HEAP === '1' || process.env.SOAK_HEAP === 'ends';
/** SOAK_HEAP=ends reads the live heap only at the minute-2 sample and at the end (two forced GCs, not one per sample). */
const HEAP_AT_ENDS = process.env.SOAK_HEAP === 'ends';
/** SOAK_SPACES=1: at each sample, before any forced GC, the main isolate's committed heap and what RSS holds outside it. */
const SPACES = process.env.SOAK_SPACES === '1';
const SNAPSHOTS = process.env.SOAK_SNAPSHOTS ? path.resolve(process.env.SOAK_SNAPSHOTS) : null;
if (SNAPSHOTS) await mkdir(SNAPSHOTS, { recursive: true });
const s = await serve(dir, { ...(TREE ? { tree: path.resolve(TREE), source: process.env.SOAK_BUILT !== '1' } : {}), inspect: HEAP || SPACES || SNAPSHOTS !== null });
/** The server's inspector: its live heap in MB after a full GC (SOAK_HEAP=1), heap snapshots (SOAK_SNAPSHOTS). */
const inspector = await (async () => {
  if (!s.inspectorUrl) return null;
  const socket = new WebSocket(s.inspectorUrl, { maxPayload: 2 ** 30 });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let id = 0;
  const waiting = new Map<number, (result: any) => void>();
  let chunk: ((text: string) => void) | null = null;
  // The recording worker's session (NodeWorker domain, SOAK_SPACES): its isolate's heap is read through it.
  let workerSession: string | null = null;
  const workerWaiting = new Map<number, (result: any) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown; method?: string; params?: any };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result);
    else if (message.method === 'HeapProfiler.addHeapSnapshotChunk') chunk?.(message.params!.chunk);
    else if (message.method === 'NodeWorker.attachedToWorker') workerSession = message.params.sessionId as string;
    else if (message.method === 'NodeWorker.receivedMessageFromWorker') {
      const inner = JSON.parse(message.params.message as string) as { id?: number; result?: unknown };
      if (inner.id !== undefined) workerWaiting.get(inner.id)?.(inner.result);
    }
  });
  const call = (method: string, params: object = {}) =>
    new Promise<any>((resolve) => {
      waiting.set(++id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  return {
    /** The live heap after a forced full GC, and RSS right after it (MB). */
    read: async () => {
      await call('HeapProfiler.collectGarbage');
      const result = await call('Runtime.evaluate', { expression: 'process.memoryUsage().heapUsed', returnByValue: true });
      return { heap: (result.result.value as number) / 2 ** 20, rss: await rssMb(s.child.pid!) };
    },
    /** The main isolate's heap as it is (no GC): committed (`heapTotal`) and used, MB. */
    usage: async () => {
      // The console's `require` (includeCommandLineAPI) reaches node:v8 from an ES module's process.
      const expression = "JSON.stringify([process.memoryUsage(), require('v8').getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size])])";
      const result = await call('Runtime.evaluate', { expression, returnByValue: true, includeCommandLineAPI: true });
      const [usage, spaces] = JSON.parse(result.result.value as string) as [NodeJS.MemoryUsage, [string, number][]];
      return { committed: usage.heapTotal / 2 ** 20, used: usage.heapUsed / 2 ** 20, spaces, external: usage.external / 2 ** 20, arrayBuffers: usage.arrayBuffers / 2 ** 20 };
    },
    /** The recording worker's isolate as it is (no GC), MB: committed, used, external (null before it attached). */
    workerUsage: async () => {
      if (workerSession === null) await call('NodeWorker.enable', { waitForDebuggerOnStart: false });
      if (workerSession === null) return null;
      const innerId = ++id;
      const answer = new Promise<any>((resolve) => workerWaiting.set(innerId, resolve));
      const expression = 'JSON.stringify(process.memoryUsage())';
      await call('NodeWorker.sendMessageToWorker', { sessionId: workerSession, message: JSON.stringify({ id: innerId, method: 'Runtime.evaluate', params: { expression, returnByValue: true } }) });
      const result = await answer;
      const usage = JSON.parse(result.result.value as string) as NodeJS.MemoryUsage;
      return { committed: usage.heapTotal / 2 ** 20, used: usage.heapUsed / 2 ** 20 };
    },
    /** Writes a heap snapshot of the server to `file` (the server pauses while it is taken). */
    snapshot: async (file: string) => {
      const out = createWriteStream(file);
      chunk = (text) => out.write(text);
      await call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      chunk = null;
      await new Promise((resolve) => out.end(resolve));
      console.log(`heap snapshot: ${file}`);
    },
    close: () => socket.close(),
  };
})();
const liveHeapMb = HEAP ? inspector : null;
let snapshotTaken: Promise<void> | null = null;
let markHeapRead = false;
const set = await admin(s.ready, 'PUT', '/api/settings', { recording: { retention: RETENTION, historyCap: HISTORY_CAP } });
if (set.status !== 200) throw new Error(`PUT /api/settings answered ${set.status}: ${JSON.stringify(set.body)}`);
const origin = new URL(s.ready.scimUrl);
const base = origin.pathname;
const AGENT_TIMEOUT = Number(process.env.SOAK_AGENT_TIMEOUT ?? 60_000);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64, ...(AGENT_TIMEOUT > 0 ? { timeout: AGENT_TIMEOUT } : {}) });
/** When each socket last finished a request (to say how long a socket that failed had idled). */
const idleSince = new WeakMap<object, number>();
agent.on('free', (socket: object) => idleSince.set(socket, Date.now()));
const headers = { Authorization: `Bearer ${s.ready.token}`, 'Content-Type': 'application/scim+json' };

function send(method: string, url: string, body?: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const req = http.request({ host: origin.hostname, port: origin.port, method, path: url, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    let idleMs: number | null = null;
    req.on('socket', (socket) => {
      const since = idleSince.get(socket);
      idleMs = since === undefined ? null : Date.now() - since;
    });
    req.on('error', (error) => resolve({ status: 0, text: `${error.message} (${req.reusedSocket ? `reused socket, idle ${idleMs} ms` : 'new socket'})` }));
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

// Group pushes go to 20 groups, adding members and removing the oldest past 50, as Okta pushes membership both ways.
const groups: { id: string; members: string[] }[] = [];
for (let g = 0; g < 20; g++) groups.push({ id: (JSON.parse((await send('POST', `${base}/Groups`, { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: `Soak pushes ${g}` })).text) as { id: string }).id, members: [] });
function groupPush(): [string, string, unknown] {
  const group = groups[n % groups.length]!;
  if (group.members.length >= 50) {
    const gone = group.members.shift()!;
    return ['PATCH', `${base}/Groups/${group.id}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${gone}"]` }] }];
  }
  let id = store.ids[pick()]!;
  while (group.members.includes(id)) id = store.ids[pick()]!;
  group.members.push(id);
  return ['PATCH', `${base}/Groups/${group.id}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }] }];
}
let n = 0;
const pick = () => Math.floor(Math.random() * USERS);
/** SOAK_MIX=reads: only the lookups and PATCHes of users that exist, no creates (a leak that grows with requests, not users, shows as growth). */
const READS_ONLY = process.env.SOAK_MIX === 'reads';
/** SOAK_MIX=nocreates: the mix with its creates sent as lookups instead, so a pair with the full mix says what the created users add. */
const NO_CREATES = process.env.SOAK_MIX === 'nocreates';
/** One request of the mix (weights: lookups 40, PATCH 20, import pages 15, creates 15, group pushes 10; SOAK_MIX=reads: lookups 40, PATCH 20; nocreates: lookups 55). */
function next(): [string, string, unknown?] {
  const r = READS_ONLY ? Math.floor(((n++ * 37) % 100) * 0.6) : (n++ * 37) % 100;
  if (r < 40 || (NO_CREATES && r >= 75 && r < 90)) return ['GET', `${base}/Users?filter=${encodeURIComponent(`userName eq "${store.userNames[pick()]}"`)}`];
  if (r < 60) return ['PATCH', `${base}/Users/${store.ids[pick()]}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: n % 2 === 0 } }] }];
  if (r < 75) return ['GET', `${base}/Users?startIndex=${1 + ((n * 100) % (USERS - 100))}&count=100`];
  if (r < 90) return ['POST', `${base}/Users`, { schemas: [USER], userName: `soak.${n}@example.com`, name: { givenName: 'Soak', familyName: String(n) }, emails: [{ value: `soak.${n}@example.com`, type: 'work', primary: true }], active: true }];
  return groupPush();
}

/** Lines in a file (0 when it is not there). */
async function lineCount(file: string): Promise<number> {
  const bytes = await readFile(file).catch(() => Buffer.alloc(0));
  let count = 0;
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) count++;
  return count;
}
/** The entries the resource history keeps: its two index generations' lines, at most the cap. */
/** Users in the directory now (the mix creates ~30 a second at 200 req/s and never deletes). */
const userCount = async () => ((await admin(s.ready, 'GET', '/api/status')).body as { counts: { users: number } }).counts.users;
const historySize = async () => Math.min(HISTORY_CAP, (await lineCount(path.join(dir, 'history-index.jsonl'))) + (await lineCount(path.join(dir, 'history-index.1.jsonl'))));

const errors: string[] = [];
/** A failed request, printed as it happens (a run cut short still says what failed). */
const fail = (message: string) => {
  errors.push(message);
  if (errors.length <= 20) console.log(`error: ${message}`);
};
let sent = 0;
let done = 0;
/** rss: plain, read before any forced GC (the check's figure); heap and rssAfterGc: after one (SOAK_HEAP). */
/** SOAK_SPACES: the parts of RSS at each sample (MB; old space in bytes). */
const spaceSamples: { at: number; rss: number; main: number; old: number; worker: number; external: number; brk: number; arenas: number; arenaCount: number; anon: number; file: number; other: number }[] = [];
const samples: { at: number; rss: number; exchanges: number; history: number; users: number; heap: number | null; rssAfterGc: number | null; cpu: number; answered: number }[] = [];
const mb = (x: number) => `${x.toFixed(0)} MB`;
/** Live heap (MB) over the users held: all of the heap, recording's capped structures included, so read it next to the growth's figure. */
const perUser = (heapMb: number, users: number) => `${Math.round((heapMb * 2 ** 20) / users).toLocaleString('en-US')} B`;
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const started = Date.now();
const end = started + MINUTES * 60_000;
console.log(`Soak${READS_ONLY ? ' (lookups and PATCHes only)' : NO_CREATES ? ' (no creates: lookups instead)' : ''}: ${MINUTES} min at ${RATE} req/s, ${USERS.toLocaleString('en-US')} users, recording on, retention ${RETENTION.toLocaleString('en-US')}, history cap ${HISTORY_CAP.toLocaleString('en-US')}`);
const sampler = setInterval(() => {
  const atMarkSample = HEAP_AT_ENDS && !markHeapRead && Date.now() - started >= Math.min(120, (MINUTES * 60) / 5) * 1000;
  if (atMarkSample) markHeapRead = true;
  // Plain RSS first, then the forced GC (if any) and what it leaves.
  const answeredNow = done;
  void Promise.all([rssMb(s.child.pid!), cpuSeconds(s.child.pid!)])
    .then(async ([rss, cpu]) => [rss, cpu, SPACES ? { ...(await inspector!.usage()), worker: await inspector!.workerUsage(), smaps: await smapsBreakdown(s.child.pid!) } : null, (!HEAP_AT_ENDS || atMarkSample ? await liveHeapMb?.read() : null) ?? null, await exchangeCount(s.ready), await historySize(), await userCount()] as const)
    .then(
      ([rss, cpu, heapNow, gc, exchanges, history, users]) => {
        if (heapNow) {
          const spaces = heapNow.spaces.filter(([, size]) => size >= 2 ** 20).map(([name, size]) => `${name.replace(/_space$/, '')} ${mb(size / 2 ** 20)}`);
          console.log(`  main heap committed ${mb(heapNow.committed)} (used ${mb(heapNow.used)}; ${spaces.join(', ')}), RSS outside it ${mb(rss - heapNow.committed)}`);
          const { worker, smaps } = heapNow;
          console.log(`  worker heap committed ${worker ? `${mb(worker.committed)} (used ${mb(worker.used)})` : 'n/a'}; external ${mb(heapNow.external)} (array buffers ${mb(heapNow.arrayBuffers)}); smaps: brk ${mb(smaps.brk)}, arenas ${mb(smaps.arenas)} (${smaps.arenaCount}), other anonymous ${mb(smaps.anon)}, files ${mb(smaps.file)}, rest ${mb(smaps.other)}`);
          spaceSamples.push({ at: (Date.now() - started) / 1000, rss, main: heapNow.committed, old: heapNow.spaces.find(([name]) => name === 'old_space')?.[1] ?? 0, worker: worker?.committed ?? 0, external: heapNow.external, ...smaps });
        }
        samples.push({ at: (Date.now() - started) / 1000, rss, exchanges, history, users, heap: gc?.heap ?? null, rssAfterGc: gc?.rss ?? null, cpu, answered: answeredNow });
        if (SNAPSHOTS && !snapshotTaken && Date.now() - started >= Math.min(120, (MINUTES * 60) / 5) * 1000) snapshotTaken = inspector!.snapshot(path.join(SNAPSHOTS, 'soak-mark.heapsnapshot'));
        console.log(`${((Date.now() - started) / 60_000).toFixed(1)} min: RSS ${mb(rss)}${gc === null ? '' : ` (after a forced GC: RSS ${mb(gc.rss)}, live heap ${mb(gc.heap)}, ${perUser(gc.heap, users)} per user)`}, ${users.toLocaleString('en-US')} users, ${exchanges.toLocaleString('en-US')} exchanges kept, history ${history.toLocaleString('en-US')} of ${HISTORY_CAP.toLocaleString('en-US')}, ${done.toLocaleString('en-US')} answered, ${errors.length} errors`);
      },
      // A sample the admin API did not answer (the sampler's own keep-alive socket reset) is skipped, not fatal.
      (error: Error) => console.log(`${((Date.now() - started) / 60_000).toFixed(1)} min: sample skipped (${error.message}: ${(error.cause as Error | undefined)?.message ?? ''})`),
    );
}, SAMPLE_S * 1000);
/** Opening a timeline once a second: a pushed group's (up to hundreds of entries) or a PATCHed user's. */
const timelineMs: number[] = [];
let timelines = 0;
const timelineReader = setInterval(() => {
  const url = timelines++ % 2 === 0 ? `/api/groups/${groups[timelines % groups.length]!.id}/history` : `/api/users/${store.ids[pick()]}/history`;
  void admin(s.ready, 'GET', url).then(
    (r) => {
      if (r.status !== 200 && !(r.status === 404 && url.startsWith('/api/users'))) fail(`GET ${url}: ${r.status}`);
      else timelineMs.push(r.ms);
    },
    (error: Error) => fail(`GET ${url}: ${error.message} ${(error.cause as Error | undefined)?.message ?? ''}`),
  );
}, 1000);
let owed = 0;
const inFlight = new Set<Promise<void>>();
await new Promise<void>((resolve) => {
  const tick = setInterval(() => {
    if (Date.now() >= end) {
      clearInterval(tick);
      resolve();
      return;
    }
    owed += (RATE * 10) / 1000;
    for (; owed >= 1; owed--) {
      const [method, url, body] = next();
      sent++;
      const p = send(method, url, body).then((r) => {
        done++;
        if (r.status === 0 || r.status >= 400) fail(`${method} ${url}: ${r.status} ${r.text.slice(0, 200)}`);
      });
      inFlight.add(p);
      void p.then(() => inFlight.delete(p));
    }
  }, 10);
});
await Promise.all(inFlight);
clearInterval(sampler);
clearInterval(timelineReader);
const final = await rssMb(s.child.pid!);
const finalCpu = await cpuSeconds(s.child.pid!);
const finalGc = (await liveHeapMb?.read()) ?? null;
samples.push({ at: (Date.now() - started) / 1000, rss: final, exchanges: await exchangeCount(s.ready), history: await historySize(), users: await userCount(), heap: finalGc?.heap ?? null, rssAfterGc: finalGc?.rss ?? null, cpu: finalCpu, answered: done });
if (SNAPSHOTS) {
  await snapshotTaken;
  await inspector!.snapshot(path.join(SNAPSHOTS, 'soak-end.heapsnapshot'));
}
inspector?.close();
agent.destroy();
await stopServe(s.child);
await rm(dir, { recursive: true, force: true });

const mark = Math.min(120, (MINUTES * 60) / 5);
// The first sample at minute 2 (SOAK_HEAP=ends forces its GC on that one, after its plain RSS was read).
const atMark = samples.find((x) => x.at >= mark && x.at < MINUTES * 60) ?? samples[0]!;
const last = samples[samples.length - 1]!;
const growth = final / atMark.rss - 1;
console.log(`\nsent ${sent.toLocaleString('en-US')}, answered ${done.toLocaleString('en-US')}, errors ${errors.length}`);
console.log(`at ${(atMark.at / 60).toFixed(1)} min: ${atMark.exchanges.toLocaleString('en-US')} exchanges kept (retention ${RETENTION.toLocaleString('en-US')}), history ${atMark.history.toLocaleString('en-US')} of ${HISTORY_CAP.toLocaleString('en-US')}; at the end: ${last.exchanges.toLocaleString('en-US')} and ${last.history.toLocaleString('en-US')}`);
console.log(`RSS (plain), one sample each: at ${(atMark.at / 60).toFixed(1)} min: ${mb(atMark.rss)}; at the end: ${mb(final)} (${pct(growth)}); peak ${mb(Math.max(...samples.map((x) => x.rss)))}: ${growth <= 0.1 ? 'within' : 'NOT within'} 10%`);
// The same check read robustly: the median plain RSS of the samples in the WINDOW_S seconds from the mark on, against
// the median of the samples in the last WINDOW_S seconds (the final one included), the same width at both ends, so
// one sample taken just before or just after a mark-compact moves neither end by its ±10 MB.
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const endAt = last.at;
const markWindow = samples.filter((x) => x.at >= mark && x.at <= mark + WINDOW_S && x.at < endAt - WINDOW_S);
const endWindow = samples.filter((x) => x.at >= endAt - WINDOW_S);
const windowed = markWindow.length > 0 ? median(endWindow.map((x) => x.rss)) / median(markWindow.map((x) => x.rss)) - 1 : growth;
if (markWindow.length > 0) {
  const span = (xs: typeof samples) => `${(xs[0]!.at / 60).toFixed(1)}–${(xs[xs.length - 1]!.at / 60).toFixed(1)} min, ${xs.length} samples, ${mb(Math.min(...xs.map((x) => x.rss)))}–${mb(Math.max(...xs.map((x) => x.rss)))}`;
  console.log(`RSS (plain, the issue's check), median of a ${WINDOW_S} s window: ${mb(median(markWindow.map((x) => x.rss)))} from the mark (${span(markWindow)}); ${mb(median(endWindow.map((x) => x.rss)))} at the end (${span(endWindow)}): ${pct(windowed)}, ${windowed <= 0.1 ? 'within' : 'NOT within'} 10%`);
} else console.log(`RSS (plain, the issue's check): no sample in a ${WINDOW_S} s window from the mark before the end's window (a run too short), so the check reads the single samples above`);
// The server's CPU (all threads, from /proc) per request answered, over the whole run and from the mark to the end:
// what a heap lever that buys RSS with GC work costs.
const cpuMark = markWindow[0] ?? atMark;
const perRequest = (cpu: number, answered: number) => `${answered > 0 ? ((cpu * 1e6) / answered).toFixed(0) : 'n/a'} µs`;
console.log(`server CPU per request answered: ${perRequest(finalCpu, done)} over the run (${finalCpu.toFixed(1)} s), ${perRequest(finalCpu - cpuMark.cpu, done - cpuMark.answered)} from the mark to the end; heap policy: SCIMSCOPE_HEAP_GROWING_PERCENT=${process.env.SCIMSCOPE_HEAP_GROWING_PERCENT ?? '(default)'}${process.env.NODE_OPTIONS ? `, NODE_OPTIONS=${process.env.NODE_OPTIONS}` : ''}`);
const gcMark = samples.find((x) => x.at >= mark && x !== last && x.heap !== null);
if (finalGc !== null && gcMark?.heap != null && gcMark.rssAfterGc !== null) {
  console.log(`after a forced GC (diagnostic, not the check) at ${(gcMark.at / 60).toFixed(1)} min and at the end: RSS ${mb(gcMark.rssAfterGc)} -> ${mb(finalGc.rss)} (${pct(finalGc.rss / gcMark.rssAfterGc - 1)}), live heap ${mb(gcMark.heap)} -> ${mb(finalGc.heap)} (${pct(finalGc.heap / gcMark.heap - 1)})`);
  // What the data's growth costs, apart from recording's structures (full, at their caps, by minute 2).
  const created = last.users - gcMark.users;
  console.log(`live heap per user (after a forced GC): ${perUser(gcMark.heap, gcMark.users)} at ${(gcMark.at / 60).toFixed(1)} min (${gcMark.users.toLocaleString('en-US')} users), ${perUser(finalGc.heap, last.users)} at the end (${last.users.toLocaleString('en-US')} users); growth per user created after the mark: ${created > 0 ? perUser(finalGc.heap - gcMark.heap, created) : 'n/a'} (${created.toLocaleString('en-US')} users)`);
}
if (timelineMs.length > 0) {
  const t = stats(timelineMs);
  console.log(`timelines opened: ${timelineMs.length}, ${t.median.toFixed(1)} ms median (${t.min.toFixed(1)}–${t.max.toFixed(1)})`);
}
if (spaceSamples.length > 0) {
  // SOAK_SPACES: each part's median over the mark's window and over the end's, so the growth is placed.
  const markPart = spaceSamples.filter((x) => x.at >= mark && x.at <= mark + WINDOW_S && x.at < endAt - WINDOW_S);
  const endPart = spaceSamples.filter((x) => x.at >= endAt - WINDOW_S);
  if (markPart.length > 0 && endPart.length > 0) {
    const parts = ['rss', 'main', 'old', 'worker', 'external', 'brk', 'arenas', 'anon', 'file', 'other'] as const;
    const scale = (k: (typeof parts)[number], v: number) => (k === 'old' ? v / 2 ** 20 : v);
    console.log(`where RSS grew (medians, mark window -> end window, MB): ${parts.map((k) => `${k} ${scale(k, median(markPart.map((x) => x[k]))).toFixed(1)} -> ${scale(k, median(endPart.map((x) => x[k]))).toFixed(1)}`).join('; ')}`);
  }
}
const ok = errors.length === 0 && windowed <= 0.1;
console.log(ok ? 'PASS' : 'FAIL');
process.exit(ok ? 0 : 1);
