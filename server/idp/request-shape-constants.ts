/**
 * The values every IdP's request shapes share: the SCIM schema URNs and the User-Agent each client
 * sends (citations: docs/research/idp-request-shapes.md).
 */

export const SCHEMA = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterpriseUser: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  /** Sent by Entra ID in group creates (Microsoft's own schema URN). */
  entraAdScimGroup: 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group',
} as const;

/** User-Agent of the Runscope SPEC test (set explicitly on its GET steps). */
export const OKTA_SPEC_TEST_USER_AGENT = 'OKTA SCIM Integration';
/** User-Agent of Okta's provisioning engine, as shown on every request in Okta's SCIM references. */
export const OKTA_USER_AGENT = 'Okta SCIM Client 1.0.0';
/**
 * User-Agent of the Entra ID provisioning service. (unconfirmed) Microsoft does not document it;
 * this is the prefix third-party server code matches on. Servers should not depend on it.
 */
export const ENTRA_USER_AGENT = 'Microsoft Azure AD SCIM provisioning';

