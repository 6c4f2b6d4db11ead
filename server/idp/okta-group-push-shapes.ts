/**
 * What Okta's provisioning engine sends when it pushes a group (Okta's SCIM 2.0 protocol
 * reference): create, match, membership, rename, the AIW app's full PUT and unlinking, as request
 * shapes: literal, with each value's citation in docs/research/idp-request-shapes.md. Anything
 * marked "(unconfirmed)" is a reconstruction. The lifecycle's order: okta-lifecycle-shapes.ts.
 */
import { SCHEMA } from './request-shape-constants.js';
import { need, NOT_FOUND_CHECKS, type Ctx, type SpecStep } from './spec-steps.js';
import { OKTA_USER_NAME, oktaAt, oktaById } from './okta-request-parts.js';

/** Okta's membership PATCH of the steps below: one operation on `members` carrying the test user (citations: docs/research/idp-request-shapes.md). */
const membersPatch = (op: 'add' | 'replace') => (ctx: Ctx) => ({
  schemas: [SCHEMA.patchOp],
  Operations: [{ op, path: 'members', value: [{ value: need(ctx, 'userId'), display: OKTA_USER_NAME }] }],
});

export const oktaGroupPushSteps: SpecStep[] = [
  oktaAt('Push group: create', 'POST', '/Groups', {
    body: { schemas: [SCHEMA.group], displayName: 'Test SCIMv2', members: [] },
    expect: {
      status: 201,
      checks: [
        { path: 'id', op: 'exists', type: 'string' },
        { path: 'schemas', op: 'contains', value: SCHEMA.group },
        { path: 'displayName', op: 'equals', value: 'Test SCIMv2' },
      ],
    },
    capture: { groupId: 'id' },
  }),
  oktaAt('Push group: look it up by displayName', 'GET', '/Groups?filter=displayName%20eq%20%22Test%20SCIMv2%22&startIndex=1&count=100', {
    expect: {
      status: 200,
      checks: [
        { path: 'totalResults', op: 'equals', value: 1 },
        { path: 'Resources[0].id', op: 'equals', value: '{{groupId}}' },
      ],
    },
    note: 'Okta matching pushed groups by displayName: request shape (unconfirmed), modelled on the user lookup.',
  }),
  oktaById('Push group: PATCH add member', 'PATCH', 'Groups', {
    body: membersPatch('add'),
    expect: { status: 200, checks: [{ path: 'id', op: 'equals', value: '{{groupId}}' }] },
    note: 'Okta also accepts 204; 200 + resource is what this server answers.',
  }),
  oktaById('Read the group (membership present)', 'GET', 'Groups', {
    expect: {
      status: 200,
      checks: [
        { path: 'displayName', op: 'equals', value: 'Test SCIMv2' },
        { path: 'members[0].value', op: 'equals', value: '{{userId}}' },
      ],
    },
  }),
  oktaById('Push group: PATCH remove member by filter', 'PATCH', 'Groups', {
    body: (ctx: Ctx) => ({
      schemas: [SCHEMA.patchOp],
      Operations: [{ op: 'remove', path: `members[value eq "${need(ctx, 'userId')}"]` }],
    }),
    expect: { status: 200, checks: [{ path: 'members[0]', op: 'notExists' }] },
  }),
  oktaById('Push group: PATCH rename (pathless replace carrying id)', 'PATCH', 'Groups', {
    body: (ctx: Ctx) => ({
      schemas: [SCHEMA.patchOp],
      Operations: [{ op: 'replace', value: { id: need(ctx, 'groupId'), displayName: 'Test SCIMv20' } }],
    }),
    expect: {
      status: 200,
      checks: [
        { path: 'id', op: 'equals', value: '{{groupId}}' },
        { path: 'displayName', op: 'equals', value: 'Test SCIMv20' },
      ],
    },
    note: 'Okta sends this rename on every membership push too; the id inside value equals the resource id.',
  }),
  oktaById('Push group: PATCH replace all members', 'PATCH', 'Groups', {
    body: membersPatch('replace'),
    expect: { status: 200, checks: [{ path: 'members[0].value', op: 'equals', value: '{{userId}}' }] },
  }),
  oktaById('Push group (AIW app): full PUT', 'PUT', 'Groups', {
    body: (ctx: Ctx) => ({
      schemas: [SCHEMA.group],
      displayName: 'Test SCIMv2',
      members: [{ value: need(ctx, 'userId'), display: OKTA_USER_NAME }],
    }),
    expect: {
      status: 200,
      checks: [
        { path: 'id', op: 'equals', value: '{{groupId}}' },
        { path: 'displayName', op: 'equals', value: 'Test SCIMv2' },
        { path: 'members[0].value', op: 'equals', value: '{{userId}}' },
      ],
    },
    note: 'The documented PUT body carries no id.',
  }),
  oktaById('Unlink pushed group: DELETE', 'DELETE', 'Groups', {
    expect: { status: 204 },
  }),
  oktaById('(verification) deleted group is gone', 'GET', 'Groups', {
    expect: {
      status: 404,
      checks: NOT_FOUND_CHECKS,
    },
    note: 'Not an Okta request; checks the RFC 7644 3.12 error for an unknown id.',
  }),
];
