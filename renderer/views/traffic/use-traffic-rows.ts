/**
 * Hooks that read the live traffic store for the Traffic view: the filtered rows (derived
 * incrementally, see filtered-rows.ts) and the clients seen so far, without rescanning 100,000
 * exchanges on every batch.
 */
import { useMemo, useRef } from 'react';
import type { ClientKind, ExchangeSummary } from '../../../server/contract/index.js';
import { makePredicate, type TrafficFilter } from '../../state/traffic-filter.js';
import type { TrafficState } from '../../state/traffic-store.js';
import { appendedFrom, deriveRows, noRows, withServerMatches, type FilteredRows } from './filtered-rows.js';

/** The rows to show for the current store state and filter; recomputes fully only when the filter changes. */
export function useFilteredRows(state: TrafficState, filter: TrafficFilter, bodyMatches: ReadonlySet<string> | undefined): FilteredRows {
  const predicate = useMemo(() => makePredicate(filter, bodyMatches), [filter, bodyMatches]);
  const last = useRef<FilteredRows>(noRows);
  const next = deriveRows(last.current, state.items, state.evicted, predicate);
  last.current = next;
  return next;
}

/**
 * The filtered rows plus the server's matches for a search (those not loaded here). A new page of
 * server matches counts as a rebuild (a new generation); live arrivals still append.
 */
export function useSearchRows(derived: FilteredRows, server: readonly ExchangeSummary[] | undefined): FilteredRows {
  const last = useRef<{ derived: FilteredRows; server: typeof server; out: FilteredRows; bump: number } | null>(null);
  const prev = last.current;
  if (prev && prev.derived === derived && prev.server === server) return prev.out;
  // Generations of the result: the derived rows' own, plus one for every new page of server matches.
  const bump = (prev?.bump ?? 0) + (prev && prev.server !== server ? 1 : 0);
  const rows = server ? withServerMatches(derived.rows, server) : derived.rows;
  const out = rows === derived.rows && bump === 0 ? derived : { ...derived, rows, generation: derived.generation + bump };
  last.current = { derived, server, out, bump };
  return out;
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
