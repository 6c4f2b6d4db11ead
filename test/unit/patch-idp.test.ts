// PATCH requests as Okta and Microsoft Entra ID actually send them, table-driven: each case names
// the source resource, the request, the resulting resource and the leniencies the engine must record.
import { describe, expect, it } from 'vitest';
import { omit, runError, runSuccess, type ErrorCase, type SuccessCase } from '../helpers/patch-cases.js';
import type { JsonObject } from '../../server/contract/scim.js';
import { applyPatch, PATCH_OP_SCHEMA } from '../../server/scim/patch/index.js';
import { ENTERPRISE_USER_SCHEMA as ENT, GROUP_SCHEMA, USER_SCHEMA as CORE, resourceTypes } from '../../server/scim/schemas/resource-types.js';

const META = { resourceType: 'User', created: '2024-01-01T00:00:00Z', lastModified: '2024-01-01T00:00:00Z', location: 'https://scim.test/Users/u1', version: 'W/"1"' };
const USER: JsonObject = {
  schemas: [CORE],
  id: 'u1',
  externalId: '00u1abcd',
  userName: 'isaac@example.com',
  name: { givenName: 'Isaac', familyName: 'Brock' },
  displayName: 'Isaac Brock',
  active: true,
  emails: [{ value: 'isaac@example.com', type: 'work', primary: true }],
  meta: META,
};
const ENT_USER: JsonObject = { ...USER, schemas: [CORE, ENT], [ENT]: { department: 'Sales', manager: { value: 'm1' } } };
const GROUP: JsonObject = {
  schemas: [GROUP_SCHEMA],
  id: 'g1',
  displayName: 'Engineering',
  members: [
    { value: 'u1', display: 'Isaac' },
    { value: 'u2', display: 'Jo' },
    { value: 'u3', display: 'Kim' },
  ],
  meta: { ...META, resourceType: 'Group', location: 'https://scim.test/Groups/g1' },
};
const MEMBERS = GROUP.members as JsonObject[];
const [U1, U2, U3] = MEMBERS as [JsonObject, JsonObject, JsonObject];
const WORK = (USER.emails as JsonObject[])[0] as JsonObject;

const oktaCases: SuccessCase[] = [
  {
    name: 'Okta: deactivate with a no-path replace',
    source: USER,
    ops: [{ op: 'replace', value: { active: false } }],
    target: { ...USER, active: false },
    operations: [{ op: 'replace', path: 'active', value: false }],
  },
  {
    name: 'Okta: password sync keeps the password for the caller to hash',
    source: USER,
    ops: [{ op: 'replace', value: { password: 'newpw' } }],
    target: { ...USER, password: 'newpw' },
  },
  {
    name: 'Okta: group rename repeats the group id, which is ignored',
    type: 'Group',
    source: GROUP,
    ops: [{ op: 'replace', value: { id: 'g1', displayName: 'Platform' } }],
    target: { ...GROUP, displayName: 'Platform' },
    operations: [{ op: 'replace', path: 'displayName', value: 'Platform' }],
  },
  {
    name: 'Okta: push group adds members',
    type: 'Group',
    source: GROUP,
    ops: [{ op: 'add', path: 'members', value: [{ value: 'u4', display: 'Lee' }, { value: 'u5', display: 'Max' }] }],
    target: { ...GROUP, members: [...MEMBERS, { value: 'u4', display: 'Lee' }, { value: 'u5', display: 'Max' }] },
  },
  {
    name: 'Okta: re-adding a member already present does not double it',
    type: 'Group',
    source: GROUP,
    ops: [{ op: 'add', path: 'members', value: [{ value: 'u2', display: 'Jo' }] }],
    target: GROUP,
  },
  {
    name: 'Okta: remove a member by value path',
    type: 'Group',
    source: GROUP,
    ops: [{ op: 'remove', path: 'members[value eq "u2"]' }],
    target: { ...GROUP, members: [U1, U3] },
  },
  {
    name: 'Okta: removing a member that is already gone is accepted',
    type: 'Group',
    source: GROUP,
    ops: [{ op: 'remove', path: 'members[value eq "gone"]' }],
    target: GROUP,
    leniencies: ['patch.remove.nomatch'],
  },
  {
    name: 'Okta: group push replaces all members',
    type: 'Group',
    source: GROUP,
    ops: [{ op: 'replace', path: 'members', value: [{ value: 'u9', display: 'Zed' }] }],
    target: { ...GROUP, members: [{ value: 'u9', display: 'Zed' }] },
  },
  {
    name: 'Okta: profile update as one no-path replace',
    source: USER,
    ops: [{ op: 'replace', value: { name: { givenName: 'Ike', familyName: 'Brock' }, displayName: 'Ike Brock', emails: [{ value: 'ike@example.com', type: 'work', primary: true }] } }],
    target: { ...USER, name: { givenName: 'Ike', familyName: 'Brock' }, displayName: 'Ike Brock', emails: [{ value: 'ike@example.com', type: 'work', primary: true }] },
  },
  {
    name: 'Okta: group rename and member list in one value',
    type: 'Group',
    source: GROUP,
    ops: [{ op: 'replace', value: { id: 'g1', displayName: 'Platform', members: [{ value: 'u1', display: 'Isaac' }] } }],
    target: { ...GROUP, displayName: 'Platform', members: [U1] },
  },
  {
    name: 'Okta: reactivate with a path',
    source: { ...USER, active: false },
    ops: [{ op: 'replace', path: 'active', value: true }],
    target: USER,
  },
  {
    name: 'Okta: custom attribute (no schema) stored as sent',
    source: USER,
    ops: [{ op: 'replace', value: { favoriteColor: 'blue' } }],
    target: { ...USER, favoriteColor: 'blue' },
    leniencies: ['attribute.unknown'],
  },
];

const entraCases: SuccessCase[] = [
  {
    name: 'Entra: capitalised Replace',
    source: USER,
    ops: [{ op: 'Replace', path: 'displayName', value: 'Ike' }],
    target: { ...USER, displayName: 'Ike' },
    leniencies: ['patch.op.capitalized'],
    operations: [{ op: 'replace', path: 'displayName', value: 'Ike' }],
  },
  {
    name: 'Entra: capitalised Add',
    source: USER,
    ops: [{ op: 'Add', path: 'title', value: 'Engineer' }],
    target: { ...USER, title: 'Engineer' },
    leniencies: ['patch.op.capitalized'],
  },
  {
    name: 'Entra: capitalised Remove',
    source: USER,
    ops: [{ op: 'Remove', path: 'externalId' }],
    target: omit(USER, 'externalId'),
    leniencies: ['patch.op.capitalized'],
  },
  {
    name: 'Entra: active "False" with a path',
    source: USER,
    ops: [{ op: 'Replace', path: 'active', value: 'False' }],
    target: { ...USER, active: false },
    leniencies: ['patch.op.capitalized', 'patch.boolean.string'],
    operations: [{ op: 'replace', path: 'active', value: false }],
  },
  {
    name: 'Entra: active "TRUE" in a no-path value',
    source: { ...USER, active: false },
    ops: [{ op: 'Replace', value: { active: 'TRUE' } }],
    target: USER,
    leniencies: ['patch.op.capitalized', 'patch.boolean.string'],
  },
  {
    name: 'Entra: dotted keys in a no-path value are paths',
    source: USER,
    ops: [
      {
        op: 'Add',
        value: {
          'name.givenName': 'Jo',
          [`${ENT}:department`]: 'R&D',
          'emails[type eq "work"].value': 'jo@example.com',
        },
      },
    ],
    target: {
      ...USER,
      schemas: [CORE, ENT],
      name: { givenName: 'Jo', familyName: 'Brock' },
      emails: [{ ...WORK, value: 'jo@example.com' }],
      [ENT]: { department: 'R&D' },
    },
    leniencies: ['patch.op.capitalized', 'patch.value.dottedkey', 'patch.value.dottedkey', 'patch.value.dottedkey'],
    operations: [
      { op: 'add', path: 'name.givenName', value: 'Jo' },
      { op: 'add', path: `${ENT}:department`, value: 'R&D' },
      { op: 'add', path: 'emails[type eq "work"].value', value: 'jo@example.com' },
    ],
  },
  {
    name: 'Entra: manager as a plain string',
    source: USER,
    ops: [{ op: 'Replace', path: `${ENT}:manager`, value: 'm9' }],
    target: { ...USER, schemas: [CORE, ENT], [ENT]: { manager: { value: 'm9' } } },
    leniencies: ['patch.op.capitalized', 'patch.manager.string'],
    operations: [{ op: 'replace', path: `${ENT}:manager`, value: { value: 'm9' } }],
  },
  {
    name: 'Entra: manager wrapped in an array',
    source: ENT_USER,
    ops: [{ op: 'Add', path: `${ENT}:manager`, value: [{ value: 'm2' }] }],
    target: { ...ENT_USER, [ENT]: { department: 'Sales', manager: { value: 'm2' } } },
    leniencies: ['patch.op.capitalized', 'patch.value.array'],
  },
  {
    name: 'Entra: a single-valued string wrapped in an array',
    source: USER,
    ops: [{ op: 'Replace', path: 'name.givenName', value: ['Jo'] }],
    target: { ...USER, name: { givenName: 'Jo', familyName: 'Brock' } },
    leniencies: ['patch.op.capitalized', 'patch.value.array'],
  },
  {
    name: 'Entra: work email value path creates the element when missing',
    source: omit(USER, 'emails'),
    ops: [{ op: 'Replace', path: 'emails[type eq "work"].value', value: 'isaac@example.com' }],
    target: { ...omit(USER, 'emails'), emails: [{ type: 'work', value: 'isaac@example.com' }] },
    leniencies: ['patch.op.capitalized', 'patch.valuepath.created'],
  },
  {
    name: 'Entra: work email value path updates the existing element',
    source: USER,
    ops: [{ op: 'Replace', path: 'emails[type eq "work"].value', value: 'ike@example.com' }],
    target: { ...USER, emails: [{ ...WORK, value: 'ike@example.com' }] },
    leniencies: ['patch.op.capitalized'],
  },
  {
    name: 'Entra: mobile phone created through Add on a value path',
    source: USER,
    ops: [{ op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0100' }],
    target: { ...USER, phoneNumbers: [{ type: 'mobile', value: '+1 555 0100' }] },
    leniencies: ['patch.op.capitalized', 'patch.valuepath.created'],
  },
  {
    name: 'Entra: work address sub-attributes fill one created element',
    source: USER,
    ops: [
      { op: 'Add', path: 'addresses[type eq "work"].streetAddress', value: '1 Main St' },
      { op: 'Add', path: 'addresses[type eq "work"].locality', value: 'Springfield' },
    ],
    target: { ...USER, addresses: [{ type: 'work', streetAddress: '1 Main St', locality: 'Springfield' }] },
    leniencies: ['patch.op.capitalized', 'patch.valuepath.created'],
  },
  {
    name: 'Entra: Add members',
    type: 'Group',
    source: GROUP,
    ops: [{ op: 'Add', path: 'members', value: [{ value: 'u4' }] }],
    target: { ...GROUP, members: [...MEMBERS, { value: 'u4' }] },
    leniencies: ['patch.op.capitalized'],
  },
  {
    name: 'Entra: Remove members listed in value removes only those',
    type: 'Group',
    source: GROUP,
    ops: [{ op: 'Remove', path: 'members', value: [{ value: 'u1' }, { value: 'u3' }] }],
    target: { ...GROUP, members: [U2] },
    leniencies: ['patch.op.capitalized', 'patch.remove.value'],
    operations: [{ op: 'remove', path: 'members', value: [{ value: 'u1' }, { value: 'u3' }] }],
  },
  {
    name: 'Entra: Remove members listing one that is not a member',
    type: 'Group',
    source: GROUP,
    ops: [{ op: 'Remove', path: 'members', value: [{ value: 'u2' }, { value: 'nobody' }] }],
    target: { ...GROUP, members: [U1, U3] },
    leniencies: ['patch.op.capitalized', 'patch.remove.value', 'patch.remove.nomatch'],
  },
  {
    name: 'Entra: Remove manager drops the emptied extension and its URN',
    source: { ...ENT_USER, [ENT]: { manager: { value: 'm1' } } },
    ops: [{ op: 'Remove', path: `${ENT}:manager` }],
    target: USER,
    leniencies: ['patch.op.capitalized'],
  },
  {
    name: 'Entra: Remove manager with a value removes the manager',
    source: ENT_USER,
    ops: [{ op: 'Remove', path: `${ENT}:manager`, value: [{ value: 'm1' }] }],
    target: { ...ENT_USER, [ENT]: { department: 'Sales' } },
    leniencies: ['patch.op.capitalized', 'patch.remove.value'],
  },
  {
    name: 'Entra: number for a string attribute is stored as a string',
    source: USER,
    ops: [{ op: 'Replace', path: `${ENT}:employeeNumber`, value: 701984 }],
    target: { ...USER, schemas: [CORE, ENT], [ENT]: { employeeNumber: '701984' } },
    leniencies: ['patch.op.capitalized', 'patch.value.stringified'],
  },
  {
    name: 'Entra: boolean string for a sub-attribute',
    source: USER,
    ops: [{ op: 'Add', path: 'emails', value: [{ value: 'home@example.com', type: 'home', primary: 'True' }] }],
    target: { ...USER, emails: [{ ...WORK, primary: false }, { value: 'home@example.com', type: 'home', primary: true }] },
    leniencies: ['patch.op.capitalized', 'patch.boolean.string'],
  },
  {
    name: 'Entra: ADD in capitals',
    source: USER,
    ops: [{ op: 'ADD', path: 'nickName', value: 'Ike' }],
    target: { ...USER, nickName: 'Ike' },
    leniencies: ['patch.op.capitalized'],
  },
  {
    name: 'Entra: extension object in a no-path value',
    source: USER,
    ops: [{ op: 'Add', value: { [ENT]: { department: 'R&D', manager: 'm3' } } }],
    target: { ...USER, schemas: [CORE, ENT], [ENT]: { department: 'R&D', manager: { value: 'm3' } } },
    leniencies: ['patch.op.capitalized', 'patch.manager.string'],
  },
];

const envelopeCases: SuccessCase[] = [
  {
    name: 'lower-case "operations" accepted',
    source: USER,
    body: { schemas: [PATCH_OP_SCHEMA], operations: [{ op: 'replace', path: 'title', value: 'x' }] },
    target: { ...USER, title: 'x' },
    leniencies: ['patch.operations.case'],
  },
  {
    name: 'missing schemas accepted',
    source: USER,
    body: { Operations: [{ op: 'replace', path: 'title', value: 'x' }] },
    target: { ...USER, title: 'x' },
    leniencies: ['patch.schemas.missing'],
  },
  {
    name: 'wrong schemas accepted',
    source: USER,
    body: { schemas: [CORE], Operations: [{ op: 'replace', path: 'title', value: 'x' }] },
    target: { ...USER, title: 'x' },
    leniencies: ['patch.schemas.missing'],
  },
  {
    name: 'capitalised operation member names accepted',
    source: USER,
    body: { schemas: [PATCH_OP_SCHEMA], Operations: [{ Op: 'replace', Path: 'title', Value: 'x' }] },
    target: { ...USER, title: 'x' },
    leniencies: ['patch.key.case', 'patch.key.case', 'patch.key.case'],
  },
  {
    name: 'empty path treated as no path',
    source: USER,
    ops: [{ op: 'replace', path: '', value: { title: 'x' } }],
    target: { ...USER, title: 'x' },
    leniencies: ['patch.path.empty'],
  },
  {
    name: 'a single element for a multi-valued attribute is wrapped',
    type: 'Group',
    source: GROUP,
    ops: [{ op: 'add', path: 'members', value: { value: 'u4' } }],
    target: { ...GROUP, members: [...MEMBERS, { value: 'u4' }] },
    leniencies: ['patch.value.wrapped'],
  },
  {
    name: 'an extension with no schema here is stored and listed',
    source: USER,
    ops: [{ op: 'add', path: 'urn:example:custom:2.0:User:badge', value: 'B-1' }],
    target: { ...USER, schemas: [CORE, 'urn:example:custom:2.0:User'], 'urn:example:custom:2.0:User': { badge: 'B-1' } },
    leniencies: ['attribute.unknown'],
  },
  {
    name: 'an extension with no schema here, sent as an object in a no-path value',
    source: USER,
    ops: [{ op: 'add', value: { 'urn:example:custom:2.0:User': { badge: 'B-1' } } }],
    target: { ...USER, schemas: [CORE, 'urn:example:custom:2.0:User'], 'urn:example:custom:2.0:User': { badge: 'B-1' } },
    leniencies: ['attribute.unknown'],
  },
  {
    name: 'adding a list to an unknown list attribute appends',
    source: { ...USER, tags: ['a'] },
    ops: [{ op: 'add', path: 'tags', value: ['a', 'b'] }],
    target: { ...USER, tags: ['a', 'b'] },
    leniencies: ['attribute.unknown'],
  },
  {
    name: 'replacing an extension object with null removes it',
    source: ENT_USER,
    ops: [{ op: 'replace', value: { [ENT]: null } }],
    target: USER,
    operations: [{ op: 'remove', path: ENT }],
  },
  {
    name: 'an unknown sub-attribute of a known attribute is stored',
    source: USER,
    ops: [{ op: 'add', path: 'name.nickname2', value: 'Ike' }],
    target: { ...USER, name: { givenName: 'Isaac', familyName: 'Brock', nickname2: 'Ike' } },
    leniencies: ['attribute.unknown'],
  },
];

const idpErrorCases: ErrorCase[] = [
  { name: 'Okta: group rename with a different id', type: 'Group', source: GROUP, ops: [{ op: 'replace', value: { id: 'g2', displayName: 'X' } }], error: { status: 400, scimType: 'mutability' } },
  { name: 'Entra: boolean string that is not true/false', source: USER, ops: [{ op: 'Replace', path: 'active', value: 'Yes' }], error: { status: 400, scimType: 'invalidValue' } },
  { name: 'Entra: unknown capitalised op', source: USER, ops: [{ op: 'Update', path: 'active', value: false }], error: { status: 400, scimType: 'invalidSyntax' } },
  { name: 'Entra: manager wrapped with two values', source: USER, ops: [{ op: 'Replace', path: `${ENT}:manager`, value: [{ value: 'a' }, { value: 'b' }] }], error: { status: 400, scimType: 'invalidValue' } },
  {
    name: 'Entra: created element for a filter other than type eq is refused',
    source: USER,
    ops: [{ op: 'Replace', path: 'emails[type eq "home" and primary eq true].value', value: 'x@example.com' }],
    error: { status: 400, scimType: 'noTarget' },
  },
  { name: 'Entra: dotted key naming a readOnly attribute', source: USER, ops: [{ op: 'Replace', value: { 'meta.version': 'W/"2"' } }], error: { status: 400, scimType: 'mutability' } },
];

describe('applyPatch: Okta shapes', () => {
  it.each(oktaCases)('$name', runSuccess);
});
describe('applyPatch: Entra shapes', () => {
  it.each(entraCases)('$name', runSuccess);
});
describe('applyPatch: envelope leniencies', () => {
  it.each(envelopeCases)('$name', runSuccess);
});
describe('applyPatch: IdP shapes that are still refused', () => {
  it.each(idpErrorCases)('$name', runError);
});

describe('leniency records', () => {
  it('quote what was sent and what was stored', () => {
    const { leniencies } = applyPatch(USER, { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] }, resourceTypes.User);
    expect(leniencies).toEqual([
      { code: 'patch.op.capitalized', sent: '"op":"Replace"', normalized: '"op":"replace"' },
      { code: 'patch.boolean.string', sent: 'active: "False"', normalized: 'active: false' },
    ]);
  });
});
