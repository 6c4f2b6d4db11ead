/**
 * The format every request shape is written in (server/idp/request-shapes.ts and the files it
 * gathers), and the pure helpers that read it: filling placeholders, reading check paths, and
 * judging checks. Kept apart from the data so the recorded requests stay literal and the logic
 * that runs them is in one small place.
 *
 * Runner contract
 * ---------------
 * - `ctx` is a flat string map shared by the steps of one sequence. The runner seeds it
 *   (see `oktaSpecContext`, and `auth` = the full Authorization header value, for example
 *   `Bearer <token>`), and `capture` adds to it after each step.
 * - `path` is relative to the SCIM base URL. When `pathFrom` is present it wins: call it with
 *   `ctx` and use its result verbatim (it is already percent-encoded the way the client encodes
 *   it). Otherwise `path` contains no placeholders and is sent as is.
 * - Header values may contain `{{key}}` placeholders; resolve them with `fillTemplate`.
 * - `body` is either a JSON value or a function of `ctx` returning one; send it with
 *   `JSON.stringify`. No body means no request body.
 * - `expect.checks[].path` uses `getPath` syntax: `a.b`, `a[0].b`, and `["key.with.dots"]` for
 *   keys that contain dots (schema URNs). String values inside `value` may contain `{{key}}`
 *   placeholders (resolve with `fillTemplate`).
 * - Check semantics (`checkPasses` implements them):
 *     exists    : value is present and not null, '' or [] (Runscope "not_empty")
 *     notExists : value is absent, null or [] (an attribute with no values)
 *     equals    : deep equality with `value`
 *     contains  : array contains `value` (deep), or string contains `value`
 *   An optional `type` additionally asserts the JS type (Runscope "is_a_number").
 */
import { SCHEMA } from './request-shape-constants.js';

export type Ctx = Record<string, string>;

export interface SpecCheck {
  /** JSON path into the response body, e.g. 'Resources[0].id' or 'schemas'. */
  path: string;
  op: 'exists' | 'equals' | 'contains' | 'notExists';
  value?: unknown;
  /** Extra JS type assertion on the value at `path` (used for Runscope "is_a_number"). */
  type?: 'number' | 'string' | 'boolean' | 'array' | 'object';
}

export interface SpecStep {
  name: string;
  method: string;
  /** Relative to the SCIM base, e.g. '/Users?startIndex=1&count=1'. Documentation form when pathFrom is set. */
  path: string;
  headers?: Record<string, string>;
  body?: unknown | ((ctx: Ctx) => unknown);
  /** Computes the real request target from ctx; overrides `path`. */
  pathFrom?: (ctx: Ctx) => string;
  expect: {
    status: number;
    checks?: SpecCheck[];
    /** Upper bound the original suite puts on the response time (Runscope "response_time"). */
    maxResponseMs?: number;
  };
  /** ctx key -> JSON path (getPath syntax) into the response body. */
  capture?: Record<string, string>;
  /** Provenance / remarks (citations live in docs/research/idp-request-shapes.md). */
  note?: string;
}


// ---------------------------------------------------------------------------
// Helpers (pure; usable by the runner)
// ---------------------------------------------------------------------------

/** Reads a ctx key, failing loudly when a previous step did not capture it. */
export function need(ctx: Ctx, key: string): string {
  const value = ctx[key];
  if (value === undefined || value === '') {
    throw new Error(`idp-requests: ctx.${key} is not set`);
  }
  return value;
}

/** Replaces `{{key}}` with ctx values. */
export function fillTemplate(template: string, ctx: Ctx): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, key: string) => need(ctx, key));
}

/** Resolves `{{key}}` placeholders in every string of a JSON value. */
export function fillValue(value: unknown, ctx: Ctx): unknown {
  if (typeof value === 'string') return fillTemplate(value, ctx);
  if (Array.isArray(value)) return value.map((item) => fillValue(item, ctx));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = fillValue(item, ctx);
    return out;
  }
  return value;
}

/** Splits a check path into object keys and array indexes. */
export function parsePath(path: string): Array<string | number> {
  const segments: Array<string | number> = [];
  const token = /\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\]|\.?([^.[\]]+)/g;
  let match: RegExpExecArray | null;
  while ((match = token.exec(path)) !== null) {
    if (match[1] !== undefined) segments.push(match[1].replace(/\\(.)/g, '$1'));
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[3] !== undefined) segments.push(match[3]);
  }
  return segments;
}

/** Reads a value from a parsed JSON body; undefined when any segment is missing. */
export function getPath(body: unknown, path: string): unknown {
  let current: unknown = body;
  for (const segment of parsePath(path)) {
    if (current === null || current === undefined) return undefined;
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (typeof current !== 'object' || Array.isArray(current)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return (
    ka.length === kb.length &&
    ka.every((key) => deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  );
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}

/** Evaluates one check against a parsed response body (placeholders in `value` resolved from ctx). */
export function checkPasses(check: SpecCheck, body: unknown, ctx: Ctx): boolean {
  const actual = getPath(body, check.path);
  if (check.type !== undefined && typeOf(actual) !== check.type) return false;
  const expected = fillValue(check.value, ctx);
  switch (check.op) {
    case 'exists':
      return actual !== undefined && actual !== null && actual !== '' && !(Array.isArray(actual) && actual.length === 0);
    case 'notExists':
      return actual === undefined || actual === null || (Array.isArray(actual) && actual.length === 0);
    case 'equals':
      return deepEqual(actual, expected);
    case 'contains':
      if (Array.isArray(actual)) return actual.some((item) => deepEqual(item, expected));
      return typeof actual === 'string' && typeof expected === 'string' && actual.includes(expected);
  }
}

/** Percent-encodes a query value the way RFC 3986 clients do (space -> %20, '"' -> %22, '@' -> %40). */
export function pct(value: string): string {
  return encodeURIComponent(value);
}

/** Form-encodes a query value (space -> '+'), as Entra ID was observed to send filters. */
export function form(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}

/** A step's path to one resource by a captured id: the template shown, and the URL built from the run's context. */
export function byId(resource: 'Users' | 'Groups', key: string): Pick<SpecStep, 'path' | 'pathFrom'> {
  return { path: `/${resource}/{{${key}}}`, pathFrom: (ctx) => `/${resource}/${pct(need(ctx, key))}` };
}

/** What an RFC 7644 §3.12 error for an unknown id must carry. */
export const NOT_FOUND_CHECKS: SpecCheck[] = [
  { path: 'schemas', op: 'contains', value: SCHEMA.error },
  { path: 'status', op: 'equals', value: '404' },
];
