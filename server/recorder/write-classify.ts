/** Classifies a PUT or PATCH of a user or a group: what the store says changed decides, else what the request body asks for (deactivate, password sync, membership add/remove/replace, rename, update). */
import type { ClientKind, OperationKind } from '../contract/exchange.js';
import type { ExchangeFacts } from './exchange-facts.js';
import { changeOf, changedPaths, failed, formatCount, groupNoun, groupRef, listOf, memberLabel, plural, sentence, userRef } from './operation-summary.js';
import { booleanOf, isObject, member, patchOps, pathRoot } from './scim-shape-read.js';

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

/** PUT/PATCH of a user: deactivate, reactivate, password sync or a profile update (rules at the top of operation-classify.ts). */
export function classifyUserWrite(facts: ExchangeFacts, client: ClientKind, id: string): [OperationKind, string] {
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
export function classifyGroupWrite(facts: ExchangeFacts, client: ClientKind, id: string): [OperationKind, string] {
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
