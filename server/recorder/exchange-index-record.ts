/**
 * What memory keeps of a recorded exchange, computed once when it is recorded (in the recording
 * worker) or when an exchanges file without an index is read: its summary, the ids of the resources
 * it changed, and the identifiers found in the bodies (id, userName, externalId, displayName, emails
 * and member values), bounded per exchange, which the quick search matches (compact-entry.ts) so a
 * search over 100,000 exchanges never touches a body.
 */
import type { Exchange, ExchangeSummary } from '../contract/exchange.js';
import type { IndexRecord } from './exchange-file.js';

/** Identifier text kept per exchange (a list response keeps those of its first resources). */
export const MAX_IDENTIFIER_CHARS = 256;

const IDENTIFIER_KEYS = new Set(['id', 'userName', 'externalId', 'displayName', 'value', 'display', 'email']);
const WALKED_KEYS = new Set(['Resources', 'emails', 'members', 'Operations', 'groups', 'value']);

/** `k=v&k=v` of a query object, in its key order. */
function queryText(query: Record<string, string>): string {
  let text = '';
  for (const key of Object.keys(query)) text += `${text === '' ? '' : '&'}${key}=${query[key]}`;
  return text;
}

/** The most severe lint level, or null. */
function lintLevelOf(lint: Exchange['lint']): ExchangeSummary['lintLevel'] {
  let info = false;
  let warning = false;
  for (const l of lint) {
    if (l.level === 'error') return 'error';
    if (l.level === 'warning') warning = true;
    else if (l.level === 'info') info = true;
  }
  return warning ? 'warning' : info ? 'info' : null;
}

export function toSummary(e: Exchange): ExchangeSummary {
  const summary: ExchangeSummary = {
    id: e.id,
    seq: e.seq,
    startedAt: e.startedAt,
    durationMs: e.durationMs,
    client: e.client,
    method: e.request.method,
    path: e.request.path,
    query: queryText(e.request.query),
    status: e.response.status,
    outcome: e.outcome,
    operation: e.operation,
    changeCount: e.changes.length,
    fault: e.fault,
    lintCount: e.lint.length,
    lintLevel: lintLevelOf(e.lint),
    retryOf: e.retryOf ?? null,
    replayOf: e.replayOf ?? null,
  };
  // Set only when present (no empty objects spread in), in the order the summary has always had them.
  if (e.emulated) summary.emulated = e.emulated;
  if (e.breakpoint) summary.breakpoint = { ruleId: e.breakpoint.ruleId, name: e.breakpoint.name, phase: e.breakpoint.phase, resolution: e.breakpoint.resolution, pausedMs: e.breakpoint.pausedMs };
  return summary;
}

/** Identifier values in a SCIM body, depth-first, until `budget` characters are collected. */
export function identifiersOf(body: unknown, out: string[], budget: { left: number }, depth = 0): void {
  if (budget.left <= 0 || depth > 4 || body === null || typeof body !== 'object') return;
  if (Array.isArray(body)) {
    for (const item of body) {
      identifiersOf(item, out, budget, depth + 1);
      if (budget.left <= 0) return;
    }
    return;
  }
  for (const key in body) {
    const value = (body as Record<string, unknown>)[key];
    if (typeof value === 'string' && IDENTIFIER_KEYS.has(key) && value.length <= 200) {
      out.push(value);
      budget.left -= value.length + 1;
      if (budget.left <= 0) return;
    } else if (value !== null && typeof value === 'object' && (WALKED_KEYS.has(key) || key === 'name')) {
      identifiersOf(value, out, budget, depth + 1);
    }
  }
}

export function indexRecordOf(e: Exchange): IndexRecord {
  const summary = toSummary(e);
  const identifiers: string[] = [];
  const budget = { left: MAX_IDENTIFIER_CHARS };
  identifiersOf(e.request.body, identifiers, budget);
  identifiersOf(e.response.body, identifiers, budget);
  return { summary, identifiers: identifiers.join('\n'), changeIds: [...new Set(e.changes.map((c) => c.id))] };
}
