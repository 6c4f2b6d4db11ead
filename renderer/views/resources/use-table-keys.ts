/** The table's keyboard: j/k and the arrows move the cursor (across pages too), Enter opens, Esc closes; while a resource is open, moving also opens the next one, as in a mail client. */
import { useEffect, useRef, useState } from 'react';
import type { JsonObject } from '../../../server/contract/index.js';
import { isTypingTarget } from '../../components/typing-target.js';
import { str } from './resource-format.js';

export interface TableKeysOptions {
  items: JsonObject[];
  selectedId: string | null;
  startIndex: number;
  total: number;
  pageSize: number;
  onPage: (startIndex: number) => void;
  /** Opens a resource; `replace` keeps j/k browsing out of the back-button history. */
  onOpen: (id: string, replace?: boolean) => void;
  onEscape: (() => void) | null;
}

/** Where the cursor goes for a key, or null when the key is not a move: a row on this page, or the next or previous page. */
export function moveCursor(current: number | null, delta: number, count: number, startIndex: number, total: number, pageSize: number): { index: number } | { page: number; at: 'first' | 'last' } | null {
  if (count === 0) return null;
  const from = current ?? (delta > 0 ? -1 : count);
  const next = from + delta;
  if (next >= count) return startIndex + pageSize <= total ? { page: startIndex + pageSize, at: 'first' } : { index: count - 1 };
  if (next < 0) return startIndex > 1 ? { page: Math.max(1, startIndex - pageSize), at: 'last' } : { index: 0 };
  return { index: next };
}

export function useTableKeys({ items, selectedId, startIndex, total, pageSize, onPage, onOpen, onEscape }: TableKeysOptions) {
  const [cursor, setCursor] = useState<number | null>(null);
  const pending = useRef<'first' | 'last' | null>(null);
  const latest = useRef({ items, selectedId, startIndex, total, pageSize, onPage, onOpen, onEscape, cursor });
  latest.current = { items, selectedId, startIndex, total, pageSize, onPage, onOpen, onEscape, cursor };

  // Follow the open resource when it is on this page (a click, a deep link, a new page).
  useEffect(() => {
    if (pending.current && items.length > 0) {
      const index = pending.current === 'first' ? 0 : items.length - 1;
      pending.current = null;
      setCursor(index);
      if (selectedId) onOpen(str(items[index]!.id), true);
      return;
    }
    const index = selectedId ? items.findIndex((r) => str(r.id) === selectedId) : -1;
    if (index >= 0) setCursor(index);
    else setCursor((c) => (c === null ? null : Math.min(c, items.length - 1) < 0 ? null : Math.min(c, items.length - 1)));
    // onOpen is stable per type.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [items, selectedId]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const s = latest.current;
      const target = e.target as HTMLElement | null;
      const onTable = !target || target === document.body || !!target.closest?.('[data-resource-table]');
      let delta = 0;
      if (e.key === 'j' || (e.key === 'ArrowDown' && onTable)) delta = 1;
      else if (e.key === 'k' || (e.key === 'ArrowUp' && onTable)) delta = -1;
      if (delta !== 0) {
        const move = moveCursor(s.cursor, delta, s.items.length, s.startIndex, s.total, s.pageSize);
        if (!move) return;
        e.preventDefault();
        if ('page' in move) {
          pending.current = move.at;
          s.onPage(move.page);
          return;
        }
        setCursor(move.index);
        if (!target || target === document.body) document.querySelector<HTMLElement>('[data-resource-table]')?.focus({ preventScroll: true });
        const id = str(s.items[move.index]?.id);
        if (s.selectedId && id && id !== s.selectedId) s.onOpen(id, true);
        return;
      }
      if (e.key === 'Enter' && onTable && s.cursor !== null && s.items[s.cursor]) {
        e.preventDefault();
        s.onOpen(str(s.items[s.cursor]!.id));
      } else if (e.key === 'Escape' && s.onEscape) {
        e.preventDefault();
        s.onEscape();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return { cursor, setCursor };
}
