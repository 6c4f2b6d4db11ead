/**
 * The resource types this server offers and the attribute-path resolver that filters, PATCH,
 * sorting and projection share. A path is resolved once, case-insensitively, to the canonical
 * attribute names and the definition that says how to compare and mutate it.
 */
import type { ResourceTypeName } from '../../contract/scim.js';
import { attr, findAttribute, type AttributeDefinition, type SchemaDefinition } from './attribute-definition.js';
import { commonAttributes } from './common-attributes.js';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA, enterpriseUserSchema, groupSchema, userSchema } from './core-schemas.js';

export interface ResourceTypeDefinition {
  name: ResourceTypeName;
  endpoint: '/Users' | '/Groups';
  description: string;
  schema: SchemaDefinition;
  extensions: { schema: SchemaDefinition; required: boolean }[];
}

export const resourceTypes: Record<ResourceTypeName, ResourceTypeDefinition> = {
  User: {
    name: 'User',
    endpoint: '/Users',
    description: 'User Account',
    schema: userSchema,
    extensions: [{ schema: enterpriseUserSchema, required: false }],
  },
  Group: {
    name: 'Group',
    endpoint: '/Groups',
    description: 'Group',
    schema: groupSchema,
    extensions: [],
  },
};

export const allSchemas: SchemaDefinition[] = [userSchema, groupSchema, enterpriseUserSchema];

export { USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_USER_SCHEMA };

const lookups = new WeakMap<ResourceTypeDefinition, { core: readonly AttributeDefinition[]; extensions: Map<string, SchemaDefinition> }>();

function lookupsOf(type: ResourceTypeDefinition) {
  let found = lookups.get(type);
  if (!found) {
    found = { core: [...commonAttributes, ...type.schema.attributes], extensions: new Map(type.extensions.map((e) => [e.schema.id.toLowerCase(), e.schema])) };
    lookups.set(type, found);
  }
  return found;
}

/** The attributes held at the top level of a resource of this type: the common ones (id, externalId, meta) and its core schema's. Built once per type. */
export function coreAttributesOf(type: ResourceTypeDefinition): readonly AttributeDefinition[] {
  return lookupsOf(type).core;
}

/** The extension schema of this type that a URN names, in any case. */
export function extensionSchemaOf(type: ResourceTypeDefinition, urn: string): SchemaDefinition | undefined {
  return lookupsOf(type).extensions.get(urn.toLowerCase());
}

/**
 * A resolved attribute path. `extension` names the URN whose object holds the attribute in JSON
 * (`resource[extension][attribute]`), or null for core and common attributes.
 */
export interface ResolvedPath {
  extension: string | null;
  /** Canonical top-level attribute name. */
  attribute: string;
  definition: AttributeDefinition;
  /** Canonical sub-attribute name, when the path names one. */
  subAttribute: string | null;
  subDefinition: AttributeDefinition | null;
  /** False when the attribute is not in any schema this server knows (stored as sent, compared as a string). */
  known: boolean;
}

/** A definition for attributes no schema declares: lenient string semantics. */
function looseDefinition(name: string): AttributeDefinition {
  return attr({ name, description: 'Not declared by any schema this server knows.' });
}

/**
 * Splits `urn:...:User:name.givenName` into the URN prefix and the rest. A URN prefix is recognised
 * when the path starts with `urn:`; the attribute starts after the last colon.
 */
export function splitUrn(path: string): { urn: string | null; rest: string } {
  if (!/^urn:/i.test(path)) return { urn: null, rest: path };
  const colon = path.lastIndexOf(':');
  return { urn: path.slice(0, colon), rest: path.slice(colon + 1) };
}

/**
 * Resolves an attribute path (`userName`, `name.givenName`, `emails.value`, `meta.lastModified`,
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`) for a resource type.
 * Returns null when the path is not well formed (an unknown URN is resolved loosely).
 */
export function resolvePath(type: ResourceTypeDefinition, path: string): ResolvedPath | null {
  let known = resolved.get(type);
  if (known === undefined) resolved.set(type, (known = new Map()));
  const hit = known.get(path);
  if (hit !== undefined) return hit;
  const result = resolveAfresh(type, path);
  // Paths come from clients (filters, attributes, PATCH): bounded in count and length, so odd ones cannot grow it without end.
  if (known.size < RESOLVED_MAX && path.length <= RESOLVED_PATH_LENGTH_MAX) known.set(path, result === null ? null : Object.freeze(result));
  return result;
}

/**
 * Resolved paths by type and path text. A filter's path is resolved twice per request (compiling it
 * and planning the index lookup), a projection's once per name, and clients repeat the same few
 * paths; resolving one matches it against two patterns and walks the schema's attribute list. A
 * result depends only on the type and the text (the schemas are fixed), and is frozen: callers copy
 * it (`{ ...resolved, selects }`) rather than change it.
 */
const resolved = new WeakMap<ResourceTypeDefinition, Map<string, ResolvedPath | null>>();
const RESOLVED_MAX = 1024;
const RESOLVED_PATH_LENGTH_MAX = 256;

function resolveAfresh(type: ResourceTypeDefinition, path: string): ResolvedPath | null {
  const { urn, rest } = splitUrn(path.trim());
  if (rest === '' ) return null;
  const parts = rest.split('.');
  if (parts.length > 2 || parts.some((p) => !/^\$?[A-Za-z][\w$-]*$/.test(p))) return null;
  const [attrName, subName] = parts as [string, string | undefined];

  let extension: string | null = null;
  let schemaAttrs: readonly AttributeDefinition[] | undefined;
  if (urn === null || urn.toLowerCase() === type.schema.id.toLowerCase()) {
    schemaAttrs = coreAttributesOf(type);
  } else {
    const ext = extensionSchemaOf(type, urn);
    extension = ext ? ext.id : urn;
    schemaAttrs = ext?.attributes;
  }

  const found = findAttribute(schemaAttrs, attrName);
  const definition = found ?? looseDefinition(attrName);
  let subDefinition: AttributeDefinition | null = null;
  if (subName !== undefined) {
    subDefinition = findAttribute(definition.subAttributes, subName) ?? looseDefinition(subName);
  }
  return {
    extension,
    attribute: definition.name,
    definition,
    subAttribute: subDefinition ? subDefinition.name : null,
    subDefinition,
    known: found !== undefined && (subName === undefined || findAttribute(definition.subAttributes, subName) !== undefined),
  };
}

/** The definition that governs comparisons for a resolved path (the sub-attribute's if any). */
export function leafDefinition(path: ResolvedPath): AttributeDefinition {
  return path.subDefinition ?? path.definition;
}

/** Finds a key in a JSON object case-insensitively (clients send `UserName`, `emails`...). */
export function findKey(obj: Record<string, unknown>, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

/** The JSON object that holds a resolved path's top-level attribute (the resource or its extension object). */
export function containerFor(resource: Record<string, unknown>, path: ResolvedPath): Record<string, unknown> | undefined {
  if (path.extension === null) return resource;
  const key = findKey(resource, path.extension);
  const value = key === undefined ? undefined : resource[key];
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
