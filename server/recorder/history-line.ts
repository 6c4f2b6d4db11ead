/**
 * One resource-history entry as a line of the history file, and back. The line keeps the resource
 * after the change whole and the resource before it as what differs from after (the top-level
 * attributes the write changed, and for a group push the members added and removed), so a push
 * to a 1,000-member group stores the group once, not twice; reading the line rebuilds the before
 * exactly (each delta is checked when written, and the whole before kept when it would not
 * rebuild). Lines start with the resource's id so a reader can check it read the right line, then
 * carry the entry's seq (its place in the workspace's history: the paging cursor, kept across
 * restarts; lines written before it existed have none), and password attributes are dropped before
 * anything is written. The workspace's configured secrets (a client may have stored one in an
 * attribute) are scrubbed from the line's strings (redact.ts `scrubStrings`, the recorder's scrub),
 * never from its numbers, its own field names or its structure; the id of the prefix is the server's
 * and kept, so a reader still finds the line.
 * `entryAsWritten` gives an entry as its line will read back, from the entry itself (a draft shown
 * in a timeline before its line is written), without encoding and parsing it.
 */
import { isDeepStrictEqual } from 'node:util';
import type { HistoryEntry } from '../contract/admin.js';
import type { JsonObject, JsonValue } from '../contract/scim.js';
import { mentionsAny, SECRET_KEYS, scrubSecrets, scrubStrings } from './redact.js';

/** What `before` was, relative to `after`. */
export interface BeforeDelta {
  /** Top-level attributes whose value was different (or that the write removed): their value before. */
  was?: JsonObject;
  /** Top-level attributes the write added. */
  added?: string[];
  /** Member values the write added. */
  membersAdded?: string[];
  /** Members the write removed, with their place in the list before. */
  membersRemoved?: [number, JsonObject][];
}

interface Line extends Omit<HistoryEntry, 'before'> {
  seq?: number;
  before?: JsonObject | null;
  beforeDelta?: BeforeDelta;
}

/** The line's prefix for an entry of a resource (what a reader checks it read). */
export const linePrefix = (id: string, type: string) => `{"id":${JSON.stringify(id)},"resourceType":${JSON.stringify(type)},`;

/** The entry's line, without password attributes and with every one of `secrets` replaced by the redaction mark. */
export function encodeHistoryLine(entry: HistoryEntry, seq?: number, secrets: readonly string[] = []): string {
  const text = lineText(entry, seq);
  // Almost always no secret is in the line: one look at its text. Otherwise the line is made again
  // from the entry as written, scrubbed string by string, so no number, key of the line or structure
  // is touched (a secret of digits, or equal to a field's name) and it reads back as entryAsWritten.
  return mentionsAny(text, secrets) ? lineText(scrubbedEntry(entry, secrets), seq) : text;
}

function lineText(entry: HistoryEntry, seq: number | undefined): string {
  const before = withoutSecrets(entry.before);
  const after = withoutSecrets(entry.after);
  const delta = before !== null && after !== null ? deltaOf(before, after) : null;
  const { id, resourceType, at, source, exchangeId, client, kind, action, summary } = entry;
  const line: Line = { id, resourceType, ...(seq !== undefined ? { seq } : {}), at, source, exchangeId, client, kind, ...(action !== undefined ? { action } : {}), summary, after, ...(delta ? { beforeDelta: delta } : { before }) };
  return JSON.stringify(line);
}

/**
 * The entry as `decodeHistoryLine(encodeHistoryLine(entry, seq, secrets))` reads it (no password
 * attribute, every secret replaced in every string), made from the entry's objects: equal to it,
 * with the before's keys in their own order (a line rebuilt from a delta has them in the after's).
 * Unchanged parts are the entry's own objects, not copies.
 */
export function entryAsWritten(entry: HistoryEntry, seq: number, secrets: readonly string[] = []): HistoryEntry & { seq: number } {
  return { seq, ...scrubbedEntry(entry, secrets) };
}

/**
 * The entry without password attributes and with `secrets` scrubbed from every string (keys of the
 * before and after too). resourceType, source and client are words of a closed list, never a
 * configured secret; the id is the server's and the line's prefix (kept, so the line is found).
 */
function scrubbedEntry(entry: HistoryEntry, secrets: readonly string[]): HistoryEntry {
  const scrub = (text: string) => scrubSecrets(text, secrets);
  const { at, resourceType, id, source, exchangeId, client, kind, action, summary } = entry;
  const before = scrubStrings(withoutSecrets(entry.before), secrets) as JsonObject | null;
  const after = scrubStrings(withoutSecrets(entry.after), secrets) as JsonObject | null;
  return { at: scrub(at), resourceType, id, source, exchangeId: exchangeId === null ? null : scrub(exchangeId), client, kind: scrub(kind), ...(action !== undefined ? { action: scrub(action) } : {}), summary: scrub(summary), before, after };
}

/** The entry a line holds, with its seq if the line has one; throws if the line is not a history entry. */
export function decodeHistoryLine(text: string): HistoryEntry & { seq?: number } {
  const line = JSON.parse(text) as Line;
  if (typeof line.id !== 'string' || typeof line.resourceType !== 'string' || typeof line.at !== 'string' || typeof line.kind !== 'string') throw new Error('not a history entry');
  if (line.seq !== undefined && !(Number.isSafeInteger(line.seq) && line.seq > 0)) throw new Error('not a history entry');
  const before = line.beforeDelta && line.after ? applyDelta(line.after, line.beforeDelta) : (line.before ?? null);
  const { seq, at, resourceType, id, source, exchangeId, client, kind, action, summary, after } = line;
  return { ...(seq !== undefined ? { seq } : {}), at, resourceType, id, source, exchangeId, client, kind, ...(action !== undefined ? { action } : {}), summary, before, after: after ?? null };
}

function withoutSecrets(resource: JsonObject | null): JsonObject | null {
  if (resource === null) return null;
  let copy: JsonObject | null = null;
  for (const key of Object.keys(resource)) {
    if (!SECRET_KEYS.test(key)) continue;
    copy ??= { ...resource };
    delete copy[key];
  }
  return copy ?? resource;
}

type Member = JsonObject & { value: string };
const isMemberList = (v: JsonValue | undefined): v is Member[] => Array.isArray(v) && v.every((m) => m !== null && typeof m === 'object' && !Array.isArray(m) && typeof (m as JsonObject).value === 'string');

/** The delta that rebuilds `before` from `after`, or null when it would not rebuild it exactly. */
export function deltaOf(before: JsonObject, after: JsonObject): BeforeDelta | null {
  const delta: BeforeDelta = {};
  const was: JsonObject = {};
  const added: string[] = [];
  for (const key of Object.keys(before)) {
    if (key === 'members' && isMemberList(before.members) && isMemberList(after.members)) {
      const afterValues = new Set(after.members.map((m) => m.value));
      const beforeValues = new Set(before.members.map((m) => m.value));
      const removed: [number, JsonObject][] = [];
      before.members.forEach((m, i) => {
        if (!afterValues.has(m.value)) removed.push([i, m]);
      });
      const membersAdded = after.members.filter((m) => !beforeValues.has(m.value)).map((m) => m.value);
      if (removed.length > 0) delta.membersRemoved = removed;
      if (membersAdded.length > 0) delta.membersAdded = membersAdded;
      continue;
    }
    if (!(key in after) || JSON.stringify(before[key]) !== JSON.stringify(after[key])) was[key] = before[key]!;
  }
  for (const key of Object.keys(after)) if (!(key in before)) added.push(key);
  if (Object.keys(was).length > 0) delta.was = was;
  if (added.length > 0) delta.added = added;
  // Kept only if it rebuilds the before exactly (member order, duplicate values).
  return isDeepStrictEqual(applyDelta(after, delta), before) ? delta : null;
}

export function applyDelta(after: JsonObject, delta: BeforeDelta): JsonObject {
  const before: JsonObject = { ...after };
  for (const key of delta.added ?? []) delete before[key];
  if ((delta.membersAdded || delta.membersRemoved) && isMemberList(after.members)) {
    const addedValues = new Set(delta.membersAdded ?? []);
    const members: JsonObject[] = after.members.filter((m) => !addedValues.has(m.value));
    for (const [i, m] of delta.membersRemoved ?? []) members.splice(i, 0, m);
    before.members = members;
  }
  Object.assign(before, delta.was ?? {});
  return before;
}
