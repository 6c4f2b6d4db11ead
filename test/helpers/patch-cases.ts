/**
 * The harness the PATCH tables share: a case is a source resource, the operations sent, and either
 * the resulting resource (with the leniencies expected) or the SCIM error; sources are deep-frozen
 * so any mutation of the input fails the test.
 */
import { expect } from 'vitest';
import type { JsonObject } from '../../server/contract/scim.js';
import { applyPatch, PATCH_OP_SCHEMA, type NormalizedPatchOperation } from '../../server/scim/patch/index.js';
import { resourceTypes } from '../../server/scim/schemas/resource-types.js';
import { scimErrorOf } from './scim-error.js';

export interface BaseCase {
  name: string;
  type?: 'User' | 'Group';
  source: JsonObject;
  /** The Operations array; ignored when `body` is given. */
  ops?: unknown[];
  body?: unknown;
}
export interface SuccessCase extends BaseCase {
  target: JsonObject;
  /** Leniency codes expected, in order (default: none). */
  leniencies?: string[];
  operations?: NormalizedPatchOperation[];
}
export interface ErrorCase extends BaseCase {
  error: { status: number; scimType: string };
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

export function omit(obj: JsonObject, ...keys: string[]): JsonObject {
  const copy = structuredClone(obj);
  for (const k of keys) delete copy[k];
  return copy;
}

export function bodyOf(c: BaseCase): unknown {
  return 'body' in c ? c.body : { schemas: [PATCH_OP_SCHEMA], Operations: c.ops };
}

export function runSuccess(c: SuccessCase): void {
  const source = deepFreeze(structuredClone(c.source));
  const result = applyPatch(source, bodyOf(c), resourceTypes[c.type ?? 'User']);
  expect(result.resource).toEqual(c.target);
  expect(result.leniencies.map((l) => l.code)).toEqual(c.leniencies ?? []);
  if (c.operations) expect(result.operations).toEqual(c.operations);
  expect(source).toEqual(c.source);
}

export function runError(c: ErrorCase): void {
  const source = deepFreeze(structuredClone(c.source));
  const e = scimErrorOf(() => applyPatch(source, bodyOf(c), resourceTypes[c.type ?? 'User']));
  expect({ status: e.status, scimType: e.scimType }).toEqual(c.error);
  expect(source).toEqual(c.source);
}

