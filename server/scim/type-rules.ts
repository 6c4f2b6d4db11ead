/**
 * What differs between Users and Groups when they are written: the required unique name, and for
 * groups, member lists that must name existing resources and list each member once.
 */
import type { JsonObject, Leniency, ResourceTypeName } from '../contract/scim.js';
import type { Repository } from '../store/repository.js';
import { badRequest } from './errors.js';

export interface TypeRules {
  uniqueAttribute: 'userName' | 'displayName';
  /** Checks a normalized resource before it is stored; may canonicalize it in place. */
  check(attributes: JsonObject, id: string, repo: Repository, leniencies: Leniency[]): void;
}

const requireName = (attributes: JsonObject, name: 'userName' | 'displayName', type: ResourceTypeName) => {
  const value = attributes[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw badRequest('invalidValue', `A ${type} needs a non-empty "${name}" (RFC 7643 §${type === 'User' ? '4.1' : '4.2'}).`);
  }
};

export const userRules: TypeRules = {
  uniqueAttribute: 'userName',
  check(attributes) {
    requireName(attributes, 'userName', 'User');
  },
};

export const groupRules: TypeRules = {
  uniqueAttribute: 'displayName',
  check(attributes, id, repo, leniencies) {
    requireName(attributes, 'displayName', 'Group');
    const members = attributes.members;
    if (members === undefined) return;
    if (!Array.isArray(members)) throw badRequest('invalidValue', '"members" must be an array.');
    const seen = new Set<string>();
    const kept: JsonObject[] = [];
    for (const m of members) {
      const member = m as JsonObject;
      const value = member.value;
      if (typeof value !== 'string' || value === '') throw badRequest('invalidValue', 'Each member needs a "value" holding the id of a User or Group.');
      if (value === id) throw badRequest('invalidValue', 'A group cannot be a member of itself.');
      const type: ResourceTypeName | null = repo.get('User', value) ? 'User' : repo.get('Group', value) ? 'Group' : null;
      if (!type) throw badRequest('invalidValue', `Member "${value}" is not the id of any User or Group here.`);
      if (seen.has(value)) {
        leniencies.push({ code: 'members.duplicate', sent: value, normalized: 'listed once' });
        continue;
      }
      seen.add(value);
      // display and $ref are derived when the group is read; type is kept only as the resource's real type.
      kept.push({ value, type });
    }
    if (kept.length > 0) attributes.members = kept;
    else delete attributes.members;
  },
};

export const rulesFor = (type: ResourceTypeName): TypeRules => (type === 'User' ? userRules : groupRules);
