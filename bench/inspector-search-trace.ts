/**
 * `node --import tsx bench/inspector-search-trace.ts`: where the time of a body-only search goes in
 * the browser. Serves the traffic kept by bench:inspector (BENCH_INSPECTOR_DATA) with this build (and
 * BENCH_BASELINE_RENDERER's, alternating), opens the inspector in Chromium and, BENCH_ROUNDS times per
 * build, pastes a term found only in bodies and reports, from the moment of the paste: when each
 * /api/exchanges request started and ended (resource timing), and when the newest match was listed.
 * Optional BENCH_RATE requests/s of SCIM traffic arrive meanwhile (default 0); optional BENCH_BEFORE_TERM
 * is searched and cleared just before each traced search; BENCH_SERVER_TREE=<a built worktree> serves
 * with that tree's server instead of this one's (to pair server changes, one run per tree).
 */
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/helpers/browser.js';
import { fixedRate } from './fixed-rate.js';
import { installBaseline, serveInspector } from './inspector-baseline.js';
import { clearSearch, measureFirstRow } from './inspector-page.js';
import type { BenchStore } from './make-store.js';

const DATA = process.env.BENCH_INSPECTOR_DATA;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const RATE = Number(process.env.BENCH_RATE ?? 0);
const BASELINE = process.env.BENCH_BASELINE_RENDERER;
const TERM = process.env.BENCH_TERM ?? 'title-needle-9b7e';
/** A term searched (and cleared) just before each traced search, as bench:inspector's rounds do: its body pages may still run on the server. */
const BEFORE = process.env.BENCH_BEFORE_TERM;
if (!DATA) throw new Error('set BENCH_INSPECTOR_DATA (a folder kept by bench:inspector)');

interface Trace {
  listed: number | null;
  requests: { what: string; start: number; end: number }[];
}

async function traceSearch(page: Page, text: string): Promise<Trace> {
  const trace = await page.evaluate(
    (text) =>
      new Promise<Trace>((resolve) => {
        const input = document.querySelector<HTMLInputElement>('input[data-view-search]')!;
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
        performance.clearResourceTimings();
        input.focus();
        const started = performance.now();
        setValue.call(input, text);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        const tick = () => {
          const now = performance.now() - started;
          // The body-only term's rows: any row listed for it.
          const listed = document.querySelector('.traffic-scroll [data-row-id]') !== null && document.querySelector('.search-status') !== null && document.querySelectorAll('.traffic-scroll [data-row-id]').length > 0;
          if (listed || now > 15_000) {
            const requests = performance
              .getEntriesByType('resource')
              .filter((e) => e.name.includes('/exchanges?'))
              .map((e) => {
                const r = e as PerformanceResourceTiming;
                return { what: new URL(r.name).searchParams.has('bodies') ? 'body' : 'quick', start: r.startTime - started, end: r.responseEnd - started };
              });
            return resolve({ listed: listed ? now : null, requests });
          }
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    text,
  );
  await clearSearch(page);
  return trace;
}

const { child, ready } = await serveInspector(DATA, process.env.BENCH_SERVER_TREE);
const baseline = BASELINE ? await installBaseline(BASELINE) : null;
const store = JSON.parse(await readFile(path.join(DATA, 'bench-users.json'), 'utf8')) as BenchStore;
const browser = await launchChromium();
try {
  const variants: [string, string][] = BASELINE ? [['baseline', ready.inspectorUrl.replace('/#', '/index-baseline.html#')], ['candidate', ready.inspectorUrl]] : [['candidate', ready.inspectorUrl]];
  const pages = new Map<string, Page>();
  for (const [name, url] of variants) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await measureFirstRow(page, url);
    pages.set(name, page);
  }
  const base = new URL(ready.scimUrl);
  let n = 0;
  const lookup = () => ({ method: 'GET', path: `${base.pathname}/Users?filter=${encodeURIComponent(`userName eq "${store.userNames[n++ % store.userNames.length]}"`)}` });
  const listed: Record<string, number[]> = {};
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 ? [...variants].reverse() : variants;
    for (const [name] of order) {
      const load = RATE > 0 ? fixedRate(base.origin, lookup, { Authorization: `Bearer ${ready.token}` }, RATE, 3) : null;
      if (BEFORE) await traceSearch(pages.get(name)!, BEFORE);
      const t = await traceSearch(pages.get(name)!, TERM);
      await load;
      (listed[name] ??= []).push(t.listed ?? NaN);
      console.log(`${name}: listed ${t.listed?.toFixed(0) ?? 'never'} ms; ${t.requests.map((q) => `${q.what} ${q.start.toFixed(0)}→${q.end.toFixed(0)}`).join(', ')}`);
    }
  }
  for (const [name, xs] of Object.entries(listed)) {
    const s = [...xs].sort((a, b) => a - b);
    console.log(`${name}: median ${s[Math.floor(s.length / 2)]!.toFixed(0)} ms (${s[0]!.toFixed(0)}–${s.at(-1)!.toFixed(0)})`);
  }
} finally {
  await browser.close();
  await baseline?.remove();
  child.kill('SIGTERM');
  await once(child, 'exit');
}
