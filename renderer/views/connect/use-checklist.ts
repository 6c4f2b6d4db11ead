/** Keeps the Okta setup checklist current as traffic arrives, without rescanning every exchange each time one is added. */
import { useMemo, useRef } from 'react';
import type { ExchangeSummary } from '../../../server/contract/index.js';
import type { TrafficState } from '../../state/traffic-store.js';
import { ChecklistScan, type StepResult } from './setup-checklist.js';

/**
 * The checklist kept up to date as traffic arrives: new exchanges are scanned on their own while the
 * list only grows; after an eviction or a clear, the whole list is scanned again.
 */
export function useChecklist(state: TrafficState): StepResult[] {
  const cache = useRef<{ scan: ChecklistScan; items: readonly ExchangeSummary[]; evicted: number } | null>(null);
  return useMemo(() => {
    const prev = cache.current;
    const appended = prev !== null && prev.evicted === state.evicted && state.items.length >= prev.items.length && state.items[prev.items.length - 1] === prev.items[prev.items.length - 1];
    const scan = appended ? prev.scan.add(state.items, prev.items.length) : new ChecklistScan().add(state.items);
    cache.current = { scan, items: state.items, evicted: state.evicted };
    return scan.results();
  }, [state.items, state.evicted]);
}
