/**
 * The checks a directory goes through before the store takes it (a snapshot restore, a bundle, a
 * store.json read) never change the caller's records: a record without meta comes back as a copy
 * that has it, in its own key order, whether the check passes or refuses the directory, and a record
 * that has its meta comes back as itself.
 */
import { describe, expect, it } from 'vitest';
import type { ScimResource } from '../../server/contract/scim.js';
import { checkDirectory, type Directory } from '../../server/snapshots/snapshot-format.js';
import { validateSnapshot } from '../../server/store/snapshot-format.js';

const meta = { resourceType: 'User', created: '2026-01-01T00:00:00.000Z', lastModified: '2026-01-01T00:00:00.000Z', version: 'W/"3"' };
const secret = { passwordHash: 'hash', updatedAt: '2026-01-01T00:00:00.000Z' };

/** A directory whose first user and group have no meta (or only part of it), as written by hand. */
const directory = (secrets: Directory['secrets'] = {}): Directory => ({
  users: [{ id: 'u1', userName: 'bare@example.com', active: true } as unknown as ScimResource, { id: 'u2', userName: 'full@example.com', meta } as unknown as ScimResource],
  groups: [{ id: 'g1', displayName: 'Sales', meta: { created: '2020-01-02T03:04:05.000Z' }, members: [] } as unknown as ScimResource],
  secrets,
});

describe('checking a directory', () => {
  it.each<[string, (d: Directory) => unknown]>([
    ['a snapshot check that passes', (d) => checkDirectory(d, 'lab.json')],
    ['a store.json validation', (d) => validateSnapshot({ version: 1, journalSeq: 0, ...d }, 'store.json')],
  ])('leaves the caller’s records untouched in %s, and gives copies with meta', (_name, check) => {
    const given = directory({ u1: secret });
    const before = structuredClone(given);
    const checked = check(given) as Directory;
    expect(given).toEqual(before);
    expect(Object.keys(given.users[0]!)).toEqual(['id', 'userName', 'active']);
    // The copy has the meta a create gives, after the record's own keys; kept meta fields win.
    expect(Object.keys(checked.users[0]!)).toEqual(['id', 'userName', 'active', 'meta']);
    expect(checked.users[0]!.meta).toMatchObject({ resourceType: 'User', version: 'W/"1"' });
    expect(checked.groups[0]!.meta).toMatchObject({ resourceType: 'Group', version: 'W/"1"', created: '2020-01-02T03:04:05.000Z' });
    expect(Object.keys(checked.groups[0]!)).toEqual(['id', 'displayName', 'meta', 'members']);
    // A record that had its meta is not copied.
    expect(checked.users[1]).toBe(given.users[1]);
  });

  it.each<[string, Directory['secrets'] | null, (d: Directory) => Directory, RegExp]>([
    ['a password hash of a user the snapshot lacks', { ghost: secret }, (d) => d, /password hash for "ghost"/],
    ['a repeated id', null, (d) => ({ ...d, users: [...d.users, { id: 'u1', userName: 'other@example.com' } as unknown as ScimResource] }), /repeats the id "u1"/],
    ['a userName repeated ignoring case', null, (d) => ({ ...d, users: [...d.users, { id: 'u3', userName: 'BARE@example.com' } as unknown as ScimResource] }), /same userName/],
  ])('leaves the caller’s records untouched when it refuses %s', (_name, secrets, change, message) => {
    const given = change(directory(secrets ?? {}));
    const before = structuredClone(given);
    expect(() => checkDirectory(given, 'lab.json')).toThrow(message);
    expect(given).toEqual(before);
    expect('meta' in given.users[0]!).toBe(false);
  });
});
