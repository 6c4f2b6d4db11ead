/**
 * The Traffic list's keys when nothing in particular has focus (after a click elsewhere in the view):
 * j/k and Esc anywhere outside a text field, and the other moves on the page's body. Split from
 * traffic-list.tsx, which handles the keys on the grid itself and does the moves (`act`).
 */
import { useEffect } from 'react';
import { isTypingTarget, listActionOf, type ListAction } from './list-keys.js';

export function usePageListKeys(act: (action: ListAction) => boolean): void {
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
}
