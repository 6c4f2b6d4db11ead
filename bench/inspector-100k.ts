/**
 * `npm run bench:inspector`: the inspector with 100,000 recorded exchanges, measured in Chromium.
 * Starts the real `scimscope serve`, records 100k exchanges by sending real SCIM requests to its SCIM
 * port (autocannon), then, per round, opens the built inspector in Debian's Chromium and measures:
 * time to the first painted Traffic row, time from typing a search to the newest match being listed
 * (a term in summaries, a userName, an externalId (identifiers are searched from memory), a title found
 * only by reading bodies, and until that body search says it is complete), and frame timing while scrolling the list
 * with 500 SCIM requests/s arriving. With BENCH_BASELINE_RENDERER=<a built dist/renderer folder> it
 * also serves that older inspector bundle (same server, same data) and alternates the two per round,
 * so before/after are paired in one run.
 *
 * Environment: BENCH_EXCHANGES=100000, BENCH_ROUNDS=3, BENCH_SCROLL_SECONDS=8, BENCH_RATE=500,
 * BENCH_INSPECTOR_DATA=<folder> (kept and reused: skips recording when it already holds the traffic),
 * BENCH_BASELINE_RENDERER=<folder>.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../test/helpers/browser.js';
import { fixedRate } from './fixed-rate.js';
import { installBaseline } from './inspector-baseline.js';
import { builtCli } from './serve-process.js';
import { makeStore, type BenchStore } from './make-store.js';
import { measureFirstRow, measureScroll, measureSearch, type FrameStats } from './inspector-page.js';

const root = path.resolve(import.meta.dirname, '..');
const EXCHANGES = Number(process.env.BENCH_EXCHANGES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SCROLL_SECONDS = Number(process.env.BENCH_SCROLL_SECONDS ?? 8);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const USERS = 2000;
const KEEP = process.env.BENCH_INSPECTOR_DATA;
const BASELINE = process.env.BENCH_BASELINE_RENDERER;

interface Ready {
  scimUrl: string;
  token: string;
  adminUrl: string;
  adminToken: string;
  inspectorUrl: string;
}

async function startServer(dir: string): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = spawn(process.execPath, [builtCli(root), 'serve', '--data', dir, '--port', '0', '--admin-port', '0', '--json', '--seed', 'empty'], { stdio: ['ignore', 'pipe', 'inherit'], cwd: root });
  let out = '';
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(JSON.parse(out.slice(0, nl)) as Ready);
    });
    child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
  });
  return { child, ready };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function admin<T>(ready: Ready, method: string, p: string, body?: unknown): Promise<T> {
  const res = await fetch(`${ready.adminUrl}${p}`, { method, headers: { Authorization: `Bearer ${ready.adminToken}`, ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** The traffic mix: lookups by userName, reads by id, PATCHes and small import pages, like an IdP's sync. */
function trafficMix(store: BenchStore, base: string) {
  let i = 0;
  return () => {
    const n = i++;
    const u = n % store.ids.length;
    const slot = n % 10;
    if (slot < 5) return { method: 'GET', path: `${base}/Users?filter=${encodeURIComponent(`userName eq "${store.userNames[u]}"`)}` };
    if (slot < 8) return { method: 'GET', path: `${base}/Users/${store.ids[(u * 31) % store.ids.length]}` };
    if (slot === 8) return { method: 'PATCH', path: `${base}/Users/${store.ids[u]}`, headers: { 'Content-Type': 'application/scim+json' }, body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: Math.floor(n / 10) % 2 === 0 } }] }) };
    return { method: 'GET', path: `${base}/Users?startIndex=${((n * 7) % store.ids.length) + 1}&count=10` };
  };
}

interface Terms {
  /** What to type, and the newest exchange that matches it (the one the list must show). */
  summary: { text: string; newest: string };
  userName: { text: string; newest: string };
  body: { text: string; newest: string };
  /** In no summary and no identifier: only the body search finds it. */
  bodyOnly: { text: string; newest: string };
}

const BODY_ONLY = 'title-needle-9b7e';

/** Records the traffic through the SCIM port: a "needle" user created first, then the mix. */
async function record(ready: Ready, store: BenchStore): Promise<string> {
  // Room for what the rounds add (scrolling at RATE for both inspectors, searches), or the oldest terms are evicted.
  await admin(ready, 'PUT', '/api/settings', { recording: { retention: Math.max(EXCHANGES + ROUNDS * 2 * SCROLL_SECONDS * RATE + 20_000, 100_000) } });
  const auth = { Authorization: `Bearer ${ready.token}` };
  const scim = new URL(ready.scimUrl);
  const needle = await fetch(`${ready.scimUrl}/Users`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/scim+json' },
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'needle.user@example.com', externalId: 'ext-needle-4f1c9', title: BODY_ONLY, name: { givenName: 'Nee', familyName: 'Dle' }, active: true }),
  });
  const created = (await needle.json()) as { id: string };
  await fetch(`${ready.scimUrl}/Users/${created.id}`, { headers: auth });
  const started = Date.now();
  const next = trafficMix(store, scim.pathname);
  const result = await autocannon({
    url: scim.origin,
    connections: 16,
    amount: EXCHANGES - 2,
    requests: [
      {
        setupRequest: (req: autocannon.Request) => {
          const spec = next();
          return { ...req, method: spec.method as 'GET', path: spec.path, body: spec.body, headers: { ...auth, ...(spec.headers ?? {}) } };
        },
      },
    ],
  });
  console.log(`recorded ${EXCHANGES.toLocaleString('en-US')} exchanges in ${((Date.now() - started) / 1000).toFixed(1)} s (${Math.round(result.requests.average)} req/s, ${result.errors + result.non2xx} errors)`);
  // The recorder writes behind the responses: wait until it has them all.
  for (;;) {
    const status = await admin<{ counts: { exchanges: number } }>(ready, 'GET', '/api/status');
    if (status.counts.exchanges >= EXCHANGES) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return created.id;
}

/** The newest exchange matching `text`, as the server finds it (not timed as the inspector's). */
async function newestMatch(ready: Ready, text: string, log = false): Promise<string> {
  const started = performance.now();
  const page = await admin<{ items: { id: string }[]; total: number }>(ready, 'GET', `/api/exchanges?limit=1&search=${encodeURIComponent(text)}`);
  if (log) console.log(`  server: search "${text}" answered in ${(performance.now() - started).toFixed(0)} ms (${page.total} matches)`);
  if (!page.items[0]) throw new Error(`nothing matches "${text}"`);
  return page.items[0].id;
}

/** The newest exchange whose record holds `text`, by the server's body search continued to the end. */
async function newestBodyMatch(ready: Ready, text: string): Promise<string> {
  const started = performance.now();
  let beforeSeq = '';
  for (let pages = 1; ; pages++) {
    const page = await admin<{ items: { id: string }[]; bodySearch: { complete: boolean; searchedTo: number; read: number } }>(ready, 'GET', `/api/exchanges?limit=1&bodies=true&search=${encodeURIComponent(text)}${beforeSeq}`);
    if (page.items[0]) {
      console.log(`  server: body search "${text}" found its newest match in ${(performance.now() - started).toFixed(0)} ms (${pages} pages)`);
      return page.items[0].id;
    }
    if (page.bodySearch.complete) throw new Error(`nothing matches "${text}" (was the data recorded before ${BODY_ONLY} was added?)`);
    beforeSeq = `&beforeSeq=${page.bodySearch.searchedTo}`;
  }
}

async function findTerms(ready: Ready, store: BenchStore, needleId: string): Promise<Terms> {
  const newest = (text: string) => newestMatch(ready, text, true);
  const userName = store.userNames[7]!;
  return {
    // The needle's id is in the path of its read (a summary field), long before the rest of the traffic.
    summary: { text: needleId, newest: await newest(needleId) },
    userName: { text: userName, newest: await newest(userName) },
    body: { text: 'ext-needle-4f1c9', newest: await newest('ext-needle-4f1c9') },
    bodyOnly: { text: BODY_ONLY, newest: await newestBodyMatch(ready, BODY_ONLY) },
  };
}

interface RoundResult {
  variant: string;
  firstRowMs: number;
  searches: Record<keyof Terms, number | null>;
  /** Until the body-only search said it was complete. */
  complete: number | null;
  /** Until the body-only match found at the start (before any round's traffic) was listed. */
  firstFound: number | null;
  scroll: FrameStats;
  heapMb: number;
  /** The heap after a GC forced over CDP: what the page keeps (heapMb also counts garbage not collected yet). */
  keptMb: number;
  serverRssMb: number;
}

async function round(browser: Browser, ready: Ready, server: ChildProcess, store: BenchStore, terms: Terms, variant: string, indexPage: string | null): Promise<RoundResult> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
  const page = await context.newPage();
  const url = indexPage ? ready.inspectorUrl.replace('/#', `/${indexPage}#`) : ready.inspectorUrl;
  const firstRowMs = await measureFirstRow(page, url);
  // Scroll the unfiltered list while SCIM traffic arrives at RATE/s. Before the searches, so every
  // variant scrolls at the same point (a search that never lists its row waits 15 s, one that does not).
  const base = new URL(ready.scimUrl);
  const load = fixedRate(base.origin, trafficMix(store, base.pathname), { Authorization: `Bearer ${ready.token}` }, RATE, SCROLL_SECONDS + 1);
  const frames = await measureScroll(page, SCROLL_SECONDS * 1000);
  const sent = await load;
  const searches = {} as RoundResult['searches'];
  // The newest match is asked for just before each search (the traffic of earlier rounds adds matches).
  for (const key of ['summary', 'userName', 'body'] as const) searches[key] = await measureSearch(page, terms[key].text, await newestMatch(ready, terms[key].text));
  // The needle's title is also in the import pages that list the needle's user, and the rounds' traffic
  // holds some: the newest match is found again (by the server's body search, not timed), as for the
  // other terms. The match found at the start (older after the first round) is timed too: reaching it
  // takes the later body pages.
  const bodyOnly = await measureSearch(page, terms.bodyOnly.text, await newestBodyMatch(ready, terms.bodyOnly.text), { complete: true, alsoId: terms.bodyOnly.newest });
  searches.bodyOnly = bodyOnly.listed;
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = (await cdp.send('Performance.getMetrics')).metrics;
  const heapMb = (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1024 / 1024;
  await cdp.send('HeapProfiler.collectGarbage');
  const keptMb = (await cdp.send('Runtime.getHeapUsage')).usedSize / 1024 / 1024;
  const serverRssMb = await rssMb(server.pid!);
  await context.close();
  console.log(
    `  ${variant}: first row ${firstRowMs.toFixed(0)} ms; search summary ${fmtMs(searches.summary)}, userName ${fmtMs(searches.userName)}, externalId ${fmtMs(searches.body)}, body-only ${fmtMs(searches.bodyOnly)} (the match found at the start ${fmtMs(bodyOnly.also)}, complete ${fmtMs(bodyOnly.complete)}); scroll p50 ${frames.p50.toFixed(1)} ms p95 ${frames.p95.toFixed(1)} ms max ${frames.max.toFixed(0)} ms, ${frames.dropped} dropped of ${frames.frames + frames.dropped}, ${frames.longFrames} long (>50 ms); ${sent.sent} sent at ${RATE}/s (${sent.failed} failed); page heap ${heapMb.toFixed(0)} MB (${keptMb.toFixed(1)} MB after GC), server RSS ${serverRssMb.toFixed(0)} MB`,
  );
  return { variant, firstRowMs, searches, complete: bodyOnly.complete, firstFound: bodyOnly.also, scroll: frames, heapMb, keptMb, serverRssMb };
}

const fmtMs = (v: number | null) => (v === null ? 'not shown' : `${v.toFixed(0)} ms`);

function spread(xs: number[]): string {
  if (!xs.length) return '—';
  const sorted = [...xs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return `${median.toFixed(0)} (${sorted[0]!.toFixed(0)}–${sorted[sorted.length - 1]!.toFixed(0)})`;
}

function summarize(results: RoundResult[]): void {
  const variants = [...new Set(results.map((r) => r.variant))];
  console.log(`\nMedians over ${ROUNDS} rounds (min–max), ${EXCHANGES.toLocaleString('en-US')} exchanges, ${os.cpus().length} CPUs:\n`);
  console.log('| inspector | first row ms | search summary ms | search userName ms | search externalId ms | search body-only ms | body-only, match found at start ms | body search complete ms | scroll p95 frame ms | dropped frames | long frames | page heap MB | kept after GC MB | server RSS MB |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const v of variants) {
    const rs = results.filter((r) => r.variant === v);
    const search = (k: keyof Terms) => {
      const shown = rs.map((r) => r.searches[k]).filter((x): x is number => x !== null);
      return shown.length === rs.length ? spread(shown) : `${spread(shown)}; not shown in ${rs.length - shown.length} of ${rs.length}`;
    };
    console.log(
      `| ${v} | ${spread(rs.map((r) => r.firstRowMs))} | ${search('summary')} | ${search('userName')} | ${search('body')} | ${search('bodyOnly')} | ${(() => { const c = rs.map((r) => r.firstFound).filter((x): x is number => x !== null); return c.length === rs.length ? spread(c) : `${spread(c)}; not shown in ${rs.length - c.length} of ${rs.length}`; })()} | ${(() => { const c = rs.map((r) => r.complete).filter((x): x is number => x !== null); return c.length === rs.length ? spread(c) : `${spread(c)}; never in ${rs.length - c.length} of ${rs.length}`; })()} | ${spread(rs.map((r) => r.scroll.p95))} | ${spread(rs.map((r) => r.scroll.dropped))} | ${spread(rs.map((r) => r.scroll.longFrames))} | ${spread(rs.map((r) => r.heapMb))} | ${spread(rs.map((r) => r.keptMb))} | ${spread(rs.map((r) => r.serverRssMb))} |`,
    );
  }
}

async function main(): Promise<void> {
  const dir = KEEP ?? (await mkdtemp(path.join(os.tmpdir(), 'scimscope-inspector-bench-')));
  const reuse = KEEP !== undefined && existsSync(path.join(KEEP, 'store.json'));
  const store = reuse ? (JSON.parse(await readFile(path.join(dir, 'bench-users.json'), 'utf8')) as BenchStore) : await makeStore(dir, USERS);
  if (!reuse) await writeFile(path.join(dir, 'bench-users.json'), JSON.stringify(store));
  const server = await startServer(dir);
  let browser: Browser | null = null;
  const baseline = BASELINE ? await installBaseline(BASELINE) : null;
  try {
    const { ready } = server;
    const needleFile = path.join(dir, 'bench-needle.json');
    if (!reuse) await writeFile(needleFile, JSON.stringify(await record(ready, store)));
    // Every round adds traffic: keep room for it, or a kept folder's oldest exchange (the needle) is evicted.
    else await admin(ready, 'PUT', '/api/settings', { recording: { retention: (await admin<{ counts: { exchanges: number } }>(ready, 'GET', '/api/status')).counts.exchanges + 50_000 } });
    const needleId = JSON.parse(await readFile(needleFile, 'utf8')) as string;
    const status = await admin<{ counts: { exchanges: number } }>(ready, 'GET', '/api/status');
    console.log(`server holds ${status.counts.exchanges.toLocaleString('en-US')} exchanges; RSS ${(await rssMb(server.child.pid!)).toFixed(0)} MB`);
    const terms = await findTerms(ready, store, needleId);
    browser = await launchChromium();
    const results: RoundResult[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      console.log(`round ${r + 1} of ${ROUNDS}`);
      const order: [string, string | null][] = baseline ? [['baseline', baseline.page], ['candidate', null]] : [['candidate', null]];
      if (r % 2 === 1) order.reverse();
      for (const [variant, bundle] of order) results.push(await round(browser, ready, server.child, store, terms, variant, bundle));
    }
    summarize(results);
  } finally {
    await browser?.close();
    await baseline?.remove();
    await stop(server.child);
    if (!KEEP) await rm(dir, { recursive: true, force: true });
  }
}

await main();
