/**
 * Runs a list query over one resource type: index lookups where the filter allows (so the lookups
 * IdPs make on every assignment never scan), a scan otherwise, then sorting and the page slice.
 * Sorted orderings are cached per store revision, so paging through a sorted set sorts once.
 */
import type { JsonObject, ResourceTypeName, ScimResource } from '../contract/scim.js';
import type { Repository } from '../store/repository.js';
import { badRequest } from './errors.js';
import { compileFilter, parseFilter, planIndexLookup, type FilterNode } from './filter/index.js';
import type { ListQuery } from './list-query.js';
import { containerFor, findKey, leafDefinition, resolvePath, type ResolvedPath, type ResourceTypeDefinition } from './schemas/resource-types.js';

export interface SearchPage {
  totalResults: number;
  /** Ids on the requested page, in order. */
  ids: string[];
}

const INDEXED: Record<ResourceTypeName, ReadonlySet<string>> = {
  User: new Set(['id', 'userName', 'externalId']),
  Group: new Set(['id', 'displayName', 'externalId']),
};

/** Attributes that exist only in the rendered view (derived), so filters on them must see views. */
const DERIVED: Record<ResourceTypeName, string> = { User: 'groups', Group: 'members' };

function mentions(node: FilterNode, attribute: string): boolean {
  switch (node.kind) {
    case 'and':
    case 'or':
      return mentions(node.left, attribute) || mentions(node.right, attribute);
    case 'not':
      return mentions(node.expr, attribute);
    default:
      return node.path.attribute.toLowerCase() === attribute.toLowerCase();
  }
}

export class Searcher {
  private sortCache: { key: string; revision: number; ids: string[] } | null = null;

  constructor(
    private readonly repo: Repository,
    private readonly type: ResourceTypeDefinition,
  ) {}

  search(query: ListQuery): SearchPage {
    const matching = this.matchingIds(query.filter);
    const ordered = query.sortBy ? this.sorted(matching, query) : matching;
    const start = query.startIndex - 1;
    return { totalResults: ordered.length, ids: ordered.slice(start, start + query.count) };
  }

  /** Ids matching the filter, in creation order. */
  private matchingIds(filterText: string | null): readonly string[] {
    const all = this.repo.list(this.type.name);
    if (filterText === null) return all;
    const node = parseFilter(filterText);
    const predicate = compileFilter(node, this.type);
    const needsView = this.type.name === 'Group' ? mentions(node, 'members') && /display|type|\$ref/i.test(filterText) : mentions(node, DERIVED.User);
    const read = needsView ? (id: string) => this.repo.view(this.type.name, id) : (id: string) => this.repo.get(this.type.name, id);
    const plan = planIndexLookup(node, this.type, INDEXED[this.type.name]);
    const candidates = plan === null ? all : this.lookup(plan);
    return candidates.filter((id) => {
      const r = read(id);
      return r !== undefined && predicate(r);
    });
  }

  private lookup(plan: { attribute: string; value: string }[]): string[] {
    // One lookup (`userName eq "x"`, what IdPs send before every push): its ids as they come, no set to merge into.
    if (plan.length === 1) {
      const ids = this.idsFor(plan[0]!.attribute, plan[0]!.value);
      if (ids.length <= 1) return ids;
    }
    const found = new Set<string>();
    for (const { attribute, value } of plan) for (const id of this.idsFor(attribute, value)) found.add(id);
    if (found.size <= 1) return [...found];
    // Creation order keeps results stable across pages.
    const created = (id: string) => String(this.repo.get(this.type.name, id)?.meta.created ?? '');
    return [...found].sort((a, b) => created(a).localeCompare(created(b)) || a.localeCompare(b));
  }

  /** The ids one index lookup gives. */
  private idsFor(attribute: string, value: string): string[] {
    if (attribute === 'id') return this.repo.get(this.type.name, value) ? [value] : [];
    if (attribute === 'externalId') return this.repo.idsForExternalId(this.type.name, value);
    const id = this.repo.idForUniqueName(this.type.name, value);
    return id === undefined ? [] : [id];
  }

  private sorted(ids: readonly string[], query: ListQuery): string[] {
    const path = resolvePath(this.type, query.sortBy!);
    if (!path) throw badRequest('invalidValue', `"sortBy" names no attribute: ${JSON.stringify(query.sortBy)}.`);
    const key = `${query.sortBy}|${query.sortOrder}|${query.filter ?? ''}`;
    const revision = this.repo.revision;
    if (this.sortCache && this.sortCache.key === key && this.sortCache.revision === revision) return this.sortCache.ids;
    const caseExact = leafDefinition(path).caseExact;
    const keyed = ids.map((id, position) => ({ id, position, value: sortValue(this.repo.get(this.type.name, id), path, caseExact) }));
    const direction = query.sortOrder === 'descending' ? -1 : 1;
    keyed.sort((a, b) => {
      // RFC 7644 §3.4.2.3: resources without a value sort last ascending, first descending.
      if (a.value === null || b.value === null) {
        if (a.value === b.value) return a.position - b.position;
        return (a.value === null ? 1 : -1) * direction;
      }
      const c = a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
      return c * direction || a.position - b.position;
    });
    const result = keyed.map((k) => k.id);
    this.sortCache = { key, revision, ids: result };
    return result;
  }
}

/** The value a resource sorts by: for multi-valued attributes, the primary (else first) element's. */
function sortValue(resource: ScimResource | undefined, path: ResolvedPath, caseExact: boolean): string | number | null {
  if (!resource) return null;
  const holder = containerFor(resource, path);
  if (!holder) return null;
  const key = findKey(holder, path.attribute);
  let value: unknown = key === undefined ? undefined : holder[key];
  if (Array.isArray(value)) value = value.find((v) => (v as JsonObject)?.primary === true) ?? value[0];
  if (path.subAttribute !== null || (value && typeof value === 'object')) {
    const sub = path.subAttribute ?? 'value';
    const obj = value as JsonObject | undefined;
    const k = obj && typeof obj === 'object' ? findKey(obj, sub) : undefined;
    value = k === undefined ? undefined : obj![k];
  }
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'string') return null;
  return caseExact ? value : value.toLowerCase();
}
