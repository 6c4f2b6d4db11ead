/**
 * A resource's view written straight to JSON text from the stored record, for the list pages and
 * reads that render views afresh (a walk through every page of 100k users renders nearly every
 * view: the view cache holds about a quarter of them). `JSON.stringify(renderView(...))` first
 * copies the record into a new view object (every attribute but meta, then a spread copy of meta
 * with `location`), then serializes that copy. Here, for the usual record (`meta` its last
 * attribute, a plain object without `location`; no stored attribute where the derived one goes),
 * the record itself is serialized by `JSON.stringify` and the view's tail (the derived `groups`,
 * then meta with `location`) is put after the record's text up to its `"meta":`: one native
 * serialization and a short tail, and the UTF-8 length counted without flattening the result. Any
 * other record is written attribute by attribute (`viewText`). Either way the text is exactly what
 * `JSON.stringify` gives for the view (test/unit/view-text.test.ts compares them over varied
 * records); what this module does not know how to match (a value with `toJSON`, a `meta` that is
 * not a plain object) goes to `JSON.stringify` of the view object (views.ts).
 */
import { utf8Length, type RenderedView } from './view-cache.js';

/** Characters `JSON.stringify` escapes in a string: controls, `"`, `\` and (lone) surrogates. */
function plainString(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/** A string as `JSON.stringify` writes it. */
export function stringText(s: string): string {
  return plainString(s) ? `"${s}"` : JSON.stringify(s);
}

/** `"key":` for an object key; keys repeat across records, so their text is made once. */
const keyTexts = new Map<string, string>();
const KEY_TEXTS_MAX = 4096;
/** Longer keys are not kept: a client may store attributes with keys up to the body limit (review, wave 5). */
const KEY_TEXT_LENGTH_MAX = 64;
/** How many key texts are kept (tests check the bound). */
export const keyTextsKept = (): number => keyTexts.size;

export function keyText(key: string): string {
  let text = keyTexts.get(key);
  if (text === undefined) {
    text = `${stringText(key)}:`;
    // Keys come from stored records (client data): bounded in count and length, so odd keys cannot grow it without end.
    if (keyTexts.size < KEY_TEXTS_MAX && key.length <= KEY_TEXT_LENGTH_MAX) keyTexts.set(key, text);
  }
  return text;
}

/**
 * A JSON value's text, as `JSON.stringify(value)` writes it; undefined where it would give
 * undefined (undefined, a function, a symbol: the caller leaves the key out or writes `null`).
 */
export function valueText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return stringText(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'object':
      if (value === null) return 'null';
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(value);
      return Array.isArray(value) ? arrayText(value) : objectText(value as Record<string, unknown>);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    default:
      // A bigint: JSON.stringify throws, as it should here too.
      return JSON.stringify(value);
  }
}

function arrayText(array: readonly unknown[]): string {
  let out = '[';
  for (let i = 0; i < array.length; i++) {
    if (i > 0) out += ',';
    out += valueText(array[i]) ?? 'null';
  }
  return `${out}]`;
}

/** `out` (an object's text so far, from its `{`) with `"key":text` appended. */
function withMember(out: string, key: string, text: string): string {
  return out.length === 1 ? `${out}${keyText(key)}${text}` : `${out},${keyText(key)}${text}`;
}

/** A meta the short ways can write: a plain object (not null, an array, or one with its own `toJSON`). */
function isPlainMeta(meta: unknown): meta is Record<string, unknown> {
  return meta !== null && typeof meta === 'object' && !Array.isArray(meta) && typeof (meta as { toJSON?: unknown }).toJSON !== 'function';
}

function objectText(object: Record<string, unknown>): string {
  let out = '{';
  const keys = Object.keys(object);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const text = valueText(object[key]);
    if (text === undefined) continue;
    out = withMember(out, key, text);
  }
  return `${out}}`;
}

/**
 * The text of a view made from `record`: its own attributes but `meta`, in their order, with
 * `derivedKey` written as `derived` (in the record's place for that key, else after the others) when
 * `derived` is given; then `"meta"` as `{ ...meta, location }` (or `{ ...meta }` without a location).
 * Null when `meta` is neither a plain object nor absent: the caller then serializes the view object.
 */
export function viewText(record: Record<string, unknown>, derivedKey: string, derived: unknown, location: string | undefined): string | null {
  const meta = record.meta;
  if (meta !== undefined && !isPlainMeta(meta)) return null;
  let out = '{';
  let derivedWritten = derived === undefined;
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key === 'meta') continue;
    let text: string | undefined;
    if (key === derivedKey && !derivedWritten) {
      text = valueText(derived);
      derivedWritten = true;
    } else text = valueText(record[key]);
    if (text === undefined) continue;
    out = withMember(out, key, text);
  }
  if (!derivedWritten) {
    const text = valueText(derived);
    if (text !== undefined) out = withMember(out, derivedKey, text);
  }
  out += out.length === 1 ? '"meta":' : ',"meta":';
  return `${out}${metaText(meta as Record<string, unknown> | undefined, location)}}`;
}

/** `{ ...meta, location }` (location in meta's own place when it has one) or `{ ...meta }`. */
function metaText(meta: Record<string, unknown> | undefined, location: string | undefined): string {
  let out = '{';
  let placed = location === undefined;
  if (meta !== undefined) {
    const keys = Object.keys(meta);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      let text: string | undefined;
      if (key === 'location' && !placed) {
        text = stringText(location!);
        placed = true;
      } else text = valueText(meta[key]);
      if (text === undefined) continue;
      out = withMember(out, key, text);
    }
  }
  if (!placed) out += `${out.length === 1 ? '' : ','}"location":${stringText(location!)}`;
  return `${out}}`;
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * The view's text and UTF-8 length as `viewText` gives it, by the short way when the record allows
 * (see the top of this file), else by `viewText`; null when neither can match (the caller then
 * serializes the view object).
 */
export function renderedViewText(record: Record<string, unknown>, derivedKey: string, derived: unknown, location: string | undefined): RenderedView | null {
  const meta = record.meta;
  if (isPlainMeta(meta) && !hasOwn.call(meta, 'location') && (derived === undefined || !hasOwn.call(record, derivedKey))) {
    const keys = Object.keys(record);
    if (keys[keys.length - 1] === 'meta') {
      // The record's text ends with `"meta":<metaJson>}`: the view keeps what comes before `"meta":`.
      const text = JSON.stringify(record);
      const metaJson = JSON.stringify(meta);
      if (derived === undefined && location === undefined) return { json: text, bytes: utf8Length(text) };
      const derivedText = derived === undefined ? undefined : valueText(derived);
      let tail = derivedText === undefined ? '"meta":' : `${keyText(derivedKey)}${derivedText},"meta":`;
      if (location === undefined) tail += `${metaJson}}`;
      else tail += `${metaJson.length > 2 ? `${metaJson.slice(0, -1)},` : '{'}"location":${stringText(location)}}}`;
      const headLength = text.length - metaJson.length - 8;
      // `"meta":` and the closing brace are 8 ASCII bytes.
      const headBytes = utf8Length(text) - utf8Length(metaJson) - 8;
      return { json: text.slice(0, headLength) + tail, bytes: headBytes + utf8Length(tail) };
    }
  }
  const json = viewText(record, derivedKey, derived, location);
  return json === null ? null : { json, bytes: utf8Length(json) };
}
