/**
 * The `add` and `replace` operations of RFC 7644 §3.5.2.1 and §3.5.2.3 against one parsed target:
 * whole attributes, sub-attributes, and elements selected by a value filter.
 */
import type { JsonObject, JsonValue } from '../../contract/scim.js';
import { badRequest } from '../errors.js';
import { containerOf, elementsOf, readAttribute, removeAttribute, writeAttribute } from './attribute-slot.js';
import { appendElements, assertElementImmutables, assertMutable, enforceSinglePrimary, mergeInto } from './multi-valued.js';
import type { AttributeTarget, ValueFilter } from './path.js';
import { removeTarget } from './remove.js';
import { deepEqual, getKey, isObject, isUnassigned, quote, setKey, withoutNulls, type PatchContext } from './support.js';
import { coerceMulti, coerceSingle } from './values.js';

export type SetOp = 'add' | 'replace';

/** `replace` with null or [] unassigns (RFC 7643 §2.5); `add` of nothing changes nothing. */
function unassign(resource: JsonObject, op: SetOp, t: AttributeTarget, ctx: PatchContext): null {
  if (op === 'replace') removeTarget(resource, t, undefined, ctx, { quiet: true });
  return null;
}

/** add/replace of a whole attribute (`displayName`, `emails`, `name`, `urn:...:manager`). */
function setWhole(resource: JsonObject, op: SetOp, t: AttributeTarget, value: JsonValue, ctx: PatchContext): JsonValue {
  if (isUnassigned(value)) return unassign(resource, op, t, ctx);
  if (!t.known) {
    // No schema: stored as sent, except that adding a list to a list appends (RFC 7644 §3.5.2.1).
    const container = containerOf(resource, t.extension, true);
    const existing = readAttribute(container, t);
    if (op === 'add' && Array.isArray(existing) && Array.isArray(value)) {
      for (const v of value) if (!existing.some((e) => deepEqual(e, v))) existing.push(v);
    } else {
      writeAttribute(container, t, value);
    }
    return value;
  }
  const def = t.definition;
  if (def.multiValued) {
    const elements = coerceMulti(def, value, t.text, ctx);
    if (elements.length === 0) return unassign(resource, op, t, ctx);
    const container = containerOf(resource, t.extension, true);
    const existing = readAttribute(container, t);
    if (op === 'add' && Array.isArray(existing)) {
      enforceSinglePrimary(existing, appendElements(def, existing, elements, t.text));
    } else {
      assertMutable(def, existing, elements, t.text);
      const list: JsonValue[] = [];
      enforceSinglePrimary(list, appendElements(def, list, elements, t.text));
      writeAttribute(container, t, list);
    }
    return elements;
  }
  const coerced = coerceSingle(def, value, t.text, ctx);
  if (coerced === null) return unassign(resource, op, t, ctx);
  const container = containerOf(resource, t.extension, true);
  const existing = readAttribute(container, t);
  if (def.type === 'complex' && isObject(coerced) && isObject(existing)) {
    // RFC 7644 §3.5.2.1/§3.5.2.3: sub-attributes not named in the value are left unchanged.
    mergeInto(def, existing, coerced, t.text);
    writeAttribute(container, t, existing);
    if (Object.keys(existing).length === 0) removeAttribute(container, t);
  } else {
    const fresh = withoutNulls(coerced);
    assertMutable(def, existing, fresh, t.text);
    writeAttribute(container, t, fresh);
  }
  return coerced;
}

/** add/replace of a sub-attribute without a filter (`name.givenName`, `emails.value` on every element). */
function setSub(resource: JsonObject, op: SetOp, t: AttributeTarget, value: JsonValue, ctx: PatchContext): JsonValue {
  const sub = t.sub!;
  const v = t.known && sub.known ? coerceSingle(sub.definition, value, t.text, ctx) : value;
  if (isUnassigned(v)) return unassign(resource, op, t, ctx);
  const container = containerOf(resource, t.extension, true);
  const existing = readAttribute(container, t);
  if (t.definition.multiValued) {
    const list = Array.isArray(existing) ? existing.filter(isObject) : [];
    if (list.length === 0) {
      writeAttribute(container, t, [{ [sub.name]: v }]);
      return v;
    }
    for (const element of list) {
      assertMutable(sub.definition, getKey(element, sub.name), v, t.text);
      setKey(element, sub.name, structuredClone(v));
    }
    return v;
  }
  const obj = isObject(existing) ? existing : {};
  assertMutable(sub.definition, getKey(obj, sub.name), v, t.text);
  setKey(obj, sub.name, v);
  writeAttribute(container, t, obj);
  return v;
}

/** Creates the element Entra means by `emails[type eq "work"].value` when no work email exists yet. */
function createTypedElement(resource: JsonObject, t: AttributeTarget, filter: ValueFilter, element: JsonObject, ctx: PatchContext): void {
  const created: JsonObject = { type: filter.simpleType!, ...withoutNulls(element) as JsonObject };
  ctx.log.add('patch.valuepath.created', t.text, `added ${t.attribute} element ${quote(created)}`);
  const container = containerOf(resource, t.extension, true);
  const list = elementsOf(container, t);
  list.push(created);
  enforceSinglePrimary(list, [created]);
  writeAttribute(container, t, list);
}

function noTarget(t: AttributeTarget): never {
  throw badRequest('noTarget', `No ${t.attribute} value matched the filter in path ${JSON.stringify(t.text)}`);
}

/** add/replace on elements a value filter selects, optionally narrowed to one sub-attribute. */
function setFiltered(resource: JsonObject, op: SetOp, t: AttributeTarget, value: JsonValue, ctx: PatchContext): JsonValue {
  const filter = t.filter!;
  const sub = t.sub;
  const def = t.definition;
  const subDef = sub?.definition;
  const v = !t.known ? value : sub ? (sub.known ? coerceSingle(sub.definition, value, t.text, ctx) : value) : coerceSingle(def, value, t.text, ctx);
  if (isUnassigned(v)) return unassign(resource, op, t, ctx);

  const container = containerOf(resource, t.extension, false);
  const list = elementsOf(container, t);
  const matched = list.filter((e) => filter.matches(e));
  if (matched.length === 0) {
    if (filter.simpleType === null) noTarget(t);
    if (sub) createTypedElement(resource, t, filter, { [sub.name]: v }, ctx);
    else if (op === 'add' && isObject(v)) createTypedElement(resource, t, filter, v, ctx);
    else noTarget(t);
    return v;
  }

  if (sub) {
    for (const element of matched) {
      if (!isObject(element)) continue;
      if (subDef) assertMutable(subDef, getKey(element, sub.name), v, t.text);
      setKey(element, sub.name, structuredClone(v));
    }
    if (sub.name === 'primary' && v === true) enforceSinglePrimary(list, matched);
    return v;
  }

  if (op === 'add') {
    if (!isObject(v)) throw badRequest('invalidValue', `${t.text} expects an object of sub-attributes, got ${quote(v)}`);
    for (const element of matched) if (isObject(element)) mergeInto(def, element, structuredClone(v), t.text);
    enforceSinglePrimary(list, matched);
    return v;
  }
  // replace: each matching element is replaced by the value as a whole (RFC 7644 §3.5.2.3).
  const written: JsonValue[] = [];
  for (let i = 0; i < list.length; i++) {
    const element = list[i] as JsonValue;
    if (!matched.includes(element)) continue;
    const next = structuredClone(withoutNulls(v));
    assertElementImmutables(def, element, next, t.text);
    list[i] = next;
    written.push(next);
  }
  enforceSinglePrimary(list, written);
  return v;
}

/** Applies add or replace to an attribute target; returns the value as normalized. */
export function setTarget(resource: JsonObject, op: SetOp, t: AttributeTarget, value: JsonValue, ctx: PatchContext): JsonValue {
  if (t.filter) return setFiltered(resource, op, t, value, ctx);
  if (t.sub) return setSub(resource, op, t, value, ctx);
  return setWhole(resource, op, t, value, ctx);
}
