/**
 * Applying a lab bundle over a workspace: its directory replaces the store's (one commit, through
 * snapshots/restore.ts), its fault rules replace the rules, its settings replace the settings except
 * every credential, which stays the workspace's own (the upstream token only while the upstream stays
 * on the same server; the preview names that and any weakened authentication). Everything that can be checked is checked
 * before the first change; if a later step still fails (the disk), the earlier ones are put back.
 */
import type { ImportPreview } from '../contract/snapshots.js';
import type { ChangeOrigin } from '../contract/store.js';
import type { Settings } from '../contract/settings.js';
import { settingsSchema } from '../config/settings-file.js';
import { upstreamOrigin, type SettingsPatch } from '../config/settings-store.js';
import { captureDirectory, restoreInto } from '../snapshots/restore.js';
import type { LabBundle } from './bundle-format.js';
import type { BundleParts } from './bundle-export.js';
import { portableSettings } from './bundle-export.js';

export type { ImportPreview };

const KEPT = ['the SCIM token, Basic password and OAuth client of this workspace', 'the admin token', 'the tunnel settings', 'recorded traffic (a bundle\'s HAR is not imported)'];

/**
 * What the import weakens or drops, said before it is confirmed. The upstream token is bound to the
 * upstream's origin (config/settings-store.ts drops it when a change points elsewhere): a bundle is
 * someone else's file, and must not turn this workspace's credential towards their server.
 */
function importWarnings(settings: Settings, bundle: LabBundle): { warnings: string[]; keepsUpstreamToken: boolean } {
  const warnings: string[] = [];
  const up = bundle.settings.upstream;
  const from = upstreamOrigin(settings.upstream.url);
  const to = upstreamOrigin(up.url);
  const tokenSet = settings.upstream.token !== null;
  const keepsUpstreamToken = tokenSet && (up.url === null || to === from);
  if (tokenSet && !keepsUpstreamToken) warnings.push(`The upstream token is dropped: the bundle points the upstream at ${to ?? up.url}${from ? `, not ${from}` : ''}. Enter that server's token to send it one.`);
  if (up.url !== null && up.auth === 'passThrough' && !(settings.upstream.auth === 'passThrough' && to === from)) warnings.push(`The bundle passes the IdP's credential for this workspace (its SCIM credential) through to ${to ?? up.url} (upstream authentication "passThrough").`);
  if (bundle.settings.auth.mode === 'none' && settings.auth.mode !== 'none') warnings.push('The bundle turns SCIM authentication off (mode "none"): anyone who reaches this workspace\'s SCIM URL can read and change its directory.');
  return { warnings, keepsUpstreamToken };
}

export function previewImport(parts: BundleParts, bundle: LabBundle): ImportPreview {
  const { warnings, keepsUpstreamToken } = importWarnings(parts.settings.current, bundle);
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
    keeps: keepsUpstreamToken ? [...KEPT.slice(0, 3), 'the upstream token', ...KEPT.slice(3)] : KEPT,
    warnings,
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
