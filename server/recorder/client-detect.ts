/** Says which identity provider sent a request, from its User-Agent or, when that is silent, from the shapes only Okta or Entra ID send. */
import type { ClientKind } from '../contract/exchange.js';
import { booleanOf, eqTerms, isObject, member, param, patchOps } from './scim-shape-read.js';

/** What else about the request helps when the User-Agent names nobody (an ExchangeFacts fits). */
export interface DetectHints {
  method?: string;
  scimPath?: string | null;
  query?: Record<string, string>;
  /** The query string as received, undecoded. */
  rawQuery?: string;
}

/** User-Agent patterns, checked in order; the inspector's own replays come first since they may quote another client. */
const USER_AGENTS: Array<[RegExp, ClientKind]> = [
  [/^scimscope/i, 'scimscope'],
  // "Okta SCIM Client 1.0.0" (provisioning), "OKTA SCIM Integration" (SPEC test GETs); the SPEC test runs on Runscope/BlazeMeter.
  [/okta|runscope|blazemeter/i, 'okta'],
  // "Microsoft Azure AD SCIM provisioning" and other Microsoft provisioning agents.
  [/azure ad|azure active directory|microsoft\.identity|(?:^|[^a-z])aad(?:[^a-z]|$)|entra/i, 'entra'],
  [/onelogin/i, 'onelogin'],
  [/jumpcloud/i, 'jumpcloud'],
  [/ping ?one|ping ?identity|ping ?federate/i, 'pingone'],
  [/google/i, 'google'],
  [/^curl\//i, 'curl'],
];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENTRA_GROUP_SCHEMA = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

/** True when the value is a random GUID, the matching value Entra's Test Connection queries. */
export const isGuid = (value: string): boolean => GUID.test(value);

/**
 * The client that sent a request. The User-Agent decides when it names a known client; otherwise the
 * body and query shapes documented for Okta and Entra ID (docs/research/idp-request-shapes.md) do.
 */
export function detectClient(headers: Record<string, string>, body: unknown, hints: DetectHints = {}): ClientKind {
  const userAgent = (headers['user-agent'] ?? '').trim();
  for (const [pattern, kind] of USER_AGENTS) if (pattern.test(userAgent)) return kind;
  return entraShape(body, hints) ? 'entra' : oktaShape(body, hints) ? 'okta' : 'unknown';
}

/** Entra ID: capitalised ops, "True"/"False" strings, `$ref: null`, its group schema, members excluded, GUID test lookups. */
function entraShape(body: unknown, hints: DetectHints): boolean {
  const ops = patchOps(body);
  if (ops.some((o) => /^(Add|Replace|Remove)$/.test(o.opSent))) return true;
  if (ops.some((o) => typeof o.value === 'string' && /^(True|False)$/.test(o.value))) return true;
  if (ops.some((o) => Array.isArray(o.value) && o.value.some((v) => isObject(v) && Object.prototype.hasOwnProperty.call(v, '$ref') && v.$ref === null))) return true;
  const schemas = member(body, 'schemas');
  if (Array.isArray(schemas) && schemas.includes(ENTRA_GROUP_SCHEMA)) return true;
  // Entra's create bodies carry meta.resourceType; Okta's echo of meta comes with an id, on PUT.
  if (hints.method === 'POST' && isObject(member(body, 'meta')) && member(body, 'id') === undefined) return true;
  const query = hints.query ?? {};
  const isGroups = /^\/groups/i.test(hints.scimPath ?? '');
  if (isGroups && /^members$/i.test(param(query, 'excludedAttributes') ?? '')) return true;
  const terms = eqTerms(param(query, 'filter') ?? '');
  if (terms?.length === 1 && /^username$/i.test(terms[0]!.attribute) && isGuid(terms[0]!.value)) return true;
  // Entra form-encodes its filters (filter=externalId+eq+%22…%22).
  if (hints.rawQuery !== undefined && /(?:^|&)filter=[^&]*\+/i.test(hints.rawQuery)) return true;
  return false;
}

/** Okta: pathless `replace` of {active} / {password} / {id, displayName}, its paged lookups and its constant test queries. */
function oktaShape(body: unknown, hints: DetectHints): boolean {
  const ops = patchOps(body);
  const pathless = ops.length > 0 && ops.every((o) => o.opSent === 'replace' && o.path === null && isObject(o.value));
  if (pathless) {
    const keys = ops.flatMap((o) => Object.keys(o.value as object));
    const activeOnly = keys.length > 0 && keys.every((k) => k === 'active') && ops.every((o) => typeof booleanOf((o.value as { active?: unknown }).active) === 'boolean');
    const rename = keys.includes('displayName') && keys.every((k) => k === 'id' || k === 'displayName');
    if (activeOnly || rename || (keys.length === 1 && keys[0] === 'password')) return true;
  }
  const userName = member(body, 'userName');
  if (typeof userName === 'string' && /^Runscope\d/.test(userName)) return true;
  const query = hints.query ?? {};
  const startIndex = param(query, 'startIndex');
  const count = param(query, 'count');
  const filter = param(query, 'filter');
  if (filter !== undefined && startIndex === '1' && count === '100' && eqTerms(filter)?.length === 1) return true;
  if (filter === undefined && /^\/users\/?$/i.test(hints.scimPath ?? '') && startIndex === '1' && count === '2') return true;
  return false;
}
