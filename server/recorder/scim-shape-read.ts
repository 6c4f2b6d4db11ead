/** Reads the SCIM shapes of a recorded exchange leniently, the way the server reads them: members case-insensitively, PATCH operations, `eq` filters, routes, list parameters and list statistics. */
import type { ExchangeFacts } from './exchange-facts.js';

export type Obj = Record<string, unknown>;

export const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Reads an object member by name, case-insensitively (RFC 7643 §2.1: attribute names are case-insensitive). */
export function member(obj: unknown, name: string): unknown {
  if (!isObject(obj)) return undefined;
  if (Object.prototype.hasOwnProperty.call(obj, name)) return obj[name];
  const key = keyLike(Object.keys(obj), name);
  return key === undefined ? undefined : obj[key];
}

/** Reads a query parameter whatever case the client spelled it in. */
export function param(query: Record<string, string>, name: string): string | undefined {
  const key = keyLike(Object.keys(query), name);
  return key === undefined ? undefined : query[key];
}

/**
 * The first key equal to `name` ignoring case. Only keys of the same length are lower-cased (no
 * closure, no lower-cased copy of every key): asked several times per recorded exchange.
 */
function keyLike(keys: string[], name: string): string | undefined {
  let lower: string | undefined;
  for (const k of keys) {
    if (k.length !== name.length) continue;
    lower ??= name.toLowerCase();
    if (k.toLowerCase() === lower) return k;
  }
  return undefined;
}

/** An integer from a query value or a SearchRequest member; undefined when absent or not an integer. */
export function integerOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

/** A boolean, including Entra's "True"/"False" strings. */
export function booleanOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^\s*(true|false)\s*$/i.test(value)) return value.trim().toLowerCase() === 'true';
  return undefined;
}

export interface PatchOp {
  /** Lower-cased op ('add' | 'remove' | 'replace' or whatever was sent). */
  op: string;
  /** The op exactly as sent. */
  opSent: string;
  path: string | null;
  value: unknown;
}

/** The operations of a PATCH body, read the lenient way the server reads them; [] when it has none. */
export function patchOps(body: unknown): PatchOp[] {
  const ops = member(body, 'Operations');
  if (!Array.isArray(ops)) return [];
  return ops.filter(isObject).map((raw) => {
    const opSent = member(raw, 'op');
    const path = member(raw, 'path');
    return {
      op: typeof opSent === 'string' ? opSent.toLowerCase() : '',
      opSent: typeof opSent === 'string' ? opSent : '',
      path: typeof path === 'string' && path.trim() !== '' ? path.trim() : null,
      value: member(raw, 'value'),
    };
  });
}

/** The attribute a PATCH path is about: `emails[type eq "work"].value` → emails, `urn:…:User:manager` → manager. */
export function pathRoot(path: string): string {
  const noFilter = path.replace(/\[[^\]]*\]/g, '');
  const urn = /^urn:.*:([A-Za-z][\w$-]*)(?:\.[\w$-]+)?$/i.exec(noFilter);
  if (urn) return urn[1]!;
  return noFilter.split('.')[0] ?? noFilter;
}

export interface EqTerm {
  attribute: string;
  value: string;
}

const EQ_TERM = /^\s*([A-Za-z][\w.$:-]*(?:\[[^\]]*\])?(?:\.[\w$-]+)?)\s+eq\s+("(?:[^"\\]|\\.)*"|true|false|-?\d+(?:\.\d+)?)\s*(?:\s+and\s+|$)/i;

/** Splits a filter made only of `attr eq value` terms joined by `and`; null for any other filter. */
export function eqTerms(filter: string): EqTerm[] | null {
  const terms: EqTerm[] = [];
  let rest = filter.trim();
  while (rest !== '') {
    const m = EQ_TERM.exec(rest);
    if (!m) return null;
    let value = m[2]!;
    if (value.startsWith('"')) {
      try {
        value = JSON.parse(value) as string;
      } catch {
        value = value.slice(1, -1);
      }
    }
    terms.push({ attribute: m[1]!, value });
    rest = rest.slice(m[0].length);
  }
  return terms.length > 0 ? terms : null;
}

export interface Route {
  endpoint: 'Users' | 'Groups' | 'ServiceProviderConfig' | 'Schemas' | 'ResourceTypes' | 'other';
  type: 'User' | 'Group' | null;
  /** The id segment, decoded; null for the collection. */
  id: string | null;
  /** True for `/Users/.search` and `/Groups/.search`. */
  search: boolean;
}

const ENDPOINTS: Record<string, Route['endpoint']> = {
  users: 'Users', groups: 'Groups', serviceproviderconfig: 'ServiceProviderConfig', serviceproviderconfigs: 'ServiceProviderConfig', schemas: 'Schemas', resourcetypes: 'ResourceTypes',
};

/** The last path read: classification and lint ask about the same exchange's path several times. */
let lastRoute: { path: string; route: Route | null } | null = null;

/** Reads a SCIM path ('/Users/abc', '/Groups/.search') into its endpoint and id; null outside the base path. */
export function routeOf(scimPath: string | null): Route | null {
  if (scimPath === null) return null;
  if (lastRoute?.path === scimPath) return lastRoute.route;
  const route = readRoute(scimPath);
  lastRoute = { path: scimPath, route };
  return route;
}

function readRoute(scimPath: string): Route | null {
  const q = scimPath.indexOf('?');
  const segments = (q < 0 ? scimPath : scimPath.slice(0, q)).split('/').filter(Boolean);
  const endpoint = ENDPOINTS[(segments[0] ?? '').toLowerCase()] ?? 'other';
  const type = endpoint === 'Users' ? 'User' : endpoint === 'Groups' ? 'Group' : null;
  if (segments.length > 2 && endpoint !== 'Schemas') return { endpoint: 'other', type, id: null, search: false };
  const raw = segments.length > 1 ? segments.slice(1).join('/') : null;
  const search = raw === '.search';
  let id: string | null = search ? null : raw;
  // Without a '%' there is nothing to decode (a read's id, every time: the decoder's call costs more than the rest).
  if (id !== null && id.includes('%')) {
    try {
      id = decodeURIComponent(id);
    } catch {
      // keep it as sent
    }
  }
  return { endpoint, type, id, search };
}

export interface ListParams {
  filter: string | null;
  startIndex: number | undefined;
  count: number | undefined;
}

/**
 * The last list request's parameters: classification and four lint rules ask for them. Keyed by
 * what they are read from (the method, the query object and the request body, each exchange's
 * own), not by the facts: a memo of the facts kept the last list page's parsed response body,
 * headers and lookup until the next list request, which after an import walk may never come. What
 * this keeps is that request's query (a few strings) and, for a `.search`, its small body. A
 * WeakMap by facts cost ~1 µs more per lookup (microbenchmark, docs/decisions.md).
 */
let lastParams: { method: string; query: ExchangeFacts['query']; body: unknown; params: ListParams } | null = null;

/** filter/startIndex/count of a list request, from the URL or from a `.search` body. */
export function listParamsOf(facts: ExchangeFacts): ListParams {
  const last = lastParams;
  if (last !== null && last.query === facts.query && last.body === facts.body && last.method === facts.method) return last.params;
  const params = readListParams(facts);
  lastParams = { method: facts.method, query: facts.query, body: facts.body, params };
  return params;
}

function readListParams(facts: ExchangeFacts): ListParams {
  const fromBody = facts.method === 'POST';
  const read = (name: string): unknown => (fromBody ? member(facts.body, name) : param(facts.query, name));
  const filter = read('filter');
  return {
    filter: typeof filter === 'string' && filter.trim() !== '' ? filter.trim() : null,
    startIndex: integerOf(read('startIndex')),
    count: integerOf(read('count')),
  };
}

export interface ListStats {
  total: number | undefined;
  start: number | undefined;
  items: number;
  first: unknown;
}

export function listStats(body: unknown): ListStats | null {
  if (!isObject(body)) return null;
  const resources = member(body, 'Resources');
  const total = integerOf(member(body, 'totalResults'));
  if (total === undefined && !Array.isArray(resources)) return null;
  const items = Array.isArray(resources) ? resources.length : integerOf(member(body, 'itemsPerPage')) ?? 0;
  return { total, start: integerOf(member(body, 'startIndex')), items, first: Array.isArray(resources) ? resources[0] : undefined };
}
