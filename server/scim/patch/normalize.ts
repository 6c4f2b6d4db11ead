/**
 * Validates a PATCH request body and irons out how real IdPs phrase it (Entra's capitalised ops,
 * lower-case `operations`, dotted keys in no-path values) into plain operations and assignments.
 */
import type { JsonValue } from '../../contract/scim.js';
import { badRequest } from '../errors.js';
import { resolvePath, type ResourceTypeDefinition } from '../schemas/resource-types.js';
import { isObject, quote, type LeniencyLog } from './support.js';

export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
/** More operations than this in one request is refused (RFC 7644 leaves the limit to the server). */
export const MAX_OPERATIONS = 1000;

export type PatchOpName = 'add' | 'remove' | 'replace';

export interface RawOperation {
  op: PatchOpName;
  path: string | null;
  /** undefined when the operation had no `value` member. */
  value: JsonValue | undefined;
  index: number;
}

/** One attribute to set, from a no-path value object: `{"active": false}` → path `active`. */
export interface Assignment {
  path: string;
  value: JsonValue;
}

const OPS: readonly PatchOpName[] = ['add', 'remove', 'replace'];
const PLAIN_NAME = /^\$?[A-Za-z][\w$-]*$/;

/** Reads a member by its RFC spelling, accepting other casings as a leniency. */
function member(obj: Record<string, JsonValue>, name: string, log: LeniencyLog, where: string): JsonValue | undefined {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return obj[name];
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  if (key === undefined) return undefined;
  log.add(name === 'Operations' ? 'patch.operations.case' : 'patch.key.case', `${where}"${key}"`, `"${name}"`);
  return obj[key];
}

/** Validates the PatchOp envelope and each operation's shape. */
export function readPatchBody(body: unknown, log: LeniencyLog): RawOperation[] {
  if (!isObject(body)) throw badRequest('invalidSyntax', 'A PATCH body must be a JSON object with "schemas" and "Operations"');
  const schemas = member(body, 'schemas', log, '');
  const listsPatchOp = Array.isArray(schemas) && schemas.some((s) => typeof s === 'string' && s.toLowerCase() === PATCH_OP_SCHEMA.toLowerCase());
  if (!listsPatchOp) log.add('patch.schemas.missing', schemas === undefined ? 'no "schemas"' : `"schemas":${quote(schemas)}`, `treated as ${PATCH_OP_SCHEMA}`);

  const operations = member(body, 'Operations', log, '');
  if (!Array.isArray(operations) || operations.length === 0) throw badRequest('invalidSyntax', '"Operations" must be a non-empty array');
  if (operations.length > MAX_OPERATIONS) {
    throw badRequest('invalidSyntax', `Too many operations: ${operations.length} (at most ${MAX_OPERATIONS} per request)`);
  }
  return operations.map((raw, index) => readOperation(raw, index, log));
}

function readOperation(raw: JsonValue, index: number, log: LeniencyLog): RawOperation {
  const where = `Operations[${index}]`;
  if (!isObject(raw)) throw badRequest('invalidSyntax', `${where} must be an object`);
  const opSent = member(raw, 'op', log, `${where}.`);
  if (typeof opSent !== 'string') throw badRequest('invalidSyntax', `${where}.op must be "add", "remove" or "replace"`);
  const op = OPS.find((o) => o === opSent.toLowerCase());
  if (op === undefined) throw badRequest('invalidSyntax', `${where}.op ${quote(opSent)} is not "add", "remove" or "replace"`);
  if (op !== opSent) log.add('patch.op.capitalized', `"op":${quote(opSent)}`, `"op":"${op}"`);

  const pathSent = member(raw, 'path', log, `${where}.`);
  let path: string | null = null;
  if (typeof pathSent === 'string') {
    if (pathSent.trim() === '') log.add('patch.path.empty', `"path":${quote(pathSent)}`, 'no path');
    else path = pathSent.trim();
  } else if (pathSent !== undefined && pathSent !== null) {
    throw badRequest('invalidPath', `${where}.path must be a string, got ${quote(pathSent)}`);
  }

  const value = member(raw, 'value', log, `${where}.`);
  if (op !== 'remove' && value === undefined) throw badRequest('invalidSyntax', `${where}: "${op}" requires a "value"`);
  return { op, path, value, index };
}

function isSchemaUrn(type: ResourceTypeDefinition, key: string): 'core' | 'extension' | null {
  const lower = key.toLowerCase();
  if (lower === type.schema.id.toLowerCase()) return 'core';
  return type.extensions.some((e) => e.schema.id.toLowerCase() === lower) ? 'extension' : null;
}

/** Keys of an extension object: `{"department": "X"}` under the URN → `urn:...:department`. */
function expandExtension(urn: string, value: JsonValue, log: LeniencyLog): Assignment[] {
  if (value === null) return [{ path: urn, value: null }];
  if (!isObject(value)) throw badRequest('invalidValue', `${urn} expects an object of attributes, got ${quote(value)}`);
  return Object.entries(value).map(([key, v]) => {
    if (!PLAIN_NAME.test(key)) log.add('patch.value.dottedkey', `${quote(key)} inside ${urn}`, `path "${urn}:${key}"`);
    return { path: `${urn}:${key}`, value: v };
  });
}

/**
 * Turns a no-path `add`/`replace` value into one assignment per attribute. Extension objects are
 * opened; keys that are themselves paths (Entra: `name.givenName`, `urn:...:User:department`,
 * `emails[type eq "work"].value`) are taken as paths (leniency `patch.value.dottedkey`).
 */
export function expandValueObject(value: JsonValue | undefined, type: ResourceTypeDefinition, log: LeniencyLog): Assignment[] {
  if (!isObject(value)) throw badRequest('invalidValue', `Without a path, "value" must be an object of attributes, got ${quote(value)}`);
  const out: Assignment[] = [];
  for (const [key, v] of Object.entries(value)) {
    const schema = isSchemaUrn(type, key);
    if (schema === 'core') {
      log.add('attribute.core.qualified', `"${key}": {...}`, 'applied the attributes at the top level');
      out.push(...expandValueObject(v, type, log));
    } else if (schema === 'extension') {
      out.push(...expandExtension(key, v, log));
    } else if (PLAIN_NAME.test(key)) {
      out.push({ path: key, value: v });
    } else if (/^urn:/i.test(key) && isObject(v) && !/[[\]]/.test(key) && resolvePath(type, key)?.known !== true) {
      // An extension this server has no schema for, sent the RFC way: `{"urn:...:CustomExt": {...}}`.
      out.push(...expandExtension(key, v, log));
    } else {
      log.add('patch.value.dottedkey', quote(key), `path ${quote(key)}`);
      out.push({ path: key, value: v });
    }
  }
  return out;
}
