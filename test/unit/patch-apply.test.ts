// RFC 7644 §3.5.2 PATCH semantics, table-driven in the style of SCIMMY: each case is a source
// resource, the operations sent and either the resulting resource or the error expected.
import { describe, expect, it } from 'vitest';
import { omit, runError, runSuccess, type ErrorCase, type SuccessCase } from '../helpers/patch-cases.js';
import type { JsonObject } from '../../server/contract/scim.js';
import { applyPatch, MAX_OPERATIONS, PATCH_OP_SCHEMA } from '../../server/scim/patch/index.js';
import { ENTERPRISE_USER_SCHEMA as ENT, GROUP_SCHEMA, USER_SCHEMA as CORE, resourceTypes } from '../../server/scim/schemas/resource-types.js';

const USER_META = { resourceType: 'User', created: '2024-01-01T00:00:00Z', lastModified: '2024-01-01T00:00:00Z', location: 'https://scim.test/Users/u1', version: 'W/"1"' };
const USER: JsonObject = {
  schemas: [CORE, ENT],
  id: 'u1',
  userName: 'bjensen@example.com',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  displayName: 'Babs Jensen',
  active: true,
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@home.example', type: 'home' },
  ],
  addresses: [{ type: 'work', streetAddress: '100 Universal City Plaza', locality: 'Hollywood' }],
  [ENT]: { department: 'Sales', manager: { value: 'm1', displayName: 'Boss' } },
  meta: USER_META,
};
const PLAIN_USER: JsonObject = { schemas: [CORE], id: 'u2', userName: 'plain', meta: { ...USER_META, location: 'https://scim.test/Users/u2' } };
const M1 = { value: '2819c223', display: 'Babs', type: 'User' };
const M2 = { value: '902c246b', display: 'Mandy', type: 'User' };
const GROUP: JsonObject = {
  schemas: [GROUP_SCHEMA],
  id: 'g1',
  displayName: 'Engineering',
  members: [M1, M2],
  meta: { resourceType: 'Group', created: '2024-01-01T00:00:00Z', lastModified: '2024-01-01T00:00:00Z', location: 'https://scim.test/Groups/g1', version: 'W/"1"' },
};
const EMAILS = USER.emails as JsonObject[];
const [WORK_EMAIL, HOME_EMAIL] = EMAILS as [JsonObject, JsonObject];
const ENT_OBJ = USER[ENT] as JsonObject;

const addCases: SuccessCase[] = [
  {
    name: 'add, no path: new attributes merged, multi-valued appended',
    source: USER,
    ops: [{ op: 'add', value: { nickName: 'Babs', emails: [{ value: 'b@other.example', type: 'other' }] } }],
    target: { ...USER, nickName: 'Babs', emails: [...EMAILS, { value: 'b@other.example', type: 'other' }] },
    operations: [
      { op: 'add', path: 'nickName', value: 'Babs' },
      { op: 'add', path: 'emails', value: [{ value: 'b@other.example', type: 'other' }] },
    ],
  },
  {
    name: 'add, no path: complex single-valued merged sub-attribute by sub-attribute',
    source: USER,
    ops: [{ op: 'add', value: { name: { middleName: 'Jane' } } }],
    target: { ...USER, name: { givenName: 'Barbara', familyName: 'Jensen', middleName: 'Jane' } },
  },
  { name: 'add, attr path: simple attribute set', source: USER, ops: [{ op: 'add', path: 'title', value: 'VP' }], target: { ...USER, title: 'VP' } },
  { name: 'add, attr path: existing simple attribute replaced', source: USER, ops: [{ op: 'add', path: 'displayName', value: 'B' }], target: { ...USER, displayName: 'B' } },
  {
    name: 'add, attr path: multi-valued appended',
    source: USER,
    ops: [{ op: 'add', path: 'emails', value: [{ value: 'x@y.example', type: 'other' }] }],
    target: { ...USER, emails: [...EMAILS, { value: 'x@y.example', type: 'other' }] },
  },
  {
    name: 'add, attr path: an element with the same value is merged, not doubled',
    source: USER,
    ops: [{ op: 'add', path: 'emails', value: [{ value: 'babs@home.example', type: 'home', display: 'Home' }] }],
    target: { ...USER, emails: [WORK_EMAIL, { ...HOME_EMAIL, display: 'Home' }] },
  },
  {
    name: 'add, sub-attr path',
    source: USER,
    ops: [{ op: 'add', path: 'name.middleName', value: 'Jane' }],
    target: { ...USER, name: { givenName: 'Barbara', familyName: 'Jensen', middleName: 'Jane' } },
  },
  { name: 'add, sub-attr path creates the complex attribute', source: PLAIN_USER, ops: [{ op: 'add', path: 'name.givenName', value: 'Jo' }], target: { ...PLAIN_USER, name: { givenName: 'Jo' } } },
  {
    name: 'add, value path: matched element merged',
    source: USER,
    ops: [{ op: 'add', path: 'emails[type eq "work"]', value: { display: 'Work mail' } }],
    target: { ...USER, emails: [{ ...WORK_EMAIL, display: 'Work mail' }, HOME_EMAIL] },
  },
  {
    name: 'add, value path + sub-attr',
    source: USER,
    ops: [{ op: 'add', path: 'addresses[type eq "work"].postalCode', value: '91608' }],
    target: { ...USER, addresses: [{ type: 'work', streetAddress: '100 Universal City Plaza', locality: 'Hollywood', postalCode: '91608' }] },
  },
  {
    name: 'add, URN-qualified core path',
    source: USER,
    ops: [{ op: 'add', path: `${CORE}:nickName`, value: 'Babs' }],
    target: { ...USER, nickName: 'Babs' },
    operations: [{ op: 'add', path: 'nickName', value: 'Babs' }],
  },
  {
    name: 'add, extension path creates the extension object and lists its URN',
    source: PLAIN_USER,
    ops: [{ op: 'add', path: `${ENT}:costCenter`, value: '4130' }],
    target: { ...PLAIN_USER, schemas: [CORE, ENT], [ENT]: { costCenter: '4130' } },
  },
  {
    name: 'add, extension sub-attr path',
    source: USER,
    ops: [{ op: 'add', path: `${ENT}:manager.value`, value: 'm2' }],
    target: { ...USER, [ENT]: { ...ENT_OBJ, manager: { value: 'm2', displayName: 'Boss' } } },
  },
  {
    name: 'add, a new primary element clears primary on the others',
    source: USER,
    ops: [{ op: 'add', path: 'emails', value: [{ value: 'new@x.example', type: 'other', primary: true }] }],
    target: { ...USER, emails: [{ ...WORK_EMAIL, primary: false }, HOME_EMAIL, { value: 'new@x.example', type: 'other', primary: true }] },
  },
  {
    name: 'add, path and value keys are case-insensitive and stored canonically',
    source: USER,
    ops: [{ op: 'add', path: 'EMAILS', value: [{ Value: 'c@x.example', TYPE: 'other' }] }],
    target: { ...USER, emails: [...EMAILS, { value: 'c@x.example', type: 'other' }] },
    operations: [{ op: 'add', path: 'emails', value: [{ value: 'c@x.example', type: 'other' }] }],
  },
  {
    name: 'add, extension URN to schemas',
    source: PLAIN_USER,
    ops: [{ op: 'add', path: 'schemas', value: [ENT.toLowerCase()] }],
    target: { ...PLAIN_USER, schemas: [CORE, ENT] },
  },
  { name: 'add, null value changes nothing', source: USER, ops: [{ op: 'add', path: 'nickName', value: null }], target: USER },
  {
    name: 'add, group members appended, a member already present not doubled',
    type: 'Group',
    source: GROUP,
    ops: [{ op: 'add', path: 'members', value: [{ value: '2819c223' }, { value: 'a1', display: 'New' }] }],
    target: { ...GROUP, members: [M1, M2, { value: 'a1', display: 'New' }] },
  },
  {
    name: 'add, "]" inside a quoted filter string',
    source: { ...PLAIN_USER, emails: [{ value: 'odd@x.example', type: 'x]y' }] },
    ops: [{ op: 'add', path: 'emails[type eq "x]y"].display', value: 'Odd' }],
    target: { ...PLAIN_USER, emails: [{ value: 'odd@x.example', type: 'x]y', display: 'Odd' }] },
  },
];

const replaceCases: SuccessCase[] = [
  {
    name: 'replace, no path: each named attribute replaced',
    source: USER,
    ops: [{ op: 'replace', value: { displayName: 'B', nickName: 'Babs', emails: [{ value: 'only@x.example', type: 'work' }] } }],
    target: { ...USER, displayName: 'B', nickName: 'Babs', emails: [{ value: 'only@x.example', type: 'work' }] },
  },
  {
    name: 'replace, no path: complex attribute keeps sub-attributes not named',
    source: USER,
    ops: [{ op: 'replace', value: { name: { givenName: 'Barb' } } }],
    target: { ...USER, name: { givenName: 'Barb', familyName: 'Jensen' } },
  },
  { name: 'replace, attr path: simple attribute', source: USER, ops: [{ op: 'replace', path: 'displayName', value: 'B' }], target: { ...USER, displayName: 'B' } },
  {
    name: 'replace, attr path: multi-valued replaced as a whole',
    source: USER,
    ops: [{ op: 'replace', path: 'emails', value: [{ value: 'only@x.example' }] }],
    target: { ...USER, emails: [{ value: 'only@x.example' }] },
  },
  {
    name: 'replace, sub-attr path',
    source: USER,
    ops: [{ op: 'replace', path: 'name.familyName', value: 'J' }],
    target: { ...USER, name: { givenName: 'Barbara', familyName: 'J' } },
  },
  {
    name: 'replace, value path: matched element replaced whole',
    source: USER,
    ops: [{ op: 'replace', path: 'addresses[type eq "work"]', value: { type: 'work', streetAddress: '911 Universal City Plaza', postalCode: '91608' } }],
    target: { ...USER, addresses: [{ type: 'work', streetAddress: '911 Universal City Plaza', postalCode: '91608' }] },
  },
  {
    name: 'replace, value path + sub-attr',
    source: USER,
    ops: [{ op: 'replace', path: 'emails[type eq "work"].value', value: 'w@x.example' }],
    target: { ...USER, emails: [{ ...WORK_EMAIL, value: 'w@x.example' }, HOME_EMAIL] },
  },
  {
    name: 'replace, value path with an "and" filter',
    source: USER,
    ops: [{ op: 'replace', path: 'emails[type eq "home" and value co "home"].display', value: 'Home' }],
    target: { ...USER, emails: [WORK_EMAIL, { ...HOME_EMAIL, display: 'Home' }] },
  },
  {
    name: 'replace, URN-qualified core path',
    source: USER,
    ops: [{ op: 'replace', path: `${CORE}:userName`, value: 'bj' }],
    target: { ...USER, userName: 'bj' },
    operations: [{ op: 'replace', path: 'userName', value: 'bj' }],
  },
  {
    name: 'replace, extension path (URN case-insensitive, stored canonically)',
    source: USER,
    ops: [{ op: 'replace', path: `${ENT.toLowerCase()}:DEPARTMENT`, value: 'R&D' }],
    target: { ...USER, [ENT]: { ...ENT_OBJ, department: 'R&D' } },
    operations: [{ op: 'replace', path: `${ENT}:department`, value: 'R&D' }],
  },
  {
    name: 'replace, extension sub-attr path',
    source: USER,
    ops: [{ op: 'replace', path: `${ENT}:manager.value`, value: 'm2' }],
    target: { ...USER, [ENT]: { ...ENT_OBJ, manager: { value: 'm2', displayName: 'Boss' } } },
  },
  { name: 'replace, null unassigns', source: USER, ops: [{ op: 'replace', path: 'displayName', value: null }], target: omit(USER, 'displayName') },
  { name: 'replace, empty array unassigns a multi-valued attribute', source: USER, ops: [{ op: 'replace', path: 'emails', value: [] }], target: omit(USER, 'emails') },
  { name: 'replace, an attribute not present is added', source: USER, ops: [{ op: 'replace', path: 'nickName', value: 'Babs' }], target: { ...USER, nickName: 'Babs' } },
  {
    name: 'replace, primary set through a value path moves it',
    source: USER,
    ops: [{ op: 'replace', path: 'emails[type eq "home"].primary', value: true }],
    target: { ...USER, emails: [{ ...WORK_EMAIL, primary: false }, { ...HOME_EMAIL, primary: true }] },
  },
  {
    name: 'replace, no path: extension object replaces only the attributes it names',
    source: USER,
    ops: [{ op: 'replace', value: { [ENT]: { department: 'R&D' } } }],
    target: { ...USER, [ENT]: { ...ENT_OBJ, department: 'R&D' } },
  },
  {
    name: 'replace, group members replaced as a whole',
    type: 'Group',
    source: GROUP,
    ops: [{ op: 'replace', path: 'members', value: [{ value: 'x1' }] }],
    target: { ...GROUP, members: [{ value: 'x1' }] },
  },
  {
    name: 'replace, member element with its immutable value unchanged',
    type: 'Group',
    source: GROUP,
    ops: [{ op: 'replace', path: 'members[value eq "2819c223"]', value: { value: '2819c223', type: 'User', display: 'Barbara' } }],
    target: { ...GROUP, members: [{ ...M1, display: 'Barbara' }, M2] },
  },
  {
    name: 'replace, bare extension URN as path',
    source: USER,
    ops: [{ op: 'replace', path: ENT, value: { department: 'R&D' } }],
    target: { ...USER, [ENT]: { ...ENT_OBJ, department: 'R&D' } },
    leniencies: ['patch.path.schema'],
  },
];

const removeCases: SuccessCase[] = [
  { name: 'remove, attr path', source: USER, ops: [{ op: 'remove', path: 'displayName' }], target: omit(USER, 'displayName') },
  { name: 'remove, sub-attr path', source: USER, ops: [{ op: 'remove', path: 'name.givenName' }], target: { ...USER, name: { familyName: 'Jensen' } } },
  {
    name: 'remove, the last sub-attribute unassigns the complex attribute',
    source: { ...PLAIN_USER, name: { givenName: 'Jo' } },
    ops: [{ op: 'remove', path: 'name.givenName' }],
    target: PLAIN_USER,
  },
  { name: 'remove, multi-valued attribute', source: USER, ops: [{ op: 'remove', path: 'emails' }], target: omit(USER, 'emails') },
  { name: 'remove, value path removes matched elements', source: USER, ops: [{ op: 'remove', path: 'emails[type eq "home"]' }], target: { ...USER, emails: [WORK_EMAIL] } },
  { name: 'remove, the last element unassigns the attribute', source: USER, ops: [{ op: 'remove', path: 'addresses[type eq "work"]' }], target: omit(USER, 'addresses') },
  {
    name: 'remove, value path + sub-attr',
    source: USER,
    ops: [{ op: 'remove', path: 'addresses[type eq "work"].locality' }],
    target: { ...USER, addresses: [{ type: 'work', streetAddress: '100 Universal City Plaza' }] },
  },
  { name: 'remove, group member by value path', type: 'Group', source: GROUP, ops: [{ op: 'remove', path: 'members[value eq "2819c223"]' }], target: { ...GROUP, members: [M2] } },
  {
    name: 'remove, value path with an "or" filter',
    type: 'Group',
    source: GROUP,
    ops: [{ op: 'remove', path: 'members[value eq "2819c223" or value eq "902c246b"]' }],
    target: omit(GROUP, 'members'),
  },
  { name: 'remove, URN-qualified path to an absent attribute is not an error', source: USER, ops: [{ op: 'remove', path: `${CORE}:nickName` }], target: USER },
  { name: 'remove, extension attribute', source: USER, ops: [{ op: 'remove', path: `${ENT}:department` }], target: { ...USER, [ENT]: { manager: { value: 'm1', displayName: 'Boss' } } } },
  {
    name: 'remove, the last extension attribute drops the extension object and its URN',
    source: { ...PLAIN_USER, schemas: [CORE, ENT], [ENT]: { department: 'Sales' } },
    ops: [{ op: 'remove', path: `${ENT}:department` }],
    target: PLAIN_USER,
  },
  {
    name: 'remove, extension sub-attr path',
    source: USER,
    ops: [{ op: 'remove', path: `${ENT}:manager.value` }],
    target: { ...USER, [ENT]: { department: 'Sales', manager: { displayName: 'Boss' } } },
  },
  {
    name: 'remove, a sub-attribute of every element',
    source: USER,
    ops: [{ op: 'remove', path: 'emails.primary' }],
    target: { ...USER, emails: [{ value: 'bjensen@example.com', type: 'work' }, HOME_EMAIL] },
  },
  { name: 'remove, an attribute not present is not an error', source: PLAIN_USER, ops: [{ op: 'remove', path: 'title' }], target: PLAIN_USER },
  {
    name: 'remove, bare extension URN as path drops the extension',
    source: USER,
    ops: [{ op: 'remove', path: ENT }],
    target: { ...omit(USER, ENT), schemas: [CORE] },
    leniencies: ['patch.path.schema'],
  },
  {
    name: 'several operations apply in order',
    source: USER,
    ops: [
      { op: 'add', path: 'nickName', value: 'B1' },
      { op: 'replace', path: 'nickName', value: 'B2' },
      { op: 'remove', path: 'emails[type eq "home"]' },
      { op: 'add', path: 'emails', value: [{ value: 'h2@x.example', type: 'home' }] },
    ],
    target: { ...USER, nickName: 'B2', emails: [WORK_EMAIL, { value: 'h2@x.example', type: 'home' }] },
  },
];

const op = (o: Record<string, unknown>) => ({ schemas: [PATCH_OP_SCHEMA], Operations: [o] });

const errorCases: ErrorCase[] = [
  // request shape
  { name: 'body is an array', source: USER, body: [{ op: 'add', path: 'title', value: 'x' }], error: { status: 400, scimType: 'invalidSyntax' } },
  { name: 'body is a string', source: USER, body: 'replace', error: { status: 400, scimType: 'invalidSyntax' } },
  { name: 'Operations missing', source: USER, body: { schemas: [PATCH_OP_SCHEMA] }, error: { status: 400, scimType: 'invalidSyntax' } },
  { name: 'Operations empty', source: USER, ops: [], error: { status: 400, scimType: 'invalidSyntax' } },
  { name: 'Operations not an array', source: USER, body: { schemas: [PATCH_OP_SCHEMA], Operations: { op: 'add' } }, error: { status: 400, scimType: 'invalidSyntax' } },
  { name: 'unknown op', source: USER, ops: [{ op: 'move', path: 'title', value: 'x' }], error: { status: 400, scimType: 'invalidSyntax' } },
  { name: 'op missing', source: USER, ops: [{ path: 'title', value: 'x' }], error: { status: 400, scimType: 'invalidSyntax' } },
  { name: 'operation not an object', source: USER, ops: ['add'], error: { status: 400, scimType: 'invalidSyntax' } },
  { name: 'add without value', source: USER, ops: [{ op: 'add', path: 'title' }], error: { status: 400, scimType: 'invalidSyntax' } },
  {
    name: `more than ${MAX_OPERATIONS} operations`,
    source: USER,
    ops: Array.from({ length: MAX_OPERATIONS + 1 }, () => ({ op: 'add', path: 'title', value: 'x' })),
    error: { status: 400, scimType: 'invalidSyntax' },
  },
  { name: 'no-path add with a non-object value', source: USER, ops: [{ op: 'add', value: 'x' }], error: { status: 400, scimType: 'invalidValue' } },
  // targets
  { name: 'remove without path', source: USER, ops: [{ op: 'remove' }], error: { status: 400, scimType: 'noTarget' } },
  { name: 'replace, value path matching nothing', source: USER, ops: [{ op: 'replace', path: 'emails[value eq "nobody@x.example"].display', value: 'x' }], error: { status: 400, scimType: 'noTarget' } },
  { name: 'replace, whole-element value path matching nothing', source: USER, ops: [{ op: 'replace', path: 'emails[type eq "other"]', value: { value: 'o@x.example' } }], error: { status: 400, scimType: 'noTarget' } },
  { name: 'add, value path with a complex filter matching nothing', source: USER, ops: [{ op: 'add', path: 'emails[value eq "x@x.example"].display', value: 'x' }], error: { status: 400, scimType: 'noTarget' } },
  // paths
  ...[
    'emails[type eq "work"',
    'emails[]',
    'name.givenName.x',
    'emails[type eq "work"]x',
    '1abc',
    'emails[type eq "work"][value eq "x"]',
    'emails[type eq "work"].value.x',
    'displayName[value eq "x"]',
    'emails[type eq]',
    'userName.x',
    'name.givenName]',
    `${CORE}:`,
  ].map((path): ErrorCase => ({ name: `invalid path ${path}`, source: USER, ops: [{ op: 'replace', path, value: 'x' }], error: { status: 400, scimType: 'invalidPath' } })),
  { name: 'path that is not a string', source: USER, ops: [{ op: 'replace', path: 5, value: 'x' }], error: { status: 400, scimType: 'invalidPath' } },
  // mutability
  { name: 'replace id with another id', source: USER, ops: [{ op: 'replace', path: 'id', value: 'u9' }], error: { status: 400, scimType: 'mutability' } },
  { name: 'remove id', source: USER, ops: [{ op: 'remove', path: 'id' }], error: { status: 400, scimType: 'mutability' } },
  { name: 'replace meta.lastModified', source: USER, ops: [{ op: 'replace', path: 'meta.lastModified', value: '2025-01-01T00:00:00Z' }], error: { status: 400, scimType: 'mutability' } },
  { name: 'no-path replace naming meta', source: USER, ops: [{ op: 'replace', value: { meta: { version: 'W/"9"' } } }], error: { status: 400, scimType: 'mutability' } },
  { name: 'add groups (readOnly)', source: USER, ops: [{ op: 'add', path: 'groups', value: [{ value: 'g1' }] }], error: { status: 400, scimType: 'mutability' } },
  { name: 'replace a readOnly sub-attribute', type: 'Group', source: GROUP, ops: [{ op: 'replace', path: 'members[value eq "2819c223"].display', value: 'x' }], error: { status: 400, scimType: 'mutability' } },
  { name: 'replace an immutable member value', type: 'Group', source: GROUP, ops: [{ op: 'replace', path: 'members[value eq "2819c223"].value', value: 'zzz' }], error: { status: 400, scimType: 'mutability' } },
  { name: 'remove an immutable member value', type: 'Group', source: GROUP, ops: [{ op: 'remove', path: 'members[value eq "2819c223"].value' }], error: { status: 400, scimType: 'mutability' } },
  { name: 'replace a member element with a different value', type: 'Group', source: GROUP, ops: [{ op: 'replace', path: 'members[value eq "2819c223"]', value: { value: 'zzz', type: 'User' } }], error: { status: 400, scimType: 'mutability' } },
  { name: 'replace members.value on every member', type: 'Group', source: GROUP, ops: [{ op: 'replace', path: 'members.value', value: 'zzz' }], error: { status: 400, scimType: 'mutability' } },
  { name: 'remove schemas', source: USER, ops: [{ op: 'remove', path: 'schemas' }], error: { status: 400, scimType: 'mutability' } },
  { name: 'remove a required attribute', source: USER, ops: [{ op: 'remove', path: 'userName' }], error: { status: 400, scimType: 'mutability' } },
  { name: 'replace a required attribute with null', source: USER, ops: [{ op: 'replace', value: { userName: null } }], error: { status: 400, scimType: 'mutability' } },
  { name: 'remove a group displayName', type: 'Group', source: GROUP, ops: [{ op: 'remove', path: 'displayName' }], error: { status: 400, scimType: 'mutability' } },
  // types
  { name: 'boolean attribute given "yes"', source: USER, ops: [{ op: 'replace', path: 'active', value: 'yes' }], error: { status: 400, scimType: 'invalidValue' } },
  { name: 'boolean attribute given 1', source: USER, ops: [{ op: 'replace', value: { active: 1 } }], error: { status: 400, scimType: 'invalidValue' } },
  { name: 'string attribute given an object', source: USER, ops: [{ op: 'replace', path: 'displayName', value: { a: 1 } }], error: { status: 400, scimType: 'invalidValue' } },
  { name: 'complex attribute given a string', source: USER, ops: [{ op: 'replace', path: 'name', value: 'Babs' }], error: { status: 400, scimType: 'invalidValue' } },
  { name: 'complex multi-valued element given a string', source: USER, ops: [{ op: 'add', path: 'emails', value: ['a@x.example'] }], error: { status: 400, scimType: 'invalidValue' } },
  { name: 'single-valued attribute given two values', source: USER, ops: [{ op: 'replace', path: 'nickName', value: ['a', 'b'] }], error: { status: 400, scimType: 'invalidValue' } },
  { name: 'sub-attribute given the wrong type', source: USER, ops: [{ op: 'add', path: 'emails', value: [{ value: 'a@x.example', primary: 'maybe' }] }], error: { status: 400, scimType: 'invalidValue' } },
  // atomicity: an early operation succeeds, a later one fails, nothing changes
  {
    name: 'atomic: second operation fails on mutability',
    source: USER,
    ops: [{ op: 'add', path: 'nickName', value: 'Babs' }, { op: 'replace', path: 'id', value: 'u9' }],
    error: { status: 400, scimType: 'mutability' },
  },
  {
    name: 'atomic: third operation fails on a bad value after a removal',
    source: USER,
    ops: [{ op: 'remove', path: 'emails' }, { op: 'replace', path: 'name.givenName', value: 'B' }, { op: 'replace', path: 'active', value: 'maybe' }],
    error: { status: 400, scimType: 'invalidValue' },
  },
  {
    name: 'atomic: last operation has an invalid path',
    type: 'Group',
    source: GROUP,
    body: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'remove', path: 'members' }, { op: 'add', path: 'members[', value: [] }] },
    error: { status: 400, scimType: 'invalidPath' },
  },
];

describe('applyPatch: add (RFC 7644 §3.5.2.1)', () => {
  it.each(addCases)('$name', runSuccess);
});
describe('applyPatch: replace (RFC 7644 §3.5.2.3)', () => {
  it.each(replaceCases)('$name', runSuccess);
});
describe('applyPatch: remove (RFC 7644 §3.5.2.2)', () => {
  it.each(removeCases)('$name', runSuccess);
});
describe('applyPatch: errors', () => {
  it.each(errorCases)('$name', runError);
});

describe('applyPatch: purity', () => {
  it('does not alias the request body in the result', () => {
    const body = op({ op: 'add', path: 'emails', value: [{ value: 'n@x.example', type: 'other' }] }) as unknown as { Operations: { value: JsonObject[] }[] };
    const result = applyPatch(USER, body, resourceTypes.User);
    body.Operations[0]!.value[0]!.value = 'changed';
    expect((result.resource.emails as JsonObject[])[2]).toEqual({ value: 'n@x.example', type: 'other' });
  });
  it('returns a new object even when nothing changes', () => {
    const result = applyPatch(USER, op({ op: 'remove', path: 'title' }), resourceTypes.User);
    expect(result.resource).not.toBe(USER);
    expect(result.resource).toEqual(USER);
  });
});
