/**
 * The paused-exchange list the Breakpoints view and its tab badge read: live events add a pause
 * (once), remove it when it is let go, and ask for the rules again when they change; a pause that
 * happens while another view is open is announced with a toast.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { PausedExchange } from '../../server/contract/index.js';
import { applyBreakpointEvent, breakpointsState } from '../../renderer/state/breakpoints-state.js';
import { toasts } from '../../renderer/state/toasts.js';

const paused = (id: string): PausedExchange => ({
  id,
  exchangeId: `ex-${id}`,
  rule: { id: 'r1', name: 'Hold creates' },
  phase: 'before',
  pausedAt: '2026-01-01T00:00:00.000Z',
  timeoutMs: 60_000,
  releaseAt: '2026-01-01T00:01:00.000Z',
  method: 'POST',
  path: '/scim/v2/Users',
  query: '',
  client: 'okta',
  operation: 'user.create',
  request: { headers: {}, body: { userName: 'a' }, bodyIsText: false },
  response: null,
});

describe('breakpoints state', () => {
  beforeEach(() => {
    breakpointsState.set({ paused: [], rulesRevision: 0 });
    toasts.set([]);
    window.location.hash = '#/traffic';
  });

  it('adds a pause once, in arrival order, and removes it when released', () => {
    expect(applyBreakpointEvent({ type: 'breakpoint:paused', paused: paused('a') })).toBe(true);
    applyBreakpointEvent({ type: 'breakpoint:paused', paused: paused('b') });
    applyBreakpointEvent({ type: 'breakpoint:paused', paused: paused('a') });
    expect(breakpointsState.get().paused.map((p) => p.id)).toEqual(['a', 'b']);
    applyBreakpointEvent({ type: 'breakpoint:released', id: 'a', exchangeId: 'ex-a', resolution: 'timed-out' });
    expect(breakpointsState.get().paused.map((p) => p.id)).toEqual(['b']);
  });

  it('announces a pause with a toast outside the Breakpoints view only', () => {
    applyBreakpointEvent({ type: 'breakpoint:paused', paused: paused('a') });
    expect(toasts.get().map((t) => t.message)).toEqual(['Paused: POST /scim/v2/Users (breakpoint “Hold creates”)']);
    window.location.hash = '#/breakpoints';
    applyBreakpointEvent({ type: 'breakpoint:paused', paused: paused('b') });
    expect(toasts.get()).toHaveLength(1);
  });

  it('bumps the rules revision on a rules change and leaves other events alone', () => {
    applyBreakpointEvent({ type: 'breakpoints', reason: 'added' });
    expect(breakpointsState.get().rulesRevision).toBe(1);
    expect(applyBreakpointEvent({ type: 'faults', reason: 'added' })).toBe(false);
    expect(breakpointsState.get()).toEqual({ paused: [], rulesRevision: 1 });
  });
});
