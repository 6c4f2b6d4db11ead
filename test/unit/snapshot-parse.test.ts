/**
 * A large store.json is parsed line by line (server/store/snapshot-parse.ts) only when that gives
 * exactly what one JSON.parse of the whole file gives: a snapshot the real writer wrote (non-ASCII
 * names, escapes, empty and full arrays) reads back equal; any other layout (hand edits, CRLF, a
 * repeated key, a trailing comma) is left to the whole parse, and a file that is not JSON is still
 * refused as corrupt and left byte-for-byte untouched.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScimResource } from '../../server/contract/scim.js';
import { isAppError } from '../../server/app-errors.js';
import { SnapshotFile } from '../../server/store/snapshot-file.js';
import { emptySnapshot, type SnapshotData } from '../../server/store/snapshot-format.js';
import { parseSnapshotLines } from '../../server/store/snapshot-parse.js';
import { tempDir } from '../helpers/temp-dir.js';

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => ({ dir, remove } = await tempDir('scimscope-snapshot-')));
afterEach(() => remove());

const user = (i: number): ScimResource =>
  ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: `u${i}`, userName: i % 7 ? `user${i}@example.com` : `zoë.łukasz.${i}@example.com`, displayName: i % 5 ? `User ${i}` : `Quote "${i}" \\ back\nslash`, active: true, meta: { resourceType: 'User', version: `W/"${i}"` } }) as unknown as ScimResource;

/** Writes a snapshot with the real writer (one resource per line above 5,000 resources). */
async function written(users: number, groups: number): Promise<{ file: string; bytes: Buffer; data: SnapshotData }> {
  const data: SnapshotData = { ...emptySnapshot(), journalSeq: 42, users: Array.from({ length: users }, (_, i) => user(i)), groups: Array.from({ length: groups }, (_, i) => ({ id: `g${i}`, displayName: `Group ${i}`, members: [{ value: 'u1' }] }) as unknown as ScimResource), secrets: { u1: { passwordHash: 'x', updatedAt: '2026-01-01T00:00:00.000Z' } } };
  const file = path.join(dir, 'store.json');
  await new SnapshotFile(file).write(data);
  return { file, bytes: await readFile(file), data };
}

describe('parsing a large snapshot line by line', () => {
  it.each([
    ['users and groups', 6_000, 3],
    ['users only (groups written as an empty array on one line)', 6_000, 0],
  ])('reads what the writer wrote, equal to a whole parse: %s', async (_name, users, groups) => {
    const { bytes, data } = await written(users, groups);
    const lines = parseSnapshotLines(bytes);
    expect(lines).not.toBeNull();
    expect(lines).toEqual(JSON.parse(bytes.toString('utf8')));
    expect(lines).toEqual(data);
  });

  it('reads a file with "groups" before "users" right: the array it does not cut is parsed whole with the rest', async () => {
    const { bytes } = await written(6_000, 2);
    const text = bytes.toString('utf8');
    const users = text.slice(text.indexOf('  "users": ['), text.indexOf('  "groups": ['));
    const groups = text.slice(text.indexOf('  "groups": ['), text.indexOf('  "secrets"'));
    const reordered = text.replace(users + groups, groups + users);
    expect(reordered).not.toBe(text);
    expect(parseSnapshotLines(Buffer.from(reordered))).toEqual(JSON.parse(reordered));
  });

  const edits: [string, (text: string) => string][] = [
    ['a resource split over two lines by hand', (t) => t.replace('{"schemas"', '{\n      "schemas"')],
    ['CRLF line ends', (t) => t.replace(/\n/g, '\r\n')],
    ['"users" repeated later in the file (the last wins in JSON.parse)', (t) => t.replace('"secrets": {', '"users": [],\n  "secrets": {')],
    ['the small, fully indented layout', () => JSON.stringify({ ...emptySnapshot(), users: [user(1)] }, null, 2)],
  ];
  it.each(edits)('leaves any other layout to the whole parse: %s', async (_name, edit) => {
    const { bytes } = await written(6_000, 1);
    const text = edit(bytes.toString('utf8'));
    expect(parseSnapshotLines(Buffer.from(text))).toBeNull();
    // The file still reads, through the whole parse, as JSON.parse reads it.
    const file = path.join(dir, 'edited.json');
    await writeFile(file, text);
    expect(await new SnapshotFile(file).read()).toEqual(JSON.parse(text));
  });

  it.each([
    ['a trailing comma after the last resource', (t: string) => t.replace(/}\n  \],\n  "groups"/, '},\n  ],\n  "groups"')],
    ['a missing comma between two resources', (t: string) => t.replace('},\n    {', '}\n    {')],
    ['a torn resource line', (t: string) => t.replace(/,"active":true,[^\n]*\n/, '\n')],
  ])('refuses a snapshot that is not JSON (%s) as corrupt, leaving it untouched', async (_name, edit) => {
    const { file, bytes } = await written(6_000, 0);
    const broken = edit(bytes.toString('utf8'));
    expect(broken).not.toBe(bytes.toString('utf8'));
    await writeFile(file, broken);
    const error = await new SnapshotFile(file).read().catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('STORE_CORRUPT');
    expect(await readFile(file, 'utf8')).toBe(broken);
  });
});
