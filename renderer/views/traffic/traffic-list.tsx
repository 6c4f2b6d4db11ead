/**
 * The live, virtualized Traffic grid: fixed-height rows from @tanstack/react-virtual, following the
 * newest exchange while the user sits at the bottom and holding still (with an "N new" button) when
 * they scrolled up, plus the keyboard model (j/k, arrows, Home/End, Enter, Esc) with a roving tabindex.
 */
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { ArrowDown } from 'lucide-react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type MouseEvent } from 'react';
import { useStoreSelector } from '../../state/external-store.js';
import { presentation, rootScale } from '../../state/presentation.js';
import { locate, type FilteredRows } from './filtered-rows.js';
import { isTypingTarget, listActionOf, moveCursor, type ListAction } from './list-keys.js';
import { ROW_REM, rowDomId, TrafficHeader, TrafficRow } from './traffic-row.js';

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

export function TrafficList({ derived, cursorId, onCursor, onOpen, onClose }: TrafficListProps) {
  const rows = derived.rows;
  // Rows are sized in rem: zoom and large type change the root font size, so the pixel height follows.
  const scale = useStoreSelector(presentation, rootScale);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const rowH = useMemo(() => Math.round(rootFontSize() * ROW_REM), [scale]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [following, setFollowing] = useState(true);
  const followingRef = useRef(true);
  const [baseline, setBaseline] = useState({ generation: derived.generation, appended: derived.appended });
  const cursorHint = useRef(-1);
  const focusPending = useRef(false);
  const shown = useRef(derived);

  const cursorIndex = locate(rows, cursorId, cursorHint.current);
  cursorHint.current = cursorIndex;

  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = new Set(defaultRangeExtractor(range));
      // While following, render the tail too: the scroll to the bottom happens after this render.
      if (following) for (let i = Math.max(0, range.count - (range.endIndex - range.startIndex) - 4); i < range.count; i++) indexes.add(i);
      // The focused row must stay in the DOM even when scrolled away, or focus would be lost.
      if (cursorIndex >= 0 && cursorIndex < range.count) indexes.add(cursorIndex);
      return [...indexes].sort((a, b) => a - b);
    },
    [following, cursorIndex],
  );

  // anchorTo 'end' keeps the row being read in place when the oldest are evicted or older ones are
  // loaded, and follows appends while the list sits at its end (all in the same render).
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowH,
    getItemKey: (index) => rows[index]!.id,
    overscan: 10,
    rangeExtractor,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: Math.round(rowH / 2),
    useFlushSync: false,
  });
  // The virtualizer caches positions: a new row height (zoom changed) must recompute them.
  const measuredH = useRef(rowH);
  useLayoutEffect(() => {
    if (measuredH.current === rowH) return;
    measuredH.current = rowH;
    virtualizer.measure();
  }, [rowH, virtualizer]);

  const setFollow = useCallback(
    (value: boolean) => {
      if (followingRef.current === value) return;
      followingRef.current = value;
      setFollowing(value);
      if (!value) setBaseline({ generation: shown.current.generation, appended: shown.current.appended });
    },
    [],
  );

  // Checked once per frame from what the virtualizer already knows (its scroll offset, the viewport it
  // observes, fixed-height rows), after its own scroll listener has run: reading scrollHeight or
  // clientHeight in the scroll event forced a layout on every event while rows were being added,
  // about a seventh of the main thread at 500 exchanges/s.
  const count = useRef(rows.length);
  count.current = rows.length;
  const checkPending = useRef(false);
  const onScroll = useCallback(() => {
    if (checkPending.current) return;
    checkPending.current = true;
    requestAnimationFrame(() => {
      checkPending.current = false;
      const el = scrollRef.current;
      const offset = virtualizer.scrollOffset ?? el?.scrollTop;
      const viewport = virtualizer.scrollRect?.height || el?.clientHeight;
      if (offset === undefined || !viewport) return;
      setFollow(count.current * rowH - offset - viewport <= rowH / 2);
    });
  }, [virtualizer, rowH, setFollow]);

  const scrollToEnd = useCallback(() => {
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, []);

  /** Scrolls just enough for row `index` to be fully visible. */
  const reveal = useCallback(
    (index: number, center = false) => {
      const el = scrollRef.current;
      if (!el || index < 0) return;
      const top = index * rowH;
      if (center) el.scrollTop = Math.max(0, top - (el.clientHeight - rowH) / 2);
      else if (top < el.scrollTop) el.scrollTop = top;
      else if (top + rowH > el.scrollTop + el.clientHeight) el.scrollTop = top + rowH - el.clientHeight;
    },
    [rowH],
  );

  // Rebuilt rows (another filter): stay at the end when following, else show the selected row.
  useLayoutEffect(() => {
    const prev = shown.current;
    shown.current = derived;
    if (derived.generation === prev.generation) return;
    setBaseline({ generation: derived.generation, appended: derived.appended });
    if (followingRef.current) scrollToEnd();
    else if (cursorHint.current >= 0) reveal(cursorHint.current, true);
  }, [derived, reveal, scrollToEnd]);

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
    const el = scrollRef.current;
    if (focusPending.current || !el) return; // keyboard moves reveal themselves, below
    const top = cursorIndex * rowH;
    if (top >= el.scrollTop && top + rowH <= el.scrollTop + el.clientHeight) return;
    if (cursorIndex < rows.length - 1) setFollow(false);
    reveal(cursorIndex, true);
  }, [cursorId, cursorIndex, reveal, rowH, rows.length, setFollow]);

  // After a keyboard move: bring the cursor row into view and focus it.
  useLayoutEffect(() => {
    if (!focusPending.current || cursorIndex < 0) return;
    focusPending.current = false;
    reveal(cursorIndex);
    document.getElementById(rowDomId(rows[cursorIndex]!.id))?.focus({ preventScroll: true });
  }, [cursorIndex, reveal, rows]);

  const act = useCallback(
    (action: ListAction): boolean => {
      const list = shown.current.rows;
      if (action === 'open') {
        if (cursorHint.current < 0) return false;
        onOpen(list[cursorHint.current]!.id);
        return true;
      }
      if (action === 'close') {
        onClose();
        return true;
      }
      const el = scrollRef.current;
      const page = el ? Math.max(1, Math.floor(el.clientHeight / rowH) - 1) : 10;
      const firstVisible = el ? Math.min(Math.ceil(el.scrollTop / rowH), list.length - 1) : -1;
      const lastVisible = el ? Math.min(Math.floor((el.scrollTop + el.clientHeight) / rowH) - 1, list.length - 1) : -1;
      const fallback = action === 'next' || action === 'pageDown' ? firstVisible : lastVisible;
      const next = moveCursor(cursorHint.current, list.length, action, page, fallback);
      if (next < 0) return false;
      focusPending.current = true;
      if (next === cursorHint.current) {
        reveal(next);
        document.getElementById(rowDomId(list[next]!.id))?.focus({ preventScroll: true });
        focusPending.current = false;
      } else onCursor(list[next]!.id);
      return true;
    },
    [onClose, onCursor, onOpen, reveal, rowH],
  );

  const onKeyDown = (e: ReactKeyboardEvent) => {
    const action = listActionOf(e);
    if (action && act(action)) e.preventDefault();
  };

  // j/k and Esc also work when nothing in particular has focus (after a click elsewhere in the view).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTypingTarget(e.target) || document.querySelector('dialog[open]')) return;
      const action = listActionOf(e);
      const onBody = e.target === document.body || e.target === null;
      if (action === 'next' || action === 'prev') {
        if (!onBody && e.key !== 'j' && e.key !== 'k') return;
      } else if (action === 'open' || action === 'first' || action === 'last') {
        if (!onBody) return;
      } else if (action !== 'close') return;
      if (act(action)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [act]);

  const onClick = (e: MouseEvent) => {
    const row = (e.target as Element).closest<HTMLElement>('[data-row-id]');
    if (!row?.dataset.rowId) return;
    if ((e.target as Element).closest('a, button')) return;
    onOpen(row.dataset.rowId);
  };

  const newCount = baseline.generation === derived.generation ? Math.max(0, derived.appended - baseline.appended) : 0;
  const items = virtualizer.getVirtualItems();
  const firstRendered = items[0]?.index ?? -1;

  return (
    <div className="traffic-grid-wrap">
      <div className="traffic-grid" role="grid" aria-label="Recorded exchanges" aria-rowcount={rows.length + 1} aria-colcount={8} aria-multiselectable={false} onKeyDown={onKeyDown} onClick={onClick}>
        <TrafficHeader />
        <div ref={scrollRef} className="traffic-scroll" onScroll={onScroll}>
          <div className="traffic-rows" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((v) => {
              const item = rows[v.index]!;
              return <TrafficRow key={item.id} item={item} index={v.index} top={v.index * rowH} height={rowH} selected={v.index === cursorIndex} tabbable={cursorIndex >= 0 ? v.index === cursorIndex : v.index === firstRendered} />;
            })}
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
