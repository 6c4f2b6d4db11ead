/**
 * The edit form and the SCIM resource: the form reads the common attributes (primary email, the
 * enterprise department) and writes back only those, keeping everything else on the resource.
 */
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../server/contract/index.js';
import { addMemberPatch, removeMemberPatch } from '../../renderer/views/resources/membership.js';
import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, USER_SCHEMA, formatAgo, initials, primaryEmail, rangeText, resourceName } from '../../renderer/views/resources/resource-format.js';
import {
  EMPTY_USER_FORM,
  applyGroupForm,
  applyUserForm,
  blankResource,
  groupToForm,
  missingRequired,
  userToForm,
  writable,
  type UserForm,
} from '../../renderer/views/resources/resource-form-model.js';
import { parseCount } from '../../renderer/views/resources/generate-dialog.js';

const jane: JsonObject = {
  schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
  id: 'u1',
  userName: 'jane@example.com',
  externalId: '00u1',
  name: { givenName: 'Jane', familyName: 'Doe', formatted: 'Jane Doe', middleName: 'Q' },
  displayName: 'Jane Doe',
  title: 'Manager',
  emails: [
    { value: 'jane.home@example.net', type: 'home' },
    { value: 'jane@example.com', type: 'work', primary: true },
  ],
  phoneNumbers: [{ value: '+1 555 0100', type: 'work' }],
  active: true,
  [ENTERPRISE_SCHEMA]: { department: 'Engineering', employeeNumber: '1001', manager: { value: 'u0' } },
  groups: [{ value: 'g1', display: 'Engineering' }],
  meta: { resourceType: 'User', created: '2026-01-01T00:00:00Z', lastModified: '2026-01-02T00:00:00Z', version: 'W/"2"' },
};

const janeForm: UserForm = {
  userName: 'jane@example.com',
  givenName: 'Jane',
  familyName: 'Doe',
  displayName: 'Jane Doe',
  title: 'Manager',
  email: 'jane@example.com',
  active: true,
  externalId: '00u1',
  department: 'Engineering',
};

describe('userToForm', () => {
  it.each<[string, JsonObject, Partial<UserForm>]>([
    ['a full user, primary email not first', jane, janeForm],
    ['an empty resource', {}, EMPTY_USER_FORM],
    ['no primary email: the first', { emails: [{ value: 'a@x' }, { value: 'b@x' }] }, { email: 'a@x' }],
    ['active false', { active: false }, { active: false }],
    ['active absent means active', { userName: 'x' }, { userName: 'x', active: true }],
    ['Entra-style strings are not read as values', { active: 'False' as unknown as boolean }, { active: true }],
    ['department from the enterprise extension', { [ENTERPRISE_SCHEMA]: { department: 'Sales' } }, { department: 'Sales' }],
  ])('%s', (_, resource, expected) => {
    expect(userToForm(resource)).toEqual({ ...EMPTY_USER_FORM, ...expected });
  });
});

describe('applyUserForm', () => {
  const cases: [string, JsonObject, Partial<UserForm>, (r: JsonObject) => void, boolean?][] = [
    ['an unchanged form keeps the resource as it was', jane, {}, (r) => expect(r).toEqual(jane)],
    [
      'a new primary email replaces the primary entry only',
      jane,
      { email: 'j.doe@example.com' },
      (r) => expect(r.emails).toEqual([{ value: 'jane.home@example.net', type: 'home' }, { value: 'j.doe@example.com', type: 'work', primary: true }]),
    ],
    // The form then shows the remaining (home) email, so this case does not read back as typed.
    ['clearing the email removes that entry', jane, { email: '' }, (r) => expect(r.emails).toEqual([{ value: 'jane.home@example.net', type: 'home' }]), false],
    ['an email on a user without one becomes the primary work email', { userName: 'x' }, { userName: 'x', email: 'x@example.com' }, (r) => expect(r.emails).toEqual([{ value: 'x@example.com', type: 'work', primary: true }])],
    ['clearing the only email removes emails', { userName: 'x', emails: [{ value: 'x@y' }] }, { userName: 'x', email: '' }, (r) => expect(r).not.toHaveProperty('emails')],
    [
      'a renamed given name updates a derived formatted name and keeps the middle name',
      jane,
      { givenName: 'Janet' },
      (r) => expect(r.name).toEqual({ givenName: 'Janet', familyName: 'Doe', formatted: 'Janet Doe', middleName: 'Q' }),
    ],
    [
      'a hand-written formatted name is left alone',
      { ...jane, name: { givenName: 'Jane', familyName: 'Doe', formatted: 'Dr. Jane Doe' } },
      { familyName: 'Smith' },
      (r) => expect(r.name).toEqual({ givenName: 'Jane', familyName: 'Smith', formatted: 'Dr. Jane Doe' }),
    ],
    [
      'blank fields remove attributes',
      jane,
      { title: '  ', displayName: '', externalId: '' },
      (r) => {
        for (const key of ['title', 'displayName', 'externalId']) expect(r).not.toHaveProperty(key);
      },
    ],
    ['values are trimmed', { userName: 'x' }, { userName: '  y  ', title: ' CTO ' }, (r) => expect([r.userName, r.title]).toEqual(['y', 'CTO'])],
    ['deactivating sets active false', jane, { active: false }, (r) => expect(r.active).toBe(false)],
    [
      'a department change keeps the other enterprise attributes',
      jane,
      { department: 'Platform' },
      (r) => expect(r[ENTERPRISE_SCHEMA]).toEqual({ department: 'Platform', employeeNumber: '1001', manager: { value: 'u0' } }),
    ],
    [
      'a department on a core-only user adds the extension and its schema',
      { schemas: [USER_SCHEMA], userName: 'x' },
      { userName: 'x', department: 'Sales' },
      (r) => {
        expect(r[ENTERPRISE_SCHEMA]).toEqual({ department: 'Sales' });
        expect(r.schemas).toEqual([USER_SCHEMA, ENTERPRISE_SCHEMA]);
      },
    ],
    [
      'clearing the only enterprise attribute removes the extension and its schema',
      { schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA], userName: 'x', [ENTERPRISE_SCHEMA]: { department: 'Sales' } },
      { userName: 'x', department: '' },
      (r) => {
        expect(r).not.toHaveProperty([ENTERPRISE_SCHEMA]);
        expect(r.schemas).toEqual([USER_SCHEMA]);
      },
    ],
    ['attributes the form does not show are kept', jane, { title: 'Director' }, (r) => expect([r.phoneNumbers, r.groups, r.meta, r.id]).toEqual([jane.phoneNumbers, jane.groups, jane.meta, jane.id])],
    ['a blank resource gets the core schema', {}, { userName: 'new' }, (r) => expect(r).toEqual({ schemas: [USER_SCHEMA], userName: 'new', active: true })],
  ];
  it.each(cases)('%s', (_, base, change, check, roundTrip = true) => {
    const before = structuredClone(base);
    const form = { ...userToForm(base), ...change };
    const result = applyUserForm(base, form);
    check(result);
    expect(base).toEqual(before);
    // Reading the result back gives the form (what was typed, trimmed).
    if (roundTrip)
      expect(userToForm(result)).toEqual(Object.fromEntries(Object.entries(form).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v])));
  });
});

describe('groups', () => {
  it.each<[string, JsonObject, { displayName: string; externalId: string }, JsonObject]>([
    ['renames and keeps members', { schemas: [GROUP_SCHEMA], displayName: 'Eng', members: [{ value: 'u1' }] }, { displayName: 'Engineering', externalId: '' }, { schemas: [GROUP_SCHEMA], displayName: 'Engineering', members: [{ value: 'u1' }] }],
    ['sets and clears externalId', { displayName: 'A', externalId: 'x' }, { displayName: 'A', externalId: '' }, { schemas: [GROUP_SCHEMA], displayName: 'A' }],
    ['a new group', blankResource('groups'), { displayName: 'Sales', externalId: '00g1' }, { schemas: [GROUP_SCHEMA], members: [], displayName: 'Sales', externalId: '00g1' }],
  ])('%s', (_, base, form, expected) => {
    expect(applyGroupForm(base, form)).toEqual(expected);
    expect(groupToForm(expected)).toEqual(form);
  });
});

describe('saving', () => {
  it('drops what the server computes before a PUT', () => {
    const body = writable('users', jane);
    expect(body).not.toHaveProperty('id');
    expect(body).not.toHaveProperty('meta');
    expect(body).not.toHaveProperty('groups');
    expect(body.userName).toBe('jane@example.com');
    expect(writable('groups', { id: 'g', meta: {}, displayName: 'A', members: [{ value: 'u' }] })).toEqual({ displayName: 'A', members: [{ value: 'u' }] });
  });
  it('names the missing required attribute', () => {
    expect(missingRequired('users', { ...EMPTY_USER_FORM })).toBe('userName');
    expect(missingRequired('users', { ...EMPTY_USER_FORM, userName: 'x' })).toBeNull();
    expect(missingRequired('groups', { displayName: ' ', externalId: '' })).toBe('displayName');
  });
  it('writes member changes as SCIM PatchOps', () => {
    expect(removeMemberPatch('u"1')).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'remove', path: 'members[value eq "u\\"1"]' }] });
    expect(addMemberPatch('u1')).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'add', path: 'members', value: [{ value: 'u1' }] }] });
  });
});

describe('display helpers', () => {
  it.each<[string, JsonObject, string]>([
    ['displayName first', { displayName: 'JD', name: { givenName: 'Jane' }, userName: 'j' }, 'JD'],
    ['then the real name', { name: { givenName: 'Jane', familyName: 'Doe' }, userName: 'j' }, 'Jane Doe'],
    ['then userName', { userName: 'j@x' }, 'j@x'],
  ])('user name: %s', (_, r, expected) => expect(resourceName('users', r)).toBe(expected));
  it('reads the primary email', () => expect(primaryEmail(jane)).toBe('jane@example.com'));
  it.each([
    ['Jane Doe', 'JD'],
    ['jane.doe@example.com', 'JD'],
    ['Engineering', 'EN'],
    ['', '?'],
  ])('initials of %j', (name, expected) => expect(initials(name)).toBe(expected));
  it.each([
    [1, 50, 100_000, '1–50 of 100,000'],
    [51, 50, 100_000, '51–100 of 100,000'],
    [100_001, 9, 100_009, '100,001–100,009 of 100,009'],
    [1, 0, 0, '0 of 0'],
  ])('range %d +%d of %d', (start, shown, total, expected) => expect(rangeText(start, shown, total)).toBe(expected));
  it('says how long ago', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(formatAgo('2026-03-01T11:59:50Z', now)).toBe('just now');
    expect(formatAgo('2026-03-01T11:55:00Z', now)).toBe('5 min ago');
    expect(formatAgo('2026-03-01T09:00:00Z', now)).toBe('3 h ago');
    expect(formatAgo('nonsense', now)).toBe('—');
  });
  it.each([
    ['100', 100],
    ['1', 1],
    ['10000', 10_000],
    ['0', null],
    ['10001', null],
    ['2.5', null],
    ['', null],
    ['abc', null],
  ])('generate count %j → %s', (text, expected) => expect(parseCount(text)).toBe(expected));
});
