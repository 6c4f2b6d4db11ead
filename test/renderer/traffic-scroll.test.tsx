/**
 * How the Traffic list scrolls while exchanges arrive (jsdom has no layout, so the scroller is given
 * a height and the row height is the rem size at 16 px): it follows the newest while at the end;
 * scrolled up, the row at the top of the viewport stays put when the oldest rows are evicted above
 * it, and the "N new" button counts arrivals; and applying a batch of arrivals reads no layout at all
 * (no scrollTop, clientHeight, scrollHeight or getBoundingClientRect), the read that used to force a
 * second layout per frame at 500 exchanges/s.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { Profiler } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AdminClient } from '../../renderer/api/admin-client.js';
import type { LiveSocket } from '../../renderer/api/live-socket.js';
import { ServicesContext } from '../../renderer/app-services.js';
import { writeNextFrame } from '../../renderer/state/frame.js';
import { TrafficStore } from '../../renderer/state/traffic-store.js';
import { BLOCK, OVERSCAN } from '../../renderer/views/traffic/list-window.js';
import { ROW_REM } from '../../renderer/views/traffic/traffic-row.js';
import { TrafficView } from '../../renderer/views/traffic/traffic-view.js';
import { many } from './traffic-fixtures.js';

const VIEWPORT = 600;
/** The scroller's laid-out height (the viewport grows when a status line above it goes away). */
let laidOut = VIEWPORT;
const ROW = Math.round(16 * ROW_REM);
let layoutReads = 0;
const restore: (() => void)[] = [];

/** Counts every read of a layout-dependent property while the tests run. */
function countReads(proto: object, name: string, value?: (el: HTMLElement) => number): void {
  const own = Object.getOwnPropertyDescriptor(proto, name);
  Object.defineProperty(proto, name, {
    configurable: true,
    get(this: HTMLElement) {
      layoutReads++;
      return value ? value(this) : own?.get?.call(this);
    },
    ...(own?.set ? { set: own.set } : {}),
  });
  restore.push(() => (own ? Object.defineProperty(proto, name, own) : delete (proto as Record<string, unknown>)[name]));
}

beforeAll(() => {
  countReads(HTMLElement.prototype, 'clientHeight', (el) => (el.classList?.contains('traffic-scroll') ? laidOut : 0));
  countReads(HTMLElement.prototype, 'clientWidth', (el) => (el.classList?.contains('traffic-scroll') ? 1000 : 0));
  countReads(Element.prototype, 'scrollTop');
  countReads(Element.prototype, 'scrollHeight');
  const rect = Element.prototype.getBoundingClientRect;
  Element.prototype.getBoundingClientRect = function (this: Element) {
    layoutReads++;
    return rect.call(this);
  };
  restore.push(() => (Element.prototype.getBoundingClientRect = rect));
});
afterAll(() => restore.splice(0).forEach((f) => f()));
afterEach(() => {
  cleanup();
  laidOut = VIEWPORT;
});

/** One animation frame: its read phase, then its write phase (state/frame.ts). */
const frame = () => act(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));

/** `inFrames`: arrivals are applied in the write phase of the next frame, as in the browser; else when `arrive` says. */
/** React commits under the Traffic view since the last setup (every render that reached the DOM or effects). */
let commits = 0;

function setup(cap: number, count: number, inFrames = false) {
  commits = 0;
  const pending: (() => void)[] = [];
  const traffic = new TrafficStore(cap, inFrames ? writeNextFrame : (f) => pending.push(f));
  const all = many(count + 400);
  traffic.reset(all.slice(0, count));
  window.location.hash = '#/traffic';
  render(
    <ServicesContext.Provider value={{ client: { exchanges: async () => ({ items: [], total: 0 }) } as unknown as AdminClient, traffic, socket: {} as LiveSocket }}>
      <Profiler id="traffic" onRender={() => commits++}>
        <TrafficView selectedId={null} />
      </Profiler>
    </ServicesContext.Provider>,
  );
  const scroller = document.querySelector<HTMLElement>('.traffic-scroll')!;
  let next = count;
  return {
    scroller,
    /** Delivers `n` new exchanges and applies them as the frame would (outside a frame). */
    arrive(n: number) {
      traffic.add(all.slice(next, next + n));
      next += n;
      act(() => pending.splice(0).forEach((f) => f()));
    },
    /** Delivers `n` new exchanges, applied in the next frame's write phase. */
    deliver(n: number) {
      traffic.add(all.slice(next, next + n));
      next += n;
    },
    /** The exchange in row `index`. */
    idAt: (index: number) => traffic.state.get().items[index]!.id,
    grid: () => screen.getByRole('grid'),
    /** The exchange in the row at the top of the viewport. */
    topRow: () => document.querySelector(`[role="row"][data-index="${Math.floor(scroller.scrollTop / ROW)}"]`)?.getAttribute('data-row-id') ?? null,
    rendered: () => [...document.querySelectorAll('[role="row"][data-index]')].map((r) => Number(r.getAttribute('data-index'))),
  };
}

/** Scrolls as the user does and lets the list sample the offset at the next frame. */
async function userScroll(scroller: HTMLElement, top: number): Promise<void> {
  scroller.scrollTop = top;
  fireEvent.scroll(scroller);
  await act(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
}

describe('the Traffic list while exchanges arrive', () => {
  it('follows the newest at the end, and renders only the rows around the viewport', () => {
    const s = setup(10_000, 500);
    expect(s.scroller.scrollTop).toBe(500 * ROW - VIEWPORT);
    s.arrive(40);
    expect(s.scroller.scrollTop).toBe(540 * ROW - VIEWPORT);
    const rendered = s.rendered();
    expect(rendered.at(-1)).toBe(539);
    expect(rendered.length).toBeLessThan(Math.ceil(VIEWPORT / ROW) + 25);
    expect(screen.queryByRole('button', { name: /new|Latest/ })).toBeNull();
  });

  it('scrolled up, keeps the row at the top in place while the oldest are evicted above it, and counts the new ones', async () => {
    const s = setup(1000, 1000);
    await userScroll(s.scroller, 300 * ROW);
    const top = s.topRow();
    expect(top).not.toBeNull();
    expect(screen.getByRole('button', { name: /Latest/ })).toBeTruthy();
    s.arrive(50);
    // 50 evicted above: the offset moved up by 50 rows, and the same exchange is at the top.
    expect(s.scroller.scrollTop).toBe(250 * ROW);
    expect(s.topRow()).toBe(top);
    expect(screen.getByRole('button', { name: '50 new' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '50 new' }));
    expect(s.scroller.scrollTop).toBe(1000 * ROW - VIEWPORT);
  });

  it('scrolled up, keeps the row under the user in place when their scroll and an eviction land in the same frame', async () => {
    const s = setup(1000, 1000, true);
    await userScroll(s.scroller, 300 * ROW);
    const under = s.idAt(310);
    // One frame: the user's scroll (sampled in the read phase) and 50 arrivals evicting 50 (write phase).
    s.scroller.scrollTop = 310 * ROW;
    fireEvent.scroll(s.scroller);
    s.deliver(50);
    await frame();
    expect(s.scroller.scrollTop).toBe(260 * ROW);
    expect(s.topRow()).toBe(under);
    expect(screen.getByRole('button', { name: '50 new' })).toBeTruthy();
  });

  it("does not undo the user's scroll up when rows change before the frame that reads it (timer fallback, search results)", async () => {
    const s = setup(10_000, 500);
    const under = s.idAt(300);
    s.scroller.scrollTop = 300 * ROW;
    fireEvent.scroll(s.scroller);
    s.arrive(40); // applied outside a frame, before the scroll is read
    await frame();
    expect(s.scroller.scrollTop).toBe(300 * ROW);
    expect(s.topRow()).toBe(under);
    expect(screen.getByRole('button', { name: /Latest|new/ })).toBeTruthy();
    // It stays there as more arrive.
    s.arrive(10);
    expect(s.scroller.scrollTop).toBe(300 * ROW);
  });

  it('keeps following when the viewport grows and the browser clamps the offset before the resize is reported', async () => {
    const s = setup(10_000, 500);
    laidOut = VIEWPORT + 36;
    s.scroller.scrollTop = 500 * ROW - laidOut;
    fireEvent.scroll(s.scroller);
    await frame();
    expect(screen.queryByRole('button', { name: /new|Latest/ })).toBeNull();
    s.arrive(10);
    expect(s.scroller.scrollTop).toBe(510 * ROW - laidOut);
  });

  it.each([
    ['Home', 1, 0],
    ['PageUp', 3, null],
    ['k', 40, null],
    ['ArrowUp', 40, null],
  ])('while following the newest, %s (×%i) past the top of the viewport scrolls to the row and stops following', async (key, times, want) => {
    const s = setup(10_000, 500);
    expect(s.scroller.scrollTop).toBe(500 * ROW - VIEWPORT);
    for (let i = 0; i < times; i++) fireEvent.keyDown(s.grid(), { key });
    const focused = document.activeElement as HTMLElement;
    const index = Number(focused.getAttribute('data-index'));
    expect(focused.getAttribute('role')).toBe('row');
    // The focused row is inside the viewport.
    expect(index * ROW).toBeGreaterThanOrEqual(s.scroller.scrollTop);
    expect((index + 1) * ROW).toBeLessThanOrEqual(s.scroller.scrollTop + VIEWPORT);
    if (want !== null) expect(s.scroller.scrollTop).toBe(Math.max(0, want));
    expect(s.scroller.scrollTop).toBeLessThan(500 * ROW - VIEWPORT);
    expect(screen.getByRole('button', { name: 'Latest' })).toBeTruthy();
    // Arrivals no longer pull it back to the end; the cursor row stays where it is.
    const at = s.scroller.scrollTop;
    s.arrive(20);
    expect(s.scroller.scrollTop).toBe(at);
    expect(screen.getByRole('button', { name: '20 new' })).toBeTruthy();
    // End goes back to the newest and follows again.
    fireEvent.keyDown(s.grid(), { key: 'End' });
    expect(s.scroller.scrollTop).toBe(520 * ROW - VIEWPORT);
    s.arrive(5);
    expect(s.scroller.scrollTop).toBe(525 * ROW - VIEWPORT);
    expect(screen.queryByRole('button', { name: /new|Latest/ })).toBeNull();
  });

  it.each([
    ['up', -1],
    ['down', 1],
  ])('scrolling %s 40 px a frame, mounts rows once a block, never fewer than OVERSCAN beyond the viewport', async (_direction, sign) => {
    const s = setup(10_000, 2000);
    const from = sign < 0 ? 1500 * ROW : 300 * ROW;
    await userScroll(s.scroller, from);
    let shown = new Set(s.rendered());
    let mounts = 0;
    let changes = 0;
    const steps = 200;
    for (let i = 1; i <= steps; i++) {
      const top = from + sign * 40 * i;
      await userScroll(s.scroller, top);
      const rendered = s.rendered();
      // The viewport and OVERSCAN rows beyond each edge are in the DOM, in order.
      expect(rendered[0]).toBeLessThanOrEqual(Math.floor(top / ROW) - OVERSCAN);
      expect(rendered.at(-1)).toBeGreaterThanOrEqual(Math.ceil((top + VIEWPORT) / ROW) + OVERSCAN - 1);
      expect(rendered).toEqual([...rendered].sort((a, b) => a - b));
      expect(rendered.length).toBeLessThanOrEqual(Math.ceil(VIEWPORT / ROW) + 2 * (OVERSCAN + BLOCK));
      if (rendered.some((index) => !shown.has(index))) mounts++;
      if (rendered.length !== shown.size || rendered.some((index) => !shown.has(index))) changes++;
      shown = new Set(rendered);
    }
    // 200 steps of 40 px cross 235 rows: rows are mounted when the window enters another block (at its
    // leading edge) and removed when it leaves one (at the other), not every frame.
    const blocks = Math.ceil((steps * 40) / ROW / BLOCK);
    expect(mounts).toBeGreaterThan(0);
    expect(mounts).toBeLessThanOrEqual(blocks + 1);
    // Rows one at a time (a row is 34 px) would mount in every frame.
    expect(mounts).toBeLessThan(steps / 4);
    expect(changes).toBeLessThanOrEqual(2 * blocks + 2);
  });

  it('scrolling renders nothing unless the rows in the DOM change (the list follows its window, not the offset)', async () => {
    const s = setup(10_000, 2000);
    await userScroll(s.scroller, 1500 * ROW);
    let shown = s.rendered();
    let changes = 0;
    commits = 0;
    for (let i = 1; i <= 100; i++) {
      await userScroll(s.scroller, 1500 * ROW - 40 * i);
      const rendered = s.rendered();
      if (rendered.join() !== shown.join()) changes++;
      shown = rendered;
    }
    // 100 steps of 40 px cross ~118 rows: the window moves once a block, ~15 times; one render each.
    expect(changes).toBeGreaterThan(0);
    expect(commits).toBe(changes);
  });

  it.each([50, 3])('scrolled up in a full list, an eviction of %i leaves the same row elements in the DOM at the same offsets', async (evict) => {
    const s = setup(1000, 1000);
    await userScroll(s.scroller, 600 * ROW);
    const rowsNow = () => [...document.querySelectorAll<HTMLElement>('[role="row"][data-row-id]')];
    const before = rowsNow();
    const placed = new Map(before.map((r) => [r, r.style.transform]));
    const indexes = new Map(before.map((r) => [r, Number(r.dataset.index)]));
    s.arrive(evict);
    expect(s.scroller.scrollTop).toBe((600 - evict) * ROW);
    const after = rowsNow();
    // Blocks are counted from the first row ever listed, not from index 0: nothing mounted or removed.
    expect(after).toEqual(before);
    for (const r of after) {
      expect(r.style.transform).toBe(placed.get(r));
      expect(Number(r.dataset.index)).toBe(indexes.get(r)! - evict);
      expect(r.getAttribute('aria-rowindex')).toBe(String(indexes.get(r)! - evict + 2));
    }
  });

  it('moved up by the keyboard, keeps the cursor row in place while the oldest are evicted', async () => {
    const s = setup(1000, 1000);
    fireEvent.keyDown(s.grid(), { key: 'End' });
    for (let i = 0; i < 40; i++) fireEvent.keyDown(s.grid(), { key: 'ArrowUp' });
    const focused = () => document.activeElement as HTMLElement;
    const id = focused().getAttribute('data-row-id');
    const at = s.scroller.scrollTop;
    const rowTop = Number(focused().getAttribute('data-index')) * ROW - at;
    s.arrive(50);
    // 50 evicted above: the offset moved up by 50 rows, the cursor row is where it was in the viewport.
    expect(s.scroller.scrollTop).toBe(at - 50 * ROW);
    expect(focused().getAttribute('data-row-id')).toBe(id);
    expect(Number(focused().getAttribute('data-index')) * ROW - s.scroller.scrollTop).toBe(rowTop);
  });

  it.each([
    ['following', false],
    ['scrolled up', true],
  ])('applies a batch without reading layout (%s)', async (_state, scrolledUp) => {
    const s = setup(2000, 2000);
    if (scrolledUp) await userScroll(s.scroller, 800 * ROW);
    layoutReads = 0;
    s.arrive(250);
    s.arrive(250);
    expect(layoutReads).toBe(0);
  });
});
