/**
 * What Microsoft Entra ID's provisioning service sends for a user (Microsoft's SCIM endpoint
 * tutorial and observed traffic): Test Connection, matching, provisioning, updates, disable and
 * enable, as request shapes: literal, with each value's citation in docs/research/idp-request-shapes.md.
 * Anything marked "(unconfirmed)" is a reconstruction. The lifecycle's order: entra-lifecycle-shapes.ts.
 */
import { SCHEMA } from './request-shape-constants.js';
import { form, need, type Ctx, type SpecStep } from './spec-steps.js';
import { UNIQUENESS_CHECKS, type StepRest } from './step-builders.js';
import { ENTRA_GET_HEADERS, entraAt, entraById, entraPatch } from './entra-request-parts.js';

const ENT = SCHEMA.enterpriseUser;

const ENTRA_USER_NAME = 'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee';
const ENTRA_EXTERNAL_ID = '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef';
/** Stands in for the random GUID Test Connection uses as the matching value. */
const ENTRA_TEST_CONNECTION_GUID = '3f2b8c1e-6d4a-4e0b-9a7c-5b1d2e3f4a5b';

const entraUserFilter = (attribute: string, value: string) => `/Users?filter=${form(`${attribute} eq "${value}"`)}`;

/** The "Create User" request body of Microsoft's tutorial, as the steps below note it (docs/research/idp-request-shapes.md); the provisioning step adds an enterprise extension object. */
const ENTRA_CREATE_USER_BODY = {
  schemas: [SCHEMA.user, ENT],
  externalId: ENTRA_EXTERNAL_ID,
  userName: ENTRA_USER_NAME,
  active: true,
  emails: [{ primary: true, type: 'work', value: 'Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com' }],
  meta: { resourceType: 'User' },
  name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
  roles: [],
};

/** Entra's user lookup by one attribute: the documentation form of the path, and the form-encoded one it sends. */
const entraUserLookup = (name: string, attribute: string, value: string, rest: StepRest): SpecStep => ({
  name,
  method: 'GET',
  path: `/Users?filter=${attribute} eq "${value}"`,
  pathFrom: () => entraUserFilter(attribute, value),
  headers: { ...ENTRA_GET_HEADERS },
  ...rest,
});

export const entraUserSteps: SpecStep[] = [
  entraUserLookup('Test Connection: query a user that does not exist (random GUID)', 'userName', ENTRA_TEST_CONNECTION_GUID, {
    expect: {
      status: 200,
      checks: [
        { path: 'schemas', op: 'contains', value: SCHEMA.listResponse },
        { path: 'totalResults', op: 'equals', value: 0 },
      ],
    },
    note: 'Expected answer is 200 with an empty ListResponse; a 404 here can quarantine the job.',
  }),
  entraUserLookup('Match: query by userName (zero results)', 'userName', ENTRA_USER_NAME, {
    expect: { status: 200, checks: [{ path: 'totalResults', op: 'equals', value: 0 }] },
  }),
  entraUserLookup('Match: query by externalId (zero results)', 'externalId', ENTRA_EXTERNAL_ID, {
    expect: { status: 200, checks: [{ path: 'totalResults', op: 'equals', value: 0 }] },
    note: 'Spaces arrive as "+" (observed Entra traffic: filter=externalId+eq+%22johnwong%22).',
  }),
  entraAt('Provision the manager (Microsoft "Example 2" body, nulls included)', 'POST', '/Users', {
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
  }),
  entraAt('Provision the user (core + enterprise extension)', 'POST', '/Users', {
    body: { ...ENTRA_CREATE_USER_BODY, [ENT]: { employeeNumber: '701984', department: 'Engineering' } },
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
  }),
  entraAt('Provision again: duplicate userName is refused', 'POST', '/Users', {
    body: ENTRA_CREATE_USER_BODY,
    expect: {
      status: 409,
      checks: UNIQUENESS_CHECKS,
    },
    note: 'RFC 7644 3.3 uniqueness; Entra then re-queries and PATCHes (observed, MicrosoftDocs/azure-docs#11784).',
  }),
  entraUserLookup('Match: query by userName (found)', 'userName', ENTRA_USER_NAME, {
    expect: {
      status: 200,
      checks: [
        { path: 'totalResults', op: 'equals', value: 1 },
        { path: 'Resources[0].id', op: 'equals', value: '{{userId}}' },
      ],
    },
  }),
  entraUserLookup('Match: query by externalId (found)', 'externalId', ENTRA_EXTERNAL_ID, {
    expect: {
      status: 200,
      checks: [
        { path: 'totalResults', op: 'equals', value: 1 },
        { path: 'Resources[0].id', op: 'equals', value: '{{userId}}' },
      ],
    },
  }),
  entraById('Get user by id', 'GET', 'Users', {
    expect: { status: 200, checks: [{ path: 'id', op: 'equals', value: '{{userId}}' }] },
  }),
  entraById('Link manager: PATCH Add enterprise manager as a plain string', 'PATCH', 'Users', {
    body: (ctx: Ctx) =>
      entraPatch([{ op: 'Add', path: `${ENT}:manager`, value: need(ctx, 'managerId') }]),
    expect: {
      status: 200,
      checks: [{ path: `["${ENT}"].manager.value`, op: 'equals', value: '{{managerId}}' }],
    },
    note: 'RFC 7643 4.3 makes manager complex ({value,$ref}); Entra sends the bare id string. Store as {value}.',
  }),
  entraById('Update: PATCH Replace emails[type eq "work"].value and name.familyName (default mode)', 'PATCH', 'Users', {
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
  }),
  entraById('Update: PATCH Add single-value string (default mode, capital "Add")', 'PATCH', 'Users', {
    body: entraPatch([{ op: 'Add', path: 'nickName', value: 'Babs' }]),
    expect: { status: 200, checks: [{ path: 'nickName', op: 'equals', value: 'Babs' }] },
  }),
  entraById('Update: PATCH no-path replace with dotted keys (aadOptscim062020 mode)', 'PATCH', 'Users', {
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
  }),
  entraById('Disable: PATCH Replace active "False" (default mode, string boolean)', 'PATCH', 'Users', {
    body: entraPatch([{ op: 'Replace', path: 'active', value: 'False' }]),
    expect: { status: 200, checks: [{ path: 'active', op: 'equals', value: false }] },
  }),
  entraById('Soft-deleted user is still returned by id', 'GET', 'Users', {
    expect: { status: 200, checks: [{ path: 'active', op: 'equals', value: false }] },
  }),
  entraById('Enable: PATCH Replace active "True" (default mode, string boolean)', 'PATCH', 'Users', {
    body: entraPatch([{ op: 'Replace', path: 'active', value: 'True' }]),
    expect: { status: 200, checks: [{ path: 'active', op: 'equals', value: true }] },
    note: 'Mirror of the documented "False" request (unconfirmed).',
  }),
  entraById('Disable: PATCH Replace active false (tutorial "Disable User" body)', 'PATCH', 'Users', {
    body: { Operations: [{ op: 'Replace', path: 'active', value: false }], schemas: [SCHEMA.patchOp] },
    expect: { status: 200, checks: [{ path: 'active', op: 'equals', value: false }] },
    note: 'Operations before schemas, as in the tutorial.',
  }),
];
