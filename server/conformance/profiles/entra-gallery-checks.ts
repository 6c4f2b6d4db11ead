/**
 * The entra-gallery profile: Microsoft's Entra app gallery SCIM validation suite (a Logic App with
 * 25 named tests) mirrored offline, one check per test, in the Logic App's order.
 */
import type { ProfileDefinition } from '../check-run.js';
import { galleryLifecycleChecks } from './gallery-lifecycle-checks.js';
import { galleryScimChecks } from './gallery-scim-checks.js';

export const entraGalleryProfile: ProfileDefinition = {
  id: 'entra-gallery',
  title: 'Microsoft Entra gallery validation (25 Logic App tests, mirrored offline)',
  checks: [...galleryLifecycleChecks, ...galleryScimChecks],
};
