/**
 * What Microsoft Entra ID's provisioning service sends for a user (Microsoft's SCIM endpoint
 * tutorial and observed traffic): Test Connection, matching, provisioning, updates, disable and
 * enable, as request shapes: literal, with each value's citation in docs/research/idp-request-shapes.md.
 * Anything marked "(unconfirmed)" is a reconstruction. The lifecycle's order: entra-lifecycle-shapes.ts.
 */
import { SCHEMA } from './request-shape-constants.js';
import { byId, form, need, type Ctx, type SpecStep } from './spec-steps.js';
import { ENTRA_BODY_HEADERS, ENTRA_GET_HEADERS, entraPatch } from './entra-request-parts.js';

const ENT = SCHEMA.enterpriseUser;

const ENTRA_USER_NAME = 'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee';
const ENTRA_EXTERNAL_ID = '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef';
/** Stands in for the random GUID Test Connection uses as the matching value. */
const ENTRA_TEST_CONNECTION_GUID = '3f2b8c1e-6d4a-4e0b-9a7c-5b1d2e3f4a5b';

const entraUserFilter = (attribute: string, value: string) => `/Users?filter=${form(`${attribute} eq "${value}"`)}`;

export const entraUserSteps: SpecStep[] = [
  {
    name: 'Test Connection: query a user that does not exist (random GUID)',
    method: 'GET',
    path: `/Users?filter=userName eq "${ENTRA_TEST_CONNECTION_GUID}"`,
    pathFrom: () => entraUserFilter('userName', ENTRA_TEST_CONNECTION_GUID),
    headers: { ...ENTRA_GET_HEADERS },
    expect: {
      status: 200,
      checks: [
        { path: 'schemas', op: 'contains', value: SCHEMA.listResponse },
        { path: 'totalResults', op: 'equals', value: 0 },
      ],
    },
    note: 'Expected answer is 200 with an empty ListResponse; a 404 here can quarantine the job.',
  },
  {
    name: 'Match: query by userName (zero results)',
    method: 'GET',
    path: `/Users?filter=userName eq "${ENTRA_USER_NAME}"`,
    pathFrom: () => entraUserFilter('userName', ENTRA_USER_NAME),
    headers: { ...ENTRA_GET_HEADERS },
    expect: { status: 200, checks: [{ path: 'totalResults', op: 'equals', value: 0 }] },
  },
  {
    name: 'Match: query by externalId (zero results)',
    method: 'GET',
    path: `/Users?filter=externalId eq "${ENTRA_EXTERNAL_ID}"`,
    pathFrom: () => entraUserFilter('externalId', ENTRA_EXTERNAL_ID),
    headers: { ...ENTRA_GET_HEADERS },
    expect: { status: 200, checks: [{ path: 'totalResults', op: 'equals', value: 0 }] },
    note: 'Spaces arrive as "+" (observed Entra traffic: filter=externalId+eq+%22johnwong%22).',
  },
  {
    name: 'Provision the manager (Microsoft "Example 2" body, nulls included)',
    method: 'POST',
    path: '/Users',
    headers: { ...ENTRA_BODY_HEADERS },
    body: {
      schemas: [SCHEMA.user, ENT],
      externalId: 'jyoung',
      userName: 'jyoung@testuser.com',
      active: true,
      addresses: null,
      displayName: 'Joy Young',
      emails: [{ type: 'work', value: 'jyoung@Contoso.com', primary: true }],
      meta: { resourceType: 'User' },
      name: { familyName: 'Young', givenName: 'Joy' },
      phoneNumbers: null,
      preferredLanguage: null,
      title: null,
      department: null,
      manager: null,
    },
    expect: {
      status: 201,
      checks: [
        { path: 'id', op: 'exists', type: 'string' },
        { path: 'userName', op: 'equals', value: 'jyoung@testuser.com' },
      ],
    },
    capture: { managerId: 'id' },
    note: 'Microsoft\'s example misspells the enterprise URN ("...enterprise:2.0User"); corrected here. Null attributes must be accepted as "no value".',
  },
  {
    name: 'Provision the user (core + enterprise extension)',
    method: 'POST',
    path: '/Users',
    headers: { ...ENTRA_BODY_HEADERS },
    body: {
      schemas: [SCHEMA.user, ENT],
      externalId: ENTRA_EXTERNAL_ID,
      userName: ENTRA_USER_NAME,
      active: true,
      emails: [{ primary: true, type: 'work', value: 'Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      roles: [],
      [ENT]: { employeeNumber: '701984', department: 'Engineering' },
    },
    expect: {
      status: 201,
      checks: [
        { path: 'id', op: 'exists', type: 'string' },
        { path: 'schemas', op: 'contains', value: SCHEMA.user },
        { path: 'externalId', op: 'equals', value: ENTRA_EXTERNAL_ID },
        { path: `["${ENT}"].employeeNumber`, op: 'equals', value: '701984' },
      ],
    },
    capture: { userId: 'id' },
    note: 'Verbatim "Create User" request plus an enterprise extension object (reconstruction). Manager is not sent on create; Entra links it with a later PATCH.',
  },
  {
    name: 'Provision again: duplicate userName is refused',
    method: 'POST',
    path: '/Users',
    headers: { ...ENTRA_BODY_HEADERS },
    body: {
      schemas: [SCHEMA.user, ENT],
      externalId: ENTRA_EXTERNAL_ID,
      userName: ENTRA_USER_NAME,
      active: true,
      emails: [{ primary: true, type: 'work', value: 'Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      roles: [],
    },
    expect: {
      status: 409,
      checks: [
        { path: 'schemas', op: 'contains', value: SCHEMA.error },
        { path: 'status', op: 'equals', value: '409' },
        { path: 'scimType', op: 'equals', value: 'uniqueness' },
      ],
    },
    note: 'RFC 7644 3.3 uniqueness; Entra then re-queries and PATCHes (observed, MicrosoftDocs/azure-docs#11784).',
  },
  {
    name: 'Match: query by userName (found)',
    method: 'GET',
    path: `/Users?filter=userName eq "${ENTRA_USER_NAME}"`,
    pathFrom: () => entraUserFilter('userName', ENTRA_USER_NAME),
    headers: { ...ENTRA_GET_HEADERS },
    expect: {
      status: 200,
      checks: [
        { path: 'totalResults', op: 'equals', value: 1 },
        { path: 'Resources[0].id', op: 'equals', value: '{{userId}}' },
      ],
    },
  },
  {
    name: 'Match: query by externalId (found)',
    method: 'GET',
    path: `/Users?filter=externalId eq "${ENTRA_EXTERNAL_ID}"`,
    pathFrom: () => entraUserFilter('externalId', ENTRA_EXTERNAL_ID),
    headers: { ...ENTRA_GET_HEADERS },
    expect: {
      status: 200,
      checks: [
        { path: 'totalResults', op: 'equals', value: 1 },
        { path: 'Resources[0].id', op: 'equals', value: '{{userId}}' },
      ],
    },
  },
  {
    name: 'Get user by id',
    method: 'GET',
    ...byId('Users', 'userId'),
    headers: { ...ENTRA_GET_HEADERS },
    expect: { status: 200, checks: [{ path: 'id', op: 'equals', value: '{{userId}}' }] },
  },
  {
    name: 'Link manager: PATCH Add enterprise manager as a plain string',
    method: 'PATCH',
    ...byId('Users', 'userId'),
    headers: { ...ENTRA_BODY_HEADERS },
    body: (ctx: Ctx) =>
      entraPatch([{ op: 'Add', path: `${ENT}:manager`, value: need(ctx, 'managerId') }]),
    expect: {
      status: 200,
      checks: [{ path: `["${ENT}"].manager.value`, op: 'equals', value: '{{managerId}}' }],
    },
    note: 'RFC 7643 4.3 makes manager complex ({value,$ref}); Entra sends the bare id string. Store as {value}.',
  },
  {
    name: 'Update: PATCH Replace emails[type eq "work"].value and name.familyName (default mode)',
    method: 'PATCH',
    ...byId('Users', 'userId'),
    headers: { ...ENTRA_BODY_HEADERS },
    body: entraPatch([
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
      { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
    ]),
    expect: {
      status: 200,
      checks: [
        { path: 'emails[0].value', op: 'equals', value: 'updatedEmail@microsoft.com' },
        { path: 'emails[0].type', op: 'equals', value: 'work' },
        { path: 'name.familyName', op: 'equals', value: 'updatedFamilyName' },
      ],
    },
  },
  {
    name: 'Update: PATCH Add single-value string (default mode, capital "Add")',
    method: 'PATCH',
    ...byId('Users', 'userId'),
    headers: { ...ENTRA_BODY_HEADERS },
    body: entraPatch([{ op: 'Add', path: 'nickName', value: 'Babs' }]),
    expect: { status: 200, checks: [{ path: 'nickName', op: 'equals', value: 'Babs' }] },
  },
  {
    name: 'Update: PATCH no-path replace with dotted keys (aadOptscim062020 mode)',
    method: 'PATCH',
    ...byId('Users', 'userId'),
    headers: { ...ENTRA_BODY_HEADERS },
    body: entraPatch([
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'TestMhvaes@test.microsoft.com' },
      {
        op: 'replace',
        value: {
          displayName: 'Bjfe',
          'name.givenName': 'Kkom',
          'name.familyName': 'Unua',
          [`${ENT}:employeeNumber`]: 'Aklq',
        },
      },
    ]),
    expect: {
      status: 200,
      checks: [
        { path: 'emails[0].value', op: 'equals', value: 'TestMhvaes@test.microsoft.com' },
        { path: 'displayName', op: 'equals', value: 'Bjfe' },
        { path: 'name.givenName', op: 'equals', value: 'Kkom' },
        { path: 'name.familyName', op: 'equals', value: 'Unua' },
        { path: `["${ENT}"].employeeNumber`, op: 'equals', value: 'Aklq' },
        { path: '["name.givenName"]', op: 'notExists' },
      ],
    },
    note: 'Dotted keys inside a pathless value are attribute paths, not literal keys.',
  },
  {
    name: 'Disable: PATCH Replace active "False" (default mode, string boolean)',
    method: 'PATCH',
    ...byId('Users', 'userId'),
    headers: { ...ENTRA_BODY_HEADERS },
    body: entraPatch([{ op: 'Replace', path: 'active', value: 'False' }]),
    expect: { status: 200, checks: [{ path: 'active', op: 'equals', value: false }] },
  },
  {
    name: 'Soft-deleted user is still returned by id',
    method: 'GET',
    ...byId('Users', 'userId'),
    headers: { ...ENTRA_GET_HEADERS },
    expect: { status: 200, checks: [{ path: 'active', op: 'equals', value: false }] },
  },
  {
    name: 'Enable: PATCH Replace active "True" (default mode, string boolean)',
    method: 'PATCH',
    ...byId('Users', 'userId'),
    headers: { ...ENTRA_BODY_HEADERS },
    body: entraPatch([{ op: 'Replace', path: 'active', value: 'True' }]),
    expect: { status: 200, checks: [{ path: 'active', op: 'equals', value: true }] },
    note: 'Mirror of the documented "False" request (unconfirmed).',
  },
  {
    name: 'Disable: PATCH Replace active false (tutorial "Disable User" body)',
    method: 'PATCH',
    ...byId('Users', 'userId'),
    headers: { ...ENTRA_BODY_HEADERS },
    body: { Operations: [{ op: 'Replace', path: 'active', value: false }], schemas: [SCHEMA.patchOp] },
    expect: { status: 200, checks: [{ path: 'active', op: 'equals', value: false }] },
    note: 'Operations before schemas, as in the tutorial.',
  },
];
