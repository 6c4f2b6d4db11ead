/**
 * `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9): which attributes a response
 * carries. `id` and `schemas` always come back; `returned: never` attributes never do; a named
 * sub-attribute keeps only that part of its parent.
 */
import type { JsonObject, Leniency } from '../contract/scim.js';
import { ScimError, badRequest } from './errors.js';
import { compileElementFilter, parseFilter } from './filter/index.js';
import { extensionSchemaOf, findKey, resolvePath, type ResolvedPath, type ResourceTypeDefinition } from './schemas/resource-types.js';

/** A projected path; `selects` is set for `emails[type eq "work"]`, keeping only the elements it accepts. */
export interface ProjectedPath extends ResolvedPath {
  selects: ((element: unknown) => boolean) | null;
}

export interface Projection {
  attributes: ProjectedPath[] | null;
  /** Whole extensions named by their URN alone. */
  extensions: string[];
  excluded: ProjectedPath[] | null;
}

const ALWAYS = new Set(['id', 'schemas']);
/** `attr[filter]` or `attr[filter].sub`, the attribute possibly URN-qualified. */
const FILTERED = /^([^[\]]+)\[(.*)\](?:\.([^.[\]]+))?$/s;

function notAPath(name: string): ScimError {
  return badRequest('invalidPath', `"${name}" is not an attribute path (expected e.g. "userName", "name.givenName" or a URN-qualified name).`);
}

/**
 * `emails[type eq "work"]` as an attribute name. RFC 7644 §3.4.2.5 takes attribute names only, but
 * Microsoft's SCIM reference Postman collection (AzureAD/SCIMReferenceCode) sends this form and
 * expects the attribute back; the filter is honoured and the leniency recorded.
 */
function parseFilteredPath(type: ResourceTypeDefinition, name: string, parameter: string, leniencies: Leniency[]): ProjectedPath {
  const match = FILTERED.exec(name);
  if (!match) throw notAPath(name);
  const [, attribute, filterText, sub] = match as unknown as [string, string, string, string | undefined];
  const top = resolvePath(type, attribute.trim());
  if (!top || top.subAttribute !== null) throw notAPath(name);
  const resolved = sub === undefined ? top : resolvePath(type, `${attribute.trim()}.${sub}`);
  if (!resolved) throw notAPath(name);
  let selects: (element: unknown) => boolean;
  try {
    selects = compileElementFilter(parseFilter(filterText), top.definition);
  } catch (error) {
    if (!(error instanceof ScimError)) throw error;
    throw badRequest('invalidPath', `The value filter in "${name}" cannot be read: ${error.detail}`);
  }
  leniencies.push({ code: 'query.attributes.filter', sent: `${parameter}=${name}`, normalized: `projected ${top.definition.name}, keeping the values the filter selects` });
  return { ...resolved, selects };
}

/**
 * Parses the comma-separated (or array) parameter values; malformed paths are a 400 invalidPath.
 * A value filter in a name (`emails[type eq "work"]`) is accepted and noted in `leniencies`.
 */
export function parseProjection(type: ResourceTypeDefinition, attributes: string[] | null, excluded: string[] | null, leniencies: Leniency[] = []): Projection {
  const parse = (list: string[] | null, parameter: string) => {
    if (!list || list.length === 0) return { paths: null, extensions: [] as string[] };
    const paths: ProjectedPath[] = [];
    const extensions: string[] = [];
    for (const raw of list) {
      const name = raw.trim();
      if (name === '') continue;
      const ext = extensionSchemaOf(type, name)?.id;
      if (ext) {
        extensions.push(ext);
        continue;
      }
      if (name.includes('[')) {
        paths.push(parseFilteredPath(type, name, parameter, leniencies));
        continue;
      }
      const resolved = resolvePath(type, name);
      if (!resolved) throw notAPath(name);
      paths.push({ ...resolved, selects: null });
    }
    return { paths: paths.length || extensions.length ? paths : null, extensions };
  };
  const inc = parse(attributes, 'attributes');
  const exc = parse(excluded, 'excludedAttributes');
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
  /** Multi-valued attributes built element by element (index-aligned with the resource), compacted at the end. */
  const sparse: [JsonObject, string][] = [];
  for (const path of p.attributes ?? []) {
    const source = path.extension ? (resource[path.extension] as JsonObject | undefined) : resource;
    if (!source || typeof source !== 'object') continue;
    const key = findKey(source, path.attribute);
    if (key === undefined) continue;
    const target = path.extension ? ((out[path.extension] ??= {}) as JsonObject) : out;
    const value = source[key]!;
    const sub = path.subAttribute;
    const pick = (item: unknown) => {
      if (sub === null) return item as JsonObject;
      if (!item || typeof item !== 'object' || Array.isArray(item)) return undefined;
      const k = findKey(item as JsonObject, sub);
      return k === undefined ? undefined : { [k]: (item as JsonObject)[k]! };
    };
    const merge = (prev: unknown, next: JsonObject | undefined) =>
      sub === null ? next : { ...((prev as JsonObject) ?? {}), ...(next ?? {}) };
    if (Array.isArray(value)) {
      // Element i is kept when any projected path keeps it; a value filter keeps only the elements it selects.
      const previous = Array.isArray(target[key]) ? (target[key] as (JsonObject | undefined)[]) : [];
      target[key] = value.map((item, i) => (path.selects && !path.selects(item) ? previous[i] : merge(previous[i], pick(item)))) as JsonObject[];
      sparse.push([target, key]);
    } else if (path.selects === null || path.selects(value)) {
      const picked = pick(value);
      if (picked !== undefined) target[key] = merge(target[key], picked) as JsonObject;
    }
  }
  for (const [target, key] of sparse) {
    const kept = (target[key] as unknown[]).filter((v) => v !== undefined) as JsonObject[];
    if (kept.length > 0) target[key] = kept;
    else delete target[key];
  }
  return out;
}

function exclude(resource: JsonObject, excluded: ProjectedPath[]): JsonObject {
  const out: JsonObject = { ...resource };
  for (const path of excluded) {
    if (ALWAYS.has(path.attribute) && path.extension === null) continue;
    const holderKey = path.extension ? findKey(out, path.extension) : null;
    const holder = holderKey ? { ...(out[holderKey] as JsonObject) } : out;
    const key = findKey(holder, path.attribute);
    if (key === undefined) continue;
    const selected = (item: unknown) => path.selects === null || path.selects(item);
    if (path.subAttribute === null && path.selects === null) delete holder[key];
    else if (path.subAttribute === null) {
      // `excludedAttributes=emails[type eq "home"]` drops the elements the filter selects.
      const value = holder[key];
      if (!Array.isArray(value)) {
        if (selected(value)) delete holder[key];
      } else {
        const kept = value.filter((item) => !selected(item));
        if (kept.length > 0) holder[key] = kept;
        else delete holder[key];
      }
    } else {
      const strip = (item: unknown) => {
        if (!item || typeof item !== 'object' || Array.isArray(item) || !selected(item)) return item;
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
