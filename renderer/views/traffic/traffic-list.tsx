/**
 * The live, virtualized Traffic grid: fixed-height rows (no measuring), following the newest exchange
 * while the user sits at the bottom and holding still (with an "N new" button) when they scrolled up,
 * with the keyboard model (use-list-keyboard.ts) and a roving tabindex. The rows in the DOM change
 * in blocks (windowRows, list-window.ts), so most scrolled frames only move the composited scroller,
 * and the list subscribes to that window (viewportKey), not to the offset, so those frames run no
 * React either.
 * Which rows are in the DOM follows from the scroll offset, read once per animation frame in the
 * frame's read phase (state/frame.ts), before live exchanges are applied in its write phase; the
 * viewport's height comes from a ResizeObserver. Nothing here reads layout after rows were inserted
 * (but a scroll event still waiting for its frame when rows change outside one):
 * every scroll this list makes is computed from row counts and written, and the offset it wrote is
 * what it renders from. When rows come or go above the viewport (the oldest evicted, older matches
 * merged in), the row at the top of the viewport stays where it is. A keyboard move that scrolls away
 * from the end stops following, as a user's scroll up does.
 */
import { ArrowDown } from 'lucide-react';
import { useCallback, useLayoutEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { createStore, useStoreSelector } from '../../state/external-store.js';
import { readNextFrame } from '../../state/frame.js';
import { presentation, rootScale } from '../../state/presentation.js';
import { locate, type FilteredRows } from './filtered-rows.js';
import { headShift, maxTop, viewportKey, windowRows, type Viewport } from './list-window.js';
import { ROW_REM, TrafficHeader, TrafficRow } from './traffic-row.js';
import { useListKeyboard } from './use-list-keyboard.js';

export interface TrafficListProps {
  derived: FilteredRows;
  /** The selected exchange (the keyboard cursor). */
  cursorId: string | null;
  onCursor: (id: string) => void;
  onOpen: (id: string) => void;
  onClose: () => void;
}

function rootFontSize(): number {
  if (typeof document === 'undefined') return 16;
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

/** The row at the top of the viewport when it was last at `top`: where the viewport goes when rows come or go above it. */
interface Anchor {
  rows: FilteredRows['rows'];
  generation: number;
  top: number;
  id: string | null;
  index: number;
}

function anchorAt(derived: FilteredRows, top: number, rowH: number): Anchor {
  const index = Math.min(Math.floor(top / rowH), derived.rows.length - 1);
  return { rows: derived.rows, generation: derived.generation, top, id: index >= 0 ? derived.rows[index]!.id : null, index };
}

export function TrafficList({ derived, cursorId, onCursor, onOpen, onClose }: TrafficListProps) {
  const rows = derived.rows;
  // Rows are sized in rem: zoom and large type change the root font size, so the pixel height follows.
  const scale = useStoreSelector(presentation, rootScale);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const rowH = useMemo(() => Math.round(rootFontSize() * ROW_REM), [scale]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const viewport = useMemo(() => createStore<Viewport>({ top: 0, height: 0, following: true }), []);
  const shown = useRef(derived);
  shown.current = derived;
  const rowHRef = useRef(rowH);
  rowHRef.current = rowH;
  // Subscribed to the window, not the offset: a scroll that keeps the same rows in the DOM does not
  // render the list (most scrolled frames, with rows changing in blocks); the render reads the offset.
  useStoreSelector(viewport, (v) => viewportKey(v, shown.current.rows.length, rowHRef.current, shown.current.head));
  const view = viewport.get();
  const following = view.following;
  const [baseline, setBaseline] = useState({ generation: derived.generation, appended: derived.appended });
  const cursorHint = useRef(-1);
  const focusPending = useRef(false);
  /** A scroll event came and its offset is not read yet (it is, in the next frame's read phase). */
  const samplePending = useRef(false);

  const cursorIndex = locate(rows, cursorId, cursorHint.current);
  cursorHint.current = cursorIndex;

  // Where the viewport is for these rows: at the end while following; else where it was, moved by the
  // rows that came or went above the row at its top (same generation: only appends and evictions).
  const anchor = useRef<Anchor | null>(null);
  let top = following ? maxTop(rows.length, rowHRef.current, view.height) : Math.min(view.top, maxTop(rows.length, rowHRef.current, view.height));
  const last = anchor.current;
  if (!following && last && last.rows !== rows && last.generation === derived.generation && last.id !== null && last.top === view.top) {
    const index = locate(rows, last.id, last.index);
    if (index >= 0 && index !== last.index) top = Math.max(0, Math.min(view.top + (index - last.index) * rowH, maxTop(rows.length, rowHRef.current, view.height)));
  }
  const writeTop = top !== view.top ? top : null;
  anchor.current = anchorAt(derived, top, rowH);

  /**
   * Scrolls to `to` (clamped): written, never read back, rendered from at once. With `follow` (a move
   * for the user, e.g. a key) it also sets "following": off away from the end, on at the end.
   */
  const scrollTo = useCallback(
    (to: number, follow = false) => {
      const el = scrollRef.current;
      const { height, following: was } = viewport.get();
      const max = maxTop(shown.current.rows.length, rowHRef.current, height);
      const clamped = Math.max(0, Math.min(to, max));
      if (el) el.scrollTop = clamped;
      // The row at the new offset is the anchor now (the list may not render for this offset).
      anchor.current = anchorAt(shown.current, clamped, rowHRef.current);
      const following = follow ? clamped >= max - rowHRef.current / 2 : was;
      viewport.set((v) => (v.top === clamped && v.following === following ? v : { ...v, top: clamped, following }));
      if (was && !following) setBaseline({ generation: shown.current.generation, appended: shown.current.appended });
    },
    [viewport],
  );

  // The offset this render used but the element does not have yet (following, anchoring), written
  // before paint. Rows changed outside a frame (timer fallback, search results) while a scroll event
  // waits for its frame: that sample is read first (a layout read, only then), and a user's offset wins.
  useLayoutEffect(() => {
    if (writeTop !== null && !sample()) scrollTo(writeTop);
  });

  // The viewport's height, from a ResizeObserver (no layout read); once at mount from the element.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    viewport.set((v) => ({ ...v, height: el.clientHeight }));
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const height = entries[0]?.contentRect.height ?? 0;
      viewport.set((v) => (v.height === height ? v : { ...v, height }));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [viewport]);

  const setFollow = useCallback(
    (value: boolean) => {
      if (viewport.get().following === value) return;
      viewport.set((v) => ({ ...v, following: value }));
      if (!value) setBaseline({ generation: shown.current.generation, appended: shown.current.appended });
    },
    [viewport],
  );

  // The scroll offset is read in the read phase of the next frame (state/frame.ts), before live
  // exchanges are applied (a read after inserts forces a second layout), with the row at that offset
  // among the rows in the DOM then: evictions in the write phase move the offset by that row's move.
  /** Reads the pending scroll sample; true when the offset is not the one this list last had (the user moved). */
  const sample = useCallback((): boolean => {
    if (!samplePending.current) return false;
    samplePending.current = false;
    const el = scrollRef.current;
    if (!el) return false;
    const at = el.scrollTop;
    const v = viewport.get();
    if (at === v.top) return false;
    // The height laid out now (free after the offset): a grown viewport's clamp comes before the observer's news.
    const height = el.clientHeight;
    const measured = shown.current;
    const h = rowHRef.current;
    anchor.current = anchorAt(measured, at, h);
    const atEnd = measured.rows.length * h - at - height <= h / 2;
    viewport.set((s) => ({ ...s, top: at, height, following: atEnd }));
    if (!atEnd && v.following) setBaseline({ generation: measured.generation, appended: measured.appended });
    return true;
  }, [viewport]);
  const onScroll = useCallback(() => {
    if (samplePending.current) return;
    samplePending.current = true;
    readNextFrame(sample);
  }, [sample]);

  const scrollToEnd = useCallback(() => scrollTo(Number.POSITIVE_INFINITY), [scrollTo]);

  /** Scrolls just enough for row `index` to be fully visible (or centres it); following only if that is the end. */
  const reveal = useCallback(
    (index: number, center = false) => {
      if (index < 0) return;
      const { top: at, height } = viewport.get();
      const h = rowHRef.current;
      const rowTop = index * h;
      if (center) scrollTo(rowTop - (height - h) / 2, true);
      else if (rowTop < at) scrollTo(rowTop, true);
      else if (rowTop + h > at + height) scrollTo(rowTop + h - height, true);
    },
    [viewport, scrollTo],
  );

  // Rebuilt rows (another filter): stay at the end when following, else show the selected row.
  const shownGeneration = useRef(derived.generation);
  useLayoutEffect(() => {
    if (derived.generation === shownGeneration.current) return;
    shownGeneration.current = derived.generation;
    setBaseline({ generation: derived.generation, appended: derived.appended });
    if (viewport.get().following) scrollToEnd();
    else if (cursorHint.current >= 0) reveal(cursorHint.current, true);
  }, [derived, reveal, scrollToEnd, viewport]);

  // First render: show the selected exchange (deep link) or the newest.
  useLayoutEffect(() => {
    if (cursorHint.current >= 0 && cursorHint.current < shown.current.rows.length - 1) {
      setFollow(false);
      reveal(cursorHint.current, true);
    } else scrollToEnd();
    // Only on mount: later changes are handled by the effect above.
  }, []);

  // A selection from elsewhere (a link, the URL, a replay): bring it into view once it is listed.
  const revealed = useRef(cursorId);
  useLayoutEffect(() => {
    if (cursorId === revealed.current || cursorIndex < 0) return;
    revealed.current = cursorId;
    if (focusPending.current) return; // keyboard moves reveal themselves, below
    const { top: at, height } = viewport.get();
    const rowTop = cursorIndex * rowH;
    if (rowTop >= at && rowTop + rowH <= at + height) return;
    if (cursorIndex < rows.length - 1) setFollow(false);
    reveal(cursorIndex, true);
  }, [cursorId, cursorIndex, reveal, rowH, rows.length, setFollow, viewport]);

  const onKeyDown = useListKeyboard({ shown, cursorHint, cursorIndex, rows, rowH, viewport: viewport.get, reveal, onCursor, onOpen, onClose, focusPending });

  const onClick = (e: MouseEvent) => {
    const row = (e.target as Element).closest<HTMLElement>('[data-row-id]');
    if (!row?.dataset.rowId) return;
    if ((e.target as Element).closest('a, button')) return;
    onOpen(row.dataset.rowId);
  };

  const newCount = baseline.generation === derived.generation ? Math.max(0, derived.appended - baseline.appended) : 0;
  // The rows in the DOM: the viewport's and more, in whole blocks (windowRows), and the cursor's (focus stays in the DOM).
  const { first, end } = windowRows(top, view.height, rowH, rows.length, derived.head);
  // Rows are placed by their position in the generation, in a layer moved up by the evicted rows: an
  // eviction changes that one offset and the rows' indexes, not where a row is in its layer.
  const shift = headShift(derived.head);
  const indexes: number[] = [];
  if (cursorIndex >= 0 && cursorIndex < first) indexes.push(cursorIndex);
  for (let i = first; i < end; i++) indexes.push(i);
  if (cursorIndex >= end && cursorIndex < rows.length) indexes.push(cursorIndex);
  const firstRendered = indexes[0] ?? -1;

  return (
    <div className="traffic-grid-wrap">
      <div className="traffic-grid" role="grid" aria-label="Recorded exchanges" aria-rowcount={rows.length + 1} aria-colcount={8} aria-multiselectable={false} onKeyDown={onKeyDown} onClick={onClick}>
        <TrafficHeader />
        <div ref={scrollRef} className="traffic-scroll" onScroll={onScroll}>
          <div className="traffic-rows" style={{ height: rows.length * rowH }}>
            <div className="traffic-rows-layer" role="rowgroup" style={{ transform: `translateY(${-shift * rowH}px)` }}>
              {indexes.map((i) => {
                const item = rows[i]!;
                return <TrafficRow key={item.id} item={item} index={i} top={(i + shift) * rowH} height={rowH} selected={i === cursorIndex} tabbable={cursorIndex >= 0 ? i === cursorIndex : i === firstRendered} />;
              })}
            </div>
          </div>
        </div>
      </div>
      {!following && (
        <button
          type="button"
          className="jump-latest"
          onClick={() => {
            setFollow(true);
            scrollToEnd();
          }}
        >
          {newCount > 0 ? `${newCount.toLocaleString()} new` : 'Latest'}
          <ArrowDown size={15} strokeWidth={2.5} aria-hidden="true" />
        </button>
      )}
    </div>
  );
}
