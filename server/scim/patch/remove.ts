/**
 * The `remove` operation of RFC 7644 §3.5.2.2, with the leniencies real IdPs need: Entra's
 * member removal by value list, and Okta removing members that are already gone.
 */
import type { JsonObject, JsonValue } from '../../contract/scim.js';
import { containerOf, elementsOf, pruneEmpty, readAttribute, removeAttribute, writeAttribute } from './attribute-slot.js';
import { assertMutable, sameElement } from './multi-valued.js';
import type { AttributeTarget } from './path.js';
import { deleteKey, getKey, isObject, quote, type PatchContext } from './support.js';
import { coerceMulti } from './values.js';

export interface RemoveOptions {
  /** Set when `replace` with null unassigns: a missing match is then silent, not a leniency. */
  quiet?: boolean;
}

/** Removes a sub-attribute from one element or complex value, refusing immutable ones. */
function dropSub(element: JsonValue, t: AttributeTarget): void {
  const sub = t.sub!;
  if (!isObject(element)) return;
  const before = getKey(element, sub.name);
  if (before === undefined) return;
  assertMutable(sub.definition, before, undefined, t.text);
  deleteKey(element, sub.name);
}

/** Entra: `{"op":"Remove","path":"members","value":[{"value":"id1"}]}` removes only the listed members. */
function removeListed(container: JsonObject | undefined, t: AttributeTarget, value: JsonValue, ctx: PatchContext): JsonValue {
  const items = t.known ? coerceMulti(t.definition, value, t.text, ctx) : Array.isArray(value) ? value : [value];
  ctx.log.add('patch.remove.value', `remove ${t.text} with value ${quote(value)}`, `removed only the listed ${t.attribute} values`);
  const list = elementsOf(container, t);
  const kept = list.filter((e) => !items.some((item) => sameElement(t.definition, e, item)));
  const missing = items.filter((item) => !list.some((e) => sameElement(t.definition, e, item)));
  if (missing.length > 0) ctx.log.add('patch.remove.nomatch', `remove ${t.text} value ${quote(missing)}`, 'not present; nothing removed');
  if (container !== undefined && kept.length !== list.length) {
    if (kept.length === 0) removeAttribute(container, t);
    else writeAttribute(container, t, kept);
  }
  return items;
}

/**
 * Removes what a target names. Removing an attribute that is not there is not an error; a value
 * filter that matches nothing is accepted too (leniency `patch.remove.nomatch`, where RFC 7644 would say noTarget).
 * Returns the normalized `value` for the operation record, if one was sent.
 */
export function removeTarget(resource: JsonObject, t: AttributeTarget, value: JsonValue | undefined, ctx: PatchContext, options: RemoveOptions = {}): JsonValue | undefined {
  const container = containerOf(resource, t.extension, false);
  const existing = readAttribute(container, t);

  if (t.filter) {
    const list = elementsOf(container, t);
    const matched = list.filter((e) => t.filter!.matches(e));
    if (matched.length === 0) {
      if (!options.quiet) ctx.log.add('patch.remove.nomatch', `remove ${t.text}`, 'no element matched; nothing removed');
      return undefined;
    }
    if (t.sub) matched.forEach((e) => dropSub(e, t));
    else writeAttribute(container!, t, list.filter((e) => !matched.includes(e)));
    pruneEmpty(container, t);
    return undefined;
  }

  if (t.sub) {
    if (Array.isArray(existing)) existing.forEach((e) => dropSub(e, t));
    else dropSub(existing ?? null, t);
    pruneEmpty(container, t);
    return undefined;
  }

  if (value !== undefined && value !== null && !options.quiet) {
    if (t.definition.multiValued || (!t.known && Array.isArray(existing))) return removeListed(container, t, value, ctx);
    ctx.log.add('patch.remove.value', `remove ${t.text} with value ${quote(value)}`, `value ignored; ${t.attribute} removed`);
  }
  if (existing !== undefined) assertMutable(t.definition, existing, undefined, t.text);
  removeAttribute(container, t);
  return undefined;
}
