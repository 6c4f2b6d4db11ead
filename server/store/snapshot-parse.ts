/**
 * Reading a large store.json faster than one `JSON.parse` of the whole text. Above 5,000 resources
 * the snapshot is written one resource per line (snapshot-file.ts); such a file is parsed line by
 * line straight from its bytes, which skips decoding the whole file into one string (70 MB at
 * 100,000 users, and twice that as soon as one name holds a non-ASCII character) and took ~20% less
 * CPU than decoding and parsing it whole (docs/performance.md, "Start-up").
 *
 * It only ever answers what `JSON.parse` of the whole file would: it takes the fast path only for
 * the exact layout the writer produces (each of "users" and "groups" opened once at the top level,
 * which the part parsed whole confirms; one whole JSON value per line; commas exactly where JSON
 * needs them) and returns null for
 * anything else, a hand-edited file included, which is then parsed whole as before (and a file that
 * is not JSON reported as before).
 */

const OPEN = { users: Buffer.from('\n  "users": [\n'), groups: Buffer.from('\n  "groups": [\n') };
const ITEM_INDENT = '    ';

/** The resources of one array written one per line, from `start` (after its opening line); null if the layout differs. */
function itemsFrom(bytes: Buffer, start: number): { items: unknown[]; end: number } | null {
  const items: unknown[] = [];
  let at = start;
  for (;;) {
    const newline = bytes.indexOf(10, at);
    if (newline === -1) return null;
    // The closing line: "  ]," (the skeleton checks what follows).
    if (bytes[at] === 32 && bytes[at + 1] === 32 && bytes[at + 2] === 93) return items.length > 0 ? { items, end: at } : null;
    let stop = newline;
    const comma = bytes[stop - 1] === 44;
    if (comma) stop--;
    if (bytes.toString('latin1', at, at + ITEM_INDENT.length) !== ITEM_INDENT || bytes[at + ITEM_INDENT.length] !== 123) return null;
    let item: unknown;
    try {
      item = JSON.parse(bytes.toString('utf8', at + ITEM_INDENT.length, stop));
    } catch {
      return null;
    }
    // Every item but the last is followed by a comma; the last by the closing line.
    const last = bytes[newline + 1] === 32 && bytes[newline + 2] === 32 && bytes[newline + 3] === 93;
    if (comma === last) return null;
    items.push(item);
    at = newline + 1;
  }
}

/** The snapshot parsed line by line, or null when the file is not in the one-resource-per-line layout. */
export function parseSnapshotLines(bytes: Buffer): Record<string, unknown> | null {
  const cuts: { key: 'users' | 'groups'; from: number; to: number; items: unknown[] }[] = [];
  // The writer puts "users" before "groups": each is looked for after the one before (a file in
  // another order is still parsed right, with the array not found here parsed whole).
  let at = 0;
  for (const key of ['users', 'groups'] as const) {
    const open = bytes.indexOf(OPEN[key], at);
    // An empty array is written on one line ("groups": []) and stays in the part parsed whole.
    if (open === -1) continue;
    const start = open + OPEN[key].length;
    const found = itemsFrom(bytes, start);
    if (found === null) return null;
    cuts.push({ key, from: start, to: found.end, items: found.items });
    at = found.end;
  }
  if (cuts.length === 0) return null;
  const parts: Buffer[] = [];
  at = 0;
  for (const cut of cuts) {
    parts.push(bytes.subarray(at, cut.from));
    at = cut.to;
  }
  parts.push(bytes.subarray(at));
  // The rest of the file, with the long arrays emptied, is small: parse it whole.
  const skeleton = Buffer.concat(parts).toString('utf8');
  let top: unknown;
  try {
    top = JSON.parse(skeleton);
  } catch {
    return null;
  }
  if (top === null || typeof top !== 'object' || Array.isArray(top)) return null;
  const data = top as Record<string, unknown>;
  for (const cut of cuts) {
    // The emptied array must be the only one of its name (a repeated key would win in a whole parse).
    const name = `"${cut.key}"`;
    if (skeleton.indexOf(name) !== skeleton.lastIndexOf(name) || !Array.isArray(data[cut.key]) || (data[cut.key] as unknown[]).length !== 0) return null;
    data[cut.key] = cut.items;
  }
  return data;
}
