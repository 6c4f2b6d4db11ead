/**
 * The per-value semantics of the filter operators (RFC 7644 §3.4.2.2), kept apart from path handling
 * so the rules for each attribute type (and caseExact) live in one place.
 *
 * Literals are checked once, when a test is built, so a nonsensical comparison fails with
 * invalidFilter before any resource is scanned.
 */
import { badRequest } from '../errors.js';
import type { AttributeType } from '../schemas/attribute-definition.js';
import type { CompareOperator, FilterLiteral } from './ast.js';
import { compareInstants, parseDateTime, type Instant } from './date-time.js';

/** What a comparison needs to know about the attribute it reads. */
export interface LeafRule {
  type: AttributeType;
  caseExact: boolean;
}

/** A test of one (non-null) attribute value. */
export type ValueTest = (value: unknown) => boolean;

type OrderingOperator = 'gt' | 'ge' | 'lt' | 'le';
type SubstringOperator = 'co' | 'sw' | 'ew';

const NUMERIC_TEXT = /^\s*-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\s*$/;

function invalid(detail: string): never {
  throw badRequest('invalidFilter', detail);
}

/** Booleans, and the strings "true"/"false" in any case (some clients quote booleans). */
export function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const lower = value.trim().toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

/** Finite numbers, and strings that spell one. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  return typeof value === 'string' && NUMERIC_TEXT.test(value) ? Number(value) : undefined;
}

function toInstant(value: unknown): Instant | null {
  return typeof value === 'string' ? parseDateTime(value) : null;
}

function fold(text: string, rule: LeafRule): string {
  return rule.caseExact ? text : text.toLowerCase();
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function holds(op: OrderingOperator, order: number): boolean {
  switch (op) {
    case 'gt':
      return order > 0;
    case 'ge':
      return order >= 0;
    case 'lt':
      return order < 0;
    case 'le':
      return order <= 0;
  }
}

/** A literal that must be a dateTime: parsed once, or invalidFilter. */
function instantLiteral(literal: FilterLiteral, label: string): Instant {
  const instant = toInstant(literal);
  return instant ?? invalid(`"${label}" is a dateTime; ${JSON.stringify(literal)} is not a valid dateTime`);
}

/** A literal that must be a number: parsed once, or invalidFilter. */
function numberLiteral(literal: FilterLiteral, label: string): number {
  const number = toNumber(literal);
  return number ?? invalid(`"${label}" is a number; ${JSON.stringify(literal)} is not a number`);
}

/**
 * eq. Declared booleans, numbers and dateTimes compare by value; strings (and unknown attributes)
 * follow the stored value's JSON type, folding case unless the attribute is caseExact.
 */
function equalityTest(literal: Exclude<FilterLiteral, null>, rule: LeafRule, label: string): ValueTest {
  switch (rule.type) {
    case 'boolean': {
      const expected = toBoolean(literal) ?? invalid(`"${label}" is a boolean; compare it with true or false, not ${JSON.stringify(literal)}`);
      return (value) => toBoolean(value) === expected;
    }
    case 'integer':
    case 'decimal': {
      const expected = numberLiteral(literal, label);
      return (value) => toNumber(value) === expected;
    }
    case 'dateTime': {
      const expected = instantLiteral(literal, label);
      return (value) => {
        const instant = toInstant(value);
        return instant !== null && compareInstants(instant, expected) === 0;
      };
    }
    default:
      return looseEquality(literal, rule);
  }
}

function looseEquality(literal: Exclude<FilterLiteral, null>, rule: LeafRule): ValueTest {
  const text = fold(String(literal), rule);
  const number = toNumber(literal);
  const boolean = toBoolean(literal);
  return (value) => {
    if (typeof value === 'string') return fold(value, rule) === text;
    if (typeof value === 'number') return value === number;
    if (typeof value === 'boolean') return value === boolean;
    return false;
  };
}

/** gt/ge/lt/le: numbers numerically, dateTimes as instants, strings lexicographically (folded unless caseExact). */
function orderingTest(op: OrderingOperator, literal: Exclude<FilterLiteral, null>, rule: LeafRule, label: string): ValueTest {
  if (rule.type === 'boolean' || rule.type === 'binary') invalid(`The "${op}" operator cannot be used with ${rule.type} attribute "${label}"`);
  if (typeof literal === 'boolean') invalid(`The "${op}" operator needs a string, number or dateTime value, not ${literal}`);
  if (rule.type === 'integer' || rule.type === 'decimal') {
    const bound = numberLiteral(literal, label);
    return (value) => {
      const number = toNumber(value);
      return number !== undefined && holds(op, number - bound);
    };
  }
  if (rule.type === 'dateTime') {
    const bound = instantLiteral(literal, label);
    return (value) => {
      const instant = toInstant(value);
      return instant !== null && holds(op, compareInstants(instant, bound));
    };
  }
  const text = fold(String(literal), rule);
  return (value) => {
    if (typeof value === 'string') return holds(op, compareText(fold(value, rule), text));
    return typeof value === 'number' && typeof literal === 'number' && holds(op, value - literal);
  };
}

/** co/sw/ew: string values only (anything else never matches), folded unless caseExact. */
function substringTest(op: SubstringOperator, literal: Exclude<FilterLiteral, null>, rule: LeafRule, label: string): ValueTest {
  if (rule.type === 'boolean') invalid(`The "${op}" operator cannot be used with boolean attribute "${label}"`);
  if (typeof literal === 'boolean') invalid(`The "${op}" operator needs a string value, not ${literal}`);
  const needle = fold(String(literal), rule);
  const matches: (haystack: string) => boolean =
    op === 'co' ? (h) => h.includes(needle) : op === 'sw' ? (h) => h.startsWith(needle) : (h) => h.endsWith(needle);
  return (value) => typeof value === 'string' && matches(fold(value, rule));
}

/**
 * Builds the test for one value. `ne` is not handled here: the evaluator defines it over all of an
 * attribute's values (see evaluate.ts). A null literal is handled there too (presence).
 */
export function compileValueTest(
  op: Exclude<CompareOperator, 'ne'>,
  literal: Exclude<FilterLiteral, null>,
  rule: LeafRule,
  label: string,
): ValueTest {
  switch (op) {
    case 'eq':
      return equalityTest(literal, rule, label);
    case 'co':
    case 'sw':
    case 'ew':
      return substringTest(op, literal, rule, label);
    default:
      return orderingTest(op, literal, rule, label);
  }
}

/**
 * RFC 7644 `pr`: the value is not null, not an empty string, not an empty array and not an object
 * whose members are all unassigned (checked one level deep).
 */
export function isPresent(value: unknown): boolean {
  return hasContent(value) && (!isPlainObject(value) || Object.values(value).some(hasContent));
}

function hasContent(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return true;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
