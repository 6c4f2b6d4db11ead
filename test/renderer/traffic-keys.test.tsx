/** The Traffic list's keyboard model: which keys mean which move, and where each move lands. */
import { describe, expect, it } from 'vitest';
import { isTypingTarget, listActionOf, moveCursor } from '../../renderer/views/traffic/list-keys.js';

describe('listActionOf', () => {
  it.each([
    ['j', 'next'],
    ['ArrowDown', 'next'],
    ['k', 'prev'],
    ['ArrowUp', 'prev'],
    ['Home', 'first'],
    ['End', 'last'],
    ['PageDown', 'pageDown'],
    ['PageUp', 'pageUp'],
    ['Enter', 'open'],
    ['Escape', 'close'],
    ['x', null],
    ['/', null],
  ])('%s → %s', (key, want) => {
    expect(listActionOf({ key })).toBe(want);
  });

  it('leaves shortcuts with modifiers alone', () => {
    expect(listActionOf({ key: 'j', ctrlKey: true })).toBeNull();
    expect(listActionOf({ key: 'ArrowDown', metaKey: true })).toBeNull();
    expect(listActionOf({ key: 'k', altKey: true })).toBeNull();
  });
});

describe('moveCursor', () => {
  it.each([
    { name: 'next', current: 3, move: 'next' as const, want: 4 },
    { name: 'next stops at the end', current: 9, move: 'next' as const, want: 9 },
    { name: 'prev', current: 3, move: 'prev' as const, want: 2 },
    { name: 'prev stops at the top', current: 0, move: 'prev' as const, want: 0 },
    { name: 'first', current: 5, move: 'first' as const, want: 0 },
    { name: 'last', current: 5, move: 'last' as const, want: 9 },
    { name: 'page down', current: 2, move: 'pageDown' as const, want: 6 },
    { name: 'page down clamps', current: 8, move: 'pageDown' as const, want: 9 },
    { name: 'page up', current: 7, move: 'pageUp' as const, want: 3 },
    { name: 'page up clamps', current: 1, move: 'pageUp' as const, want: 0 },
    { name: 'no selection starts at the fallback', current: -1, move: 'next' as const, want: 6, fallback: 6 },
    { name: 'no selection and no fallback: newest', current: -1, move: 'prev' as const, want: 9 },
    { name: 'stale selection past the end', current: 40, move: 'next' as const, want: 9 },
    { name: 'Home without a selection', current: -1, move: 'first' as const, want: 0 },
  ])('$name', ({ current, move, want, fallback }) => {
    expect(moveCursor(current, 10, move, 4, fallback)).toBe(want);
  });

  it('has nowhere to go in an empty list', () => {
    expect(moveCursor(-1, 0, 'next', 4)).toBe(-1);
  });
});

describe('isTypingTarget', () => {
  it('treats text fields as typing and the rest as not', () => {
    expect(isTypingTarget(document.createElement('input'))).toBe(true);
    expect(isTypingTarget(document.createElement('textarea'))).toBe(true);
    expect(isTypingTarget(document.createElement('select'))).toBe(true);
    expect(isTypingTarget(document.createElement('button'))).toBe(false);
    expect(isTypingTarget(document.body)).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
