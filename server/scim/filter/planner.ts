/**
 * Decides whether a filter can be answered from the store's exact-match indexes instead of a full
 * scan, so that the lookups IdPs make constantly (`userName eq "x"`, `externalId eq "x"`) stay cheap.
 */
import { resolvePath, type ResourceTypeDefinition } from '../schemas/resource-types.js';
import type { FilterNode } from './ast.js';
import { pathText } from './attribute-path.js';
import { flattenChain } from './chain.js';

/** Fetch the resources whose `attribute` equals `value` (compared with the attribute's caseExact rule). */
export interface IndexLookup {
  attribute: string;
  value: string;
}

/** `attr eq "string"` on an indexed, single, top-level core attribute (an optional core URN prefix is fine). */
function planCompare(node: Extract<FilterNode, { kind: 'compare' }>, type: ResourceTypeDefinition, indexed: ReadonlySet<string>): IndexLookup[] | null {
  if (node.op !== 'eq' || typeof node.value !== 'string' || node.path.subAttribute !== null) return null;
  const resolved = resolvePath(type, pathText(node.path));
  if (resolved === null || resolved.extension !== null || resolved.subAttribute !== null) return null;
  if (!resolved.known || resolved.definition.multiValued || !indexed.has(resolved.attribute)) return null;
  return [{ attribute: resolved.attribute, value: node.value }];
}

/** Any side that can be planned restricts the whole conjunction; the smallest list wins. */
function planAnd(node: FilterNode, type: ResourceTypeDefinition, indexed: ReadonlySet<string>): IndexLookup[] | null {
  let best: IndexLookup[] | null = null;
  for (const operand of flattenChain(node, 'and')) {
    const plan = planIndexLookup(operand, type, indexed);
    if (plan !== null && (best === null || plan.length < best.length)) best = plan;
  }
  return best;
}

/** A disjunction needs every side planned; the union of their lookups, without duplicates. */
function planOr(node: FilterNode, type: ResourceTypeDefinition, indexed: ReadonlySet<string>): IndexLookup[] | null {
  const lookups: IndexLookup[] = [];
  for (const operand of flattenChain(node, 'or')) {
    const plan = planIndexLookup(operand, type, indexed);
    if (plan === null) return null;
    for (const lookup of plan) {
      if (!lookups.some((l) => l.attribute === lookup.attribute && l.value === lookup.value)) lookups.push(lookup);
    }
  }
  return lookups;
}

/**
 * Returns index lookups whose union is a superset of the resources matching `node`, or null when a
 * full scan is needed. `indexed` holds canonical attribute names (e.g. 'id', 'userName', 'externalId');
 * the store's index for each must compare values the way the filter does (case-insensitively unless
 * the attribute is caseExact), or the superset guarantee does not hold.
 */
export function planIndexLookup(node: FilterNode, type: ResourceTypeDefinition, indexed: ReadonlySet<string>): IndexLookup[] | null {
  switch (node.kind) {
    case 'compare':
      return planCompare(node, type, indexed);
    case 'and':
      return planAnd(node, type, indexed);
    case 'or':
      return planOr(node, type, indexed);
    default:
      return null;
  }
}
