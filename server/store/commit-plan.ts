/**
 * Working out what a commit does before it is applied: the cascades a delete implies (leaving every
 * group it was in), the resources whose client view can change (so their before and after can be
 * recorded), the journal form of each mutation, and the bound on side-effect records per commit.
 */
import type { JsonObject, ResourceTypeName, ScimResource } from '../contract/scim.js';
import type { ResourceChange } from '../contract/store.js';
import type { JournalOp } from './journal-format.js';
import type { Mutation, Repository } from './repository.js';
import type { ResourceTable } from './resource-table.js';
import { AppError } from '../app-errors.js';

/** What the planning reads from the store. */
export type StoreReader = Pick<Repository, 'get' | 'groupsOf'>;

/** Change records for users whose `groups` changed as a side effect, kept per commit at most. */
const MAX_SIDE_EFFECT_CHANGES = 200;

/** Deleting a user or group also takes it out of every group that lists it. */
export function expandCascades(store: StoreReader, mutations: Mutation[]): Mutation[] {
  const out: Mutation[] = [];
  const rewritten = new Map<string, ScimResource>();
  for (const m of mutations) {
    out.push(m);
    if (m.kind === 'put' && m.type === 'Group') rewritten.set(m.resource.id, m.resource);
    if (m.kind !== 'delete') continue;
    if (m.type === 'User') out.push({ kind: 'secret', id: m.id, secret: null });
    for (const groupId of store.groupsOf(m.id)) {
      if (groupId === m.id) continue;
      const group = rewritten.get(groupId) ?? store.get('Group', groupId);
      if (!group || mutations.some((x) => x.kind === 'delete' && x.id === groupId)) continue;
      const members = (group.members as JsonObject[] | undefined) ?? [];
      const next = { ...group, members: members.filter((mem) => mem.value !== m.id) } as ScimResource;
      rewritten.set(groupId, next);
      out.push({ kind: 'put', type: 'Group', resource: next });
    }
  }
  return out;
}

/** The resources whose client view a commit can change: the ones written and the members whose `groups` move. */
export function touchedResources(store: StoreReader, mutations: Mutation[]): { type: ResourceTypeName; id: string }[] {
  const seen = new Set<string>();
  const out: { type: ResourceTypeName; id: string }[] = [];
  const add = (type: ResourceTypeName, id: string) => {
    const key = `${type}:${id}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ type, id });
    }
  };
  for (const m of mutations) {
    if (m.kind === 'put') add(m.type, m.resource.id);
    else if (m.kind === 'delete') add(m.type, m.id);
  }
  for (const m of mutations) {
    if (m.kind !== 'put' && m.kind !== 'delete') continue;
    if (m.type !== 'Group') continue;
    const id = m.kind === 'put' ? m.resource.id : m.id;
    const oldMembers = memberIds(store.get('Group', id));
    const newMembers = m.kind === 'put' ? memberIds(m.resource) : new Set<string>();
    for (const member of symmetricDifference(oldMembers, newMembers)) {
      if (store.get('User', member) !== undefined) add('User', member);
    }
  }
  return out;
}

export function memberIds(group: ScimResource | undefined): Set<string> {
  const members = group?.members;
  const out = new Set<string>();
  if (Array.isArray(members)) for (const m of members) if (m && typeof m === 'object' && !Array.isArray(m) && typeof m.value === 'string') out.add(m.value);
  return out;
}

function symmetricDifference(a: Set<string>, b: Set<string>): string[] {
  const out: string[] = [];
  for (const x of a) if (!b.has(x)) out.push(x);
  for (const x of b) if (!a.has(x)) out.push(x);
  return out;
}

export function toJournalOp(m: Mutation): JournalOp {
  switch (m.kind) {
    case 'put':
      return { op: 'put', t: m.type, r: m.resource };
    case 'delete':
      return { op: 'del', t: m.type, id: m.id };
    case 'secret':
      return { op: 'secret', id: m.id, v: m.secret };
    case 'clear':
      return { op: 'clear' };
  }
}

/** Keeps every change to a resource the commit wrote, and at most MAX_SIDE_EFFECT_CHANGES side effects. */
export function boundSideEffects(changes: ResourceChange[], mutations: Mutation[]): { kept: ResourceChange[]; omitted: number } {
  const direct = new Set(mutations.flatMap((m) => (m.kind === 'put' ? [m.resource.id] : m.kind === 'delete' ? [m.id] : [])));
  const kept: ResourceChange[] = [];
  let sideEffects = 0;
  let omitted = 0;
  for (const c of changes) {
    if (direct.has(c.id)) kept.push(c);
    else if (sideEffects++ < MAX_SIDE_EFFECT_CHANGES) kept.push(c);
    else omitted++;
  }
  return { kept, omitted };
}

/** What the uniqueness check reads of a table. */
export type UniqueNames = Pick<ResourceTable, 'uniqueAttribute' | 'idForUniqueKey'>;

/**
 * Unique names are judged on the state the commit leaves: a name is free when its holder is deleted,
 * renamed or cleared away in the same commit (so a snapshot restore can swap names), and two
 * resources of the commit may not end up with the same name. Linear in the commit's size.
 */
export function checkUniqueNames(tables: Record<ResourceTypeName, UniqueNames>, mutations: Mutation[]): void {
  const finalName = new Map<string, string | null>();
  let cleared = false;
  for (const m of mutations) {
    if (m.kind === 'clear') {
      cleared = true;
      finalName.clear();
    } else if (m.kind === 'put') {
      const name = m.resource[tables[m.type].uniqueAttribute];
      finalName.set(`${m.type}:${m.resource.id}`, typeof name === 'string' ? name : null);
    } else if (m.kind === 'delete') finalName.set(`${m.type}:${m.id}`, null);
  }
  const claimed = new Map<string, string>();
  for (const [key, name] of finalName) {
    if (name === null) continue;
    const type = key.slice(0, key.indexOf(':')) as ResourceTypeName;
    const id = key.slice(type.length + 1);
    const table = tables[type];
    const lower = `${type}:${name.toLowerCase()}`;
    const rival = claimed.get(lower);
    const holder = rival ?? (cleared ? undefined : table.idForUniqueKey(name));
    claimed.set(lower, id);
    if (holder === undefined || holder === id) continue;
    // The current holder keeps the name unless this commit deletes or renames it.
    if (rival === undefined && finalName.has(`${type}:${holder}`)) continue;
    // The store speaks storage, not protocol: the SCIM layer maps this code to 409 uniqueness.
    throw new AppError('STORE_CONFLICT', { attribute: table.uniqueAttribute, value: name, type: type.toLowerCase(), holder });
  }
}
