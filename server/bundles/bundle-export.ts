/**
 * Exporting a workspace as a lab bundle (bundle-format.ts): its directory without password hashes,
 * its fault rules without counters, its settings without any credential, and, when asked, its
 * recorded traffic as HAR (built from the redacted records by recorder/har.ts). `writeBundle` writes
 * the same text as the bundle stringified, with the traffic written exchange batch by batch.
 */
import type { Settings } from '../contract/settings.js';
import type { SettingsStore } from '../config/settings-store.js';
import type { FaultStore } from '../faults/fault-store.js';
import { definition } from '../faults/fault-store.js';
import type { ExchangeLog } from '../recorder/exchange-log.js';
import { harPlaceholder, writeHarText, type TextSink } from '../recorder/har.js';
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
  /** When it was exported (default: now). */
  exportedAt?: Date;
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

/** The bundle without its traffic (writeBundle writes the traffic into it as it is read). */
export function exportBundle(parts: BundleParts, options: Omit<ExportOptions, 'traffic'>): LabBundle {
  const { users, groups } = captureDirectory(parts.store);
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: (options.exportedAt ?? new Date()).toISOString(),
    scimscope: options.version,
    ...(options.workspace ? { workspace: options.workspace } : {}),
    directory: { users, groups, secrets: {} },
    faults: { rules: parts.faults.list().map((rule) => ({ id: rule.id, ...definition(rule) }) as LabBundle['faults']['rules'][number]) },
    settings: portableSettings(parts.settings.current),
    traffic: null,
  };
}

/**
 * The bundle's file text (JSON with two-space indent and a final newline) written to `sink`, the
 * traffic's exchanges read from disk and written a batch at a time: the same text as
 * `JSON.stringify(exportBundle(...), null, 2)` plus a newline, without the whole HAR in memory.
 */
export async function writeBundle(parts: BundleParts, options: ExportOptions, sink: TextSink): Promise<void> {
  const traffic = options.traffic;
  // The traffic waits for the exchange index to load (seconds at 100k after a start): the directory is
  // taken after that wait too, so it is never older than traffic recorded during it.
  if (traffic) await traffic.exchanges.whenLoaded();
  const shell = exportBundle(parts, options);
  if (!traffic) {
    await sink(`${JSON.stringify(shell, null, 2)}\n`);
    return;
  }
  const har = { origin: traffic.origin, version: options.version };
  const text = `${JSON.stringify({ ...shell, traffic: harPlaceholder(har) }, null, 2)}\n`;
  await writeHarText(sink, text, traffic.exchanges.fullMatchingBatches(), { ...har, space: 2 });
}
