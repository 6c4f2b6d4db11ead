/**
 * Hooks that read the live traffic store for the Traffic view: the filtered rows (derived
 * incrementally, see filtered-rows.ts) and the clients seen so far, without rescanning 100,000
 * exchanges on every batch.
 */
import { useMemo, useRef } from 'react';
import type { ClientKind } from '../../../server/contract/index.js';
import { makePredicate, type TrafficFilter } from '../../state/traffic-filter.js';
import type { TrafficState } from '../../state/traffic-store.js';
import { appendedFrom, deriveRows, noRows, type FilteredRows } from './filtered-rows.js';

/** The rows to show for the current store state and filter; recomputes fully only when the filter changes. */
export function useFilteredRows(state: TrafficState, filter: TrafficFilter, bodyMatches: ReadonlySet<string> | undefined): FilteredRows {
  const predicate = useMemo(() => makePredicate(filter, bodyMatches), [filter, bodyMatches]);
  const last = useRef<FilteredRows>(noRows);
  const next = deriveRows(last.current, state.items, state.evicted, predicate);
  last.current = next;
  return next;
}

interface ClientsSeen {
  source: TrafficState['items'];
  evicted: number;
  clients: ReadonlySet<ClientKind>;
}

/** The clients present in the loaded traffic (scanning only new exchanges; rebuilt on reset or clear). */
export function useClientsSeen(state: TrafficState): ReadonlySet<ClientKind> {
  const last = useRef<ClientsSeen>({ source: [], evicted: 0, clients: new Set() });
  const prev = last.current;
  if (prev.source === state.items && prev.evicted === state.evicted) return prev.clients;
  const start = appendedFrom(prev.source, prev.evicted, state.items, state.evicted);
  const clients = start === null ? new Set<ClientKind>() : new Set(prev.clients);
  let grew = start === null;
  for (let i = start ?? 0; i < state.items.length; i++) {
    const client = state.items[i]!.client;
    if (!clients.has(client)) {
      clients.add(client);
      grew = true;
    }
  }
  last.current = { source: state.items, evicted: state.evicted, clients: grew ? clients : prev.clients };
  return last.current.clients;
}
