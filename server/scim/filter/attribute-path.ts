/** Splits an attribute path as written (`urn:...:User:name.givenName`) into its parts, shared by filters and PATCH paths. */
import { badRequest } from '../errors.js';
import type { AttributePathRef } from './ast.js';

/** RFC 7643 §2.1 ATTRNAME (ALPHA *(nameChar)), plus the `$ref` form; the same rule `resolvePath` applies. */
const ATTRIBUTE_NAME = /^\$?[A-Za-z][\w$-]*$/;
/** A URN prefix: `urn:` then colon-separated, non-empty segments. */
const URN_PREFIX = /^urn(?::[A-Za-z0-9._\-+%]+)+$/i;

export interface AttributePathOptions {
  /** Offset of the path in the surrounding text, so errors point at the right character. */
  position?: number;
  /** The error type to raise: filters use invalidFilter, PATCH paths invalidPath. */
  scimType?: 'invalidFilter' | 'invalidPath';
}

/**
 * Parses `attribute`, `attribute.subAttribute` or either with a `urn:...:` schema prefix. The URN
 * prefix ends at the last colon. Throws a 400 (invalidFilter by default) naming what is wrong and where.
 */
export function parseAttributePathRef(text: string, options: AttributePathOptions = {}): AttributePathRef {
  const position = options.position ?? 0;
  const fail = (detail: string, offset: number): never => {
    throw badRequest(options.scimType ?? 'invalidFilter', `${detail} at position ${position + offset}`);
  };
  if (text === '') return fail('Expected an attribute path', 0);

  let urn: string | null = null;
  let restStart = 0;
  if (/^urn:/i.test(text)) {
    const colon = text.lastIndexOf(':');
    urn = text.slice(0, colon);
    restStart = colon + 1;
    if (!URN_PREFIX.test(urn)) fail(`Invalid schema URN "${urn}" in attribute path "${text}"`, 0);
    if (restStart === text.length) fail(`Expected an attribute name after the schema URN "${urn}:"`, restStart);
  }

  const parts = text.slice(restStart).split('.');
  let offset = restStart;
  for (const part of parts) {
    if (!ATTRIBUTE_NAME.test(part)) fail(`Invalid attribute name "${part}" in path "${text}"`, offset);
    offset += part.length + 1;
  }
  if (parts.length > 2) fail(`Attribute path "${text}" has more than one sub-attribute level`, restStart);
  return { raw: text, urn, attribute: parts[0] as string, subAttribute: parts[1] ?? null };
}

/** Joins a path reference back into the text `resolvePath` accepts. */
export function pathText(ref: AttributePathRef): string {
  const local = ref.subAttribute === null ? ref.attribute : `${ref.attribute}.${ref.subAttribute}`;
  return ref.urn === null ? local : `${ref.urn}:${local}`;
}
