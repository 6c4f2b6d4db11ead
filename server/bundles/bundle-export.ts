/**
 * Exporting a workspace as a lab bundle (bundle-format.ts): its directory without password hashes,
 * its fault rules without counters, its settings without any credential, and, when asked, its
 * recorded traffic as HAR (built from the redacted records by recorder/har.ts).
 */
import type { Settings } from '../contract/settings.js';
import type { SettingsStore } from '../config/settings-store.js';
import type { FaultStore } from '../faults/fault-store.js';
import { definition } from '../faults/fault-store.js';
import type { ExchangeLog } from '../recorder/exchange-log.js';
import { toHar } from '../recorder/har.js';
import { captureDirectory } from '../snapshots/restore.js';
import type { Store } from '../store/store.js';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type LabBundle, type PortableSettings } from './bundle-format.js';

/** The parts of a workspace a bundle is made from and applied to. */
export interface BundleParts {
  store: Store;
  faults: FaultStore;
  settings: SettingsStore;
}

export interface ExportOptions {
  version: string;
  workspace?: string;
  /** Include the recorded traffic as HAR, from this log, with URLs on this SCIM origin. */
  traffic?: { exchanges: ExchangeLog; origin: string } | null;
}

/** Settings with every credential left out: listed field by field, so a new secret setting is out until someone adds it here. */
export function portableSettings(s: Settings): PortableSettings {
  return {
    auth: { mode: s.auth.mode, basic: { username: s.auth.basic.username }, oauth: { redirectUris: s.auth.oauth.redirectUris, accessTokenTtlSeconds: s.auth.oauth.accessTokenTtlSeconds, requirePkce: s.auth.oauth.requirePkce } },
    recording: s.recording,
    quirks: { ...s.quirks },
    faults: s.faults,
    patchReturnsResource: s.patchReturnsResource,
    upstream: { url: s.upstream.url, auth: s.upstream.auth, headerName: s.upstream.headerName, insecure: s.upstream.insecure, connectTimeoutMs: s.upstream.connectTimeoutMs, responseTimeoutMs: s.upstream.responseTimeoutMs },
  };
}

export function exportBundle(parts: BundleParts, options: ExportOptions): LabBundle {
  const { users, groups } = captureDirectory(parts.store);
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: new Date().toISOString(),
    scimscope: options.version,
    ...(options.workspace ? { workspace: options.workspace } : {}),
    directory: { users, groups, secrets: {} },
    faults: { rules: parts.faults.list().map((rule) => ({ id: rule.id, ...definition(rule) }) as LabBundle['faults']['rules'][number]) },
    settings: portableSettings(parts.settings.current),
    traffic: options.traffic ? toHar(options.traffic.exchanges.matching({}).reverse(), { origin: options.traffic.origin, version: options.version }) : null,
  };
}
