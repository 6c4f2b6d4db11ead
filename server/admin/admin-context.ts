/**
 * What the admin API reaches into: the sandbox's parts, passed explicitly so each route module
 * declares what it uses and tests can build one without a whole sandbox.
 */
import type { ReplayEdit } from '../recorder/replay.js';
import type { SettingsStore } from '../config/settings-store.js';
import type { EventBus } from '../events/event-bus.js';
import type { ExchangeLog } from '../recorder/exchange-log.js';
import type { BodySearchWatch } from '../recorder/exchange-query.js';
import type { ResourceHistory } from '../recorder/resource-history.js';
import type { ResourceService } from '../scim/resource-service.js';
import type { DatasetName } from '../snapshots/datasets.js';
import type { Store } from '../store/store.js';
import type { TunnelManager } from '../tunnel/tunnel-manager.js';

export interface AdminAddresses {
  scimUrl: string | null;
  adminUrl: string | null;
}

export interface AdminContext {
  /** The workspace these parts belong to (`default` for the data folder's root). */
  workspace: string;
  /** Its prefix on the SCIM port: '' for default, `/w/<name>` otherwise. Recorded paths are relative to it. */
  mountPath: string;
  version: string;
  dataDir: string;
  startedAt: number;
  store: Store;
  services: { users: ResourceService; groups: ResourceService };
  exchanges: ExchangeLog;
  history: ResourceHistory;
  settings: SettingsStore;
  bus: EventBus;
  tunnel: TunnelManager;
  addresses: () => AdminAddresses;
  warnings: () => string[];
  /** Re-sends a recorded request to the SCIM port; resolves with the new exchange's id. */
  replay: (exchangeId: string, edit?: ReplayEdit) => Promise<string>;
  /** Replaces the directory with a dataset (server/snapshots/datasets.ts) in one commit. */
  resetStore: (dataset: DatasetName) => Promise<void>;
  /** Watches the body searches of `GET /api/exchanges` between their slices (tests; the sandbox's `bodySearchWatch`). */
  bodySearchWatch?: BodySearchWatch;
}
