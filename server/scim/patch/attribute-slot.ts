/**
 * Reads and writes the JSON slot a PATCH target names (the resource itself or its extension
 * object), keeping canonical key spellings and creating extension objects on first write.
 */
import type { JsonObject, JsonValue } from '../../contract/scim.js';
import { findKey } from '../schemas/resource-types.js';
import type { AttributeTarget } from './path.js';
import { deleteKey, getKey, isObject, setKey } from './support.js';

/** The object holding the target's attribute; with `create`, a missing extension object is added. */
export function containerOf(resource: JsonObject, extension: string | null, create: true): JsonObject;
export function containerOf(resource: JsonObject, extension: string | null, create: boolean): JsonObject | undefined;
export function containerOf(resource: JsonObject, extension: string | null, create: boolean): JsonObject | undefined {
  if (extension === null) return resource;
  const existing = getKey(resource, extension);
  if (isObject(existing)) {
    setKey(resource, extension, existing);
    return existing;
  }
  if (!create) return undefined;
  const fresh: JsonObject = {};
  setKey(resource, extension, fresh);
  return fresh;
}

export function readAttribute(container: JsonObject | undefined, t: AttributeTarget): JsonValue | undefined {
  return container === undefined ? undefined : getKey(container, t.attribute);
}

/** Writes under the canonical name for schema attributes, or under the spelling already stored for unknown ones. */
export function writeAttribute(container: JsonObject, t: AttributeTarget, value: JsonValue): void {
  if (t.known) setKey(container, t.attribute, value);
  else container[findKey(container, t.attribute) ?? t.attribute] = value;
}

export function removeAttribute(container: JsonObject | undefined, t: AttributeTarget): boolean {
  return container === undefined ? false : deleteKey(container, t.attribute);
}

/** The attribute's elements when it holds an array (an empty list otherwise). */
export function elementsOf(container: JsonObject | undefined, t: AttributeTarget): JsonValue[] {
  const value = readAttribute(container, t);
  return Array.isArray(value) ? value : [];
}

/** Drops a complex value or list left empty by a removal, so the attribute becomes unassigned. */
export function pruneEmpty(container: JsonObject | undefined, t: AttributeTarget): void {
  if (container === undefined) return;
  const value = readAttribute(container, t);
  if (Array.isArray(value)) {
    const kept = value.filter((e) => !(isObject(e) && Object.keys(e).length === 0));
    if (kept.length === 0) removeAttribute(container, t);
    else if (kept.length !== value.length) writeAttribute(container, t, kept);
  } else if (isObject(value) && Object.keys(value).length === 0) {
    removeAttribute(container, t);
  }
}
