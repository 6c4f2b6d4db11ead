/**
 * The nesting bound on request bodies. No real SCIM resource or PATCH request nests more than about
 * six levels (a PATCH value holding a group's members: body, Operations, op, value, members, member),
 * while every recursive walk downstream (validation, PATCH, redaction, lint, diff, rendering,
 * recording) uses the stack once per level. A body deeper than MAX_JSON_DEPTH is refused before it is
 * parsed, so nothing that runs after the check can overflow the stack (docs/decisions.md).
 */

/** The deepest nesting of objects and arrays a body may have; `{}` is 1, `{"a":[1]}` is 2. */
export const MAX_JSON_DEPTH = 32;

/**
 * The depth of the JSON text, counted without parsing (brackets inside strings do not count), or
 * `Infinity` as soon as it passes `limit`: a scan, so it cannot overflow whatever the input.
 */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return Infinity;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** Whether a JSON text nests deeper than the limit. */
export function tooDeep(text: string, limit = MAX_JSON_DEPTH): boolean {
  return jsonDepth(text, limit) > limit;
}
