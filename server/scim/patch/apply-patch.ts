/**
 * The PATCH entry point: validates the request, applies every operation to a private copy of the
 * resource and returns it with the leniencies used, so a failing operation leaves nothing changed.
 */
import type { JsonObject, JsonValue, Leniency } from '../../contract/scim.js';
import { badRequest } from '../errors.js';
import type { ResourceTypeDefinition } from '../schemas/resource-types.js';
import { expandValueObject, readPatchBody, type Assignment, type PatchOpName, type RawOperation } from './normalize.js';
import { setTarget } from './operations.js';
import { SCHEMAS_DEFINITION, parsePatchPath, type AttributeTarget, type SchemaTarget } from './path.js';
import { removeTarget } from './remove.js';
import { applySchemasOp, reconcileSchemas, removeExtension } from './schemas-list.js';
import { getKey, isObject, isUnassigned, LeniencyLog, quote, type PatchContext } from './support.js';

export interface NormalizedPatchOperation {
  op: PatchOpName;
  /** Canonical path (schema names, extension URN spelled as defined), or null for a no-path operation. */
  path: string | null;
  value?: JsonValue;
}

export interface PatchResult {
  resource: JsonObject;
  leniencies: Leniency[];
  /** One entry per attribute changed: no-path values are split into one operation per attribute. */
  operations: NormalizedPatchOperation[];
}

/** Applies one operation to an attribute target; returns the record of it, or null when it was ignored. */
function applyToAttribute(resource: JsonObject, op: PatchOpName, t: AttributeTarget, value: JsonValue | undefined, ctx: PatchContext): NormalizedPatchOperation | null {
  const record = (v: JsonValue | undefined): NormalizedPatchOperation => (v === undefined ? { op, path: t.text } : { op, path: t.text, value: v });
  if (!t.known || (t.sub && !t.sub.known)) ctx.log.add('attribute.unknown', t.text, 'stored as sent');
  if (t.definition === SCHEMAS_DEFINITION) return record(applySchemasOp(resource, op, t, value, ctx));

  if (t.extension === null && t.attribute === 'id' && t.known) {
    // Okta's group rename repeats the group's id in the value: harmless when it is the same id.
    if (op !== 'remove' && !t.filter && !t.sub && typeof value === 'string' && value === ctx.resourceId) return null;
    throw badRequest('mutability', `id is readOnly${op === 'remove' ? '' : `: cannot change it to ${quote(value)}`}`);
  }
  if (t.known && t.definition.mutability === 'readOnly') throw badRequest('mutability', `${t.attribute} is readOnly`);
  if (t.sub?.known && t.sub.definition.mutability === 'readOnly') throw badRequest('mutability', `${t.attribute}.${t.sub.name} is readOnly`);

  if (op === 'remove') return record(removeTarget(resource, t, value, ctx));
  return record(setTarget(resource, op, t, value as JsonValue, ctx));
}

/** A bare schema URN as the path: the value is the extension object (or the resource's core attributes). */
function applyToSchema(resource: JsonObject, op: PatchOpName, t: SchemaTarget, value: JsonValue | undefined, ctx: PatchContext, fromPath: boolean): NormalizedPatchOperation[] {
  if (fromPath) ctx.log.add('patch.path.schema', `"path":${quote(t.text)}`, t.extension ? `the ${t.extension} object` : 'the resource');
  if (t.extension === null) {
    if (op === 'remove') throw badRequest('invalidPath', `Cannot remove the core schema ${t.text}`);
    return applyAssignments(resource, op, expandValueObject(value, ctx.type, ctx.log), ctx);
  }
  if (op === 'remove' || (op === 'replace' && isUnassigned(value))) {
    removeExtension(resource, t.extension);
    return [{ op: 'remove', path: t.extension }];
  }
  if (isUnassigned(value)) return [];
  if (!isObject(value)) throw badRequest('invalidValue', `${t.extension} expects an object of attributes, got ${quote(value)}`);
  return applyAssignments(resource, op, expandValueObject({ [t.extension]: value }, ctx.type, ctx.log), ctx);
}

function applyAssignments(resource: JsonObject, op: PatchOpName, assignments: Assignment[], ctx: PatchContext): NormalizedPatchOperation[] {
  const out: NormalizedPatchOperation[] = [];
  for (const a of assignments) out.push(...applyPath(resource, op, a.path, a.value, ctx, false));
  return out;
}

function applyPath(resource: JsonObject, op: PatchOpName, path: string, value: JsonValue | undefined, ctx: PatchContext, fromPath: boolean): NormalizedPatchOperation[] {
  const target = parsePatchPath(ctx.type, path);
  if (target.kind === 'schema') return applyToSchema(resource, op, target, value, ctx, fromPath);
  const record = applyToAttribute(resource, op, target, value, ctx);
  return record ? [record] : [];
}

function applyOperation(resource: JsonObject, raw: RawOperation, ctx: PatchContext): NormalizedPatchOperation[] {
  if (raw.path !== null) return applyPath(resource, raw.op, raw.path, raw.value, ctx, true);
  if (raw.op === 'remove') throw badRequest('noTarget', `Operations[${raw.index}]: "remove" requires a "path"`);
  return applyAssignments(resource, raw.op, expandValueObject(raw.value, ctx.type, ctx.log), ctx);
}

/** RFC 7644 §3.5.2: a required attribute may not become unassigned. */
function assertRequiredKept(before: JsonObject, after: JsonObject, type: ResourceTypeDefinition): void {
  for (const def of type.schema.attributes) {
    if (!def.required) continue;
    if (!isUnassigned(getKey(before, def.name)) && isUnassigned(getKey(after, def.name))) {
      throw badRequest('mutability', `${def.name} is required and cannot be removed`);
    }
  }
}

/**
 * Applies a SCIM PATCH request (RFC 7644 §3.5.2) to a resource. Pure and atomic: the input is never
 * mutated, and either every operation applies or a ScimError is thrown.
 */
export function applyPatch(resource: JsonObject, body: unknown, type: ResourceTypeDefinition): PatchResult {
  const log = new LeniencyLog();
  const operations = readPatchBody(body, log);
  const copy = structuredClone(resource);
  const id = getKey(resource, 'id');
  const ctx: PatchContext = { type, resourceId: typeof id === 'string' ? id : undefined, log };
  const normalized: NormalizedPatchOperation[] = [];
  for (const raw of operations) {
    // Each operation works on its own copy of the value, so the result never aliases the request body.
    const op: RawOperation = raw.value === undefined ? raw : { ...raw, value: structuredClone(raw.value) };
    normalized.push(...applyOperation(copy, op, ctx));
  }
  reconcileSchemas(copy, ctx);
  assertRequiredKept(resource, copy, type);
  // The operation records are a separate copy: they must not change if the caller edits the resource.
  return { resource: copy, leniencies: log.list, operations: structuredClone(normalized) };
}
