/**
 * Applying a lab bundle over a workspace: its directory replaces the store's (one commit, through
 * snapshots/restore.ts), its fault rules replace the rules, its settings replace the settings except
 * every credential, which stays the workspace's own. Everything that can be checked is checked
 * before the first change; if a later step still fails (the disk), the earlier ones are put back.
 */
import type { ImportPreview } from '../contract/snapshots.js';
import type { ChangeOrigin } from '../contract/store.js';
import type { Settings } from '../contract/settings.js';
import { settingsSchema } from '../config/settings-file.js';
import type { SettingsPatch } from '../config/settings-store.js';
import { captureDirectory, restoreInto } from '../snapshots/restore.js';
import type { LabBundle } from './bundle-format.js';
import type { BundleParts } from './bundle-export.js';
import { portableSettings } from './bundle-export.js';

export type { ImportPreview };

const KEPT = ['the SCIM token, Basic password and OAuth client of this workspace', 'the admin token', 'the tunnel settings', 'the upstream token', 'recorded traffic (a bundle\'s HAR is not imported)'];

export function previewImport(parts: BundleParts, bundle: LabBundle): ImportPreview {
  const current = portableSettings(parts.settings.current);
  const changed = (Object.keys(bundle.settings) as (keyof typeof current)[]).filter((k) => JSON.stringify(current[k]) !== JSON.stringify(bundle.settings[k]));
  return {
    bundle: {
      exportedAt: bundle.exportedAt,
      scimscope: bundle.scimscope,
      workspace: bundle.workspace ?? null,
      users: bundle.directory.users.length,
      groups: bundle.directory.groups.length,
      faultRules: bundle.faults.rules.length,
      trafficEntries: bundle.traffic ? bundle.traffic.log.entries.length : null,
    },
    replaces: { ...parts.store.counts(), faultRules: parts.faults.list().length, settings: changed },
    keeps: KEPT,
  };
}

/** The settings patch a bundle makes: every portable setting, no credential. */
function settingsPatch(bundle: LabBundle): SettingsPatch {
  const s = bundle.settings;
  return { auth: { mode: s.auth.mode, basic: { username: s.auth.basic.username }, oauth: s.auth.oauth }, recording: s.recording, quirks: s.quirks as unknown as Settings['quirks'], faults: s.faults, patchReturnsResource: s.patchReturnsResource, upstream: s.upstream };
}

/** Replaces the workspace's directory, fault rules and settings (credentials kept) with the bundle's. */
export async function applyBundle(parts: BundleParts, bundle: LabBundle, origin: ChangeOrigin = { source: 'inspector', action: 'bundle.import' }): Promise<ImportPreview> {
  const preview = previewImport(parts, bundle);
  const current = parts.settings.current;
  const patch = settingsPatch(bundle);
  // The settings the patch would give, validated now so that step cannot refuse after the directory changed.
  settingsSchema.parse({ ...current, ...patch, auth: { ...current.auth, mode: patch.auth!.mode, basic: { ...current.auth.basic, ...patch.auth!.basic }, oauth: { ...current.auth.oauth, ...patch.auth!.oauth } }, upstream: { ...current.upstream, ...patch.upstream } });
  const before = { directory: captureDirectory(parts.store), rules: parts.faults.list().map((r) => ({ ...r })) };
  await restoreInto(parts.store, bundle.directory, origin);
  try {
    await parts.faults.replaceAll(bundle.faults.rules);
  } catch (error) {
    await restoreInto(parts.store, before.directory, origin).catch(() => undefined);
    throw error;
  }
  try {
    await parts.settings.update(patch);
  } catch (error) {
    await parts.faults.putBack(before.rules).catch(() => undefined);
    await restoreInto(parts.store, before.directory, origin).catch(() => undefined);
    throw error;
  }
  return preview;
}
