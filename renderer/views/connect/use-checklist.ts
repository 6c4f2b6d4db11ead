/** Keeps the Okta setup checklist current as traffic arrives, without rescanning every exchange each time one is added. */
import { useMemo, useRef } from 'react';
import type { ExchangeSummary } from '../../../server/contract/index.js';
import type { TrafficState } from '../../state/traffic-store.js';
import { appendedFrom } from '../traffic/filtered-rows.js';
import { ChecklistScan, OAUTH_STEPS, OKTA_STEPS, type StepResult } from './setup-checklist.js';

/**
 * The checklist kept up to date as traffic arrives: while the store only appends (and evicts its
 * oldest, as it does at its cap), just the new exchanges are scanned and ticked steps stay ticked;
 * after a clear or a reload, the whole list is scanned again.
 */
export function useChecklist(state: TrafficState, oauth = false): StepResult[] {
  const cache = useRef<{ scan: ChecklistScan; items: readonly ExchangeSummary[]; evicted: number; oauth: boolean } | null>(null);
  return useMemo(() => {
    const prev = cache.current?.oauth === oauth ? cache.current : null;
    const start = prev && appendedFrom(prev.items, prev.evicted, state.items, state.evicted);
    const scan = prev && start !== null ? prev.scan.add(state.items, start) : new ChecklistScan('okta', oauth ? [...OAUTH_STEPS, ...OKTA_STEPS] : OKTA_STEPS).add(state.items);
    cache.current = { scan, items: state.items, evicted: state.evicted, oauth };
    return scan.results();
  }, [state.items, state.evicted, oauth]);
}
