/**
 * The Traffic list's keyboard model as pure functions (which key means which move, and where a move
 * lands), so the list component stays about rendering and the rules are unit-tested.
 */

export type ListMove = 'next' | 'prev' | 'first' | 'last' | 'pageDown' | 'pageUp';
export type ListAction = ListMove | 'open' | 'close';

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/** The list action a key press asks for, or null when the list should leave it alone. */
export function listActionOf(e: KeyLike): ListAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  switch (e.key) {
    case 'j':
    case 'ArrowDown':
      return 'next';
    case 'k':
    case 'ArrowUp':
      return 'prev';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    case 'PageDown':
      return 'pageDown';
    case 'PageUp':
      return 'pageUp';
    case 'Enter':
      return 'open';
    case 'Escape':
      return 'close';
    default:
      return null;
  }
}

/**
 * Where the cursor goes. `current` is -1 when nothing is selected: then a move starts from
 * `fallback` (the row the user is looking at), or the newest row when there is none.
 * Returns -1 only for an empty list.
 */
export function moveCursor(current: number, count: number, move: ListMove, page: number, fallback = -1): number {
  if (count <= 0) return -1;
  const last = count - 1;
  if (move === 'first') return 0;
  if (move === 'last') return last;
  if (current < 0 || current > last) return fallback >= 0 && fallback <= last ? fallback : last;
  const step = Math.max(1, page);
  switch (move) {
    case 'next':
      return Math.min(current + 1, last);
    case 'prev':
      return Math.max(current - 1, 0);
    case 'pageDown':
      return Math.min(current + step, last);
    case 'pageUp':
      return Math.max(current - step, 0);
  }
}

export { isTypingTarget } from '../../components/typing-target.js';
