/**
 * What every request Microsoft Entra ID's provisioning service sends carries: its headers and the
 * PatchOp envelope. Shared by the user, group and deprovisioning shapes (entra-user-shapes.ts,
 * entra-group-shapes.ts, entra-lifecycle-shapes.ts); citations in docs/research/idp-request-shapes.md.
 */
import { ENTRA_USER_AGENT, SCHEMA } from './request-shape-constants.js';

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
