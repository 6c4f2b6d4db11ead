/**
 * What Okta's provisioning engine sends over a user's and a group's lifecycle (Okta's SCIM 2.0
 * protocol reference), in the order of one lifecycle: the user's (okta-user-shapes.ts), then the
 * group push (okta-group-push-shapes.ts). Request shapes are literal, with each value's citation in
 * docs/research/idp-request-shapes.md.
 */
import type { SpecStep } from './spec-steps.js';
import { oktaGroupPushSteps } from './okta-group-push-shapes.js';
import { oktaUserSteps } from './okta-user-shapes.js';

export { OKTA_BODY_HEADERS, OKTA_GET_HEADERS } from './okta-request-parts.js';
export { oktaCreateUserBody } from './okta-user-shapes.js';

export const oktaLifecycle: SpecStep[] = [...oktaUserSteps, ...oktaGroupPushSteps];
