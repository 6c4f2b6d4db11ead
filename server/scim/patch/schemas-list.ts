/**
 * Keeps a patched resource's `schemas` list consistent with its extension objects: PATCH may add
 * extension URNs, an extension gains its URN when first set and loses it when emptied.
 */
import type { JsonObject, JsonValue } from '../../contract/scim.js';
import { badRequest } from '../errors.js';
import { deleteKey, getKey, isObject, quote, setKey, type PatchContext } from './support.js';
import type { AttributeTarget } from './path.js';

/** The canonical spelling of a schema URN this resource type knows, or the URN as sent. */
function canonicalUrn(ctx: PatchContext, urn: string): string {
  const lower = urn.toLowerCase();
  const known = [ctx.type.schema.id, ...ctx.type.extensions.map((e) => e.schema.id)];
  return known.find((id) => id.toLowerCase() === lower) ?? urn;
}

function schemasOf(resource: JsonObject): string[] {
  const list = getKey(resource, 'schemas');
  return Array.isArray(list) ? list.filter((s): s is string => typeof s === 'string') : [];
}

function hasUrn(list: readonly string[], urn: string): boolean {
  return list.some((s) => s.toLowerCase() === urn.toLowerCase());
}

/** add/replace/remove on the `schemas` attribute itself. */
export function applySchemasOp(resource: JsonObject, op: 'add' | 'replace' | 'remove', t: AttributeTarget, value: JsonValue | undefined, ctx: PatchContext): JsonValue | undefined {
  if (t.filter || t.sub) throw badRequest('invalidPath', `schemas has no sub-attributes: ${JSON.stringify(t.text)}`);
  if (op === 'remove') throw badRequest('mutability', 'schemas is required and cannot be removed');
  const sent = Array.isArray(value) ? value : [value ?? null];
  if (!Array.isArray(value)) ctx.log.add('patch.value.wrapped', `schemas: ${quote(value)}`, `schemas: ${quote(sent)}`);
  const urns: string[] = [];
  for (const item of sent) {
    if (typeof item !== 'string' || !/^urn:/i.test(item)) throw badRequest('invalidValue', `schemas expects URNs, got ${quote(item)}`);
    const urn = canonicalUrn(ctx, item);
    if (!hasUrn(urns, urn)) urns.push(urn);
  }
  const next = op === 'add' ? [...schemasOf(resource)] : [];
  for (const urn of urns) if (!hasUrn(next, urn)) next.push(urn);
  setKey(resource, 'schemas', next);
  return urns;
}

/** Removes an extension object and its URN (a bare extension URN as a remove path). */
export function removeExtension(resource: JsonObject, extension: string): void {
  deleteKey(resource, extension);
  const list = schemasOf(resource);
  setKey(resource, 'schemas', list.filter((s) => s.toLowerCase() !== extension.toLowerCase()));
}

/**
 * After all operations: the core schema is listed; every non-empty extension object has its URN listed;
 * empty or null extension objects are dropped together with their URN.
 */
export function reconcileSchemas(resource: JsonObject, ctx: PatchContext): void {
  let list = schemasOf(resource);
  if (!hasUrn(list, ctx.type.schema.id)) list = [ctx.type.schema.id, ...list];
  for (const key of Object.keys(resource)) {
    if (!/^urn:/i.test(key)) continue;
    const value = resource[key];
    if (value === null || (isObject(value) && Object.keys(value).length === 0)) {
      delete resource[key];
      list = list.filter((s) => s.toLowerCase() !== key.toLowerCase());
    } else if (isObject(value) && !hasUrn(list, key)) {
      list.push(canonicalUrn(ctx, key));
    }
  }
  setKey(resource, 'schemas', list);
}
