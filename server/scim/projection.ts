/**
 * `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9): which attributes a response
 * carries. `id` and `schemas` always come back; `returned: never` attributes never do; a named
 * sub-attribute keeps only that part of its parent.
 */
import type { JsonObject } from '../contract/scim.js';
import { badRequest } from './errors.js';
import { extensionSchemaOf, findKey, resolvePath, type ResolvedPath, type ResourceTypeDefinition } from './schemas/resource-types.js';

export interface Projection {
  attributes: ResolvedPath[] | null;
  /** Whole extensions named by their URN alone. */
  extensions: string[];
  excluded: ResolvedPath[] | null;
}

const ALWAYS = new Set(['id', 'schemas']);

/** Parses the comma-separated (or array) parameter values; malformed paths are a 400 invalidPath... */
export function parseProjection(type: ResourceTypeDefinition, attributes: string[] | null, excluded: string[] | null): Projection {
  const parse = (list: string[] | null) => {
    if (!list || list.length === 0) return { paths: null, extensions: [] as string[] };
    const paths: ResolvedPath[] = [];
    const extensions: string[] = [];
    for (const raw of list) {
      const name = raw.trim();
      if (name === '') continue;
      const ext = extensionSchemaOf(type, name)?.id;
      if (ext) {
        extensions.push(ext);
        continue;
      }
      const resolved = resolvePath(type, name);
      if (!resolved) throw badRequest('invalidPath', `"${name}" is not an attribute path (expected e.g. "userName", "name.givenName" or a URN-qualified name).`);
      paths.push(resolved);
    }
    return { paths: paths.length || extensions.length ? paths : null, extensions };
  };
  const inc = parse(attributes);
  const exc = parse(excluded);
  return { attributes: inc.paths, extensions: inc.extensions, excluded: exc.paths };
}

export const noProjection: Projection = { attributes: null, extensions: [], excluded: null };

export function isProjected(p: Projection): boolean {
  return p.attributes !== null || p.excluded !== null || p.extensions.length > 0;
}

/** Applies a projection to a rendered resource (a new object; the input is not changed). */
export function project(resource: JsonObject, p: Projection, options: { ignoreExcluded?: boolean } = {}): JsonObject {
  if (p.attributes !== null || p.extensions.length > 0) return include(resource, p);
  if (p.excluded !== null && !options.ignoreExcluded) return exclude(resource, p.excluded);
  return resource;
}

function include(resource: JsonObject, p: Projection): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(resource)) if (ALWAYS.has(key)) out[key] = resource[key]!;
  for (const ext of p.extensions) if (resource[ext] !== undefined) out[ext] = resource[ext]!;
  for (const path of p.attributes ?? []) {
    const source = path.extension ? (resource[path.extension] as JsonObject | undefined) : resource;
    if (!source || typeof source !== 'object') continue;
    const key = findKey(source, path.attribute);
    if (key === undefined) continue;
    const target = path.extension ? ((out[path.extension] ??= {}) as JsonObject) : out;
    const value = source[key]!;
    if (path.subAttribute === null) {
      target[key] = value;
      continue;
    }
    const sub = path.subAttribute;
    const pick = (item: unknown) => {
      if (!item || typeof item !== 'object' || Array.isArray(item)) return undefined;
      const k = findKey(item as JsonObject, sub);
      return k === undefined ? undefined : { [k]: (item as JsonObject)[k]! };
    };
    const merge = (prev: unknown, next: JsonObject | undefined) => ({ ...((prev as JsonObject) ?? {}), ...(next ?? {}) });
    if (Array.isArray(value)) {
      const previous = Array.isArray(target[key]) ? (target[key] as JsonObject[]) : [];
      target[key] = value.map((item, i) => merge(previous[i], pick(item)));
    } else {
      const picked = pick(value);
      if (picked) target[key] = merge(target[key], picked);
    }
  }
  return out;
}

function exclude(resource: JsonObject, excluded: ResolvedPath[]): JsonObject {
  const out: JsonObject = { ...resource };
  for (const path of excluded) {
    if (ALWAYS.has(path.attribute) && path.extension === null) continue;
    const holderKey = path.extension ? findKey(out, path.extension) : null;
    const holder = holderKey ? { ...(out[holderKey] as JsonObject) } : out;
    const key = findKey(holder, path.attribute);
    if (key === undefined) continue;
    if (path.subAttribute === null) delete holder[key];
    else {
      const strip = (item: unknown) => {
        if (!item || typeof item !== 'object' || Array.isArray(item)) return item;
        const copy = { ...(item as JsonObject) };
        const k = findKey(copy, path.subAttribute!);
        if (k !== undefined) delete copy[k];
        return copy;
      };
      const value = holder[key];
      holder[key] = (Array.isArray(value) ? value.map(strip) : strip(value)) as JsonObject;
    }
    if (holderKey) out[holderKey] = holder;
  }
  return out;
}
