/**
 * The Traffic view's filters as data and the predicate they make. Pure, so it is unit-tested and
 * reused for the live list, the HAR export and the server-side query.
 */
import type { ExchangeSummary } from '../../server/contract/index.js';
import type { ExchangeQuery } from '../api/admin-client.js';

export type StatusClass = '2xx' | '3xx' | '4xx' | '5xx' | 'none';

export interface TrafficFilter {
  /** Free text: matched here against method, path, status, kind, client and summary; bodies are searched by the server. */
  text: string;
  methods: string[];
  statusClasses: StatusClass[];
  kinds: string[];
  clients: string[];
  faultedOnly: boolean;
  lintedOnly: boolean;
}

export const emptyFilter: TrafficFilter = { text: '', methods: [], statusClasses: [], kinds: [], clients: [], faultedOnly: false, lintedOnly: false };

export function isEmptyFilter(f: TrafficFilter): boolean {
  return f.text.trim() === '' && !f.methods.length && !f.statusClasses.length && !f.kinds.length && !f.clients.length && !f.faultedOnly && !f.lintedOnly;
}

export function statusClassOf(status: number): StatusClass {
  if (status === 0) return 'none';
  return `${Math.floor(status / 100)}xx` as StatusClass;
}

/**
 * The predicate of a filter that filters nothing: one shared function, so the list can tell and show
 * the store's own array instead of copying 100,000 rows on every batch (views/traffic/filtered-rows.ts).
 */
export const acceptAll = (_e: ExchangeSummary): boolean => true;

/** A predicate for summaries; `bodyMatches` holds ids the server found by full text (bodies included). */
export function makePredicate(f: TrafficFilter, bodyMatches?: ReadonlySet<string>): (e: ExchangeSummary) => boolean {
  const text = f.text.trim().toLowerCase();
  if (isEmptyFilter(f)) return acceptAll;
  return (e) => {
    if (f.methods.length && !f.methods.includes(e.method)) return false;
    if (f.statusClasses.length && !f.statusClasses.includes(statusClassOf(e.status))) return false;
    if (f.kinds.length && !f.kinds.some((k) => e.operation.kind === k || e.operation.kind.startsWith(`${k}.`))) return false;
    if (f.clients.length && !f.clients.includes(e.client)) return false;
    if (f.faultedOnly && !e.fault) return false;
    if (f.lintedOnly && e.lintCount === 0) return false;
    if (text) {
      const haystack = `${e.method} ${e.path} ${e.status} ${e.operation.kind} ${e.client} ${e.operation.summary}`.toLowerCase();
      if (!haystack.includes(text) && !bodyMatches?.has(e.id)) return false;
    }
    return true;
  };
}

/** The same filter as admin API query parameters (for HAR export of the shown set and body search). */
export function toQuery(f: TrafficFilter): ExchangeQuery {
  return {
    search: f.text.trim() || undefined,
    method: f.methods,
    status: f.statusClasses.map((s) => (s === 'none' ? '0' : s)),
    kind: f.kinds,
    client: f.clients,
    faulted: f.faultedOnly || undefined,
    linted: f.lintedOnly || undefined,
  };
}
