/** The SCIM filter module's public surface: parse a filter, compile it to a predicate, plan index lookups. */
export type { AttributePathRef, CompareOperator, FilterLiteral, FilterNode } from './ast.js';
export { parseFilter, MAX_FILTER_DEPTH, MAX_FILTER_LENGTH } from './parser.js';
export { parseAttributePathRef, pathText, type AttributePathOptions } from './attribute-path.js';
export { compileFilter, compileElementFilter, type ElementPredicate, type ResourcePredicate } from './evaluate.js';
export { planIndexLookup, type IndexLookup } from './planner.js';
export { formatFilter } from './format.js';
