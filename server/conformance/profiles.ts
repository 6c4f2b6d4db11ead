/**
 * The profiles `scimscope test --profile` knows, in the order `all` runs them. Adding a profile is
 * one module of checks plus one line here.
 */
import type { ProfileDefinition } from './check-run.js';
import { entraProfile } from './profiles/entra-checks.js';
import { entraGalleryProfile } from './profiles/entra-gallery-checks.js';
import { interopProfile } from './profiles/interop-checks.js';
import { oktaProfile } from './profiles/okta-checks.js';
import { rfcProfile } from './profiles/rfc-checks.js';
import type { ProfileId } from './report-model.js';

export type RunnableProfile = Exclude<ProfileId, 'runscope'>;

export const PROFILES: Record<RunnableProfile, ProfileDefinition> = {
  okta: oktaProfile,
  entra: entraProfile,
  'entra-gallery': entraGalleryProfile,
  rfc: rfcProfile,
  interop: interopProfile,
};

export const PROFILE_NAMES = Object.keys(PROFILES) as RunnableProfile[];

/** What runs without --profile: the published requirements. The interop draft runs when named (or with all). */
export const DEFAULT_PROFILES: RunnableProfile[] = ['okta', 'entra', 'entra-gallery', 'rfc'];

export function isProfileName(value: string): value is RunnableProfile | 'all' {
  return value === 'all' || Object.prototype.hasOwnProperty.call(PROFILES, value);
}

export function expandProfiles(names: Array<ProfileId | 'all'>): RunnableProfile[] {
  const out: RunnableProfile[] = [];
  for (const name of names.includes('all') ? PROFILE_NAMES : names) {
    if (name !== 'all' && name !== 'runscope' && !out.includes(name)) out.push(name);
  }
  return out;
}
