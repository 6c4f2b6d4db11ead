/**
 * The exchanges paused by breakpoints right now, kept current by the live socket (`breakpoint:paused`
 * arrives with the whole paused view, `breakpoint:released` removes it) and refetched on every
 * (re)connection, so the Breakpoints view and the tab badge show a pause the moment it happens.
 */
import type { LiveEvent, PausedExchange } from '../../server/contract/index.js';
import type { AdminClient } from '../api/admin-client.js';
import { createStore } from './external-store.js';
import { toast } from './toasts.js';

export interface BreakpointsState {
  paused: PausedExchange[];
  /** Bumps when the rules change (refetch them). */
  rulesRevision: number;
}

export const breakpointsState = createStore<BreakpointsState>({ paused: [], rulesRevision: 0 });

export async function loadPaused(client: AdminClient): Promise<void> {
  try {
    const { items } = await client.pausedExchanges();
    breakpointsState.set((s) => ({ ...s, paused: items, rulesRevision: s.rulesRevision + 1 }));
  } catch {
    // The status bar already says when the server cannot be reached.
  }
}

/** Applies one live event; returns whether it was a breakpoint event. */
export function applyBreakpointEvent(event: LiveEvent): boolean {
  if (event.type === 'breakpoint:paused') {
    breakpointsState.set((s) => (s.paused.some((p) => p.id === event.paused.id) ? s : { ...s, paused: [...s.paused, event.paused] }));
    if (!window.location.hash.includes('/breakpoints')) toast('info', `Paused: ${event.paused.method} ${event.paused.path} (breakpoint “${event.paused.rule.name}”)`);
    return true;
  }
  if (event.type === 'breakpoint:released') {
    breakpointsState.set((s) => ({ ...s, paused: s.paused.filter((p) => p.id !== event.id) }));
    return true;
  }
  if (event.type === 'breakpoints') {
    breakpointsState.set((s) => ({ ...s, rulesRevision: s.rulesRevision + 1 }));
    return true;
  }
  return false;
}
