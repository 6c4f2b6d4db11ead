/**
 * Turns a client's resource body (POST, PUT, or the result of a PATCH) into the stored form:
 * attribute names in their canonical case, values checked against their schema type, read-only
 * attributes dropped, nulls treated as unassigned. What real IdPs send that the RFC does not allow
 * but whose meaning is clear is accepted and noted as a leniency for the recorder.
 */
import type { JsonObject, JsonValue, Leniency } from '../contract/scim.js';
import type { AttributeDefinition } from './schemas/attribute-definition.js';
import { findAttribute } from './schemas/attribute-definition.js';
import { coreAttributesOf, extensionSchemaOf, type ResourceTypeDefinition } from './schemas/resource-types.js';
import { badRequest } from './errors.js';

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);
const short = (v: unknown) => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
};

export interface NormalizedInput {
  /** Attributes to store (without id, meta, password and derived attributes). */
  attributes: JsonObject;
  /** The write-only password, if one was sent. */
  password: string | null;
}

/**
 * Normalizes a whole-resource body. `path` prefixes messages (e.g. for PATCH results).
 * Throws ScimError 400 invalidSyntax / invalidValue on what cannot be understood.
 */
export function normalizeResourceInput(body: unknown, type: ResourceTypeDefinition, leniencies: Leniency[]): NormalizedInput {
  if (!isObject(body)) throw badRequest('invalidSyntax', `The request body must be a JSON object describing a ${type.name}, not ${short(body)}.`);
  const out: JsonObject = {};
  let password: string | null = null;
  const coreAttributes = coreAttributesOf(type);

  const take = (key: string, value: JsonValue, sent: string) => {
    const def = findAttribute(coreAttributes, key);
    if (!def) {
      if (value !== null) out[key] = value;
      leniencies.push({ code: 'attribute.unknown', sent, normalized: 'stored as sent' });
      return;
    }
    if (def.name === 'password') {
      if (value === null) return;
      if (typeof value !== 'string') throw badRequest('invalidValue', `"password" must be a string.`);
      password = value;
      return;
    }
    if (def.mutability === 'readOnly') {
      if (def.name !== 'id' && def.name !== 'meta') leniencies.push({ code: 'attribute.readonly.ignored', sent: def.name, normalized: 'ignored (read-only)' });
      return;
    }
    const normalized = normalizeValue(value, def, def.name, leniencies);
    if (normalized !== undefined) out[def.name] = normalized;
  };

  /** One member of the body; members of a core-URN object come back through here, so extensions nested there work too. */
  const member = (key: string, value: JsonValue, sent: string): void => {
    if (key.toLowerCase() === 'schemas') return;
    const qualified = coreQualified(type, key);
    if (qualified !== null) {
      // `{"urn:...:core:2.0:User": {"userName": ...}}` (scimverify's form) or `"urn:...:core:2.0:User:userName"`.
      leniencies.push({ code: 'attribute.core.qualified', sent: qualified === '' ? `"${sent}": {...}` : `"${sent}"`, normalized: 'stored the attributes at the top level' });
      if (qualified !== '') return take(qualified, value, sent);
      for (const [name, v] of coreObjectEntries(key, value)) member(name, v, `${sent}.${name}`);
      return;
    }
    const extension = extensionSchemaOf(type, key);
    if (extension) {
      if (value === null) return;
      if (!isObject(value)) throw badRequest('invalidValue', `"${key}" must be an object holding ${extension.name} attributes.`);
      const ext = normalizeObject(value, extension.attributes, key, leniencies);
      if (Object.keys(ext).length > 0) out[extension.id] = ext;
      return;
    }
    if (/^urn:/i.test(key)) {
      // An extension this server does not declare (e.g. an IdP's custom schema): kept as sent.
      if (value !== null) out[key] = value;
      leniencies.push({ code: 'schema.extension.unknown', sent: key, normalized: 'stored as sent' });
      return;
    }
    take(key, value, sent);
  };

  for (const [key, value] of Object.entries(body)) member(key, value, key);

  out.schemas = schemasFor(body, out, type, leniencies);
  return { attributes: out, password };
}

/**
 * For a key naming the core schema URN, the attribute it qualifies: '' for the URN alone (an object
 * of core attributes), `userName` for `urn:...:core:2.0:User:userName`; null for any other key.
 * RFC 7644 §3.10 lets any attribute be named with its schema URN prefix.
 */
function coreQualified(type: ResourceTypeDefinition, key: string): string | null {
  const urn = type.schema.id.toLowerCase();
  const lower = key.toLowerCase();
  if (lower === urn) return '';
  if (lower.startsWith(`${urn}:`) && /^[A-Za-z$][\w$-]*$/.test(key.slice(urn.length + 1))) return key.slice(urn.length + 1);
  return null;
}

/** The members of a core-URN object; null means nothing was sent. */
function coreObjectEntries(key: string, value: JsonValue): [string, JsonValue][] {
  if (value === null) return [];
  if (!isObject(value)) throw badRequest('invalidValue', `"${key}" must be an object holding core attributes, not ${short(value)}.`);
  return Object.entries(value);
}

/** The `schemas` list: the core URN first, then each extension present in the body. */
function schemasFor(body: JsonObject, attributes: JsonObject, type: ResourceTypeDefinition, leniencies: Leniency[]): string[] {
  const sent = Array.isArray(body.schemas) ? body.schemas.filter((s): s is string => typeof s === 'string') : null;
  if (!sent || !sent.some((s) => s.toLowerCase() === type.schema.id.toLowerCase())) {
    leniencies.push({ code: 'schemas.core.missing', sent: short(body.schemas ?? null), normalized: `added "${type.schema.id}"` });
  }
  const out = [type.schema.id];
  for (const key of Object.keys(attributes)) if (/^urn:/i.test(key)) out.push(key);
  return out;
}

function normalizeObject(value: JsonObject, definitions: AttributeDefinition[], where: string, leniencies: Leniency[]): JsonObject {
  const out: JsonObject = {};
  for (const [key, sub] of Object.entries(value)) {
    const def = findAttribute(definitions, key);
    if (!def) {
      if (sub !== null) out[key] = sub;
      leniencies.push({ code: 'attribute.unknown', sent: `${where}.${key}`, normalized: 'stored as sent' });
      continue;
    }
    if (def.mutability === 'readOnly') continue;
    const normalized = normalizeValue(sub, def, `${where}.${def.name}`, leniencies);
    if (normalized !== undefined) out[def.name] = normalized;
  }
  return out;
}

/** Checks and canonicalizes one attribute value; undefined means "unassigned". */
export function normalizeValue(value: JsonValue, def: AttributeDefinition, where: string, leniencies: Leniency[]): JsonValue | undefined {
  if (value === null) return undefined;
  if (def.multiValued) {
    let list: JsonValue[];
    if (Array.isArray(value)) list = value;
    else {
      leniencies.push({ code: 'value.multivalued.wrapped', sent: `${where}: ${short(value)}`, normalized: 'wrapped in an array' });
      list = [value];
    }
    const items = list.map((item) => normalizeSingle(item, def, where, leniencies)).filter((v): v is JsonValue => v !== undefined);
    if (items.length === 0) return undefined;
    return def.type === 'complex' ? onePrimary(items, where, leniencies) : items;
  }
  if (Array.isArray(value)) {
    if (value.length === 1) {
      leniencies.push({ code: 'value.array.unwrapped', sent: `${where}: ${short(value)}`, normalized: 'used its only element' });
      return normalizeSingle(value[0]!, def, where, leniencies);
    }
    throw badRequest('invalidValue', `"${where}" takes a single value, but an array of ${value.length} was sent.`);
  }
  return normalizeSingle(value, def, where, leniencies);
}

function normalizeSingle(value: JsonValue, def: AttributeDefinition, where: string, leniencies: Leniency[]): JsonValue | undefined {
  if (value === null) return undefined;
  switch (def.type) {
    case 'complex': {
      if (!isObject(value)) {
        // Entra sends the manager's id as a plain string.
        if (typeof value === 'string' && findAttribute(def.subAttributes, 'value')) {
          leniencies.push({ code: 'value.complex.string', sent: `${where}: ${short(value)}`, normalized: `{"value": ${short(value)}}` });
          return { value };
        }
        throw badRequest('invalidValue', `"${where}" must be an object, not ${short(value)}.`);
      }
      const out = normalizeObject(value, def.subAttributes ?? [], where, leniencies);
      return Object.keys(out).length > 0 ? out : undefined;
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) {
        leniencies.push({ code: 'value.boolean.string', sent: `${where}: ${short(value)}`, normalized: String(value.toLowerCase() === 'true') });
        return value.toLowerCase() === 'true';
      }
      throw badRequest('invalidValue', `"${where}" must be true or false, not ${short(value)}.`);
    }
    case 'integer':
    case 'decimal': {
      if (typeof value === 'number' && (def.type === 'decimal' || Number.isInteger(value))) return value;
      throw badRequest('invalidValue', `"${where}" must be ${def.type === 'integer' ? 'an integer' : 'a number'}, not ${short(value)}.`);
    }
    case 'dateTime': {
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value;
      throw badRequest('invalidValue', `"${where}" must be an xsd:dateTime string such as "2026-01-31T12:00:00Z", not ${short(value)}.`);
    }
    default: {
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') {
        leniencies.push({ code: 'value.string.coerced', sent: `${where}: ${short(value)}`, normalized: JSON.stringify(String(value)) });
        return String(value);
      }
      throw badRequest('invalidValue', `"${where}" must be a string, not ${short(value)}.`);
    }
  }
}

/** RFC 7643 §2.4: at most one element may be primary. */
function onePrimary(items: JsonValue[], where: string, leniencies: Leniency[]): JsonValue[] {
  const primaries = items.filter((i) => isObject(i) && i.primary === true);
  if (primaries.length <= 1) return items;
  leniencies.push({ code: 'value.primary.multiple', sent: `${where}: ${primaries.length} primary values`, normalized: 'kept the first as primary' });
  let seen = false;
  return items.map((i) => {
    if (!isObject(i) || i.primary !== true) return i;
    if (!seen) {
      seen = true;
      return i;
    }
    return { ...i, primary: false };
  });
}
