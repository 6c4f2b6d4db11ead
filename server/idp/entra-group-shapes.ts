/**
 * What Microsoft Entra ID's provisioning service sends for a group (Microsoft's SCIM endpoint
 * tutorial and observed traffic): provisioning, matching, membership and rename, as request shapes:
 * literal, with each value's citation in docs/research/idp-request-shapes.md. The lifecycle's
 * order: entra-lifecycle-shapes.ts.
 */
import { SCHEMA } from './request-shape-constants.js';
import { form, need, pct, type Ctx, type SpecStep } from './spec-steps.js';
import { ENTRA_GET_HEADERS, entraAt, entraById, entraPatch } from './entra-request-parts.js';

export const entraGroupSteps: SpecStep[] = [
  entraAt('Provision group (empty members, Microsoft schema URN)', 'POST', '/Groups', {
    body: {
      schemas: [SCHEMA.group, SCHEMA.entraAdScimGroup],
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: 'displayName',
      meta: { resourceType: 'Group' },
    },
    expect: {
      status: 201,
      checks: [
        { path: 'id', op: 'exists', type: 'string' },
        { path: 'displayName', op: 'equals', value: 'displayName' },
        { path: 'externalId', op: 'equals', value: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159' },
      ],
    },
    capture: { groupId: 'id' },
  }),
  {
    name: 'Match group: query by displayName with excludedAttributes=members',
    method: 'GET',
    path: '/Groups?excludedAttributes=members&filter=displayName eq "displayName"',
    pathFrom: () => `/Groups?excludedAttributes=members&filter=${form('displayName eq "displayName"')}`,
    headers: { ...ENTRA_GET_HEADERS },
    expect: {
      status: 200,
      checks: [
        { path: 'totalResults', op: 'equals', value: 1 },
        { path: 'Resources[0].id', op: 'equals', value: '{{groupId}}' },
        { path: 'Resources[0].members', op: 'notExists' },
      ],
    },
  },
  {
    name: 'Get group by id with excludedAttributes=members',
    method: 'GET',
    path: '/Groups/{{groupId}}?excludedAttributes=members',
    pathFrom: (ctx) => `/Groups/${pct(need(ctx, 'groupId'))}?excludedAttributes=members`,
    headers: { ...ENTRA_GET_HEADERS },
    expect: {
      status: 200,
      checks: [
        { path: 'id', op: 'equals', value: '{{groupId}}' },
        { path: 'members', op: 'notExists' },
      ],
    },
  },
  entraById('Group membership: PATCH Add members ($ref null, two users in one request)', 'PATCH', 'Groups', {
    body: (ctx: Ctx) =>
      entraPatch([
        {
          op: 'Add',
          path: 'members',
          value: [
            { $ref: null, value: need(ctx, 'userId') },
            { $ref: null, value: need(ctx, 'managerId') },
          ],
        },
      ]),
    expect: { status: 200 },
    note: 'Microsoft suggests 204 for group PATCH; RFC 7644 3.5.2 allows 200 + resource, which this server answers.',
  }),
  entraById('Read group: both members present', 'GET', 'Groups', {
    expect: {
      status: 200,
      checks: [
        { path: 'members[0].value', op: 'exists' },
        { path: 'members[1].value', op: 'exists' },
        { path: 'members[2]', op: 'notExists' },
      ],
    },
  }),
  entraById('Group membership: PATCH Remove members with a value array (default mode)', 'PATCH', 'Groups', {
    body: (ctx: Ctx) =>
      entraPatch([{ op: 'Remove', path: 'members', value: [{ $ref: null, value: need(ctx, 'userId') }] }]),
    expect: { status: 200 },
    note: 'Only the listed member is removed, not the whole members attribute.',
  }),
  entraById('Read group: only the manager is left', 'GET', 'Groups', {
    expect: {
      status: 200,
      checks: [
        { path: 'members[0].value', op: 'equals', value: '{{managerId}}' },
        { path: 'members[1]', op: 'notExists' },
      ],
    },
  }),
  entraById('Group membership: PATCH remove members[value eq "..."] (aadOptscim062020 mode)', 'PATCH', 'Groups', {
    body: (ctx: Ctx) => entraPatch([{ op: 'remove', path: `members[value eq "${need(ctx, 'managerId')}"]` }]),
    expect: { status: 200 },
  }),
  entraById('Read group: no members left', 'GET', 'Groups', {
    expect: { status: 200, checks: [{ path: 'members[0]', op: 'notExists' }] },
  }),
  entraById('Update group: PATCH Replace displayName', 'PATCH', 'Groups', {
    body: entraPatch([
      { op: 'Replace', path: 'displayName', value: '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName' },
    ]),
    expect: {
      status: 200,
      checks: [
        { path: 'displayName', op: 'equals', value: '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName' },
      ],
    },
  }),
];
