/** How one exchange is worded in a list row (clock time, path, badge texts and their tooltips), kept pure for tests. */
import type { ExchangeSummary, LintLevel } from '../../../server/contract/index.js';
import { formatDuration } from '../../state/labels.js';

export { formatClock } from '../../state/labels.js';

export const SCIM_PREFIX = '/scim/v2';

/** The path split into the common SCIM base (shown dimmed) and the part that tells requests apart. */
export function splitPath(path: string): { base: string; rest: string } {
  if (path.toLowerCase().startsWith(SCIM_PREFIX.toLowerCase()) && path.length > SCIM_PREFIX.length) {
    return { base: path.slice(0, SCIM_PREFIX.length), rest: path.slice(SCIM_PREFIX.length) };
  }
  return { base: '', rest: path };
}

export function lintBadgeTitle(count: number, level: LintLevel | null): string {
  const noun = count === 1 ? 'lint finding' : 'lint findings';
  return level ? `${count} ${noun} (worst: ${level})` : `${count} ${noun}`;
}

export function faultBadgeTitle(fault: NonNullable<ExchangeSummary['fault']>): string {
  const latency = fault.latencyMs ? ` + ${formatDuration(fault.latencyMs)} latency` : '';
  return `Fault injected by “${fault.name}” (${fault.action}${latency})`;
}

export function retryBadgeText(retry: NonNullable<ExchangeSummary['retryOf']>): string {
  return `retry #${retry.attempt}`;
}

/** Duration tone: slow answers stand out. */
export function durationTone(ms: number): 'fast' | 'slow' | 'very-slow' {
  if (ms >= 5000) return 'very-slow';
  if (ms >= 1000) return 'slow';
  return 'fast';
}
