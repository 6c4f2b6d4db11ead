/**
 * What every request Okta's provisioning engine sends carries (Okta's SCIM 2.0 protocol
 * reference): its headers, and the test user's userName the user and group-push shapes share
 * (okta-user-shapes.ts, okta-group-push-shapes.ts); citations in docs/research/idp-request-shapes.md.
 */
import { OKTA_USER_AGENT } from './request-shape-constants.js';
import { byIdStep, pathStep, type ClientHeaders, type StepRest } from './step-builders.js';

/** Documented: User-Agent + Authorization. Accept is (unconfirmed). */
export const OKTA_GET_HEADERS: Record<string, string> = {
  'User-Agent': OKTA_USER_AGENT,
  Authorization: '{{auth}}',
  Accept: 'application/scim+json',
};

/** Okta "sends application/scim+json as the Content-Type" (Okta SCIM guide); charset (unconfirmed). */
export const OKTA_BODY_HEADERS: Record<string, string> = {
  ...OKTA_GET_HEADERS,
  'Content-Type': 'application/scim+json',
};

export const OKTA_USER_NAME = 'test.user@okta.local';

/** Okta's headers by method (step-builders.ts). */
export const OKTA_HEADERS: ClientHeaders = { get: OKTA_GET_HEADERS, body: OKTA_BODY_HEADERS };

/** A step of Okta's to one resource by its captured id, with the headers its method carries. */
export const oktaById = (name: string, method: string, resource: 'Users' | 'Groups', rest: StepRest) => byIdStep(OKTA_HEADERS, name, method, resource, rest);

/** A step of Okta's to a fixed path, with the headers its method carries. */
export const oktaAt = (name: string, method: string, path: string, rest: StepRest) => pathStep(OKTA_HEADERS, name, method, path, rest);
