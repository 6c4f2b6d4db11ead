/**
 * Renders a stored record as a SCIM client reads it. Derived attributes are computed here rather
 * than stored, so they can never drift: a user's `groups` comes from the membership index, a member's
 * `display` and `type` from the member itself, and `meta.location` and `$ref` from the base URL the
 * client used (local or tunnel).
 */
import type { JsonObject, ResourceTypeName, ScimResource } from '../contract/scim.js';
import type { Repository } from './repository.js';
import { utf8Length, type RenderedView } from './view-cache.js';
import { renderedViewText } from './view-text.js';

const endpointOf = (type: ResourceTypeName) => (type === 'User' ? 'Users' : 'Groups');

function memberDisplay(repo: Pick<Repository, 'get'>, id: string): { type: ResourceTypeName; display: string } | null {
  const user = repo.get('User', id);
  if (user) return { type: 'User', display: String(user.displayName ?? user.userName ?? id) };
  const group = repo.get('Group', id);
  if (group) return { type: 'Group', display: String(group.displayName ?? id) };
  return null;
}

/**
 * The record's attributes but `meta`, in their order: what `const { meta, ...rest } = resource` gives,
 * at about half the cost (rest destructuring is a slow generic copy in V8). A `__proto__` key (JSON
 * can hold one) is defined as an own property, as the spread would, instead of setting the prototype.
 */
function withoutMeta(resource: ScimResource): JsonObject {
  const out: JsonObject = {};
  const keys = Object.keys(resource);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key === 'meta') continue;
    if (key === '__proto__') Object.defineProperty(out, key, { value: resource[key], enumerable: true, writable: true, configurable: true });
    else out[key] = resource[key]!;
  }
  return out;
}

/** A user's `groups` (undefined when it is in none) or a group's `members` (undefined when it has no members array), as the view shows them. */
function derivedOf(repo: Pick<Repository, 'get' | 'groupsOf'>, type: ResourceTypeName, resource: ScimResource, baseUrl: string | undefined): JsonObject[] | undefined {
  if (type === 'User') {
    const groupIds = repo.groupsOf(resource.id);
    if (groupIds.length === 0) return undefined;
    return groupIds.flatMap((gid) => {
      const group = repo.get('Group', gid);
      if (!group) return [];
      const entry: JsonObject = { value: gid, display: String(group.displayName ?? gid), type: 'direct' };
      if (baseUrl) entry.$ref = `${baseUrl}/Groups/${gid}`;
      return [entry];
    });
  }
  if (!Array.isArray(resource.members)) return undefined;
  return resource.members.map((m) => {
    const member = m as JsonObject;
    const id = String(member.value);
    const known = memberDisplay(repo, id);
    const entry: JsonObject = { value: id };
    const display = known?.display ?? member.display;
    if (display !== undefined) entry.display = display;
    entry.type = known?.type ?? member.type ?? 'User';
    if (baseUrl && known) entry.$ref = `${baseUrl}/${endpointOf(known.type)}/${id}`;
    return entry;
  });
}

export function renderView(repo: Pick<Repository, 'get' | 'groupsOf'>, type: ResourceTypeName, resource: ScimResource, baseUrl?: string): JsonObject {
  const meta = resource.meta;
  const out = withoutMeta(resource);
  const derived = derivedOf(repo, type, resource, baseUrl);
  if (derived !== undefined) out[type === 'User' ? 'groups' : 'members'] = derived;
  out.meta = baseUrl ? { ...meta, location: `${baseUrl}/${endpointOf(type)}/${resource.id}` } : { ...meta };
  return out;
}

/**
 * `JSON.stringify(renderView(repo, type, resource, baseUrl))` and its UTF-8 length, written straight
 * from the record without the view object (view-text.ts): what list pages and reads send.
 */
export function renderViewText(repo: Pick<Repository, 'get' | 'groupsOf'>, type: ResourceTypeName, resource: ScimResource, baseUrl?: string): RenderedView {
  const derived = derivedOf(repo, type, resource, baseUrl);
  const location = baseUrl ? `${baseUrl}/${endpointOf(type)}/${resource.id}` : undefined;
  const rendered = renderedViewText(resource, type === 'User' ? 'groups' : 'members', derived, location);
  if (rendered !== null) return rendered;
  const json = JSON.stringify(renderView(repo, type, resource, baseUrl));
  return { json, bytes: utf8Length(json) };
}
