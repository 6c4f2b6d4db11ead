/**
 * What bench/inspector-100k.ts measures inside the Chromium page: the first painted Traffic row, the
 * time from entering a search to the newest match being listed, and frame timing while the list is
 * scrolled. Runs in the page (performance.now, requestAnimationFrame, long-animation-frame entries),
 * so the figures do not include Playwright's round trips.
 */
import type { Page } from 'playwright-core';

export interface FrameStats {
  frames: number;
  p50: number;
  p95: number;
  max: number;
  /** Frames missed at 60 Hz: an interval of 50 ms counts as 2 dropped. */
  dropped: number;
  /** Long animation frames (over 50 ms) Chromium reported. */
  longFrames: number;
}

const FRAME_MS = 1000 / 60;

export function frameStats(stamps: number[], longFrames: number): FrameStats {
  const intervals: number[] = [];
  for (let i = 1; i < stamps.length; i++) intervals.push(stamps[i]! - stamps[i - 1]!);
  const sorted = [...intervals].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  const dropped = intervals.reduce((sum, iv) => sum + Math.max(0, Math.round(iv / FRAME_MS) - 1), 0);
  return { frames: intervals.length, p50: pct(0.5), p95: pct(0.95), max: sorted[sorted.length - 1] ?? 0, dropped, longFrames };
}

/** Loads the inspector and returns ms from navigation start until the first Traffic row was painted. */
export async function measureFirstRow(page: Page, url: string): Promise<number> {
  // tsx (esbuild) names the functions below with a __name helper that the page does not have.
  await page.addInitScript('window.__name = (f) => f;');
  await page.addInitScript(() => {
    const w = window as unknown as { __firstRow: number | null };
    w.__firstRow = null;
    const observer = new MutationObserver(() => {
      if (!document.querySelector('[data-row-id]')) return;
      observer.disconnect();
      // The frame holding the row is painted before the task after the next animation frame.
      requestAnimationFrame(() => setTimeout(() => (w.__firstRow = performance.now()), 0));
    });
    observer.observe(document, { subtree: true, childList: true });
  });
  await page.goto(url);
  const handle = await page.waitForFunction(() => (window as unknown as { __firstRow: number | null }).__firstRow, undefined, { timeout: 120_000 });
  return (await handle.jsonValue()) as number;
}

/**
 * Enters `text` in the Traffic search (as a paste) and returns ms until the row of exchange `id` is in
 * the list, or null after 15 s; with `complete`, also ms until the status line says the search is
 * complete (bodies included), or null after 120 s (or when the row was not listed), and with `alsoId`
 * ms until that exchange's row was listed too (null: not before the search was complete).
 */
export async function measureSearch(page: Page, text: string, id: string): Promise<number | null>;
export async function measureSearch(page: Page, text: string, id: string, options: { complete: true; alsoId?: string }): Promise<{ listed: number | null; complete: number | null; also: number | null }>;
export async function measureSearch(page: Page, text: string, id: string, options?: { complete: true; alsoId?: string }): Promise<number | null | { listed: number | null; complete: number | null; also: number | null }> {
  const complete = options?.complete ?? false;
  const alsoId = options?.alsoId ?? id;
  const result = await page.evaluate(
    ({ text, id, complete, alsoId }) =>
      new Promise<{ listed: number | null; complete: number | null; also: number | null }>((resolve) => {
        const input = document.querySelector<HTMLInputElement>('input[data-view-search]')!;
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
        input.focus();
        const started = performance.now();
        setValue.call(input, text);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        let listed: number | null = null;
        let also: number | null = null;
        const tick = () => {
          const now = performance.now() - started;
          if (listed === null && document.querySelector(`[data-row-id="${CSS.escape(id)}"]`)) listed = now;
          if (also === null && document.querySelector(`[data-row-id="${CSS.escape(alsoId)}"]`)) also = now;
          const done = document.querySelector('.search-status.is-complete') !== null;
          if (listed !== null && (!complete || done)) return requestAnimationFrame(() => resolve({ listed, complete: complete ? performance.now() - started : null, also }));
          if ((listed === null && now > 15_000) || now > 120_000) return resolve({ listed, complete: null, also });
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    { text, id, complete, alsoId },
  );
  // Clear the search and let the full list come back before the next measurement.
  await clearSearch(page);
  return complete ? result : result.listed;
}

/** Scrolls the Traffic list upwards from its end, `step` px a frame (40 by default), for `ms`, and times the frames. */
export async function measureScroll(page: Page, ms: number, step = 40): Promise<FrameStats> {
  const { stamps, long } = await page.evaluate(
    ({ ms, step }) =>
      new Promise<{ stamps: number[]; long: number }>((resolve) => {
        const el = document.querySelector<HTMLElement>('.traffic-scroll')!;
        const stamps: number[] = [];
        let long = 0;
        const observer = new PerformanceObserver((list) => (long += list.getEntries().filter((e) => e.duration > 50).length));
        observer.observe({ type: 'long-animation-frame' });
        el.scrollTop = el.scrollHeight;
        let direction = -1;
        const started = performance.now();
        const tick = (t: number) => {
          stamps.push(t);
          if (t - started > ms) {
            observer.disconnect();
            return resolve({ stamps, long });
          }
          el.scrollTop += direction * step;
          if (el.scrollTop <= 0) direction = 1;
          else if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) direction = -1;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    { ms, step },
  );
  return frameStats(stamps, long);
}

/** Clears the Traffic search and lets the full list come back before the next measurement. */
export async function clearSearch(page: Page): Promise<void> {
  await page.evaluate(() => {
    const input = document.querySelector<HTMLInputElement>('input[data-view-search]')!;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, '');
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.blur();
  });
  await page.waitForTimeout(1500);
}
