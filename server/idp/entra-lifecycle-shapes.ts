/**
 * What Microsoft Entra ID's provisioning service sends (Microsoft's SCIM endpoint tutorial and
 * observed traffic), in the order of one lifecycle: the user's (entra-user-shapes.ts), then the
 * group's (entra-group-shapes.ts), then deprovisioning, kept here. Request shapes are literal, with
 * each value's citation in docs/research/idp-request-shapes.md.
 */
import { NOT_FOUND_CHECKS, type SpecStep } from './spec-steps.js';
import { entraById } from './entra-request-parts.js';
import { entraGroupSteps } from './entra-group-shapes.js';
import { entraUserSteps } from './entra-user-shapes.js';

const entraDeprovisionSteps: SpecStep[] = [
  entraById('Deprovision: DELETE user', 'DELETE', 'Users', {
    expect: { status: 204 },
  }),
  entraById('Get deleted user: 404', 'GET', 'Users', {
    expect: {
      status: 404,
      checks: NOT_FOUND_CHECKS,
    },
    note: '"The detail isn\'t required, only status" (Microsoft tutorial).',
  }),
  entraById('Delete group', 'DELETE', 'Groups', {
    expect: { status: 204 },
  }),
];

export const entraLifecycle: SpecStep[] = [...entraUserSteps, ...entraGroupSteps, ...entraDeprovisionSteps];
