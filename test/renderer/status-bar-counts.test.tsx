/**
 * The status bar says how much is stored and recorded in words a person would write: one of a thing
 * is singular ("1 exchange"), any other count plural, with the locale's digit grouping. A fresh
 * `npm start` followed by one curl showed "1 exchanges".
 */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StatusBar } from '../../renderer/components/status-bar.js';
import { resetServerState, serverState } from '../../renderer/state/server-state.js';

beforeEach(() => resetServerState());
afterEach(() => cleanup());

describe('the status bar counts', () => {
  it.each([
    { counts: { users: 1, groups: 1, exchanges: 1 }, says: '1 user · 1 group · 1 exchange' },
    { counts: { users: 0, groups: 0, exchanges: 0 }, says: '0 users · 0 groups · 0 exchanges' },
    { counts: { users: 7, groups: 2, exchanges: 12_345 }, says: `7 users · 2 groups · ${(12_345).toLocaleString()} exchanges` },
  ])('says $says', ({ counts, says }) => {
    serverState.set((s) => ({ ...s, counts }));
    render(<StatusBar paused={false} />);
    expect(screen.getByText(says)).toBeTruthy();
  });
});
