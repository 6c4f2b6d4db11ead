/**
 * The Traffic list's keyboard model in the component: j/k, arrows, Page Up/Down, Home/End, Enter and
 * Esc on the grid and on the page (use-page-list-keys.ts), the move's target (list-keys.ts), and, after
 * a move, bringing the cursor row into view and focusing it (roving tabindex). Split from
 * traffic-list.tsx, which keeps the scroll model and renders the rows.
 */
import { useCallback, useLayoutEffect, type KeyboardEvent as ReactKeyboardEvent, type RefObject } from 'react';
import type { FilteredRows } from './filtered-rows.js';
import { listActionOf, moveCursor, type ListAction } from './list-keys.js';
import { rowDomId } from './traffic-row.js';
import { usePageListKeys } from './use-page-list-keys.js';

export interface ListKeyboardInput {
  /** The rows shown now (a ref: the handlers read the latest). */
  shown: RefObject<FilteredRows>;
  /** The cursor's index in the rows shown (-1: none). */
  cursorHint: RefObject<number>;
  cursorIndex: number;
  rows: FilteredRows['rows'];
  rowH: number;
  /** The viewport's offset and height as the list last had them. */
  viewport: () => { top: number; height: number };
  reveal: (index: number) => void;
  onCursor: (id: string) => void;
  onOpen: (id: string) => void;
  onClose: () => void;
  /** Set by a keyboard move until its row was revealed and focused (the list's own reveal then stays out). */
  focusPending: RefObject<boolean>;
}

function focusRow(id: string): void {
  document.getElementById(rowDomId(id))?.focus({ preventScroll: true });
}

/** Returns the grid's key handler. */
export function useListKeyboard(k: ListKeyboardInput): (e: ReactKeyboardEvent) => void {
  const { shown, cursorHint, cursorIndex, rows, rowH, viewport, reveal, onCursor, onOpen, onClose, focusPending } = k;

  // After a keyboard move: bring the cursor row into view and focus it.
  useLayoutEffect(() => {
    if (!focusPending.current || cursorIndex < 0) return;
    focusPending.current = false;
    reveal(cursorIndex);
    focusRow(rows[cursorIndex]!.id);
  }, [cursorIndex, focusPending, reveal, rows]);

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
      const { top: at, height } = viewport();
      const page = height > 0 ? Math.max(1, Math.floor(height / rowH) - 1) : 10;
      const firstVisible = height > 0 ? Math.min(Math.ceil(at / rowH), list.length - 1) : -1;
      const lastVisible = height > 0 ? Math.min(Math.floor((at + height) / rowH) - 1, list.length - 1) : -1;
      const fallback = action === 'next' || action === 'pageDown' ? firstVisible : lastVisible;
      const next = moveCursor(cursorHint.current, list.length, action, page, fallback);
      if (next < 0) return false;
      focusPending.current = true;
      if (next === cursorHint.current) {
        reveal(next);
        focusRow(list[next]!.id);
        focusPending.current = false;
      } else onCursor(list[next]!.id);
      return true;
    },
    [cursorHint, focusPending, onClose, onCursor, onOpen, reveal, rowH, shown, viewport],
  );

  usePageListKeys(act);

  return useCallback(
    (e: ReactKeyboardEvent) => {
      const action = listActionOf(e);
      if (action && act(action)) e.preventDefault();
    },
    [act],
  );
}
