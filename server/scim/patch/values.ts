/**
 * Checks and coerces PATCH values against attribute definitions: canonical sub-attribute names,
 * real booleans for Entra's "True"/"False", and the array/object shape quirks IdPs send.
 */
import type { JsonObject, JsonValue } from '../../contract/scim.js';
import { badRequest } from '../errors.js';
import { findAttribute, type AttributeDefinition } from '../schemas/attribute-definition.js';
import { isObject, quote, type PatchContext } from './support.js';

function invalidValue(where: string, expected: string, value: unknown) {
  return badRequest('invalidValue', `${where} expects ${expected}, got ${quote(value)}`);
}

/** Coerces a simple (non-complex) single value. */
function coerceSimple(def: AttributeDefinition, value: JsonValue, where: string, ctx: PatchContext): JsonValue {
  if (value === null) return null;
  switch (def.type) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) {
        const b = value.trim().toLowerCase() === 'true';
        ctx.log.add('patch.boolean.string', `${where}: ${quote(value)}`, `${where}: ${b}`);
        return b;
      }
      throw invalidValue(where, 'a boolean', value);
    case 'integer':
    case 'decimal': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n) || (def.type === 'integer' && !Number.isInteger(n))) {
        throw invalidValue(where, `an ${def.type === 'integer' ? 'integer' : 'decimal number'}`, value);
      }
      if (typeof value === 'string') ctx.log.add('patch.number.string', `${where}: ${quote(value)}`, `${where}: ${n}`);
      return n;
    }
    default:
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') {
        ctx.log.add('patch.value.stringified', `${where}: ${quote(value)}`, `${where}: ${quote(String(value))}`);
        return String(value);
      }
      throw invalidValue(where, 'a string', value);
  }
}

/** Coerces the sub-attributes of one complex value, canonicalising their names. */
export function coerceComplexObject(def: AttributeDefinition, value: JsonObject, where: string, ctx: PatchContext): JsonObject {
  const out: JsonObject = {};
  for (const [key, sub] of Object.entries(value)) {
    const subDef = findAttribute(def.subAttributes, key);
    if (!subDef) {
      ctx.log.add('attribute.unknown', `${where}.${key}`, 'stored as sent');
      out[key] = sub;
      continue;
    }
    // A null sub-attribute is kept: merging it into an existing value unassigns that sub-attribute.
    out[subDef.name] = coerceSingle(subDef, sub, `${where}.${subDef.name}`, ctx);
  }
  return out;
}

/** Unwraps `[x]` for a single-valued attribute (Entra); more than one element is an error. */
function unwrapSingle(value: JsonValue, where: string, ctx: PatchContext): JsonValue {
  if (!Array.isArray(value)) return value;
  if (value.length === 0) return null;
  if (value.length > 1) throw invalidValue(where, 'a single value', value);
  const only = value[0] as JsonValue;
  ctx.log.add('patch.value.array', `${where}: ${quote(value)}`, `${where}: ${quote(only)}`);
  return only;
}

/** Coerces a value for a single-valued attribute or one element of a multi-valued one. */
export function coerceSingle(def: AttributeDefinition, value: JsonValue, where: string, ctx: PatchContext): JsonValue {
  const v = unwrapSingle(value, where, ctx);
  if (v === null) return null;
  if (def.type !== 'complex') return coerceSimple(def, v, where, ctx);
  if (typeof v === 'string' && !def.multiValued && findAttribute(def.subAttributes, 'value')) {
    // Entra sends the manager's id as a bare string.
    ctx.log.add('patch.manager.string', `${where}: ${quote(v)}`, `${where}: ${quote({ value: v })}`);
    return { value: v };
  }
  if (!isObject(v)) throw invalidValue(where, 'an object of sub-attributes', v);
  return coerceComplexObject(def, v, where, ctx);
}

/** Coerces a value meant for a whole multi-valued attribute into an array of coerced elements. */
export function coerceMulti(def: AttributeDefinition, value: JsonValue, where: string, ctx: PatchContext): JsonValue[] {
  let list: JsonValue[];
  if (Array.isArray(value)) list = value;
  else {
    ctx.log.add('patch.value.wrapped', `${where}: ${quote(value)}`, `${where}: ${quote([value])}`);
    list = [value];
  }
  const out: JsonValue[] = [];
  for (const element of list) {
    if (Array.isArray(element)) throw invalidValue(where, 'a list of values, not nested lists', value);
    const coerced = coerceSingle(def, element, where, ctx);
    if (coerced !== null) out.push(coerced);
  }
  return out;
}
