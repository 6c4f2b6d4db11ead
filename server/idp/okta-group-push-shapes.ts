/**
 * What Okta's provisioning engine sends when it pushes a group (Okta's SCIM 2.0 protocol
 * reference): create, match, membership, rename, the AIW app's full PUT and unlinking, as request
 * shapes: literal, with each value's citation in docs/research/idp-request-shapes.md. Anything
 * marked "(unconfirmed)" is a reconstruction. The lifecycle's order: okta-lifecycle-shapes.ts.
 */
import { SCHEMA } from './request-shape-constants.js';
import { byId, need, NOT_FOUND_CHECKS, type Ctx, type SpecStep } from './spec-steps.js';
import { OKTA_BODY_HEADERS, OKTA_GET_HEADERS, OKTA_USER_NAME } from './okta-request-parts.js';

export const oktaGroupPushSteps: SpecStep[] = [
  {
    name: 'Push group: create',
    method: 'POST',
    path: '/Groups',
    headers: { ...OKTA_BODY_HEADERS },
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
  },
  {
    name: 'Push group: look it up by displayName',
    method: 'GET',
    path: '/Groups?filter=displayName%20eq%20%22Test%20SCIMv2%22&startIndex=1&count=100',
    headers: { ...OKTA_GET_HEADERS },
    expect: {
      status: 200,
      checks: [
        { path: 'totalResults', op: 'equals', value: 1 },
        { path: 'Resources[0].id', op: 'equals', value: '{{groupId}}' },
      ],
    },
    note: 'Okta matching pushed groups by displayName: request shape (unconfirmed), modelled on the user lookup.',
  },
  {
    name: 'Push group: PATCH add member',
    method: 'PATCH',
    ...byId('Groups', 'groupId'),
    headers: { ...OKTA_BODY_HEADERS },
    body: (ctx: Ctx) => ({
      schemas: [SCHEMA.patchOp],
      Operations: [
        { op: 'add', path: 'members', value: [{ value: need(ctx, 'userId'), display: OKTA_USER_NAME }] },
      ],
    }),
    expect: { status: 200, checks: [{ path: 'id', op: 'equals', value: '{{groupId}}' }] },
    note: 'Okta also accepts 204; 200 + resource is what this server answers.',
  },
  {
    name: 'Read the group (membership present)',
    method: 'GET',
    ...byId('Groups', 'groupId'),
    headers: { ...OKTA_GET_HEADERS },
    expect: {
      status: 200,
      checks: [
        { path: 'displayName', op: 'equals', value: 'Test SCIMv2' },
        { path: 'members[0].value', op: 'equals', value: '{{userId}}' },
      ],
    },
  },
  {
    name: 'Push group: PATCH remove member by filter',
    method: 'PATCH',
    ...byId('Groups', 'groupId'),
    headers: { ...OKTA_BODY_HEADERS },
    body: (ctx: Ctx) => ({
      schemas: [SCHEMA.patchOp],
      Operations: [{ op: 'remove', path: `members[value eq "${need(ctx, 'userId')}"]` }],
    }),
    expect: { status: 200, checks: [{ path: 'members[0]', op: 'notExists' }] },
  },
  {
    name: 'Push group: PATCH rename (pathless replace carrying id)',
    method: 'PATCH',
    ...byId('Groups', 'groupId'),
    headers: { ...OKTA_BODY_HEADERS },
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
  },
  {
    name: 'Push group: PATCH replace all members',
    method: 'PATCH',
    ...byId('Groups', 'groupId'),
    headers: { ...OKTA_BODY_HEADERS },
    body: (ctx: Ctx) => ({
      schemas: [SCHEMA.patchOp],
      Operations: [
        { op: 'replace', path: 'members', value: [{ value: need(ctx, 'userId'), display: OKTA_USER_NAME }] },
      ],
    }),
    expect: { status: 200, checks: [{ path: 'members[0].value', op: 'equals', value: '{{userId}}' }] },
  },
  {
    name: 'Push group (AIW app): full PUT',
    method: 'PUT',
    ...byId('Groups', 'groupId'),
    headers: { ...OKTA_BODY_HEADERS },
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
  },
  {
    name: 'Unlink pushed group: DELETE',
    method: 'DELETE',
    ...byId('Groups', 'groupId'),
    headers: { ...OKTA_GET_HEADERS },
    expect: { status: 204 },
  },
  {
    name: '(verification) deleted group is gone',
    method: 'GET',
    ...byId('Groups', 'groupId'),
    headers: { ...OKTA_GET_HEADERS },
    expect: {
      status: 404,
      checks: NOT_FOUND_CHECKS,
    },
    note: 'Not an Okta request; checks the RFC 7644 3.12 error for an unknown id.',
  },
];
