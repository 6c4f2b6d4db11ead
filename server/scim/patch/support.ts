/**
 * Small shared pieces of the PATCH engine: the per-request context (leniency log, resource type,
 * current id) and JSON helpers for case-insensitive keys and structural equality.
 */
import type { JsonObject, JsonValue, Leniency } from '../../contract/scim.js';
import type { ResourceTypeDefinition } from '../schemas/resource-types.js';
import { findKey } from '../schemas/resource-types.js';

/** Collects leniencies for one request, once per (code, sent) pair. */
export class LeniencyLog {
  readonly list: Leniency[] = [];

  add(code: string, sent: string, normalized: string): void {
    const s = short(sent);
    const n = short(normalized);
    if (this.list.some((l) => l.code === code && l.sent === s && l.normalized === n)) return;
    this.list.push({ code, sent: s, normalized: n });
  }
}

export interface PatchContext {
  type: ResourceTypeDefinition;
  /** The id of the resource being patched (an `id` sent with this value is ignored). */
  resourceId: string | undefined;
  log: LeniencyLog;
}

const MAX_QUOTE = 160;

/** Shortens a quoted fragment so leniencies stay readable in the inspector. */
export function short(text: string): string {
  return text.length <= MAX_QUOTE ? text : `${text.slice(0, MAX_QUOTE - 1)}…`;
}

/** JSON text of a value, shortened, for leniency quotes and error details. */
export function quote(value: unknown): string {
  return short(value === undefined ? 'undefined' : JSON.stringify(value));
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Structural JSON equality (object key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Reads a key case-insensitively. */
export function getKey(obj: JsonObject, name: string): JsonValue | undefined {
  const key = findKey(obj, name);
  return key === undefined ? undefined : obj[key];
}

/** Writes `name`, dropping any differently-cased spelling of it so the canonical one remains. */
export function setKey(obj: JsonObject, name: string, value: JsonValue): void {
  const key = findKey(obj, name);
  if (key !== undefined && key !== name) delete obj[key];
  obj[name] = value;
}

/** Deletes a key case-insensitively; returns whether something was there. */
export function deleteKey(obj: JsonObject, name: string): boolean {
  const key = findKey(obj, name);
  if (key === undefined) return false;
  delete obj[key];
  return true;
}

/** Unassigned per RFC 7643 §2.5: null or an empty array. */
export function isUnassigned(value: JsonValue | undefined): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

/** A copy of a value with null members of an object dropped (a fresh value has no unassigned sub-attributes). */
export function withoutNulls(value: JsonValue): JsonValue {
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = v;
  return out;
}
