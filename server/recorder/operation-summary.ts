/** Shared vocabulary of the recorder's interpretation: naming clients and resources in one plain line ("Okta", "jane@example.com", "group Sales"). */
import type { ClientKind } from '../contract/exchange.js';
import type { ExchangeFacts } from './exchange-facts.js';
import { isObject, member } from './scim-shape-read.js';

const CLIENT_NAMES: Record<ClientKind, string> = {
  okta: 'Okta',
  entra: 'Entra',
  onelogin: 'OneLogin',
  jumpcloud: 'JumpCloud',
  pingone: 'PingOne',
  google: 'Google',
  curl: 'curl',
  scimscope: 'The inspector',
  unknown: 'A client',
};

/** How a summary names the client: "Okta", "Entra", "The inspector", "A client". */
export const clientName = (client: ClientKind): string => CLIENT_NAMES[client];

/** 5000 → "5,000". */
export const formatCount = (n: number): string => n.toLocaleString('en-US');

/** "1 member" / "2 members". */
export const plural = (n: number, noun: string): string => `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;

/** Shortens a quoted fragment for one-line summaries and lint messages. */
export function clip(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** A user's name for people: userName, else displayName, else id. */
export const userLabel = (r: unknown): string | undefined => text(member(r, 'userName')) ?? text(member(r, 'displayName')) ?? text(member(r, 'id'));
/** A group's name for people: displayName, else id. */
export const groupLabel = (r: unknown): string | undefined => text(member(r, 'displayName')) ?? text(member(r, 'id'));

/** The store change of one resource, if the request made one. */
export function changeOf(facts: ExchangeFacts, type: 'User' | 'Group', id: string | null) {
  return facts.changes.find((c) => c.resourceType === type && (id === null || c.id === id)) ?? null;
}

/**
 * A resource's name for people, from what the exchange knows, most trustworthy first: the store's
 * before/after, the current view, the request body, the response. `prefer: 'after'` names a created
 * or updated resource by its new name; deletes and renames use the old one. Undefined when unnamed.
 */
export function resourceName(facts: ExchangeFacts, type: 'User' | 'Group', id: string | null, prefer: 'before' | 'after' = 'before'): string | undefined {
  const change = changeOf(facts, type, id);
  // Each source is read only if the ones before it named nothing (no array of candidates per call).
  return (
    nameIn(type, prefer === 'before' ? change?.before : change?.after) ??
    nameIn(type, prefer === 'before' ? change?.after : change?.before) ??
    nameIn(type, safeLookup(facts, type, id)) ??
    nameIn(type, facts.method === 'POST' || facts.method === 'PUT' ? facts.body : undefined) ??
    nameIn(type, member(facts.responseBody, 'Resources') === undefined ? facts.responseBody : undefined)
  );
}

const nameIn = (type: 'User' | 'Group', r: unknown): string | undefined =>
  type === 'User' ? text(member(r, 'userName')) ?? text(member(r, 'displayName')) : text(member(r, 'displayName'));

/** "jane@example.com", or "user 2819c2…" when only the id is known. */
export function userRef(facts: ExchangeFacts, id: string | null, prefer: 'before' | 'after' = 'before'): string {
  return resourceName(facts, 'User', id, prefer) ?? (id !== null ? `user ${id}` : 'a user');
}

/** "Sales" (bare, for "added … to Sales"), or "group 5d48…" when only the id is known. */
export function groupRef(facts: ExchangeFacts, id: string | null, prefer: 'before' | 'after' = 'before'): string {
  return resourceName(facts, 'Group', id, prefer) ?? (id !== null ? `group ${id}` : 'a group');
}

/** "group Sales" / "group 5d48…". */
export const groupNoun = (ref: string): string => (/^(group |a group$)/.test(ref) ? ref : `group ${ref}`);

function safeLookup(facts: ExchangeFacts, type: 'User' | 'Group', id: string | null): unknown {
  if (id === null) return undefined;
  try {
    return facts.lookup(type, id);
  } catch {
    return undefined;
  }
}

/** Names a group member (a user or a nested group) by id, with the display the client sent as a fallback. */
export function memberLabel(facts: ExchangeFacts, id: string, display?: unknown): string {
  for (const type of ['User', 'Group'] as const) {
    const found = safeLookup(facts, type, id);
    const name = type === 'User' ? userLabel(found) : groupLabel(found);
    if (found !== undefined && name !== undefined) return name;
  }
  return text(display) ?? id;
}

/** True when the request did not succeed: no response, or an error status. */
export const failed = (facts: ExchangeFacts): boolean => facts.status === 0 || facts.status >= 400;

/** What went wrong, for "Okta tried to …: 409 uniqueness (…)". */
export function failureText(facts: ExchangeFacts): string {
  if (facts.status === 0) return 'no response was sent';
  const scimType = facts.error?.scimType ?? text(member(facts.responseBody, 'scimType'));
  const detail = facts.error?.detail ?? text(member(facts.responseBody, 'detail'));
  const cleaned = detail === undefined ? '' : clip(detail.trim().replace(/\.$/, ''), 120);
  return `${facts.status}${scimType ? ` ${scimType}` : ''}${cleaned ? ` (${cleaned})` : ''}`;
}

/** One sentence: "Okta created x" on success, "Okta tried to create x: 409 …" on failure. */
export function sentence(facts: ExchangeFacts, client: ClientKind, done: string, attempt: string): string {
  const who = clientName(client);
  return failed(facts) ? `${who} tried to ${attempt}: ${failureText(facts)}` : `${who} ${done}`;
}

/** Structural JSON equality, object key order ignored. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameJson(a[k], b[k]));
}

/**
 * The attributes that differ between two views of a resource, one level deep: "name.givenName",
 * "emails", and an extension's sub-attributes by their own names ("manager"). `meta` is ignored.
 */
export function changedPaths(before: unknown, after: unknown, depth = 0): string[] {
  const b = isObject(before) ? before : {};
  const a = isObject(after) ? after : {};
  const out: string[] = [];
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (key === 'meta' || sameJson(b[key], a[key])) continue;
    const bv = b[key];
    const av = a[key];
    if (depth === 0 && (isObject(bv) || bv === undefined) && (isObject(av) || av === undefined) && (isObject(bv) || isObject(av))) {
      const urn = /^urn:/i.test(key);
      for (const sub of changedPaths(bv, av, 1)) out.push(urn ? sub : `${key}.${sub}`);
    } else {
      out.push(key);
    }
  }
  return out;
}

/** "a, b and c" / "a, b, c and 2 more". */
export function listOf(items: string[], max = 3): string {
  const unique = [...new Set(items)];
  if (unique.length <= 1) return unique.join('');
  if (unique.length <= max) return `${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`;
  return `${unique.slice(0, max).join(', ')} and ${unique.length - max} more`;
}
