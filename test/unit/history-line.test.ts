/**
 * A history line keeps the after whole and the before as what differs from it: every kind of change
 * reads back exactly as it was made, a group push stores the group once, no password is written,
 * the workspace's secrets are scrubbed, and the entry's seq travels with it; an entry as written
 * (a draft shown before its line exists) equals what its line reads back.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../server/contract/admin.js';
import type { JsonObject } from '../../server/contract/scim.js';
import { decodeHistoryLine, encodeHistoryLine, entryAsWritten } from '../../server/recorder/history-line.js';

const SECRET = 'configured-secret-42';
const QUOTED = 'q"uo\\ted-secret';

const member = (value: string) => ({ value, display: `${value}@example.com`, type: 'User' });
const meta = (version: number) => ({ resourceType: 'Group', created: '2026-01-01T00:00:00.000Z', lastModified: `2026-01-0${version}T00:00:00.000Z`, version: `W/"${version}"` });
const group = (version: number, members: string[], extra: JsonObject = {}): JsonObject => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: 'g1', displayName: 'Sales', ...(members.length ? { members: members.map(member) } : {}), meta: meta(version), ...extra });
const user = (active: boolean, extra: JsonObject = {}): JsonObject => ({ id: 'u1', userName: 'jane@example.com', active, name: { givenName: 'Jane' }, meta: meta(active ? 1 : 2), ...extra });

const entry = (before: JsonObject | null, after: JsonObject | null, extra: Partial<HistoryEntry> = {}): HistoryEntry => ({ at: '2026-12-04T10:00:00.000Z', resourceType: 'Group', id: 'g1', source: 'scim', exchangeId: 'x1', client: 'okta', kind: 'group.update', summary: 'updated Sales', before, after, ...extra });

const CHANGES: [string, JsonObject | null, JsonObject | null, 'delta' | 'whole' | 'none'][] = [
  ['a create', null, group(1, ['a']), 'none'],
  ['a delete', group(1, ['a']), null, 'none'],
  ['a member added', group(1, ['a', 'b']), group(2, ['a', 'b', 'c']), 'delta'],
  ['members removed from the middle and the ends', group(1, ['a', 'b', 'c', 'd', 'e']), group(2, ['b', 'd']), 'delta'],
  ['members added and removed at once', group(1, ['a', 'b', 'c']), group(2, ['a', 'c', 'x']), 'delta'],
  ['members added and reordered (kept whole)', group(1, ['a', 'b', 'c']), group(2, ['c', 'x', 'a']), 'whole'],
  ['the first member added', group(1, []), group(2, ['a']), 'delta'],
  ['the last member removed', group(1, ['a']), group(2, []), 'delta'],
  ['members reordered (kept whole: a delta would not rebuild it)', group(1, ['a', 'b']), group(2, ['b', 'a']), 'whole'],
  ['a duplicate member value (kept whole)', group(1, ['a', 'a']), group(2, ['a']), 'whole'],
  ['a rename', group(1, ['a']), group(2, ['a'], { displayName: 'Sales EMEA' }), 'delta'],
  ['a user deactivated', user(true), user(false), 'delta'],
  ['an attribute removed and another added', user(true, { title: 'Boss' }), user(true, { nickName: 'J' }), 'delta'],
];

describe('history lines', () => {
  it.each(CHANGES)('reads back %s exactly', (_name, before, after, stored) => {
    const original = entry(before, after);
    const line = encodeHistoryLine(original);
    expect(line.startsWith('{"id":"g1","resourceType":"Group",')).toBe(true);
    expect(decodeHistoryLine(line)).toEqual(original);
    const raw = JSON.parse(line);
    if (stored === 'delta') expect([raw.before, typeof raw.beforeDelta]).toEqual([undefined, 'object']);
    else expect([raw.before, raw.beforeDelta]).toEqual([before, undefined]);
  });

  // A draft shown before its line is written: the entry's own objects, equal to what its line reads back.
  it.each(CHANGES)('gives %s as its line reads back, without encoding it', (_name, before, after) => {
    const original = entry(before, after);
    expect(entryAsWritten(original, 7)).toEqual(decodeHistoryLine(encodeHistoryLine(original, 7)));
    expect(entryAsWritten(original, 7).after).toBe(original.after);
  });

  it.each<[string, HistoryEntry]>([
    ['in a value and the summary', entry(user(true, { title: `x ${SECRET} y` }), user(false, { title: SECRET }), { resourceType: 'User', id: 'u1', summary: `updated ${SECRET}` })],
    ['in a member, a key and a nested value', entry(group(1, ['a', SECRET]), group(2, ['a'], { [`k-${SECRET}`]: { deep: [SECRET] } }))],
    ['with a quote and a backslash', entry(user(true, { nickName: QUOTED }), user(false, { nickName: `"${QUOTED}"` }), { resourceType: 'User', id: 'u1' })],
    ['beside a password attribute', entry(user(true, { password: SECRET }), user(false, { password: 'Other-pw-2', title: SECRET }), { resourceType: 'User', id: 'u1' })],
  ])('scrubs a secret %s the same in the line and in the entry as written', (_name, original) => {
    const secrets = [SECRET, QUOTED];
    const line = encodeHistoryLine(original, 3, secrets);
    expect(line).not.toContain(SECRET);
    expect(line).not.toContain(JSON.stringify(QUOTED).slice(1, -1));
    const written = entryAsWritten(original, 3, secrets);
    expect(written).toEqual(decodeHistoryLine(line));
    expect(JSON.stringify(written)).not.toMatch(/Other-pw|password/);
  });

  // A secret of digits (a basic-auth password `123456` is allowed), one equal to a field's name, one
  // inside the id, one that holds `","`: scrubbed from strings only, so the line stays whole, is found
  // by its prefix and reads back as the entry as written.
  const DIGITS = '123456';
  it.each<[string, HistoryEntry, number, string[]]>([
    ['of digits, as the seq and in a number attribute', entry(user(true, { 'urn:x:n': 123456 }), user(false, { 'urn:x:n': 7123456, title: `t${DIGITS}` }), { resourceType: 'User', id: 'u1' }), 123456, [DIGITS]],
    ['that is structure around the removed members', entry(group(1, ['m0', 'm1', 'm2', 'm3']), group(2, ['m0'])), 123456, ['],[2,{"value']],
    ["equal to a field's name", entry(user(true, { title: 'summary' }), user(false, { summary: 'x', title: 'summary' }), { resourceType: 'User', id: 'u1', summary: 'summary of it' }), 8, ['summary', 'beforeDelta', 'resourceType']],
    ['inside the id', entry(group(1, ['a']), group(2, ['a', 'b']), { id: 'aa123456-0000' }), 4, [DIGITS]],
    ['holding ","', entry(user(true, { emails: ['xx', 'yy'] }), user(false, { title: 'xa","by', emails: ['ab', 'cd'] }), { resourceType: 'User', id: 'u1' }), 5, ['xa","by', 'ab","cd', 'xx","yy']],
    ['with a quote and a backslash, beside a number', entry(user(true, { n: 1 }), user(false, { n: 2, nickName: `${QUOTED}!` }), { resourceType: 'User', id: 'u1' }), 9, [QUOTED, '2,"nick']],
  ])('keeps a line whole for a secret %s', (_name, original, seq, secrets) => {
    const line = encodeHistoryLine(original, seq, secrets);
    expect(line.startsWith(`{"id":${JSON.stringify(original.id)},"resourceType":"${original.resourceType}","seq":${seq},`)).toBe(true);
    const read = decodeHistoryLine(line);
    expect(read).toEqual(entryAsWritten(original, seq, secrets));
    expect(read.seq).toBe(seq);
    expect(read.summary).toBeDefined();
    // No string of the entry keeps a secret (the id is the server's and kept), keys of the resources included.
    const strings: string[] = [read.at, read.kind, read.summary, String(read.exchangeId)];
    JSON.stringify([read.before, read.after], (key, value: unknown) => {
      strings.push(key);
      if (typeof value === 'string') strings.push(value);
      return value;
    });
    for (const secret of secrets) for (const text of strings.filter((s) => s !== original.id)) expect(text).not.toContain(secret);
  });

  it('stores a large group once for a push', () => {
    const members = Array.from({ length: 1000 }, (_, i) => `user-${i}`);
    const line = encodeHistoryLine(entry(group(1, members), group(2, [...members, 'new'])));
    expect(line.length).toBeLessThan(JSON.stringify(group(2, [...members, 'new'])).length + 600);
  });

  it('drops passwords from before and after', () => {
    const line = encodeHistoryLine(entry(user(true, { password: 'Secret-1' }), user(false, { password: 'Secret-2' }), { resourceType: 'User', id: 'u1' }));
    expect(line).not.toMatch(/Secret-|password/);
    expect(decodeHistoryLine(line).after).toEqual(user(false));
  });

  it('carries the seq right after the id and type, and reads it back', () => {
    const original = entry(group(1, ['a']), group(2, ['a', 'b']));
    const line = encodeHistoryLine(original, 42);
    expect(line.startsWith('{"id":"g1","resourceType":"Group","seq":42,')).toBe(true);
    expect(decodeHistoryLine(line)).toEqual({ seq: 42, ...original });
  });

  it.each([
    ['not json', '{"id":'],
    ['not an entry', '{"id":"g1","hello":1}'],
    ['an entry with a seq that is not a positive whole number', encodeHistoryLine(entry(null, group(1, []))).replace('"at":', '"seq":-3,"at":')],
  ])('refuses a line that is %s', (_name, text) => {
    expect(() => decodeHistoryLine(text)).toThrow();
  });
});
