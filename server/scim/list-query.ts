/**
 * The query parameters of a SCIM list or `.search` (RFC 7644 §3.4.2, §3.4.3): filter, paging,
 * sorting and projection, read from the URL or a SearchRequest body, with the RFC's rules for
 * out-of-range values (startIndex < 1 means 1; a negative count means 0) and a page-size ceiling.
 */
import { badRequest } from './errors.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
const SEARCH_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

export interface ListQuery {
  filter: string | null;
  startIndex: number;
  count: number;
  /** True when the client did not send `count` (the default page size applies). */
  countDefaulted: boolean;
  sortBy: string | null;
  sortOrder: 'ascending' | 'descending';
  attributes: string[] | null;
  excludedAttributes: string[] | null;
}

type Raw = Record<string, unknown>;

/**
 * Case-insensitive parameter lookup: clients send `startindex`, `Count`... The first key (in the
 * object's order) that matches wins. The keys are lower-cased once per query, not once per parameter.
 */
class Params {
  private readonly keys: string[];
  private readonly lowered: string[];

  constructor(private readonly raw: Raw) {
    this.keys = Object.keys(raw);
    this.lowered = this.keys.map((k) => k.toLowerCase());
  }

  get(name: string): unknown {
    const i = this.lowered.indexOf(name.toLowerCase());
    return i < 0 ? undefined : this.raw[this.keys[i]!];
  }
}

function integer(value: unknown, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const text = Array.isArray(value) ? value[value.length - 1] : value;
  const n = typeof text === 'number' ? text : typeof text === 'string' && /^\s*[-+]?\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n)) throw badRequest('invalidValue', `"${name}" must be an integer, not ${JSON.stringify(text)}.`);
  return n;
}

/**
 * Splits `userName,emails[type eq "work" or type eq "a,b"]` at the commas outside brackets and
 * quotes, so a value filter in a name (a form Microsoft's test collection sends) stays whole.
 */
function splitNames(text: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      names.push(text.slice(start, i));
      start = i + 1;
    }
  }
  names.push(text.slice(start));
  return names.map((v) => v.trim()).filter(Boolean);
}

function list(value: unknown, name: string): string[] | null {
  if (value === undefined || value === null || value === '') return null;
  if (Array.isArray(value)) {
    if (!value.every((v) => typeof v === 'string')) throw badRequest('invalidValue', `"${name}" must list attribute names as strings.`);
    return value.flatMap((v) => splitNames(v as string));
  }
  if (typeof value !== 'string') throw badRequest('invalidValue', `"${name}" must be a comma-separated list of attribute names.`);
  return splitNames(value);
}

function text(value: unknown, name: string): string | null {
  if (value === undefined || value === null) return null;
  const v = Array.isArray(value) ? value[value.length - 1] : value;
  if (typeof v !== 'string') throw badRequest('invalidValue', `"${name}" must be a string.`);
  return v;
}

/** Reads a list query from URL parameters (GET) or a SearchRequest body (POST .search). */
export function parseListQuery(raw: Raw, fromBody = false): ListQuery {
  const params = new Params(raw);
  if (fromBody) {
    const schemas = params.get('schemas');
    if (schemas !== undefined && !(Array.isArray(schemas) && schemas.includes(SEARCH_REQUEST))) {
      throw badRequest('invalidSyntax', `A search body's "schemas" must contain "${SEARCH_REQUEST}".`);
    }
  }
  const startIndex = integer(params.get('startIndex'), 'startIndex');
  const count = integer(params.get('count'), 'count');
  const order = text(params.get('sortOrder'), 'sortOrder');
  if (order !== null && !/^(ascending|descending)$/i.test(order)) {
    throw badRequest('invalidValue', `"sortOrder" must be "ascending" or "descending", not ${JSON.stringify(order)}.`);
  }
  const filter = text(params.get('filter'), 'filter');
  return {
    filter: filter !== null && filter.trim() !== '' ? filter : null,
    startIndex: startIndex === undefined || startIndex < 1 ? 1 : startIndex,
    count: count === undefined ? DEFAULT_PAGE_SIZE : Math.min(Math.max(count, 0), MAX_PAGE_SIZE),
    countDefaulted: count === undefined,
    sortBy: text(params.get('sortBy'), 'sortBy'),
    sortOrder: order !== null && order.toLowerCase() === 'descending' ? 'descending' : 'ascending',
    attributes: list(params.get('attributes'), 'attributes'),
    excludedAttributes: list(params.get('excludedAttributes'), 'excludedAttributes'),
  };
}
