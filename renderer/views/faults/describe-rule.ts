/**
 * A fault rule in plain words, for the rule list and the editor's live preview:
 * "On user.create from Okta, every 2nd request: 429 with Retry-After 120 s".
 * Match, then when, then action; each part also usable alone.
 */
import type { FaultAction, FaultMatch, FaultRule, FaultWhen } from '../../../server/contract/index.js';
import { CLIENT_NAMES, STATUS_TEXT } from '../../state/labels.js';

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 102nd. */
export function ordinal(n: number): string {
  const mod100 = n % 100;
  const mod10 = n % 10;
  const suffix = mod100 >= 11 && mod100 <= 13 ? 'th' : mod10 === 1 ? 'st' : mod10 === 2 ? 'nd' : mod10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

/** 250 ms, 3 s, 1.5 s, 2 min, 90 s. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : Number(seconds.toFixed(1))} s`;
}

/** 0.2 → "20%", 0.005 → "0.5%". */
export function formatPercent(probability: number): string {
  return `${Number((probability * 100).toFixed(2))}%`;
}

/** "a", "a or b", "a, b or c". */
function orList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

const MAX_LISTED_OPERATIONS = 4;

function operationsText(operations: string[]): string {
  if (operations.includes('*')) return 'any operation';
  if (operations.length <= MAX_LISTED_OPERATIONS) return orList(operations);
  const shown = operations.slice(0, MAX_LISTED_OPERATIONS - 1);
  return `${shown.join(', ')} or ${operations.length - shown.length} other operations`;
}

/** "On user.create from Okta", "On POST requests to /Users*", "On any request". */
export function describeMatch(match: FaultMatch): string {
  const operations = match.operations?.length ? operationsText(match.operations) : '';
  const methods = match.methods?.length ? orList(match.methods.map((m) => m.toUpperCase())) : '';
  const path = match.path ?? '';
  let subject: string;
  if (operations) subject = `${operations}${methods ? ` (${methods})` : ''}${path ? ` on ${path}` : ''}`;
  else if (methods || path) subject = `${methods ? `${methods} ` : ''}requests${path ? ` to ${path}` : ''}`;
  else subject = 'any request';
  const parts = [`On ${subject}`];
  if (match.clients?.length) parts.push(`from ${orList(match.clients.map((c) => CLIENT_NAMES[c] ?? c))}`);
  const conditions: string[] = [];
  if (match.bodyContains) conditions.push(`whose body contains "${match.bodyContains}"`);
  if (match.headerContains) conditions.push(`whose headers contain "${match.headerContains}"`);
  if (conditions.length) parts.push(conditions.join(' and '));
  return parts.join(' ');
}

/** "every time", "every 2nd request", "20% of the time", "the first 2 times", "every 3rd request, at most once". */
export function describeWhen(when: FaultWhen): string {
  const parts: string[] = [];
  if (when.nth !== undefined) {
    // Both must hold: the nth request fires only if n is also a multiple of everyNth.
    if (when.everyNth !== undefined && when.nth % when.everyNth !== 0) return `never (the ${ordinal(when.nth)} request is not an every-${ordinal(when.everyNth)} one)`;
    parts.push(`only the ${ordinal(when.nth)} request`);
  } else if (when.everyNth !== undefined && when.everyNth > 1) parts.push(`every ${ordinal(when.everyNth)} request`);
  if (when.probability !== undefined) parts.push(parts.length ? `with a ${formatPercent(when.probability)} chance` : `${formatPercent(when.probability)} of the time`);
  let text = parts.join(' ');
  if (when.times !== undefined) {
    const times = when.times === 1 ? 'once' : `${when.times} times`;
    if (text) text += `, at most ${times}`;
    else text = when.times === 1 ? 'the first time only' : `the first ${when.times} times`;
  }
  return text || 'every time';
}

/** "429 with Retry-After 120 s", "delay the answer by 3 s", "drop the connection without answering". */
export function describeAction(action: FaultAction): string {
  switch (action.type) {
    case 'latency':
      return `delay the answer by ${formatMs(action.ms)}${action.jitterMs ? `, plus up to ${formatMs(action.jitterMs)} of jitter` : ''}`;
    case 'error': {
      const text = STATUS_TEXT[action.status];
      return `${action.status}${text ? ` ${text}` : ''}${action.scimType ? ` with scimType "${action.scimType}"` : ''}`;
    }
    case 'rateLimit':
      if (typeof action.retryAfter === 'number') return `429 with Retry-After ${action.retryAfter} s`;
      if (action.retryAfter === 'http-date') return `429 with Retry-After as an HTTP-date ${formatMs((action.httpDateSeconds ?? 120) * 1000)} ahead`;
      return '429 without Retry-After';
    case 'drop':
      return 'drop the connection without answering';
    case 'timeout':
      return `hold the request open, then drop it after ${formatMs(action.maxMs ?? 120_000)}`;
    case 'malformed':
      return `answer ${action.status ?? 200} with a cut-off, invalid JSON body`;
    case 'emptyBody':
      return action.status !== undefined ? `answer ${action.status} with an empty body` : 'answer with an empty body (201 on POST, else 200)';
    case 'wrongContentType':
      return `the real answer, labelled ${action.contentType ?? 'text/html; charset=utf-8'}`;
  }
}

/** The whole rule in one sentence. */
export function describeRule(rule: Pick<FaultRule, 'match' | 'when' | 'action'> & { phase?: FaultRule['phase'] }): string {
  const after = rule.phase === 'after' ? ', after the backend applied it' : '';
  return `${describeMatch(rule.match ?? {})}, ${describeWhen(rule.when ?? {})}: ${describeAction(rule.action)}${after}`;
}

/** A short label for the action, shown as the rule's badge ("Error 503", "Latency 3 s"). */
export function actionBadge(action: FaultAction): { text: string; tone: 'err' | 'warn' | 'info' | 'neutral' } {
  switch (action.type) {
    case 'latency':
      return { text: `Latency ${formatMs(action.ms)}`, tone: 'info' };
    case 'error':
      return { text: `Error ${action.status}`, tone: action.status >= 500 ? 'err' : 'warn' };
    case 'rateLimit':
      return { text: '429 Rate limit', tone: 'warn' };
    case 'drop':
      return { text: 'Drop', tone: 'err' };
    case 'timeout':
      return { text: 'Timeout', tone: 'info' };
    case 'malformed':
      return { text: 'Bad JSON', tone: 'neutral' };
    case 'emptyBody':
      return { text: 'Empty body', tone: 'neutral' };
    case 'wrongContentType':
      return { text: 'Content type', tone: 'neutral' };
  }
}
