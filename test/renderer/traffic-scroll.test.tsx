/**
 * How the Traffic list scrolls while exchanges arrive (jsdom has no layout, so the scroller is given
 * a height and the row height is the rem size at 16 px): it follows the newest while at the end;
 * scrolled up, the row at the top of the viewport stays put when the oldest rows are evicted above
 * it, and the "N new" button counts arrivals; and applying a batch of arrivals reads no layout at all
 * (no scrollTop, clientHeight, scrollHeight or getBoundingClientRect), the read that used to force a
 * second layout per frame at 500 exchanges/s.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AdminClient } from '../../renderer/api/admin-client.js';
import type { LiveSocket } from '../../renderer/api/live-socket.js';
import { ServicesContext } from '../../renderer/app-services.js';
import { TrafficStore } from '../../renderer/state/traffic-store.js';
import { ROW_REM } from '../../renderer/views/traffic/traffic-row.js';
import { TrafficView } from '../../renderer/views/traffic/traffic-view.js';
import { many } from './traffic-fixtures.js';

const VIEWPORT = 600;
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
  countReads(HTMLElement.prototype, 'clientHeight', (el) => (el.classList?.contains('traffic-scroll') ? VIEWPORT : 0));
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
afterEach(cleanup);

function setup(cap: number, count: number) {
  const pending: (() => void)[] = [];
  const traffic = new TrafficStore(cap, (f) => pending.push(f));
  const all = many(count + 400);
  traffic.reset(all.slice(0, count));
  window.location.hash = '#/traffic';
  render(
    <ServicesContext.Provider value={{ client: { exchanges: async () => ({ items: [], total: 0 }) } as unknown as AdminClient, traffic, socket: {} as LiveSocket }}>
      <TrafficView selectedId={null} />
    </ServicesContext.Provider>,
  );
  const scroller = document.querySelector<HTMLElement>('.traffic-scroll')!;
  let next = count;
  return {
    scroller,
    /** Delivers `n` new exchanges and applies them as the frame would. */
    arrive(n: number) {
      traffic.add(all.slice(next, next + n));
      next += n;
      act(() => pending.splice(0).forEach((f) => f()));
    },
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
