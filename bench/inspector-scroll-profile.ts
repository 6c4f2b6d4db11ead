/**
 * `node --import tsx bench/inspector-scroll-profile.ts`: where the main thread of the inspector goes
 * while the Traffic list is scrolled with SCIM traffic arriving (what bench:inspector times as
 * frames). Serves the traffic kept by bench:inspector (BENCH_INSPECTOR_DATA) with this build, opens
 * the inspector in Chromium, and while scrolling 40 px a frame for BENCH_SCROLL_SECONDS with
 * BENCH_RATE requests/s arriving (and BENCH_SCROLL_STEP px a frame, default 40) records a Chromium trace (devtools.timeline) and a CPU profile over
 * CDP. Prints the main thread's time by kind of work (script, style, layout, paint, ...) and the
 * functions with the most self time (build with `npx vite build --minify false` for readable names),
 * besides the frame figures, and the renderer's CPU per thread per frame (main, compositor, the raster
 * workers). With BENCH_BASELINE_RENDERER it does the same with that build, alternating.
 * BENCH_CANDIDATE_CSS=<css> adds a style sheet to the candidate's page after its first row (a style
 * change tried against the same build without a rebuild); BENCH_PROFILE_OUT=<prefix> writes each
 * round's CPU profile and trace (<prefix>-<variant>-<round>.cpuprofile / .trace.json) for a closer look;
 * BENCH_TRACE_CATEGORIES replaces the trace categories (e.g. adding disabled-by-default-devtools.timeline.invalidationTracking).
 * BENCH_VARIANTS='[{"name":"…","init":"window.knob = 1","css":"…"}]' adds named candidates of this build,
 * each with a script run before the page and/or a style sheet, rotated with the others per round. Each
 * round prints the composited layer count and each frame's main-thread CPU (p95, frames over 16.7 ms,
 * the median of frames with no layout, where the list only scrolled, and of those with one);
 * the end prints a table with every round's ratios to the first variant (the baseline when given).
 */
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../test/helpers/browser.js';
import { fixedRate } from './fixed-rate.js';
import { installBaseline, serveInspector } from './inspector-baseline.js';
import { measureFirstRow, measureScroll, type FrameStats } from './inspector-page.js';
import type { BenchStore } from './make-store.js';

const DATA = process.env.BENCH_INSPECTOR_DATA;
const SECONDS = Number(process.env.BENCH_SCROLL_SECONDS ?? 6);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const BASELINE = process.env.BENCH_BASELINE_RENDERER;
/** Pixels scrolled a frame: 40 as bench:inspector does; a few thousand make every frame mount a whole window of new rows (the cost of a row mounted, magnified). */
const STEP = Number(process.env.BENCH_SCROLL_STEP ?? 40);
/**
 * BENCH_FILL_LIST=<n>: before measuring, press "Load older" until the list holds n exchanges (the
 * inspector opens with the newest 500; 100,000 is its cap, where every batch that arrives evicts as
 * many of the oldest).
 */
const FILL = Number(process.env.BENCH_FILL_LIST ?? 0);
if (!DATA) throw new Error('set BENCH_INSPECTOR_DATA (a folder kept by bench:inspector)');

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  tdur?: number;
  tid: number;
  pid: number;
  args?: { name?: string; data?: { frames?: { processId: number }[] }; beginData?: { dirtyObjects?: number; totalObjects?: number } };
}

/**
 * Main-thread self time by event name: each complete event's duration less its children's; with
 * `thread`, the thread's CPU time (`tdur`) instead of wall time, which does not grow when other
 * processes take the core (the figure to compare on a loaded machine).
 */
function byKind(events: TraceEvent[], thread = false): Map<string, number> {
  const threads = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const started = events.find((e) => e.name === 'TracingStartedInBrowser');
  const rendererPid = started?.args?.data?.frames?.[0]?.processId;
  const main = threads.find((t) => t.pid === rendererPid) ?? threads[0];
  const kinds = new Map<string, number>();
  if (!main) return kinds;
  const ours = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined && (!thread || e.tdur !== undefined) && (e as unknown as { ts: number }).ts !== undefined) as (TraceEvent & { ts: number })[];
  const cost = (e: TraceEvent) => (thread ? e.tdur! : e.dur!);
  ours.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const stack: (TraceEvent & { ts: number; self: number })[] = [];
  const close = (until: number) => {
    while (stack.length && stack.at(-1)!.ts + stack.at(-1)!.dur! <= until) {
      const done = stack.pop()!;
      kinds.set(done.name, (kinds.get(done.name) ?? 0) + done.self);
    }
  };
  for (const e of ours) {
    close(e.ts);
    const parent = stack.at(-1);
    if (parent) parent.self -= cost(e);
    stack.push({ ...e, self: cost(e) });
  }
  close(Number.POSITIVE_INFINITY);
  return kinds;
}

/**
 * The renderer's CPU time per thread (the outermost traced events' `tdur`, summed): the main thread, the
 * compositor, and the raster workers, whose work (rastering what was painted, in software here) takes
 * the same 2 cores as the main thread without showing in its figures.
 */
function threadsCpu(events: TraceEvent[]): Map<string, number> {
  const started = events.find((e) => e.name === 'TracingStartedInBrowser');
  const pid = started?.args?.data?.frames?.[0]?.processId;
  const names = new Map<number, string>();
  for (const e of events) if (e.name === 'thread_name' && e.pid === pid) names.set(e.tid, e.args?.name ?? String(e.tid));
  const byThread = new Map<number, (TraceEvent & { ts: number })[]>();
  for (const e of events as (TraceEvent & { ts: number })[]) {
    if (e.pid !== pid || e.ph !== 'X' || e.tdur === undefined || e.dur === undefined) continue;
    let list = byThread.get(e.tid);
    if (!list) byThread.set(e.tid, (list = []));
    list.push(e);
  }
  const out = new Map<string, number>();
  for (const [tid, list] of byThread) {
    list.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    let end = -1;
    let sum = 0;
    for (const e of list) {
      if (e.ts < end) continue;
      end = e.ts + e.dur!;
      sum += e.tdur!;
    }
    // Threads of one pool (the raster workers) are summed under one name.
    const name = (names.get(tid) ?? String(tid)).replace(/\d+$/, '');
    out.set(name, (out.get(name) ?? 0) + sum);
  }
  return out;
}

/**
 * The main thread's CPU time (`tdur`) of each frame: the work between one `Commit` and the next. A frame
 * over 16.7 ms of CPU misses its vsync even on an idle machine, so the spread matters besides the mean.
 */
function cpuPerFrame(events: TraceEvent[]): { ms: number; layout: boolean }[] {
  const started = events.find((e) => e.name === 'TracingStartedInBrowser');
  const pid = started?.args?.data?.frames?.[0]?.processId;
  const main = events.find((e) => e.name === 'thread_name' && e.pid === pid && e.args?.name === 'CrRendererMain');
  if (!main) return [];
  const ours = (events as (TraceEvent & { ts: number })[]).filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined && e.tdur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const frames: { ms: number; layout: boolean }[] = [];
  let sum = 0;
  let end = -1;
  let layout = false;
  for (const e of ours) {
    // Top-level events carry the CPU; a Commit (nested or not) closes the frame.
    if (e.ts >= end) {
      sum += e.tdur!;
      end = e.ts + e.dur!;
    }
    if (e.name === 'Layout') layout = true;
    if (e.name === 'Commit') {
      frames.push({ ms: sum / 1000, layout });
      sum = 0;
      layout = false;
    }
  }
  return frames;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

function topFunctions(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }, n: number): string[] {
  const nodes = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = nodes.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').at(-1)}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => `${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
}

async function traced(cdp: CDPSession, run: () => Promise<FrameStats>): Promise<{ frames: FrameStats; events: TraceEvent[]; profile: Parameters<typeof topFunctions>[0] }> {
  const events: TraceEvent[] = [];
  const on = cdp as unknown as { on(event: string, listener: (d: { value: TraceEvent[] }) => void): void; once(event: string, listener: () => void): void };
  on.on('Tracing.dataCollected', (d) => events.push(...d.value));
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Tracing.start', { categories: process.env.BENCH_TRACE_CATEGORIES ?? 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  await cdp.send('Profiler.start');
  const frames = await run();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Parameters<typeof topFunctions>[0] };
  const complete = new Promise<void>((resolve) => on.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.end');
  await complete;
  return { frames, events, profile };
}

interface Variant {
  name: string;
  url: string;
  /** A style sheet added after the first row (a CSS change tried without a rebuild). */
  css?: string;
  /** A script run in the page before the inspector's (e.g. a knob a scratch build reads). */
  init?: string;
}

interface RoundFigures {
  variant: string;
  round: number;
  /** Main-thread CPU per frame shown, ms. */
  cpu: number;
  /** Raster workers' CPU per frame shown, ms. */
  raster: number;
  frames: number;
  dropped: number;
  /** 95th percentile of one frame's main-thread CPU, ms. */
  p95: number;
  /** Frames whose main-thread CPU alone was over 16.7 ms. */
  over: number;
  /** Median CPU of the frames with no layout (the list only scrolled), ms. */
  quiet: number;
  /** Median CPU of the frames with a layout (rows mounted or removed, a batch applied), ms. */
  busy: number;
}

/** Presses "Load older" (1,000 a page) until the list holds `n` exchanges or the server has no older ones. */
async function fillList(page: Page, n: number): Promise<number> {
  const loaded = () => page.evaluate(() => Number((document.querySelector('.traffic-count')?.textContent ?? '').replace(/[^0-9 ]/g, '').trim().split(/\s+/).at(-1) ?? 0));
  let have = await loaded();
  while (have < n) {
    const button = page.locator('.traffic-actions button', { hasText: 'Load older' });
    if ((await button.count()) === 0) break;
    await button.click();
    await page.waitForFunction((before) => {
      const text = document.querySelector('.traffic-count')?.textContent ?? '';
      return Number(text.replace(/[^0-9 ]/g, '').trim().split(/\s+/).at(-1) ?? 0) > before;
    }, have);
    have = await loaded();
  }
  return have;
}

/** How many composited layers the page has (LayerTree over CDP), after the list is scrolled a row up and back. */
async function countLayers(cdp: CDPSession, page: Page): Promise<number> {
  let n = -1;
  (cdp as unknown as { on(event: string, listener: (d: { layers?: unknown[] }) => void): void }).on('LayerTree.layerTreeDidChange', (d) => (n = d.layers?.length ?? n));
  await cdp.send('LayerTree.enable');
  await page.evaluate(async () => {
    const el = document.querySelector<HTMLElement>('.traffic-scroll')!;
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    el.scrollTop -= 40;
    await frame();
    await frame();
    el.scrollTop += 40;
    await frame();
    await frame();
  });
  await cdp.send('LayerTree.disable');
  return n;
}

const med = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const spread = (xs: number[], digits = 2) => `${med(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

/** Per variant: CPU per frame, raster per frame and dropped frames; and each round's ratio to the first variant (paired in that round). */
function summarize(rounds: RoundFigures[]): void {
  const names = [...new Set(rounds.map((x) => x.variant))];
  console.log(`\nSummary over ${ROUNDS} rounds, median (min–max); ratios are per round against ${names[0]}:`);
  console.log('| variant | main-thread CPU ms/frame | raster ms/frame | a frame\'s CPU, p95 ms | frames over 16.7 ms CPU | dropped | CPU ratio | raster ratio | frames without layout, median ms | ratio | frames with layout, median ms | ratio |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const name of names) {
    const mine = rounds.filter((x) => x.variant === name);
    const ratio = (key: 'cpu' | 'raster' | 'quiet' | 'busy') => {
      const rs = mine.map((x) => { const b = rounds.find((y) => y.variant === names[0] && y.round === x.round); return b && b[key] > 0 ? x[key] / b[key] : NaN; }).filter((x) => Number.isFinite(x));
      return rs.length ? spread(rs) : '—';
    };
    console.log(`| ${name} | ${spread(mine.map((x) => x.cpu))} | ${spread(mine.map((x) => x.raster))} | ${spread(mine.map((x) => x.p95), 1)} | ${spread(mine.map((x) => x.over), 0)} | ${spread(mine.map((x) => x.dropped), 0)} of ~${Math.round(med(mine.map((x) => x.frames + x.dropped)))} | ${ratio('cpu')} | ${ratio('raster')} | ${spread(mine.map((x) => x.quiet))} | ${ratio('quiet')} | ${spread(mine.map((x) => x.busy))} | ${ratio('busy')} |`);
  }
}

const perFrame: RoundFigures[] = [];
const { child, ready } = await serveInspector(DATA);
const store = JSON.parse(await readFile(path.join(DATA, 'bench-users.json'), 'utf8')) as BenchStore;
const baseline = BASELINE ? await installBaseline(BASELINE) : null;
const browser = await launchChromium();
try {
  const base = new URL(ready.scimUrl);
  let n = 0;
  const lookup = () => ({ method: 'GET', path: `${base.pathname}/Users?filter=${encodeURIComponent(`userName eq "${store.userNames[n++ % store.userNames.length]}"`)}` });
  const all: Variant[] = [
    ...(BASELINE ? [{ name: 'baseline', url: ready.inspectorUrl.replace('/#', '/index-baseline.html#') }] : []),
    { name: 'candidate', url: ready.inspectorUrl, css: process.env.BENCH_CANDIDATE_CSS },
    ...(JSON.parse(process.env.BENCH_VARIANTS ?? '[]') as Omit<Variant, 'url'>[]).map((v) => ({ ...v, url: ready.inspectorUrl })),
  ];
  for (let r = 0; r < ROUNDS; r++) {
    // Rotated each round, so no variant always runs first (or right after the same one).
    const variants = [...all.slice(r % all.length), ...all.slice(0, r % all.length)];
    if (r % 2 === 1) variants.reverse();
    for (const { name: variant, url, css, init } of variants) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page: Page = await context.newPage();
      if (init) await page.addInitScript(init);
      await measureFirstRow(page, url);
      if (css) await page.addStyleTag({ content: css });
      if (FILL > 0) console.log(`  ${variant}: the list holds ${await fillList(page, FILL)} exchanges`);
      const cdp = await context.newCDPSession(page);
      const layers = await countLayers(cdp, page);
      const load = RATE > 0 ? fixedRate(base.origin, lookup, { Authorization: `Bearer ${ready.token}` }, RATE, SECONDS + 1) : null;
      const { frames, events, profile } = await traced(cdp, () => measureScroll(page, SECONDS * 1000, STEP));
      await load;
      perFrame.push({ variant, round: r, cpu: 0, frames: frames.frames, dropped: frames.dropped, raster: 0, p95: 0, over: 0, quiet: 0, busy: 0 });
      const kinds = [...byKind(events)].sort((a, b) => b[1] - a[1]);
      const total = kinds.reduce((s, [, us]) => s + us, 0);
      console.log(`\n${variant}, round ${r + 1}: p50 ${frames.p50.toFixed(1)} ms, p95 ${frames.p95.toFixed(1)} ms, ${frames.dropped} dropped of ${frames.frames + frames.dropped}, ${frames.longFrames} long; main thread busy ${(total / 1000).toFixed(0)} ms of ${SECONDS * 1000}`);
      for (const [name, us] of kinds.slice(0, 12)) console.log(`  ${(us / 1000).toFixed(0).padStart(6)} ms  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}`);
      // The main thread's CPU time (not wall time): per frame shown, by kind; load-insensitive.
      const cpu = [...byKind(events, true)].sort((a, b) => b[1] - a[1]);
      const cpuTotal = cpu.reduce((s, [, us]) => s + us, 0);
      const shown = frames.frames || 1;
      perFrame.at(-1)!.cpu = cpuTotal / 1000 / shown;
      const classified = cpuPerFrame(events);
      const each = classified.map((f) => f.ms).sort((a, b) => a - b);
      perFrame.at(-1)!.p95 = each[Math.floor(0.95 * (each.length - 1))] ?? 0;
      perFrame.at(-1)!.over = each.filter((ms) => ms > 1000 / 60).length;
      const quiet = classified.filter((f) => !f.layout).map((f) => f.ms);
      const busy = classified.filter((f) => f.layout).map((f) => f.ms);
      perFrame.at(-1)!.quiet = quiet.length ? med(quiet) : 0;
      perFrame.at(-1)!.busy = busy.length ? med(busy) : 0;
      console.log(`  main-thread CPU per frame (Commit to Commit, ${each.length} frames): median ${(each[each.length >> 1] ?? 0).toFixed(1)} ms, p95 ${perFrame.at(-1)!.p95.toFixed(1)} ms, max ${(each.at(-1) ?? 0).toFixed(1)} ms; ${perFrame.at(-1)!.over} frames over 16.7 ms of CPU; ${quiet.length} without layout (median ${perFrame.at(-1)!.quiet.toFixed(2)} ms), ${busy.length} with (median ${perFrame.at(-1)!.busy.toFixed(2)} ms)`);
      console.log(`  composited layers before scrolling: ${layers}`);
      console.log(`  main-thread CPU ${(cpuTotal / 1000).toFixed(0)} ms, ${(cpuTotal / 1000 / shown).toFixed(2)} ms per frame shown: ${cpu.slice(0, 8).map(([name, us]) => `${name} ${(us / 1000 / shown).toFixed(2)}`).join(', ')}`);
      const threads = [...threadsCpu(events)].sort((a, b) => b[1] - a[1]).filter(([, us]) => us > 10_000);
      perFrame.at(-1)!.raster = (threads.find(([name]) => name.startsWith('ThreadPoolForegroundWorker'))?.[1] ?? 0) / 1000 / shown;
      console.log(`  renderer threads' CPU per frame shown: ${threads.map(([name, us]) => `${name} ${(us / 1000 / shown).toFixed(2)}`).join(', ')}`);
      const layouts = events.filter((e) => e.name === 'Layout' && e.args?.beginData?.dirtyObjects !== undefined);
      const dirty = layouts.reduce((s, e) => s + e.args!.beginData!.dirtyObjects!, 0);
      console.log(`  layouts: ${layouts.length}, ${(dirty / Math.max(1, layouts.length)).toFixed(0)} dirty objects each (of ${layouts.at(-1)?.args?.beginData?.totalObjects ?? '?'})`);
      console.log('  functions, self time:');
      for (const line of topFunctions(profile, 15)) console.log(`  ${line}`);
      if (process.env.BENCH_PROFILE_OUT) {
        await writeFile(`${process.env.BENCH_PROFILE_OUT}-${variant}-${r + 1}.cpuprofile`, JSON.stringify(profile));
        await writeFile(`${process.env.BENCH_PROFILE_OUT}-${variant}-${r + 1}.trace.json`, JSON.stringify({ traceEvents: events }));
      }
      await context.close();
    }
  }
  summarize(perFrame);
} finally {
  await browser.close();
  await baseline?.remove();
  child.kill('SIGTERM');
  await once(child, 'exit');
}
