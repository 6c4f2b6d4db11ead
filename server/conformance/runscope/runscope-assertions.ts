/**
 * Runscope's assertion kinds, evaluated the way Runscope does: `equal` compares text (so the JSON
 * number 0 equals "0" and true equals "true", which Okta's SPEC test relies on), `equal_number` and
 * the `is_less_than` family compare numbers, `has_value`/`contains` look inside arrays and strings.
 * Each result says what was expected and what was found.
 */
import type { RunscopeAssertion } from './runscope-file.js';
import { sourceValue, type RunscopeResponse, type Variables } from './runscope-variables.js';

export interface AssertionOutcome {
  ok: boolean;
  description: string;
  actual: string;
}

const text = (v: unknown): string => (v === undefined ? 'undefined' : v === null ? 'null' : typeof v === 'string' ? v : JSON.stringify(v));
const empty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && Object.keys(v).length === 0);
const numeric = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);

function contains(actual: unknown, expected: string): boolean {
  if (Array.isArray(actual)) return actual.some((item) => text(item) === expected);
  if (typeof actual === 'string') return actual.includes(expected);
  if (actual !== null && typeof actual === 'object') return text(actual).includes(expected);
  return false;
}

const COMPARISONS: Record<string, (actual: unknown, expected: string) => boolean> = {
  equal: (a, e) => text(a) === e,
  not_equal: (a, e) => text(a) !== e,
  empty: (a) => empty(a),
  not_empty: (a) => !empty(a),
  contains: (a, e) => contains(a, e),
  does_not_contain: (a, e) => !contains(a, e),
  has_value: (a, e) => contains(a, e),
  has_key: (a, e) => a !== null && typeof a === 'object' && Object.prototype.hasOwnProperty.call(a, e),
  is_null: (a) => a === null,
  is_a_number: (a) => typeof a === 'number' && Number.isFinite(a),
  equal_number: (a, e) => numeric(a) === Number(e),
  is_less_than: (a, e) => numeric(a) < Number(e),
  is_less_than_or_equal: (a, e) => numeric(a) <= Number(e),
  is_greater_than: (a, e) => numeric(a) > Number(e),
  is_greater_than_or_equal: (a, e) => numeric(a) >= Number(e),
};

export function describeAssertion(a: RunscopeAssertion, expected: string): string {
  const subject = a.source === 'response_json' || a.source === 'response_headers' ? `${a.source.replace('response_', '')} ${a.property ?? ''}`.trim() : a.source.replace('response_', '');
  const needsValue = !['empty', 'not_empty', 'is_null', 'is_a_number'].includes(a.comparison);
  return `${subject} ${a.comparison.replace(/_/g, ' ')}${needsValue ? ` ${expected}` : ''}`;
}

export function evaluateAssertion(a: RunscopeAssertion, response: RunscopeResponse, variables: Variables): AssertionOutcome {
  const expected = a.value === null || a.value === undefined ? '' : variables.fill(String(a.value));
  const description = describeAssertion(a, expected);
  const compare = COMPARISONS[a.comparison];
  if (!compare) return { ok: false, description, actual: `unsupported comparison "${a.comparison}"` };
  let actual: unknown;
  try {
    actual = sourceValue(response, a.source, a.property);
  } catch (error) {
    return { ok: false, description, actual: (error as Error).message };
  }
  return { ok: compare(actual, expected), description, actual: text(actual).slice(0, 200) };
}

export const SUPPORTED_COMPARISONS = Object.keys(COMPARISONS);
