/**
 * A list page's JSON text, read without parsing it whole. The recording worker used to parse every
 * response back (an import page is ~80 KB, a fifth of the worker's time) and serialize it again for
 * the exchanges file, only to read a few top-level fields and the first resources. Here the text the
 * server serialized is scanned once for the spans of the top-level "Resources" elements; the envelope
 * is parsed for real, and the elements are parsed only when someone reads them (interpretation, lint,
 * the identifiers of the quick search), through an array proxy that behaves like the parsed array.
 * The exchanges file gets the text itself (or its first resources, for a body over the limit), which
 * is exactly what `JSON.stringify` of the parsed value would give: the server's text is `JSON.stringify`
 * output (send.ts), and canonical JSON round-trips byte for byte.
 */

/** Where the top-level "Resources" array is, and its elements as [start, end) pairs. */
export interface ListSpans {
  valueStart: number;
  valueEnd: number;
  elements: number[];
}

const QUOTE = 34;
const BACKSLASH = 92;

/** The index after the string that opens at `i`, or -1. */
function skipString(text: string, i: number): number {
  let from = i + 1;
  for (;;) {
    const close = text.indexOf('"', from);
    if (close < 0) return -1;
    let slashes = 0;
    while (text.charCodeAt(close - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return close + 1;
    from = close + 1;
  }
}

/** The index after the value that starts at `i`, or -1 (also for whitespace: the text is not compact JSON). */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return skipString(text, i);
  if (c === 123 || c === 91) {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d === QUOTE) {
        j = skipString(text, j) - 1;
        if (j < 0) return -1;
      } else if (d === 123 || d === 91) depth++;
      else if (d === 125 || d === 93) {
        if (--depth === 0) return j + 1;
      } else if (d === 32 || d === 9 || d === 10 || d === 13) return -1;
    }
    return -1;
  }
  let j = i;
  while (j < text.length) {
    const d = text.charCodeAt(j);
    if (d === 44 || d === 93 || d === 125) break;
    if (d === 32 || d === 9 || d === 10 || d === 13) return -1;
    j++;
  }
  return j > i ? j : -1;
}

/** The spans of a compact JSON object's top-level "Resources" array, or null (not such an object, or not compact). */
export function listSpans(text: string): ListSpans | null {
  // Most answers are not lists: a native search spares them the scan. Searched for without its
  // opening quote (any text holding the key holds this): a pattern opening with a quote, which JSON
  // holds at every key, sends indexOf to its table search, ~0.5 µs for a ~600-byte user, not ~0.03.
  if (text.charCodeAt(0) !== 123 || text.charCodeAt(text.length - 1) !== 125 || !text.includes('Resources":[')) return null;
  let found: ListSpans | null = null;
  let i = 1;
  if (text.charCodeAt(i) === 125) return null;
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return null;
    const keyEnd = skipString(text, i);
    if (keyEnd < 0 || text.charCodeAt(keyEnd) !== 58) return null;
    const start = keyEnd + 1;
    let end: number;
    if (text.startsWith('"Resources"', i) && keyEnd === i + 11 && text.charCodeAt(start) === 91) {
      if (found) return null;
      const elements: number[] = [];
      let j = start + 1;
      if (text.charCodeAt(j) !== 93) {
        for (;;) {
          const e = skipValue(text, j);
          if (e < 0) return null;
          elements.push(j, e);
          const sep = text.charCodeAt(e);
          if (sep === 93) break;
          if (sep !== 44) return null;
          j = e + 1;
        }
        j = elements[elements.length - 1]!;
      }
      end = j + 1;
      found = { valueStart: start, valueEnd: end, elements };
    } else {
      end = skipValue(text, start);
      if (end < 0) return null;
    }
    const sep = text.charCodeAt(end);
    if (sep === 125) return end === text.length - 1 ? found : null;
    if (sep !== 44) return null;
    i = end + 1;
  }
}

/**
 * Whether spans handed over with `text` (by the server that built it: scim/list-page.ts) fit it: a
 * "Resources" array at `valueStart` whose elements are objects laid end to end, one comma apart,
 * closing at `valueEnd`, the last value of an object that is the whole text. A check of the
 * boundaries only (O(elements)): it guards against spans meant for another text, not against a
 * builder that lies, whose text and spans are this process's own.
 */
export function spansFit(text: string, spans: ListSpans): boolean {
  const { valueStart, valueEnd, elements } = spans;
  const n = elements.length;
  if (n % 2 !== 0 || !Number.isInteger(valueStart) || !Number.isInteger(valueEnd)) return false;
  if (valueStart < 13 || valueEnd !== text.length - 1 || text.charCodeAt(0) !== 123 || text.charCodeAt(valueEnd) !== 125) return false;
  if (!text.startsWith('"Resources":[', valueStart - 12) || text.charCodeAt(valueEnd - 1) !== 93) return false;
  if (n === 0) return valueEnd === valueStart + 2;
  if (elements[0] !== valueStart + 1 || elements[n - 1] !== valueEnd - 1) return false;
  for (let i = 0; i < n; i += 2) {
    const start = elements[i]!;
    const end = elements[i + 1]!;
    if (!(end > start) || text.charCodeAt(start) !== 123 || text.charCodeAt(end - 1) !== 125) return false;
    if (i + 2 < n && (elements[i + 2] !== end + 1 || text.charCodeAt(end) !== 44)) return false;
  }
  return true;
}

/** The spans of a list page's text: those given with it when they fit (no scan), else found by `listSpans`. */
export function listSpansOf(text: string, given?: ListSpans | null): ListSpans | null {
  return given && spansFit(text, given) ? given : listSpans(text);
}

/** The index a property key names, or -1. */
function indexOf(prop: string | symbol, count: number): number {
  if (typeof prop !== 'string') return -1;
  const n = Number(prop);
  return Number.isInteger(n) && n >= 0 && n < count && String(n) === prop ? n : -1;
}

/**
 * An array of the first `count` elements whose spans are given, parsed when read. Reading an index,
 * `length`, iterating or calling array methods parses only what is touched; anything else (listing
 * keys, descriptors, writes) parses all of them first, so it behaves as the parsed array would.
 */
export function lazyElements(text: string, elements: number[], count: number): unknown[] {
  const target: unknown[] = new Array(count);
  const parsed = new Uint8Array(count);
  const at = (i: number) => {
    if (parsed[i] === 0) {
      target[i] = JSON.parse(text.slice(elements[2 * i]!, elements[2 * i + 1]!)) as unknown;
      parsed[i] = 1;
    }
    return target[i];
  };
  const whole = () => {
    for (let i = 0; i < count; i++) at(i);
    return target;
  };
  return new Proxy(target, {
    get: (t, prop, receiver) => {
      const i = indexOf(prop, count);
      return i >= 0 ? at(i) : Reflect.get(t, prop, receiver);
    },
    has: (t, prop) => indexOf(prop, count) >= 0 || Reflect.has(t, prop),
    ownKeys: () => Reflect.ownKeys(whole()),
    getOwnPropertyDescriptor: (_t, prop) => Reflect.getOwnPropertyDescriptor(whole(), prop),
    set: (_t, prop, value) => Reflect.set(whole(), prop, value),
    defineProperty: (_t, prop, descriptor) => Reflect.defineProperty(whole(), prop, descriptor),
    deleteProperty: (_t, prop) => Reflect.deleteProperty(whole(), prop),
  });
}
