/**
 * What every request Microsoft Entra ID's provisioning service sends carries: its headers and the
 * PatchOp envelope. Shared by the user, group and deprovisioning shapes (entra-user-shapes.ts,
 * entra-group-shapes.ts, entra-lifecycle-shapes.ts); citations in docs/research/idp-request-shapes.md.
 */
import { ENTRA_USER_AGENT, SCHEMA } from './request-shape-constants.js';
import { byIdStep, pathStep, type ClientHeaders, type StepRest } from './step-builders.js';

/** Authorization is documented; User-Agent is (unconfirmed); Entra's Accept header is undocumented, so none is sent. */
export const ENTRA_GET_HEADERS: Record<string, string> = {
  'User-Agent': ENTRA_USER_AGENT,
  Authorization: '{{auth}}',
};

/** Microsoft's examples show `Content-type: application/scim+json` on bodies. */
export const ENTRA_BODY_HEADERS: Record<string, string> = {
  ...ENTRA_GET_HEADERS,
  'Content-Type': 'application/scim+json',
};

export const entraPatch = (operations: unknown[]) => ({ schemas: [SCHEMA.patchOp], Operations: operations });

/** Entra's headers by method (step-builders.ts). */
export const ENTRA_HEADERS: ClientHeaders = { get: ENTRA_GET_HEADERS, body: ENTRA_BODY_HEADERS };

/** A step of Entra's to one resource by its captured id, with the headers its method carries. */
export const entraById = (name: string, method: string, resource: 'Users' | 'Groups', rest: StepRest) => byIdStep(ENTRA_HEADERS, name, method, resource, rest);

/** A step of Entra's to a fixed path, with the headers its method carries. */
export const entraAt = (name: string, method: string, path: string, rest: StepRest) => pathStep(ENTRA_HEADERS, name, method, path, rest);
