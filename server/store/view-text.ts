/**
 * A resource's view written straight to JSON text from the stored record, for the list pages and
 * reads that render views afresh (a walk through every page of 100k users renders nearly every
 * view: the view cache holds about a quarter of them). `JSON.stringify(renderView(...))` first
 * copies the record into a new view object (every attribute but meta, then a spread copy of meta
 * with `location`), then serializes that copy; here the record's attributes are written as they
 * are, the derived parts (`groups`, `members`) and `meta.location` spliced in at the places the view
 * object would have them. ~3 µs a typical user against ~4.7 µs (docs/performance.md, "Import pages
 * (wave 5)"). The text is exactly what `JSON.stringify` gives for the view (test/unit/view-text.test.ts
 * compares them over varied records); anything this writer does not know how to match (a value with
 * `toJSON`, a `meta` that is not a plain object) goes to `JSON.stringify`.
 */

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
export function keyText(key: string): string {
  let text = keyTexts.get(key);
  if (text === undefined) {
    text = `${stringText(key)}:`;
    // Keys come from stored records (client data): bounded, so odd keys cannot grow it without end.
    if (keyTexts.size < KEY_TEXTS_MAX) keyTexts.set(key, text);
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

function objectText(object: Record<string, unknown>): string {
  let out = '{';
  const keys = Object.keys(object);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const text = valueText(object[key]);
    if (text === undefined) continue;
    out += out.length === 1 ? keyText(key) + text : `,${keyText(key)}${text}`;
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
  if (meta !== undefined && (meta === null || typeof meta !== 'object' || Array.isArray(meta) || typeof (meta as { toJSON?: unknown }).toJSON === 'function')) return null;
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
    out += out.length === 1 ? keyText(key) + text : `,${keyText(key)}${text}`;
  }
  if (!derivedWritten) {
    const text = valueText(derived);
    if (text !== undefined) out += out.length === 1 ? keyText(derivedKey) + text : `,${keyText(derivedKey)}${text}`;
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
      out += out.length === 1 ? keyText(key) + text : `,${keyText(key)}${text}`;
    }
  }
  if (!placed) out += `${out.length === 1 ? '' : ','}"location":${stringText(location!)}`;
  return `${out}}`;
}
