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
import {
  booleanOf, changeOf, changedPaths, clientName, clip, eqTerms, failed, failureText, formatCount, groupNoun, groupRef, isObject,
  listOf, listParamsOf, listStats, member, memberLabel, patchOps, pathRoot, plural, routeOf, sentence, userRef, type EqTerm, type ListParams, type ListStats,
} from './operation-summary.js';

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
  const test: [OperationKind, string] = ['connection.test', sentence(facts, client, 'tested the connection', 'test the connection')];
  if (q.filter === null) {
    if (type === 'User' && q.count !== undefined && q.count <= 2) return test;
    return [`${t}.import`, sentence(facts, client, importText(noun, stats, q, ''), `list ${noun}`)];
  }
  const terms = eqTerms(q.filter);
  if (terms && terms.some((term) => LOOKUP_ATTRIBUTES[type].test(term.attribute))) {
    const only = terms.length === 1 ? terms[0]! : null;
    // Entra's Test Connection: a userName that is a random GUID, expected to match nothing.
    const guidProbe = type === 'User' && only !== null && /^userName$/i.test(only.attribute) && isGuid(only.value);
    if (guidProbe && (client === 'entra' || client === 'unknown') && (stats?.total === 0 || failed(facts))) return test;
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

interface UserIntent {
  active: boolean | undefined;
  password: boolean;
  others: string[];
}

/** What a PUT or PATCH of a user asks for, read from the request body alone. */
function userIntent(facts: ExchangeFacts): UserIntent {
  const intent: UserIntent = { active: undefined, password: false, others: [] };
  const note = (attribute: string, value: unknown, remove = false) => {
    if (/^active$/i.test(attribute)) intent.active = remove ? undefined : booleanOf(value);
    else if (/^password$/i.test(attribute)) intent.password = true;
    else intent.others.push(attribute);
  };
  if (facts.method === 'PUT') {
    for (const [key, value] of Object.entries(isObject(facts.body) ? facts.body : {})) {
      if (!/^(schemas|id|meta|groups)$/i.test(key)) note(key, value);
    }
    return intent;
  }
  for (const o of patchOps(facts.body)) {
    if (o.path !== null) note(pathRoot(o.path), o.value, o.op === 'remove');
    else if (isObject(o.value)) {
      for (const [key, value] of Object.entries(o.value)) {
        if (/^urn:/i.test(key) && isObject(value)) Object.keys(value).forEach((sub) => note(sub, value[sub]));
        else note(pathRoot(key), value);
      }
    }
  }
  return intent;
}

/** PUT/PATCH of a user: deactivate, reactivate, password sync or a profile update (rules at the top of this module). */
function classifyUserWrite(facts: ExchangeFacts, client: ClientKind, id: string): [OperationKind, string] {
  const change = changeOf(facts, 'User', id);
  const diff = change?.before && change.after ? changedPaths(change.before, change.after) : [];
  const intent = userIntent(facts);
  const ref = userRef(facts, id);
  const entra = client === 'entra';
  const lifecycle = (active: boolean, extra: string[]): [OperationKind, string] => {
    const [done, attempt] = active ? (entra ? ['enabled', 'enable'] : ['reactivated', 'reactivate']) : entra ? ['disabled', 'disable'] : ['deactivated', 'deactivate'];
    const also = extra.length > 0 ? ` (and changed ${listOf(extra)})` : '';
    return [active ? 'user.reactivate' : 'user.deactivate', sentence(facts, client, `${done} ${ref}${also}`, `${attempt} ${ref}`)];
  };
  const password: [OperationKind, string] = ['user.password', sentence(facts, client, `synced the password of ${ref}`, `sync the password of ${ref}`)];
  const update = (attributes: string[]): [OperationKind, string] => {
    const what = attributes.length > 0 ? ` (${listOf(attributes)})` : '';
    return ['user.update', sentence(facts, client, `updated ${ref}${what}`, `update ${ref}${what}`)];
  };

  // What the store says changed wins; an active flip is the lifecycle event even with other changes.
  if (diff.length > 0) {
    const extra = diff.filter((p) => p !== 'active').concat(intent.password ? ['password'] : []);
    if (diff.includes('active')) return lifecycle(booleanOf(member(change!.after, 'active')) !== false, extra);
    return update(extra);
  }
  if (facts.method === 'PATCH') {
    if (intent.active !== undefined) return lifecycle(intent.active, intent.others);
    if (intent.password && intent.others.length === 0) return password;
    return update(intent.others.concat(intent.password ? ['password'] : []));
  }
  // PUT carries the whole user, so its intent shows only against the current state.
  if (failed(facts)) {
    const current = booleanOf(member(facts.lookup('User', id), 'active'));
    if (intent.active !== undefined && current !== undefined && intent.active !== current) return lifecycle(intent.active, []);
    return update([]);
  }
  return intent.password ? password : update([]);
}

interface GroupIntent {
  adds: Array<{ id: string; display: unknown }>;
  removes: Array<{ id: string | null; display: unknown }>;
  /** Set when the whole member list is replaced (or cleared): the new size. */
  replaced: number | undefined;
  rename: string | undefined;
  others: string[];
}

const memberRefs = (value: unknown): Array<{ id: string; display: unknown }> =>
  (Array.isArray(value) ? value : [value]).filter(isObject).map((m) => ({ id: String(member(m, 'value') ?? ''), display: member(m, 'display') })).filter((m) => m.id !== '');

/** What a PATCH of a group asks for, read from the request body. */
function groupIntent(facts: ExchangeFacts, id: string): GroupIntent {
  const intent: GroupIntent = { adds: [], removes: [], replaced: undefined, rename: undefined, others: [] };
  const apply = (opName: string, attribute: string, value: unknown, path: string | null) => {
    if (/^members$/i.test(attribute)) {
      const filtered = path !== null ? /value\s+eq\s+"((?:[^"\\]|\\.)*)"/i.exec(path) : null;
      if (opName === 'add') intent.adds.push(...memberRefs(value));
      else if (opName === 'remove' && filtered) intent.removes.push({ id: filtered[1]!, display: undefined });
      else if (opName === 'remove' && value !== undefined && value !== null) intent.removes.push(...memberRefs(value));
      else if (opName === 'remove') intent.replaced = 0;
      else intent.replaced = memberRefs(value).length;
    } else if (/^displayName$/i.test(attribute) && opName !== 'remove' && typeof value === 'string') intent.rename = value;
    else if (!(/^id$/i.test(attribute) && value === id)) intent.others.push(attribute);
  };
  for (const o of patchOps(facts.body)) {
    if (o.path !== null) apply(o.op, pathRoot(o.path), o.value, o.path);
    else if (isObject(o.value)) for (const [key, value] of Object.entries(o.value)) apply(o.op, key, value, null);
  }
  return intent;
}

/** PUT/PATCH of a group: membership add/remove/replace, rename, or another update. */
function classifyGroupWrite(facts: ExchangeFacts, client: ClientKind, id: string): [OperationKind, string] {
  const change = changeOf(facts, 'Group', id);
  const bare = groupRef(facts, id);
  const name = groupNoun(bare);
  const newName = (change?.after ? member(change.after, 'displayName') : undefined) ?? member(facts.body, 'displayName');
  const renamed = (to: string, unchanged: boolean): [OperationKind, string] => {
    if (unchanged) return ['group.rename', sentence(facts, client, `re-sent the name of ${name} (unchanged)`, `rename ${name}`)];
    // Without a store change the old name is gone: the current view already holds the new one.
    const from = bare === to && !change ? 'a group' : name;
    return ['group.rename', sentence(facts, client, `renamed ${from} to ${to}`, `rename ${from} to ${to}`)];
  };
  const update = (what: string[]): [OperationKind, string] => {
    const list = what.length > 0 ? ` (${listOf(what)})` : '';
    return ['group.update', sentence(facts, client, `updated ${name}${list}`, `update ${name}${list}`)];
  };
  const replaced = (n: number): [OperationKind, string] => [
    'group.members.replace',
    sentence(facts, client, `replaced the members of ${bare} (${n === 0 ? 'now none' : plural(n, 'member')})`, `replace the members of ${bare}`),
  ];

  if (facts.method === 'PUT') {
    const members = member(facts.body, 'members');
    const count = Array.isArray(members) ? members.length : 0;
    if (change?.before && change.after) {
      const diff = changedPaths(change.before, change.after);
      if (diff.length === 1 && diff[0] === 'displayName') return renamed(String(newName), false);
      if (diff.length === 1 && diff[0] === 'members') return replaced(count);
      if (diff.length > 0) return update(diff);
    }
    const current = member(failed(facts) ? facts.lookup('Group', id) : change?.before, 'displayName');
    const sameName = current === undefined || current === member(facts.body, 'displayName');
    if (members !== undefined && sameName) return replaced(count);
    if (!sameName && members === undefined) return renamed(String(newName), false);
    return update([]);
  }

  const intent = groupIntent(facts, id);
  const memberOps = intent.adds.length > 0 || intent.removes.length > 0 || intent.replaced !== undefined;
  const nameChanged = change?.before && change.after ? member(change.before, 'displayName') !== member(change.after, 'displayName') : undefined;
  if (intent.others.length > 0 || (memberOps && intent.rename !== undefined && nameChanged !== false)) {
    return update([...intent.others, ...(intent.rename !== undefined ? ['displayName'] : []), ...(memberOps ? ['members'] : [])]);
  }
  if (!memberOps) return intent.rename !== undefined ? renamed(intent.rename, nameChanged === false) : update([]);
  // Okta's rename rides along with membership pushes; when the name did not change, the members are the news.
  if (intent.replaced !== undefined) return replaced(intent.replaced);
  const { adds, removes } = intent;
  const one = (m: { id: string | null; display: unknown }) => (m.id === null ? String(m.display ?? 'a member') : memberLabel(facts, m.id, m.display));
  if (adds.length > 0 && removes.length > 0) {
    return ['group.members.replace', sentence(facts, client, `changed the members of ${bare}: ${formatCount(adds.length)} added, ${formatCount(removes.length)} removed`, `change the members of ${bare}`)];
  }
  if (adds.length > 0) {
    const who = adds.length === 1 ? one(adds[0]!) : plural(adds.length, 'member');
    return ['group.members.add', sentence(facts, client, `added ${who} to ${bare}`, `add ${who} to ${bare}`)];
  }
  const who = removes.length === 1 ? one(removes[0]!) : plural(removes.length, 'member');
  return ['group.members.remove', sentence(facts, client, `removed ${who} from ${bare}`, `remove ${who} from ${bare}`)];
}
