/**
 * Binds each attribute path of a filter, once at compile time, to where its values live in a resource
 * (or in one element of a multi-valued attribute) and to the definition that governs comparing them.
 */
import { badRequest } from '../errors.js';
import { attr, findAttribute, type AttributeDefinition } from '../schemas/attribute-definition.js';
import { containerFor, findKey, resolvePath, type ResolvedPath, type ResourceTypeDefinition } from '../schemas/resource-types.js';
import type { AttributePathRef, FilterNode } from './ast.js';
import { pathText } from './attribute-path.js';
import { isPlainObject, type LeafRule } from './comparison.js';

/** An attribute path bound to a way of reading its values from a subject (a resource or an element). */
export interface Operand<S> {
  /** The path as written, for error messages. */
  label: string;
  /** How values compare; null for a complex attribute that has no `value` sub-attribute to compare. */
  rule: LeafRule | null;
  /** The attribute's values (one per element when multi-valued), nulls dropped: what `pr` looks at. */
  values(subject: S): unknown[];
  /** As `values`, but complex elements replaced by their `value` sub-attribute: what comparisons look at. */
  comparable(subject: S): unknown[];
}

/** An attribute's value as a list: [] when unassigned, the elements when multi-valued. */
export function spread(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.filter((v) => v !== undefined && v !== null) : [value];
}

/** A member of a JSON object, its key matched case-insensitively. */
export function member(obj: Record<string, unknown>, name: string): unknown {
  const key = findKey(obj, name);
  return key === undefined ? undefined : obj[key];
}

/**
 * Replaces complex elements by their `value` sub-attribute (RFC 7644: `emails eq "x"` compares
 * emails.value). A list without complex elements (`userName`, what every lookup re-checks) is given
 * back as it is: `values` is always a fresh list its caller only reads.
 */
function comparableValues(values: unknown[]): unknown[] {
  let i = 0;
  while (i < values.length && !isPlainObject(values[i])) i++;
  if (i === values.length) return values;
  const out = values.slice(0, i);
  for (; i < values.length; i++) {
    const v = values[i];
    if (isPlainObject(v)) out.push(...spread(member(v, 'value')));
    else out.push(v);
  }
  return out;
}

function ruleOf(definition: AttributeDefinition): LeafRule {
  return { type: definition.type, caseExact: definition.caseExact };
}

/** The rule for a path with no sub-attribute: a complex attribute compares through its `value` sub-attribute. */
function topLevelRule(definition: AttributeDefinition): LeafRule | null {
  if (definition.type !== 'complex') return ruleOf(definition);
  const value = findAttribute(definition.subAttributes, 'value');
  return value ? ruleOf(value) : null;
}

function resolveOrThrow(type: ResourceTypeDefinition, ref: AttributePathRef): ResolvedPath {
  const resolved = resolvePath(type, pathText(ref));
  if (resolved === null) throw badRequest('invalidFilter', `Invalid attribute path "${ref.raw}"`);
  return resolved;
}

/** The values of a resolved path's top-level attribute in a resource. */
export function topLevelValues(resource: Record<string, unknown>, resolved: ResolvedPath): unknown[] {
  const container = containerFor(resource, resolved);
  return container === undefined ? [] : spread(member(container, resolved.attribute));
}

/** Resolves a filter path against a resource type (core, common and extension attributes). */
export function resourceOperand(type: ResourceTypeDefinition, ref: AttributePathRef): Operand<Record<string, unknown>> {
  const resolved = resolveOrThrow(type, ref);
  const sub = resolved.subAttribute;
  const values =
    sub === null
      ? (resource: Record<string, unknown>) => topLevelValues(resource, resolved)
      : (resource: Record<string, unknown>) =>
          topLevelValues(resource, resolved).flatMap((el) => (isPlainObject(el) ? spread(member(el, sub)) : []));
  return {
    label: ref.raw,
    rule: resolved.subDefinition ? topLevelRule(resolved.subDefinition) : topLevelRule(resolved.definition),
    values,
    comparable: (resource) => comparableValues(values(resource)),
  };
}

/** Resolves a top-level path for a value path (`emails[...]`), returning its definition and element reader. */
export function valuePathTarget(
  type: ResourceTypeDefinition,
  ref: AttributePathRef,
): { definition: AttributeDefinition; elements: (resource: Record<string, unknown>) => unknown[] } {
  const resolved = resolveOrThrow(type, ref);
  if (resolved.subAttribute !== null) {
    throw badRequest('invalidFilter', `A value path must name a multi-valued attribute, not the sub-attribute "${ref.raw}"`);
  }
  return { definition: resolved.definition, elements: (resource) => topLevelValues(resource, resolved) };
}

/** The values of sub-attribute `name` of one element; for a simple element, `value` is the element itself. */
function elementValues(element: unknown, name: string): unknown[] {
  if (isPlainObject(element)) return spread(member(element, name));
  return name.toLowerCase() === 'value' ? spread(element) : [];
}

/** The definition of sub-attribute `name` inside an element of `attribute`. */
function elementDefinition(attribute: AttributeDefinition, name: string): AttributeDefinition {
  const declared = findAttribute(attribute.subAttributes, name);
  if (declared) return declared;
  const simple = attribute.type !== 'complex' && !attribute.subAttributes?.length;
  if (simple && name.toLowerCase() === 'value') return { ...attribute, multiValued: false };
  return attr({ name, description: 'Not declared by any schema this server knows.' });
}

/** Resolves a path inside `attribute[...]`: it must be a bare sub-attribute name such as `type` or `value`. */
export function elementOperand(attribute: AttributeDefinition, ref: AttributePathRef): Operand<unknown> {
  if (ref.urn !== null || ref.subAttribute !== null) {
    throw badRequest('invalidFilter', `Inside ${attribute.name}[...], "${ref.raw}" must be a sub-attribute name of ${attribute.name}`);
  }
  const name = ref.attribute;
  const definition = elementDefinition(attribute, name);
  const values = (element: unknown) => elementValues(element, name);
  return {
    label: `${attribute.name}.${definition.name}`,
    rule: topLevelRule(definition),
    values,
    comparable: (element) => comparableValues(values(element)),
  };
}

/**
 * The values of `test.path` (a sub-attribute name) in the elements of a value path's target that
 * `selects` accepts: `emails[type eq "work"].value` reads the values of the work emails only.
 */
export function selectedElementsOperand(
  target: ReturnType<typeof valuePathTarget>,
  selects: (element: unknown) => boolean,
  node: Extract<FilterNode, { kind: 'valuePathAttribute' }>,
): Operand<Record<string, unknown>> {
  const sub = elementOperand(target.definition, node.test.path);
  const values = (resource: Record<string, unknown>) => target.elements(resource).filter(selects).flatMap((el) => sub.values(el));
  return {
    label: `${node.path.raw}[...].${node.test.path.raw}`,
    rule: sub.rule,
    values,
    comparable: (resource) => comparableValues(values(resource)),
  };
}
