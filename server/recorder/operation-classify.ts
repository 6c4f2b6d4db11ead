/** Turns one recorded exchange into what it meant to the person watching ("Okta deactivated jane@example.com"), so the traffic list reads as a story rather than as HTTP. */
// Rules, in order: a 401 is auth.failed; GETs of discovery endpoints are discovery. Lists: no filter
// and count <= 2 on /Users is a connection test (Okta's count=1/2 probes), else an import; an `eq`
// filter on a unique attribute is a lookup, except a bare-GUID userName that matches nothing (Entra's
// Test Connection); other filters are imports. User PUT/PATCH: what the store says changed decides
// (an active flip is deactivate/reactivate even alongside other changes); with no visible change the
// request body decides (active → lifecycle, password alone → user.password). Group PATCH: members-only
// ops are add / remove / replace (replace for a replace op or adds mixed with removes), displayName only
// is a rename (a rename riding along an Okta membership push that left the name unchanged is ignored),
// anything else is group.update; group PUT compares before/after the same way.
import type { ClientKind, Operation, OperationKind } from '../contract/exchange.js';
import type { ExchangeFacts } from './exchange-facts.js';
import { isGuid } from './client-detect.js';
import { classifyOAuth } from './oauth-classify.js';
import { clientName, clip, failed, failureText, formatCount, groupNoun, groupRef, plural, sentence, userRef } from './operation-summary.js';
import { eqTerms, listParamsOf, listStats, member, routeOf, type EqTerm, type ListParams, type ListStats } from './scim-shape-read.js';
import { classifyGroupWrite, classifyUserWrite } from './write-classify.js';

export type { ExchangeFacts };

const op = (kind: OperationKind, resourceType: Operation['resourceType'], resourceId: string | null, summary: string): Operation => ({ kind, resourceType, resourceId, summary });

/** What a request meant: its operation kind, the resource it concerned and a one-line summary. */
export function classifyOperation(facts: ExchangeFacts, client: ClientKind): Operation {
  const route = routeOf(facts.scimPath);
  const type = facts.resourceType ?? route?.type ?? null;
  const id = facts.resourceId ?? route?.id ?? null;
  const who = clientName(client);
  const method = facts.method.toUpperCase();
  if (route === null) {
    const oauth = classifyOAuth(facts, who);
    if (oauth) return oauth;
  }
  if (facts.authFailed || facts.status === 401) return op('auth.failed', type, id, refusal(facts, who));
  if (route === null) {
    return op('unknown', null, null, `${who} called ${method} ${facts.path ?? ''} outside the SCIM base path${failed(facts) ? `: ${failureText(facts)}` : ''}`.replace(/ {2}/g, ' '));
  }
  const other = () => op('unknown', type, id, `${who} sent ${method} ${facts.scimPath}${failed(facts) ? `: ${failureText(facts)}` : ''}`);
  if (route.endpoint === 'ServiceProviderConfig' || route.endpoint === 'Schemas' || route.endpoint === 'ResourceTypes') {
    if (method !== 'GET') return other();
    const what = route.id === null ? `the ${route.endpoint}` : route.endpoint === 'Schemas' ? `the schema ${route.id}` : `the ${route.endpoint === 'ResourceTypes' ? 'resource type' : route.endpoint} ${route.id}`;
    return op('discovery', null, null, sentence(facts, client, `read ${what}`, `read ${what}`));
  }
  if (type === null || route.endpoint === 'other') return other();
  if ((method === 'GET' && route.id === null && !route.search) || (method === 'POST' && route.search)) {
    const [kind, summary] = classifyList(facts, client, type);
    return op(kind, type, null, summary);
  }
  if (route.search) return other();
  if (route.id === null) {
    if (method !== 'POST') return other();
    const change = facts.changes.find((c) => c.resourceType === type && c.before === null);
    const responseId = member(facts.responseBody, 'id');
    const newId = change?.id ?? (typeof responseId === 'string' ? responseId : null) ?? facts.resourceId;
    return op(type === 'User' ? 'user.create' : 'group.create', type, failed(facts) ? null : newId, createSummary(facts, client, type, newId));
  }
  const t = type === 'User' ? 'user' : 'group';
  const ref = type === 'User' ? userRef(facts, id) : groupNoun(groupRef(facts, id));
  switch (method) {
    case 'GET':
      return op(`${t}.read`, type, id, sentence(facts, client, `read ${ref}`, `read ${ref}`));
    case 'DELETE':
      return op(`${t}.delete`, type, id, sentence(facts, client, `deleted ${ref}`, `delete ${ref}`));
    case 'PUT':
    case 'PATCH': {
      const [kind, summary] = type === 'User' ? classifyUserWrite(facts, client, id!) : classifyGroupWrite(facts, client, id!);
      return op(kind, type, id, summary);
    }
    default:
      return other();
  }
}

/** "Okta was refused: the bearer token is wrong". */
function refusal(facts: ExchangeFacts, who: string): string {
  const detail = (facts.error?.detail ?? (member(facts.responseBody, 'detail') as string | undefined) ?? '').toString().trim().replace(/\.$/, '');
  if (detail === '') return `${who} was refused (${facts.status || 401})`;
  const lowered = /^[A-Z][a-z]/.test(detail) ? detail[0]!.toLowerCase() + detail.slice(1) : detail;
  return `${who} was refused: ${clip(lowered, 140)}`;
}

const LOOKUP_ATTRIBUTES = { User: /^(userName|externalId|id|emails(\[[^\]]*\])?(\.value)?)$/i, Group: /^(displayName|externalId|id)$/i };

function classifyList(facts: ExchangeFacts, client: ClientKind, type: 'User' | 'Group'): [OperationKind, string] {
  const q = listParamsOf(facts);
  const stats = listStats(facts.responseBody);
  const noun = type === 'User' ? 'users' : 'groups';
  const t = type === 'User' ? 'user' : 'group';
  const test = (): [OperationKind, string] => ['connection.test', sentence(facts, client, 'tested the connection', 'test the connection')];
  if (q.filter === null) {
    if (type === 'User' && q.count !== undefined && q.count <= 2) return test();
    return [`${t}.import`, sentence(facts, client, importText(noun, stats, q, ''), `list ${noun}`)];
  }
  const terms = eqTerms(q.filter);
  if (terms && terms.some((term) => LOOKUP_ATTRIBUTES[type].test(term.attribute))) {
    const only = terms.length === 1 ? terms[0]! : null;
    // Entra's Test Connection: a userName that is a random GUID, expected to match nothing.
    const guidProbe = type === 'User' && only !== null && /^userName$/i.test(only.attribute) && isGuid(only.value);
    if (guidProbe && (client === 'entra' || client === 'unknown') && (stats?.total === 0 || failed(facts))) return test();
    const subject = lookupSubject(type, terms);
    let found = '';
    if (stats?.total !== undefined) {
      const name = type === 'User' ? member(stats.first, 'userName') : member(stats.first, 'displayName');
      const named = only !== null && /^(userName|displayName)$/i.test(only.attribute);
      found = stats.total === 0 ? ' (not found)' : !named && typeof name === 'string' ? ` (found ${name})` : stats.total > 1 ? ` (found ${formatCount(stats.total)})` : ' (found)';
    }
    return [`${t}.lookup`, sentence(facts, client, `looked up ${subject}${found}`, `look up ${subject}`)];
  }
  const matching = ` matching ${clip(q.filter, 60)}`;
  return [`${t}.import`, sentence(facts, client, importText(noun, stats, q, matching), `list ${noun}${matching}`)];
}

function lookupSubject(type: 'User' | 'Group', terms: EqTerm[]): string {
  const only = terms.length === 1 ? terms[0]! : null;
  if (only && type === 'User' && /^userName$/i.test(only.attribute)) return only.value;
  if (only && type === 'Group' && /^displayName$/i.test(only.attribute)) return `group ${only.value}`;
  return `the ${type === 'User' ? 'user' : 'group'} with ${terms.map((term) => `${term.attribute} "${clip(term.value, 40)}"`).join(' and ')}`;
}

/** "imported users 101–200 of 5,000". */
function importText(noun: string, stats: ListStats | null, q: ListParams, matching: string): string {
  if (stats === null) return `listed ${noun}${matching}`;
  const total = stats.total ?? stats.items;
  const start = stats.start ?? Math.max(q.startIndex ?? 1, 1);
  if (stats.items > 0) {
    const range = stats.items === 1 ? `${noun.slice(0, -1)} ${formatCount(start)}` : `${noun} ${formatCount(start)}–${formatCount(start + stats.items - 1)}`;
    return `imported ${range} of ${formatCount(total)}${matching}`;
  }
  if (q.count === 0) return `counted ${noun}${matching} (${formatCount(total)})`;
  if (total === 0) return `listed ${noun}${matching} (${matching ? 'none matched' : 'there are none'})`;
  return `listed ${noun}${matching} past the end (${formatCount(total)} in all)`;
}

function createSummary(facts: ExchangeFacts, client: ClientKind, type: 'User' | 'Group', id: string | null): string {
  if (type === 'User') {
    const ref = userRef(facts, failed(facts) ? null : id, 'after');
    return sentence(facts, client, `created ${ref}`, `create ${ref}`);
  }
  const ref = groupNoun(groupRef(facts, failed(facts) ? null : id, 'after'));
  const members = member(facts.body, 'members');
  const withMembers = Array.isArray(members) && members.length > 0 ? ` with ${plural(members.length, 'member')}` : '';
  return sentence(facts, client, `created ${ref}${withMembers}`, `create ${ref}`);
}
