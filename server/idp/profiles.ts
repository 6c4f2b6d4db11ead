/**
 * The identity providers Scimscope can play. A profile names the client the recorder will see and
 * how that IdP writes: Okta's OIN apps PATCH `active` and the password but PUT profile updates;
 * apps made with Okta's App Integration Wizard (AIW) PUT everything; Entra ID sends its default
 * shapes ("Replace", "False") unless the tenant URL carries the `aadOptscim062020` flag.
 * Sources: docs/research/idp-request-shapes.md [O9] (Okta SCIM 2.0 reference), [E*] (Microsoft).
 */
import type { ClientKind } from '../contract/exchange.js';

export type ProfileId = 'okta' | 'okta-aiw' | 'entra' | 'entra-flag';

export interface IdpProfile {
  id: ProfileId;
  /** What people read: "Okta OIN". The recorder adds "(emulated)". */
  label: string;
  client: Extract<ClientKind, 'okta' | 'entra'>;
  description: string;
}

export const PROFILES: Record<ProfileId, IdpProfile> = {
  okta: {
    id: 'okta',
    label: 'Okta (OIN app)',
    client: 'okta',
    description: 'Okta Integration Network app: PUT for profile updates, PATCH for active and password, PATCH for group push.',
  },
  'okta-aiw': {
    id: 'okta-aiw',
    label: 'Okta (AIW app)',
    client: 'okta',
    description: 'App Integration Wizard app: PUT for every user and group change, including deactivation.',
  },
  entra: {
    id: 'entra',
    label: 'Entra ID',
    client: 'entra',
    description: 'Microsoft Entra ID default mode: capitalised PATCH ops, "True"/"False" strings, remove with a value array.',
  },
  'entra-flag': {
    id: 'entra-flag',
    label: 'Entra ID (aadOptscim062020)',
    client: 'entra',
    description: 'Entra ID with the aadOptscim062020 feature flag: RFC-compliant PATCH ops, booleans and members[value eq "…"] removals.',
  },
};

export const PROFILE_IDS = Object.keys(PROFILES) as ProfileId[];

export function isProfileId(value: string): value is ProfileId {
  return Object.prototype.hasOwnProperty.call(PROFILES, value);
}
