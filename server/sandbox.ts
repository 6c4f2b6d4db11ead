/**
 * The sandbox factory: everything Scimscope runs, without Electron and without listening until
 * asked. The CLI and the Electron main process construct it and call `listen`; tests do the same.
 * It owns the data folder (lock, settings, store), the event bus, the SCIM app and the admin app,
 * and shuts them down in the order that loses nothing: stop accepting, finish in-flight requests,
 * flush and compact the store, release the folder.
 */
import { mkdir } from 'node:fs/promises';
import http, { type Server } from 'node:http';
import type { AuthMode, Settings, UpstreamSettings } from './contract/settings.js';
import { createAdminApp } from './admin/admin-app.js';
import type { AdminContext } from './admin/admin-context.js';
import { EventTickets } from './admin/event-tickets.js';
import { attachEventSocket, eventTicketRoutes, type EventSocket } from './admin/events-socket.js';
import { socketRefusal } from './admin/security.js';
import { lockDataFolder, type DataFolderLock } from './config/data-folder-lock.js';
import { packageVersion } from './config/data-paths.js';
import { SettingsStore } from './config/settings-store.js';
import { AppError } from './app-errors.js';
import { EventBus } from './events/event-bus.js';
import { trackConnections } from './net/connection-tracker.js';
import { listen, urlHost } from './net/listen.js';
import { createScimApp, SCIM_BASE_PATH } from './scim/scim-app.js';
import type { ResourceService } from './scim/resource-service.js';
import { faultsRoutes } from './admin/faults-routes.js';
import { breakpointRoutes } from './admin/breakpoint-routes.js';
import { BreakpointEngine } from './breakpoints/breakpoint-engine.js';
import { BreakpointStore } from './breakpoints/breakpoint-store.js';
import { scenarioRoutes } from './admin/scenario-routes.js';
import { tunnelRoutes } from './admin/tunnel-routes.js';
import { conformanceRoutes } from './admin/conformance-routes.js';
import { builtInTunnelProviders } from './tunnel/providers.js';
import { upstreamRoutes } from './admin/upstream-routes.js';
import { TunnelManager } from './tunnel/tunnel-manager.js';
import type { TunnelProvider } from './tunnel/tunnel-provider.js';
import { dropIfHeld } from './faults/fault-actions.js';
import { FaultEngine } from './faults/fault-engine.js';
import { oauthAdminRoutes } from './oauth/oauth-admin-routes.js';
import { createOAuthServer, isOAuthPath, type OAuthServer } from './oauth/oauth-server.js';
import { FaultStore } from './faults/fault-store.js';
import { RetryDetector } from './faults/retry-detector.js';
import { ExchangeLog } from './recorder/exchange-log.js';
import { historyFromStoreChange } from './recorder/inspector-history.js';
import { answerRefusedRequests } from './scim/client-error.js';
import { createRecorder } from './recorder/recorder.js';
import { authorizationFor, replayExchange } from './recorder/replay.js';
import { ResourceHistory } from './recorder/resource-history.js';
import type { ExchangeFileState } from './recorder/exchange-file.js';
import { seedDemoDirectory } from './seed/demo-directory.js';
import { bundleRoutes } from './admin/bundle-routes.js';
import { snapshotRoutes } from './admin/snapshot-routes.js';
import { dataset, type DatasetName } from './snapshots/datasets.js';
import { restoreInto } from './snapshots/restore.js';
import { SnapshotStore } from './snapshots/snapshot-store.js';
import { FilePersistence } from './store/file-persistence.js';
import { MemoryPersistence } from './store/memory-persistence.js';
import { Store } from './store/store.js';

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
  const bus = new EventBus();
  const warnings: string[] = [];
  let store: Store;
  let settings: SettingsStore;
  let exchanges: ExchangeLog;
  /** Closed if a later part fails to open (memory mode's temporary folder). */
  let openedLog: ExchangeLog | null = null;
  let exchangeFileState: ExchangeFileState | null;
  let history: ResourceHistory;
  let faults: FaultStore;
  let breakpointStore: BreakpointStore;
  let oauth: OAuthServer;
  try {
    settings = await SettingsStore.open(memory ? null : dataDir, { token: options.token, adminToken: options.adminToken, auth: options.auth, ...(options.upstream ? { upstream: options.upstream } : {}) }, bus);
    const persistence = memory ? new MemoryPersistence() : new FilePersistence({ dir: dataDir, sync: options.journalSync ?? true, log });
    store = await Store.open(persistence);
    const opened = await ExchangeLog.open(memory ? null : dataDir, settings.current.recording.retention, log);
    exchanges = opened.exchangeLog;
    openedLog = exchanges;
    exchangeFileState = opened.fileState;
    const openedHistory = await ResourceHistory.open(memory ? null : dataDir, undefined, log);
    history = openedHistory.history;
    faults = await FaultStore.open(memory ? null : dataDir, bus);
    breakpointStore = await BreakpointStore.open(memory ? null : dataDir, bus);
    oauth = await createOAuthServer({ settings: () => settings.current, dir: memory ? null : dataDir, now: options.now });
    warnings.push(...store.warnings, ...opened.warnings, ...openedHistory.warnings);
  } catch (error) {
    await openedLog?.close();
    await lock?.release();
    throw error;
  }
  for (const warning of warnings) log(`Warning: ${warning}`);
  store.onChange((event) => {
    history.append(historyFromStoreChange(event.changes, event.origin));
    bus.emit('store:changed', event);
  });
  const version = packageVersion();
  const startedAt = Date.now();

  const tunnel = new TunnelManager({ ...builtInTunnelProviders(), ...(options.tunnelProviders ?? {}) }, bus);
  const faultEngine = new FaultEngine({ store: faults, repo: store, settings: () => settings.current });
  bus.on('settings:changed', ({ keys }) => {
    if (keys.includes('faults')) faultEngine.reseed();
  });
  const retries = new RetryDetector();
  const secrets = () => {
    const s = settings.current;
    return [s.auth.token, s.auth.basic.password, s.auth.oauth.clientSecret, settings.adminToken, ...(s.tunnel.ngrokAuthtoken ? [s.tunnel.ngrokAuthtoken] : []), ...(s.upstream.token ? [s.upstream.token] : [])];
  };
  const breakpoints = new BreakpointEngine({ store: breakpointStore, repo: store, bus, secrets });
  const recorder = createRecorder({
    exchanges,
    history,
    bus,
    repo: store,
    // In memory mode too: the exchange log's temporary folder, removed at close.
    dir: exchanges.dir,
    fileState: exchangeFileState,
    settings: () => settings.current,
    annotate: (parts, rawBody) => retries.annotate(parts, rawBody),
    secrets,
    log,
  });
  const { handle: scimApp, services, close: closeScimApp } = createScimApp({ repo: store, settings: () => settings.current, observers: [recorder.step], interceptors: [faultEngine.step(), breakpoints.step()], oauth: { step: oauth.step, checkAccessToken: oauth.checkAccessToken, isOAuthPath }, log });
  if (store.fresh && (options.seed ?? 'demo') === 'demo') await seedDemoDirectory(services);

  const scimServer = http.createServer({ keepAliveTimeout: 65_000 }, scimApp);
  scimServer.on('clientError', answerRefusedRequests((refused) => recorder.recordRefused(refused), log));
  const scimConnections = trackConnections(scimServer);
  let addresses: SandboxAddresses | null = null;
  let closing: Promise<void> | null = null;

  const snapshots = SnapshotStore.forWorkspace(memory ? null : dataDir);
  const resetStore = async (name: DatasetName) => {
    await restoreInto(store, await dataset(name), { source: 'reset', dataset: name });
  };
  const context: AdminContext = {
    version,
    dataDir,
    startedAt,
    store,
    services,
    exchanges,
    history,
    settings,
    bus,
    tunnel,
    addresses: () => ({ scimUrl: addresses?.scimUrl ?? null, adminUrl: addresses?.adminUrl ?? null }),
    warnings: () => warnings,
    replay: async (exchangeId, edit) => {
      const original = exchanges.get(exchangeId);
      if (!original || !addresses) throw new Error(`Exchange ${exchangeId} cannot be replayed now.`);
      const { auth } = settings.current;
      // In oauth mode the replay carries a short-lived token of its own, as the IdP's has likely expired.
      const replayAuth = auth.mode === 'oauth' ? { ...auth, mode: 'bearer' as const, token: await oauth.issueInternalToken() } : auth;
      return replayExchange(original, { scimUrl: addresses.scimUrl, auth: replayAuth, bus }, undefined, edit);
    },
    resetStore,
  };
  const adminPort = () => addresses?.adminPort ?? null;
  const tickets = new EventTickets();
  const adminApp = createAdminApp({ context, adminToken: () => settings.adminToken, adminPort, routers: [faultsRoutes(faults, faultEngine), scenarioRoutes({ scimUrl: () => addresses?.scimUrl ?? null, authorization: async () => (settings.current.auth.mode === 'oauth' ? `Bearer ${await oauth.issueInternalToken()}` : authorizationFor(settings.current.auth)) }), tunnelRoutes(tunnel, settings, () => addresses?.scimPort ?? null), oauthAdminRoutes(oauth, settings, tunnel, () => addresses?.scimUrl ?? null), conformanceRoutes({ scimUrl: () => addresses?.scimUrl ?? null, auth: () => settings.current.auth, oauthToken: () => oauth.issueInternalToken() }), eventTicketRoutes(tickets), upstreamRoutes(settings), breakpointRoutes({ store: breakpointStore, engine: breakpoints }), snapshotRoutes({ store, snapshots }), bundleRoutes({ store, faults, settings, exchanges, version, scimOrigin: () => (addresses ? new URL(addresses.scimUrl).origin : 'http://127.0.0.1:7171') })], log });
  const adminServer = http.createServer(adminApp);
  const adminConnections = trackConnections(adminServer);
  const eventSocket: EventSocket = attachEventSocket(adminServer, context, (req) => socketRefusal(req, () => settings.adminToken, adminPort, (ticket) => tickets.redeem(ticket)));

  const sandbox: Sandbox = {
    dataDir,
    store,
    bus,
    settings,
    services,
    scimServer,
    adminServer,
    exchanges,
    faults,
    tunnel,
    history,
    oauth,
    version,
    warnings,
    resetStore,
    snapshots,
    recordingMode: () => recorder.mode,
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
        await breakpoints.close();
        // 1. Stop taking requests and let those in flight finish; requests held open on purpose
        //    (a timeout fault) are cut, and their 'close' (which records them) is awaited too.
        scimServer.close();
        scimServer.closeIdleConnections();
        scimConnections.destroyWhere(dropIfHeld);
        await scimConnections.drained(5_000);
        scimConnections.destroyAll();
        await scimConnections.drained(1_000);
        closeScimApp();
        // The admin port stops listening before the live sockets are closed: an inspector that
        // reconnects at once finds the port closed (its ticket request fails) instead of half a server.
        adminServer.close();
        await eventSocket.close();
        adminServer.closeIdleConnections();
        await adminConnections.drained(2_000);
        adminConnections.destroyAll();
        await adminConnections.drained(1_000);
        // 2. The recorder: its worker interprets and writes what was captured; the results append
        //    to the resource history and count nothing in the store.
        await recorder.close();
        await exchanges.close();
        // 3. The store: in-flight commits reach the journal (their listeners append history), then
        //    the journal is folded into store.json.
        await store.close();
        // 4. What the steps above fed: fault counters and the resource history.
        await faults.close();
        await snapshots.close();
        await oauth.close();
        await history.close();
        await lock?.release();
      })();
      return closing;
    },
  };
  return sandbox;
}

export type { Settings };
