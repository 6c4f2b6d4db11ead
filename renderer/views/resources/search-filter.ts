/** Turns what people type in the search box into the SCIM filter the server runs, so plain words and real filters both work. */
import type { ResourcePath } from '../../api/admin-client.js';

export interface SearchQuery {
  /** The SCIM filter to send, or null for "everything". */
  filter: string | null;
  /** How the text was read: a SCIM filter as typed, plain words turned into a filter, or nothing. */
  mode: 'empty' | 'scim' | 'text';
}

/** An attribute path (core, sub-attribute, value filter or extension URN) followed by a SCIM operator. */
const FILTER_START = /^\s*(?:not\s*)?\(*\s*[a-z$][\w$:.-]*(?:\[[^\]]*\])?(?:\.[a-z$][\w$]*)?\s+(?:eq|ne|co|sw|ew|gt|ge|lt|le|pr)(?:\s|\(|$)/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * True when the text reads as a SCIM filter (`userName sw "a"`, `emails[type eq "work"] pr`...), or is
 * meant as one but malformed (`userName xx "a"`: a quoted value, brackets), so the server can say what is wrong.
 * Plain words, or words wrapped in one pair of quotes, are a text search.
 */
export function looksLikeFilter(text: string): boolean {
  const t = text.trim();
  if (FILTER_START.test(t)) return true;
  if (/^"[^"]*"$/.test(t)) return false;
  return /["[\]()]/.test(t);
}

/** A SCIM string literal: quotes and backslashes escaped. */
export function scimString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Reads the search box: a filter is sent as typed; plain text becomes a "contains" search over the names people recognise. */
export function toScimFilter(type: ResourcePath, input: string): SearchQuery {
  const text = input.trim();
  if (text === '') return { filter: null, mode: 'empty' };
  if (looksLikeFilter(text)) return { filter: text, mode: 'scim' };
  const words = text.replace(/^"(.*)"$/, '$1').trim();
  if (words === '') return { filter: null, mode: 'empty' };
  if (UUID.test(words)) return { filter: `id eq ${scimString(words)}`, mode: 'text' };
  return { filter: nameContains(type, words), mode: 'text' };
}

/** The "contains" search over the names people recognise: userName or displayName for users, displayName for groups. */
export function nameContains(type: ResourcePath, text: string): string {
  const value = scimString(text);
  return type === 'users' ? `userName co ${value} or displayName co ${value}` : `displayName co ${value}`;
}

/** A filter matching any of the given ids (`id eq "a" or id eq "b"`), for resolving names in bulk. */
export function idsFilter(ids: readonly string[]): string {
  return ids.map((id) => `id eq ${scimString(id)}`).join(' or ');
}

/** Splits a list into chunks (ids per filter request, so URLs stay short). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
