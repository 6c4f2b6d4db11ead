/**
 * What Okta's provisioning engine sends over a user's lifecycle (Okta's SCIM 2.0 protocol
 * reference): connection test, import, assignment, profile update, deactivation and password sync,
 * as request shapes: literal, with each value's citation in docs/research/idp-request-shapes.md.
 * Anything marked "(unconfirmed)" is a reconstruction. The lifecycle's order: okta-lifecycle-shapes.ts.
 */
import { SCHEMA } from './request-shape-constants.js';
import { need, type Ctx, type SpecStep } from './spec-steps.js';
import { UNIQUENESS_CHECKS } from './step-builders.js';
import { OKTA_USER_NAME, oktaAt, oktaById } from './okta-request-parts.js';

/** Create body, verbatim from Okta's SCIM 2.0 reference (password is a placeholder Okta always sends). */
export const oktaCreateUserBody = {
  schemas: [SCHEMA.user],
  userName: OKTA_USER_NAME,
  name: { givenName: 'Test', familyName: 'User' },
  emails: [{ primary: true, value: OKTA_USER_NAME, type: 'work' }],
  displayName: 'Test User',
  locale: 'en-US',
  externalId: '00ujl29u0le5T6Aj10h7',
  groups: [],
  password: '1mz050nq',
  active: true,
};

const oktaActive = (active: boolean) => ({
  schemas: [SCHEMA.patchOp],
  Operations: [{ op: 'replace', value: { active } }],
});

export const oktaUserSteps: SpecStep[] = [
  oktaAt('Connection test: list two users', 'GET', '/Users?startIndex=1&count=2', {
    expect: {
      status: 200,
      checks: [
        { path: 'schemas', op: 'contains', value: SCHEMA.listResponse },
        { path: 'totalResults', op: 'exists', type: 'number' },
        { path: 'startIndex', op: 'equals', value: 1 },
        { path: 'itemsPerPage', op: 'exists', type: 'number' },
      ],
    },
    note: 'Documented for SCIM 1.1 ("query parameters ... always constant"); same for 2.0 (unconfirmed).',
  }),
  oktaAt('Connection test: list groups', 'GET', '/Groups?startIndex=1&count=100', {
    expect: { status: 200, checks: [{ path: 'schemas', op: 'contains', value: SCHEMA.listResponse }] },
    note: 'Second request after saving the configuration (SCIM 1.1 reference); 2.0 (unconfirmed).',
  }),
  oktaAt('Import: first page of users', 'GET', '/Users?startIndex=1&count=100', {
    expect: {
      status: 200,
      checks: [
        { path: 'totalResults', op: 'exists', type: 'number' },
        { path: 'startIndex', op: 'equals', value: 1 },
        { path: 'itemsPerPage', op: 'exists', type: 'number' },
      ],
    },
  }),
  oktaAt('Assign: look the user up by userName (not there yet)', 'GET', '/Users?filter=userName%20eq%20%22test.user%40okta.local%22&startIndex=1&count=100', {
    expect: {
      status: 200,
      checks: [
        { path: 'schemas', op: 'contains', value: SCHEMA.listResponse },
        { path: 'totalResults', op: 'equals', value: 0 },
        { path: 'startIndex', op: 'equals', value: 1 },
      ],
    },
  }),
  oktaAt('Assign: create the user', 'POST', '/Users', {
    body: oktaCreateUserBody,
    expect: {
      status: 201,
      checks: [
        { path: 'id', op: 'exists', type: 'string' },
        { path: 'schemas', op: 'contains', value: SCHEMA.user },
        { path: 'userName', op: 'equals', value: OKTA_USER_NAME },
        { path: 'externalId', op: 'equals', value: '00ujl29u0le5T6Aj10h7' },
        { path: 'active', op: 'equals', value: true },
        { path: 'password', op: 'notExists' },
      ],
    },
    capture: { userId: 'id' },
    note: 'A 2xx with an empty body makes Okta fail with "Create new user returned empty user."',
  }),
  oktaAt('Assign again: duplicate create is refused', 'POST', '/Users', {
    body: oktaCreateUserBody,
    expect: {
      status: 409,
      checks: UNIQUENESS_CHECKS,
    },
    note: 'Okta documents 409 + Error schema to stop the job; scimType/string status per RFC 7644 3.12.',
  }),
  oktaAt('Look the user up again (now found)', 'GET', '/Users?filter=userName%20eq%20%22test.user%40okta.local%22&startIndex=1&count=100', {
    expect: {
      status: 200,
      checks: [
        { path: 'totalResults', op: 'equals', value: 1 },
        { path: 'itemsPerPage', op: 'equals', value: 1 },
        { path: 'Resources[0].id', op: 'equals', value: '{{userId}}' },
      ],
    },
  }),
  oktaById('Read the user (GET before PUT)', 'GET', 'Users', {
    expect: {
      status: 200,
      checks: [
        { path: 'id', op: 'equals', value: '{{userId}}' },
        { path: 'userName', op: 'equals', value: OKTA_USER_NAME },
      ],
    },
  }),
  oktaById('Update profile: full PUT', 'PUT', 'Users', {
    body: (ctx: Ctx) => ({
      schemas: [SCHEMA.user],
      id: need(ctx, 'userId'),
      userName: OKTA_USER_NAME,
      name: { givenName: 'Another', middleName: 'Excited', familyName: 'User' },
      emails: [{ primary: true, value: OKTA_USER_NAME, type: 'work', display: OKTA_USER_NAME }],
      active: true,
      groups: [],
      meta: { resourceType: 'User' },
    }),
    expect: {
      status: 200,
      checks: [
        { path: 'id', op: 'equals', value: '{{userId}}' },
        { path: 'name.givenName', op: 'equals', value: 'Another' },
        { path: 'name.middleName', op: 'equals', value: 'Excited' },
        { path: 'active', op: 'equals', value: true },
      ],
    },
    note: 'Okta echoes id, meta and groups back; the server must ignore read-only attributes, not reject them.',
  }),
  oktaById('Deactivate: PATCH replace value {active:false}', 'PATCH', 'Users', {
    body: oktaActive(false),
    expect: { status: 200, checks: [{ path: 'active', op: 'equals', value: false }] },
  }),
  oktaById('Reactivate: PATCH replace value {active:true}', 'PATCH', 'Users', {
    body: oktaActive(true),
    expect: { status: 200, checks: [{ path: 'active', op: 'equals', value: true }] },
    note: 'Body mirrors the documented deactivation (unconfirmed for activation).',
  }),
  oktaById('Sync password: PATCH replace value {password}', 'PATCH', 'Users', {
    body: {
      schemas: [SCHEMA.patchOp],
      Operations: [{ op: 'replace', value: { password: 'N3w-Passw0rd!' } }],
    },
    expect: {
      status: 200,
      checks: [
        { path: 'id', op: 'equals', value: '{{userId}}' },
        { path: 'password', op: 'notExists' },
      ],
    },
    note: 'Okta says password sync is a PATCH for OIN apps; the body shape is (unconfirmed).',
  }),
];
