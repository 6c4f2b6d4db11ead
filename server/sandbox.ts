/**
 * The sandbox factory: everything Scimscope runs, without Electron and without listening until
 * asked. The CLI and the Electron main process construct it and call `listen`; tests do the same.
 * It owns the data folder's lock, the one SCIM port and the one admin port, the tunnel, and the
 * workspace registry (workspaces/): each workspace is a core of its own (settings, store, recorder,
 * faults, OAuth, bus). The `Sandbox` fields name the default workspace's parts, as before there were
 * workspaces. It shuts down in the order that loses nothing: stop accepting, finish in-flight
 * requests, flush and compact every store, release the folder.
 */
import { mkdir } from 'node:fs/promises';
import http, { type Server } from 'node:http';
import type { AuthMode, Settings, UpstreamSettings } from './contract/settings.js';
import { createAdminApp } from './admin/admin-app.js';
import { EventTickets } from './admin/event-tickets.js';
import { eventTicketRoutes } from './admin/events-socket.js';
import { socketRefusal } from './admin/security.js';
import { tunnelRoutes } from './admin/tunnel-routes.js';
import { workspacesRoutes } from './admin/workspaces-routes.js';
import { lockDataFolder, type DataFolderLock } from './config/data-folder-lock.js';
import { packageVersion } from './config/data-paths.js';
import type { SettingsStore } from './config/settings-store.js';
import { AppError } from './app-errors.js';
import { EventBus } from './events/event-bus.js';
import { dropIfHeld } from './faults/fault-actions.js';
import type { FaultStore } from './faults/fault-store.js';
import { trackConnections } from './net/connection-tracker.js';
import { listen, urlHost } from './net/listen.js';
import type { OAuthServer } from './oauth/oauth-server.js';
import type { ExchangeLog } from './recorder/exchange-log.js';
import type { BodySearchWatch } from './recorder/exchange-query.js';
import type { ResourceHistory } from './recorder/resource-history.js';
import type { WorkerPost } from './recorder/recording-backend.js';
import { answerRefusedRequests } from './scim/client-error.js';
import type { ResourceService } from './scim/resource-service.js';
import { SCIM_BASE_PATH } from './scim/scim-app.js';
import type { Store } from './store/store.js';
import type { DatasetName } from './snapshots/datasets.js';
import type { SnapshotStore } from './snapshots/snapshot-store.js';
import { builtInTunnelProviders } from './tunnel/providers.js';
import { TunnelManager } from './tunnel/tunnel-manager.js';
import type { TunnelProvider } from './tunnel/tunnel-provider.js';
import { eventsUpgrade, scopedApi } from './workspaces/admin-dispatch.js';
import { refusedRouter, scimDispatcher } from './workspaces/scim-dispatch.js';
import type { FromResolver } from './workspaces/workspace-sources.js';
import { snapshotSource } from './workspaces/snapshot-source.js';
import { WorkspaceRegistry } from './workspaces/workspace-registry.js';

export const DEFAULT_SCIM_PORT = 7171;
export const DEFAULT_ADMIN_PORT = 7172;
export const MEMORY_DATA_DIR = ':memory:';

export interface SandboxOptions {
  /** Data folder, or ':memory:' for a sandbox that keeps nothing. */
  dataDir: string;
  /** What a new (empty) store starts with. Default 'demo'. */
  seed?: 'demo' | 'empty';
  token?: string;
  adminToken?: string;
  auth?: AuthMode;
  /** Proxy mode for this run (`--upstream` and friends); settings.json keeps its own values. */
  upstream?: Partial<UpstreamSettings>;
  /** fdatasync journal writes (default true). */
  journalSync?: boolean;
  /** Tunnel providers by name, added to (or replacing) the built-in ones (tunnel/providers.ts); tests pass stand-ins. */
  tunnelProviders?: Record<string, TunnelProvider>;
  log?: (line: string) => void;
  /** The OAuth server's clock (tests move it to make tokens expire). */
  now?: () => number;
  /** Awaited between slices of the exchange index's background load (tests act while it is still loading). */
  exchangeLoadPause?: () => Promise<void>;
  /** Hands each message to the default workspace's recording worker (tests hold or drop batches through it). */
  postToWorker?: WorkerPost;
  /** Watches every body search the admin API runs, between its slices (tests hold one part-way through it). */
  bodySearchWatch?: BodySearchWatch;
  workspaces?: {
    /** Unload a named workspace after this long with no request and no open socket (default 10 minutes; null never). */
    idleMs?: number | null;
    /** The idle clock (tests move it instead of waiting). */
    now?: () => number;
    /** Where `from` values beyond demo, empty and a workspace name are resolved (default: the default workspace's snapshots). */
    resolveFrom?: FromResolver;
    /** Where named workspaces interpret exchanges: 'inline' on the main thread (default) or a 'worker' each. */
    recording?: 'inline' | 'worker';
  };
}

export interface ListenOptions {
  scimPort?: number;
  adminPort?: number;
  /** Address the SCIM port binds to (default 127.0.0.1). The admin port is always loopback. */
  host?: string;
  /** Try this many following ports when one is taken (the desktop app does; the CLI does not). */
  portFallbackTries?: number;
}

export interface SandboxAddresses {
  scimUrl: string;
  scimPort: number;
  host: string;
  adminUrl: string;
  adminPort: number;
  /** The inspector with the admin token in the URL fragment (never sent to a server). */
  inspectorUrl: string;
}

export interface Sandbox {
  readonly dataDir: string;
  readonly store: Store;
  readonly bus: EventBus;
  readonly settings: SettingsStore;
  readonly services: { users: ResourceService; groups: ResourceService };
  readonly scimServer: Server;
  readonly adminServer: Server;
  readonly exchanges: ExchangeLog;
  readonly faults: FaultStore;
  readonly tunnel: TunnelManager;
  readonly history: ResourceHistory;
  readonly oauth: OAuthServer;
  /** Every workspace of the data folder; the fields above are its default workspace's. */
  readonly workspaces: WorkspaceRegistry;
  readonly version: string;
  readonly warnings: string[];
  /** Where recording work runs: 'worker' normally, 'inline' if the worker could not start. */
  recordingMode(): 'worker' | 'inline';
  /** Replaces the directory with a dataset (server/snapshots/datasets.ts) in one commit. */
  resetStore(dataset: DatasetName): Promise<void>;
  readonly snapshots: SnapshotStore;
  listen(options?: ListenOptions): Promise<SandboxAddresses>;
  addresses(): SandboxAddresses | null;
  /** Finish in-flight requests and writes, then release everything. Safe to call twice. */
  close(): Promise<void>;
}

export async function createSandbox(options: SandboxOptions): Promise<Sandbox> {
  const log = options.log ?? ((line: string) => console.error(line));
  const memory = options.dataDir === MEMORY_DATA_DIR;
  const dataDir = options.dataDir;
  let lock: DataFolderLock | null = null;
  if (!memory) {
    try {
      await mkdir(dataDir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new AppError('DATA_FOLDER_UNWRITABLE', { dir: dataDir, reason: (error as Error).message }, { cause: error });
    }
    lock = await lockDataFolder(dataDir);
  }
  const version = packageVersion();
  const startedAt = Date.now();
  // The tunnel is the instance's: it announces itself here, and the registry passes that on to every workspace's bus.
  const instanceBus = new EventBus();
  const tunnel = new TunnelManager({ ...builtInTunnelProviders(), ...(options.tunnelProviders ?? {}) }, instanceBus);
  let addresses: SandboxAddresses | null = null;
  // Unset while the registry opens the default workspace, which is where the instance's admin token lives.
  let registry: WorkspaceRegistry | undefined;
  try {
    registry = await WorkspaceRegistry.open({
      dataDir: memory ? null : dataDir,
      core: { journalSync: options.journalSync, log, now: options.now, exchangeLoadPause: options.exchangeLoadPause, postToWorker: options.postToWorker, bodySearchWatch: options.bodySearchWatch, version, startedAt, tunnel, adminToken: () => registry?.defaultCore.settings.adminToken ?? null },
      overrides: { token: options.token, adminToken: options.adminToken, auth: options.auth, ...(options.upstream ? { upstream: options.upstream } : {}) },
      seed: options.seed,
      scimUrl: () => addresses?.scimUrl ?? null,
      adminUrl: () => addresses?.adminUrl ?? null,
      idleMs: options.workspaces?.idleMs,
      now: options.workspaces?.now,
      resolveFrom: options.workspaces?.resolveFrom ?? snapshotSource(() => registry!.defaultCore.snapshots),
      namedRecording: options.workspaces?.recording,
      instanceBus,
    });
  } catch (error) {
    await lock?.release();
    throw error;
  }
  const core = registry.defaultCore;
  const { settings } = core;

  const scimServer = http.createServer({ keepAliveTimeout: 65_000 }, scimDispatcher(registry, log));
  scimServer.on('clientError', answerRefusedRequests(refusedRouter(registry), log));
  const scimConnections = trackConnections(scimServer);
  let closing: Promise<void> | null = null;

  const adminPort = () => addresses?.adminPort ?? null;
  const adminToken = () => settings.adminToken;
  const tickets = new EventTickets();
  const adminApp = createAdminApp({ adminToken, adminPort, routers: [workspacesRoutes(registry), tunnelRoutes(tunnel, settings, () => addresses?.scimPort ?? null), eventTicketRoutes(tickets)], scoped: scopedApi(registry), log });
  const adminServer = http.createServer(adminApp);
  const adminConnections = trackConnections(adminServer);
  adminServer.on('upgrade', eventsUpgrade(registry, (req) => socketRefusal(req, adminToken, adminPort, (ticket) => tickets.redeem(ticket)), log));

  const sandbox: Sandbox = {
    dataDir,
    store: core.store,
    bus: core.bus,
    settings,
    services: core.services,
    scimServer,
    adminServer,
    exchanges: core.exchanges,
    faults: core.faults,
    tunnel,
    history: core.history,
    oauth: core.oauth,
    workspaces: registry,
    version,
    warnings: core.warnings,
    resetStore: core.resetStore,
    snapshots: core.snapshots,
    recordingMode: () => core.recorder.mode,
    async listen(listenOptions = {}) {
      const host = listenOptions.host ?? '127.0.0.1';
      const fallbackTries = listenOptions.portFallbackTries ?? 0;
      const scim = await listen(scimServer, { port: listenOptions.scimPort ?? DEFAULT_SCIM_PORT, host, flag: '--port', fallbackTries });
      let admin;
      try {
        admin = await listen(adminServer, { port: listenOptions.adminPort ?? DEFAULT_ADMIN_PORT, host: '127.0.0.1', flag: '--admin-port', fallbackTries });
      } catch (error) {
        scimServer.close();
        throw error;
      }
      const adminUrl = `http://127.0.0.1:${admin.port}`;
      addresses = {
        scimPort: scim.port,
        host,
        scimUrl: `http://${urlHost(host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host)}:${scim.port}${SCIM_BASE_PATH}`,
        adminPort: admin.port,
        adminUrl,
        inspectorUrl: `${adminUrl}/#token=${encodeURIComponent(settings.adminToken)}`,
      };
      return addresses;
    },
    addresses: () => addresses,
    close() {
      closing ??= (async () => {
        // Each step waits for everything the one before could still start: no file in the data
        // folder is written once close() has resolved (test/integration/shutdown.test.ts).
        await tunnel.stop();
        // 0. Paused exchanges go on unchanged (recorded as released-on-close) and nothing pauses
        //    any more, so the drain below never waits on a trainer.
        await Promise.all(registry.loadedCores().map((loaded) => loaded.releasePaused()));
        // 1. Stop taking requests and let those in flight finish; requests held open on purpose
        //    (a timeout fault) are cut, and their 'close' (which records them) is awaited too.
        scimServer.close();
        scimServer.closeIdleConnections();
        scimConnections.destroyWhere(dropIfHeld);
        await scimConnections.drained(5_000);
        scimConnections.destroyAll();
        await scimConnections.drained(1_000);
        for (const loaded of registry.loadedCores()) loaded.stopScim();
        // The admin port stops listening before the live sockets are closed: an inspector that
        // reconnects at once finds the port closed (its ticket request fails) instead of half a server.
        adminServer.close();
        await Promise.all(registry.loadedCores().map((loaded) => loaded.events.close()));
        adminServer.closeIdleConnections();
        await adminConnections.drained(2_000);
        adminConnections.destroyAll();
        await adminConnections.drained(1_000);
        // 2. Every workspace: its recorder, then its store (journal folded into store.json), then
        //    its fault counters, OAuth tokens and resource history (workspace-core.ts close()).
        await registry.close();
        await lock?.release();
      })();
      return closing;
    },
  };
  return sandbox;
}

export type { Settings };
