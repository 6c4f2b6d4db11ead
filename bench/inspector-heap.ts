/**
 * `node --import tsx bench/inspector-heap.ts`: what the inspector's page heap holds with the traffic
 * kept by bench:inspector (BENCH_INSPECTOR_DATA) loaded. Opens this build's inspector (and
 * BENCH_BASELINE_RENDERER's, alternating, BENCH_ROUNDS times each) in Chromium, waits for the first
 * row, scrolls the list for BENCH_SCROLL_SECONDS (default 8) while BENCH_RATE (default 500) lookups/s
 * arrive, as bench:inspector does, then reports the used heap as it is (what bench:inspector's "page
 * heap" reads) and after a GC forced over CDP (what is kept); then takes one heap snapshot
 * per build and lists the largest groups by constructor (self size), so a difference between two
 * builds shows where it is.
 */
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../test/helpers/browser.js';
import { installBaseline, serveInspector } from './inspector-baseline.js';
import { fixedRate } from './fixed-rate.js';
import { measureFirstRow, measureScroll } from './inspector-page.js';
import type { BenchStore } from './make-store.js';

const DATA = process.env.BENCH_INSPECTOR_DATA;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BASELINE = process.env.BENCH_BASELINE_RENDERER;
const SCROLL_SECONDS = Number(process.env.BENCH_SCROLL_SECONDS ?? 8);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const TOP = Number(process.env.BENCH_TOP ?? 15);
if (!DATA) throw new Error('set BENCH_INSPECTOR_DATA (a folder kept by bench:inspector)');

async function used(cdp: CDPSession): Promise<number> {
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 1024 / 1024;
}

/** Self size by "type:name" over a heap snapshot taken over CDP. */
async function snapshotGroups(cdp: CDPSession): Promise<[string, number, number][]> {
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => void chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const snap = JSON.parse(chunks.join('')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[]; strings: string[] };
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [t, n, s] = [fields.indexOf('type'), fields.indexOf('name'), fields.indexOf('self_size')];
  const groups = new Map<string, [number, number]>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + t]!]!;
    const name = type === 'object' || type === 'closure' || type === 'native' ? snap.strings[snap.nodes[i + n]!]! : '';
    const key = `${type}:${name.slice(0, 60)}`;
    const g = groups.get(key) ?? [0, 0];
    g[0] += snap.nodes[i + s]!;
    g[1]++;
    groups.set(key, g);
  }
  return [...groups].map(([k, [size, count]]) => [k, size, count] as [string, number, number]).sort((a, b) => b[1] - a[1]);
}

const { child, ready } = await serveInspector(DATA);
const baseline = BASELINE ? await installBaseline(BASELINE) : null;
const store = JSON.parse(await readFile(path.join(DATA, 'bench-users.json'), 'utf8')) as BenchStore;
const base = new URL(ready.scimUrl);
let n = 0;
const lookup = () => ({ method: 'GET', path: `${base.pathname}/Users?filter=${encodeURIComponent(`userName eq "${store.userNames[n++ % store.userNames.length]}"`)}` });
const browser = await launchChromium();
try {
  const variants: [string, string][] = BASELINE ? [['baseline', ready.inspectorUrl.replace('/#', '/index-baseline.html#')], ['candidate', ready.inspectorUrl]] : [['candidate', ready.inspectorUrl]];
  const kept: Record<string, number[]> = {};
  const last = new Map<string, { page: Page; cdp: CDPSession }>();
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, url] of r % 2 ? [...variants].reverse() : variants) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await measureFirstRow(page, url);
      const load = RATE > 0 ? fixedRate(base.origin, lookup, { Authorization: `Bearer ${ready.token}` }, RATE, SCROLL_SECONDS + 1) : null;
      await measureScroll(page, SCROLL_SECONDS * 1000);
      await load;
      const cdp = await context.newCDPSession(page);
      const asIs = await used(cdp);
      await cdp.send('HeapProfiler.collectGarbage');
      const afterGc = await used(cdp);
      (kept[name] ??= []).push(afterGc);
      console.log(`${name}: ${asIs.toFixed(2)} MB used, ${afterGc.toFixed(2)} MB after GC`);
      const previous = last.get(name);
      if (previous) await previous.page.context().close();
      last.set(name, { page, cdp });
    }
  }
  for (const [name, { cdp }] of last) {
    const groups = await snapshotGroups(cdp);
    const total = groups.reduce((a, g) => a + g[1], 0);
    console.log(`\n${name}: snapshot ${(total / 1024 / 1024).toFixed(2)} MB; largest groups (self size):`);
    for (const [key, size, count] of groups.slice(0, TOP)) console.log(`  ${(size / 1024).toFixed(0).padStart(7)} KB ${String(count).padStart(7)}  ${key}`);
  }
  for (const [name, xs] of Object.entries(kept)) console.log(`${name}: ${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)} MB after GC`);
} finally {
  await browser.close();
  await baseline?.remove();
  child.kill('SIGTERM');
  await once(child, 'exit');
}
