/**
 * Parses a PATCH `path` (RFC 7644 §3.5.2: attrPath / valuePath [subAttr]) into canonical names
 * and schema definitions, handing the bracketed filter to the shared filter parser.
 */
import type { FilterNode } from '../filter/ast.js';
import { compileElementFilter, parseFilter } from '../filter/index.js';
import { ScimError, badRequest } from '../errors.js';
import { attr, findAttribute, type AttributeDefinition } from '../schemas/attribute-definition.js';
import { extensionSchemaOf, resolvePath, splitUrn, type ResourceTypeDefinition } from '../schemas/resource-types.js';

export interface SubTarget {
  name: string;
  definition: AttributeDefinition;
  known: boolean;
}

export interface ValueFilter {
  /** The filter text as sent (trimmed). */
  text: string;
  node: FilterNode;
  matches: (element: unknown) => boolean;
  /** `x` when the filter is exactly `type eq "x"` (the shape Entra sends for elements that may not exist yet). */
  simpleType: string | null;
}

/** A path naming an attribute, optionally narrowed by a value filter and/or a sub-attribute. */
export interface AttributeTarget {
  kind: 'attribute';
  /** Canonical path text for the normalized operation. */
  text: string;
  /** The extension URN whose object holds the attribute, or null for core and common attributes. */
  extension: string | null;
  attribute: string;
  definition: AttributeDefinition;
  known: boolean;
  filter: ValueFilter | null;
  sub: SubTarget | null;
}

/** A path that is a bare schema URN (`urn:...:enterprise:2.0:User`): the whole extension object, or the resource. */
export interface SchemaTarget {
  kind: 'schema';
  text: string;
  /** The extension URN, or null when the URN is the resource type's core schema. */
  extension: string | null;
}

export type PatchTarget = AttributeTarget | SchemaTarget;

const NAME = /^\$?[A-Za-z][\w$-]*$/;

/** The canonical `schemas` attribute: not in any schema's attribute list, but PATCH may add extension URNs to it. */
export const SCHEMAS_DEFINITION = attr({ name: 'schemas', multiValued: true, caseExact: false, description: 'Schema URIs of the resource.' });

/** Locates the `]` that closes the bracket opened at `open`, skipping quoted strings; -1 when unbalanced or nested. */
function closingBracket(text: string, open: number): number {
  let inString = false;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[') return -1;
    else if (c === ']') return i;
  }
  return -1;
}

/** The bare schema URN a path names, if it names one this resource type knows. */
function schemaUrn(type: ResourceTypeDefinition, path: string): SchemaTarget | null {
  const lower = path.toLowerCase();
  if (lower === type.schema.id.toLowerCase()) return { kind: 'schema', text: type.schema.id, extension: null };
  const ext = extensionSchemaOf(type, path);
  return ext ? { kind: 'schema', text: ext.id, extension: ext.id } : null;
}

function invalidPath(raw: string, why: string): ScimError {
  return badRequest('invalidPath', `Invalid path ${JSON.stringify(raw)}: ${why}`);
}

/** Resolves a sub-attribute name against its parent; names no schema declares resolve loosely. */
function resolveSub(raw: string, parent: AttributeDefinition, parentKnown: boolean, name: string): SubTarget {
  if (parentKnown && parent.type !== 'complex') throw invalidPath(raw, `${parent.name} has no sub-attributes`);
  const found = findAttribute(parent.subAttributes, name);
  return found
    ? { name: found.name, definition: found, known: true }
    : { name, definition: attr({ name, description: 'Not declared by any schema this server knows.' }), known: false };
}

/** Resolves `[urn:]attr[.sub]` into a target without a filter. */
function resolveAttrPath(type: ResourceTypeDefinition, raw: string, text: string): AttributeTarget {
  const { urn, rest } = splitUrn(text);
  const parts = rest.split('.');
  if (parts.length > 2 || parts.some((p) => !NAME.test(p))) throw invalidPath(raw, 'expected attribute or attribute.subAttribute');
  const [attrName, subName] = parts as [string, string | undefined];
  const top = resolvePath(type, urn === null ? attrName : `${urn}:${attrName}`);
  if (top === null) throw invalidPath(raw, 'not a valid attribute path');

  let definition = top.definition;
  let known = top.known;
  if (top.extension === null && attrName.toLowerCase() === 'schemas' && urn === null) {
    definition = SCHEMAS_DEFINITION;
    known = true;
  }
  let sub: SubTarget | null = null;
  if (subName !== undefined) {
    sub = resolveSub(raw, definition, known, subName);
  }
  return { kind: 'attribute', text: '', extension: top.extension, attribute: definition.name, definition, known, filter: null, sub };
}

/** `type eq "x"` → "x"; anything else → null. */
function simpleTypeOf(node: FilterNode): string | null {
  if (node.kind !== 'compare' || node.op !== 'eq' || typeof node.value !== 'string') return null;
  const p = node.path;
  return p.urn === null && p.subAttribute === null && p.attribute.toLowerCase() === 'type' ? node.value : null;
}

/** Canonical text of an attribute target. */
export function targetText(t: AttributeTarget): string {
  let text = t.extension === null ? t.attribute : `${t.extension}:${t.attribute}`;
  if (t.filter) text += `[${t.filter.text}]`;
  if (t.sub) text += `.${t.sub.name}`;
  return text;
}

/** Parses a PATCH path; throws 400 invalidPath when it is malformed. */
export function parsePatchPath(type: ResourceTypeDefinition, rawPath: string): PatchTarget {
  const raw = rawPath.trim();
  if (raw === '') throw invalidPath(rawPath, 'empty');
  const open = raw.indexOf('[');
  if (open < 0) {
    if (raw.includes(']')) throw invalidPath(raw, 'unbalanced "]"');
    const schema = schemaUrn(type, raw);
    if (schema) return schema;
    const target = resolveAttrPath(type, raw, raw);
    return { ...target, text: targetText(target) };
  }

  const close = closingBracket(raw, open);
  if (close < 0) throw invalidPath(raw, 'unbalanced or nested "["');
  const inner = raw.slice(open + 1, close).trim();
  if (inner === '') throw invalidPath(raw, 'empty value filter');
  const after = raw.slice(close + 1);
  const subMatch = /^\.(\$?[A-Za-z][\w$-]*)$/.exec(after);
  if (after !== '' && !subMatch) throw invalidPath(raw, `unexpected ${JSON.stringify(after)} after the value filter`);

  const base = resolveAttrPath(type, raw, raw.slice(0, open).trim());
  if (base.sub !== null) throw invalidPath(raw, 'a value filter must follow the attribute name, not a sub-attribute');
  if (base.known && !base.definition.multiValued) throw invalidPath(raw, `${base.attribute} is not multi-valued`);
  // Attributes no schema declares are treated as multi-valued complex so their elements can be selected.
  const definition = base.known ? base.definition : attr({ name: base.attribute, type: 'complex', multiValued: true, subAttributes: [], description: 'Not declared by any schema this server knows.' });

  let filter: ValueFilter;
  try {
    const node = parseFilter(inner);
    filter = { text: inner, node, matches: compileElementFilter(node, definition), simpleType: simpleTypeOf(node) };
  } catch (err) {
    // A filter that does not parse or cannot apply to this attribute makes the path invalid.
    if (err instanceof ScimError) throw invalidPath(raw, err.message);
    throw err;
  }

  let sub: SubTarget | null = null;
  if (subMatch) {
    const subName = subMatch[1] as string;
    sub = resolveSub(raw, definition, base.known, subName);
  }
  const target: AttributeTarget = { ...base, definition, filter, sub };
  return { ...target, text: targetText(target) };
}
