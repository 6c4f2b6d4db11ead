/**
 * Rules for multi-valued attributes that several PATCH operations share: recognising the same
 * element twice, merging instead of doubling, immutable sub-attributes and the single `primary`.
 */
import type { JsonObject, JsonValue } from '../../contract/scim.js';
import { badRequest } from '../errors.js';
import { findAttribute, type AttributeDefinition } from '../schemas/attribute-definition.js';
import { deepEqual, deleteKey, getKey, isObject, quote, setKey, withoutNulls } from './support.js';

function sameScalar(a: JsonValue | undefined, b: JsonValue | undefined, caseExact: boolean): boolean {
  if (typeof a === 'string' && typeof b === 'string' && !caseExact) return a.toLowerCase() === b.toLowerCase();
  return deepEqual(a, b);
}

/**
 * Whether `candidate` denotes the same element as `existing`: the same `value` (and the same `type`
 * when both carry one), or structural equality for elements without a `value`.
 */
export function sameElement(def: AttributeDefinition, existing: JsonValue, candidate: JsonValue): boolean {
  if (!isObject(existing) || !isObject(candidate)) return deepEqual(existing, candidate);
  const a = getKey(existing, 'value');
  const b = getKey(candidate, 'value');
  if (a === undefined || b === undefined) return deepEqual(existing, candidate);
  const valueDef = findAttribute(def.subAttributes, 'value');
  if (!sameScalar(a, b, valueDef?.caseExact ?? false)) return false;
  const ta = getKey(existing, 'type');
  const tb = getKey(candidate, 'type');
  return ta === undefined || tb === undefined || sameScalar(ta, tb, false);
}

/** Throws 400 mutability when writing `next` over `existing` would change an immutable or readOnly attribute. */
export function assertMutable(def: AttributeDefinition, existing: JsonValue | undefined, next: JsonValue | undefined, where: string): void {
  if (def.mutability === 'readOnly') throw badRequest('mutability', `${where} is readOnly`);
  if (def.mutability !== 'immutable' || existing === undefined || existing === null) return;
  if (next !== undefined && deepEqual(existing, next)) return;
  throw badRequest('mutability', `${where} is immutable: it cannot change from ${quote(existing)} to ${next === undefined ? 'unassigned' : quote(next)}`);
}

/** Checks that replacing element `existing` by `next` leaves its immutable sub-attributes as they were. */
export function assertElementImmutables(def: AttributeDefinition, existing: JsonValue, next: JsonValue, where: string): void {
  if (!isObject(existing) || !isObject(next)) return;
  for (const sub of def.subAttributes ?? []) {
    if (sub.mutability !== 'immutable') continue;
    const before = getKey(existing, sub.name);
    if (before !== undefined && before !== null) assertMutable(sub, before, getKey(next, sub.name), `${where}.${sub.name}`);
  }
}

/** Merges sub-attributes of `patch` into `target` in place (null unassigns), refusing changes to immutable ones. */
export function mergeInto(def: AttributeDefinition, target: JsonObject, patch: JsonObject, where: string): void {
  for (const [key, value] of Object.entries(patch)) {
    const subDef = findAttribute(def.subAttributes, key);
    const next = value === null ? undefined : value;
    if (subDef && subDef.mutability === 'immutable') assertMutable(subDef, getKey(target, key), next, `${where}.${subDef.name}`);
    if (next === undefined) deleteKey(target, key);
    else setKey(target, key, next);
  }
}

/**
 * Appends coerced elements to a multi-valued array. An element equal to one already present is
 * merged into it instead of being added twice (Okta re-adds members that are already there).
 * Returns the elements that now hold the written values, for `primary` bookkeeping.
 */
export function appendElements(def: AttributeDefinition, list: JsonValue[], elements: JsonValue[], where: string): JsonValue[] {
  const written: JsonValue[] = [];
  for (const element of elements) {
    const existing = list.find((e) => sameElement(def, e, element));
    if (existing === undefined) {
      const fresh = withoutNulls(element);
      list.push(fresh);
      written.push(fresh);
    } else if (isObject(existing) && isObject(element)) {
      mergeInto(def, existing, element, where);
      written.push(existing);
    } else {
      written.push(existing);
    }
  }
  return written;
}

/** RFC 7643 §2.4: at most one element is primary. The last written element with `primary: true` wins. */
export function enforceSinglePrimary(list: JsonValue[], written: readonly JsonValue[]): void {
  const winner = [...written].reverse().find((e) => isObject(e) && getKey(e, 'primary') === true);
  if (winner === undefined) return;
  for (const element of list) {
    if (element !== winner && isObject(element) && getKey(element, 'primary') === true) setKey(element, 'primary', false);
  }
}
