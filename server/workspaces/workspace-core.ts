/**
 * One workspace: what a whole sandbox was before workspaces (settings, store, recorder and exchange
 * log, resource history, fault rules, OAuth server, the SCIM app and the per-workspace admin routes),
 * built over one folder with its OWN event bus, so nothing one workspace does can reach another's
 * listeners. It never listens: the instance's one SCIM server and one admin server dispatch to it
 * (workspaces/scim-dispatch.ts, admin-dispatch.ts). The registry loads and unloads cores; close()
 * finishes what was recorded and written, so unloading loses nothing. Its stores open in
 * workspace-stores.ts; whether it is in use is counted in workspace-activity.ts.
 */
import type { ServerResponse } from 'node:http';
import type { Router } from 'express';
import type { AdminContext } from '../admin/admin-context.js';
import { scopedApiRouter } from '../admin/admin-app.js';
import { conformanceRoutes } from '../admin/conformance-routes.js';
import { createEventSocket, type EventSocket } from '../admin/events-socket.js';
import { faultsRoutes } from '../admin/faults-routes.js';
import { scenarioRoutes } from '../admin/scenario-routes.js';
import { upstreamRoutes } from '../admin/upstream-routes.js';
import { breakpointRoutes } from '../admin/breakpoint-routes.js';
import { bundleRoutes } from '../admin/bundle-routes.js';
import { snapshotRoutes } from '../admin/snapshot-routes.js';
import { BreakpointEngine } from '../breakpoints/breakpoint-engine.js';
import { dataset, type DatasetName } from '../snapshots/datasets.js';
import { restoreInto } from '../snapshots/restore.js';
import { SnapshotStore } from '../snapshots/snapshot-store.js';
import { scimOriginOf } from '../scim/base-path.js';
import { EventBus } from '../events/event-bus.js';
import { FaultEngine } from '../faults/fault-engine.js';
import { RetryDetector } from '../faults/retry-detector.js';
import { oauthAdminRoutes } from '../oauth/oauth-admin-routes.js';
import { isOAuthPath, type OAuthServer } from '../oauth/oauth-server.js';
import { historyFromStoreChange } from '../recorder/inspector-history.js';
import { createRecorder, type Recorder } from '../recorder/recorder.js';
import { authorizationFor, replayExchange } from '../recorder/replay.js';
import type { ScimApp } from '../scim/scim-app.js';
import { createScimApp } from '../scim/scim-app.js';
import { seedDemoDirectory } from '../seed/demo-directory.js';
import type { SettingsStore } from '../config/settings-store.js';
import type { FaultStore } from '../faults/fault-store.js';
import type { ExchangeLog } from '../recorder/exchange-log.js';
import type { BodySearchWatch } from '../recorder/exchange-query.js';
import type { ResourceHistory } from '../recorder/resource-history.js';
import type { WorkerPost } from '../recorder/recording-backend.js';
import type { Store } from '../store/store.js';
import type { TunnelManager } from '../tunnel/tunnel-manager.js';
import { createActivityTracker, type Activity } from './workspace-activity.js';
import { mountPathOf } from './workspace-names.js';
import { openWorkspaceStores, type StoreOptions } from './workspace-stores.js';

export interface WorkspaceCoreOptions extends StoreOptions {
  /** What a new (empty) store starts with. Default 'demo'. */
  seed?: 'demo' | 'empty';
  /**
   * Interpret and write exchanges on the main thread instead of a recording worker of its own. A
   * worker per workspace costs ~10 MB and ~0.3 s to start and stop (docs/performance.md), so named
   * workspaces record inline unless told otherwise; the default workspace keeps its worker.
   */
  recordInline?: boolean;
  /** Hands each message to the recording worker (by default `worker.postMessage`; tests hold batches through it). */
  postToWorker?: WorkerPost;
  /** Watches the admin API's body searches between their slices (tests hold one part-way). */
  bodySearchWatch?: BodySearchWatch;
  /** The clock `activity.lastUsed` is read from (the registry's idle clock). */
  clock?: () => number;
  version: string;
  startedAt: number;
  /** The instance's one tunnel (its events reach every workspace's bus through the registry). */
  tunnel: TunnelManager;
  /**
   * The instance's admin token (the default workspace's): scrubbed from this workspace's records too.
   * Null while the default workspace itself is being opened (its seed commits reach the history then).
   */
  adminToken: () => string | null;
  /** This workspace's SCIM base URL on the listening port (null before listen). */
  scimUrl: () => string | null;
  adminUrl: () => string | null;
}

export interface WorkspaceCore {
  readonly name: string;
  /** Its folder, or null for a sandbox that keeps nothing (':memory:'). */
  readonly dir: string | null;
  readonly mountPath: string;
  readonly bus: EventBus;
  readonly settings: SettingsStore;
  readonly store: Store;
  readonly services: ScimApp['services'];
  readonly exchanges: ExchangeLog;
  readonly history: ResourceHistory;
  readonly faults: FaultStore;
  readonly oauth: OAuthServer;
  readonly recorder: Recorder;
  readonly snapshots: SnapshotStore;
  readonly context: AdminContext;
  readonly warnings: string[];
  /** The SCIM port's handler for this workspace (the request's URL already has the mount stripped). */
  readonly handle: ScimApp['handle'];
  /** Every workspace-scoped /api route, relative to /api or /api/w/<name>. */
  readonly api: Router;
  readonly events: EventSocket;
  /** Requests in flight and open sockets: the registry unloads a core only when both are 0. */
  readonly activity: Activity;
  /** Replaces the directory with a dataset (server/snapshots/datasets.ts) in one commit. */
  resetStore(dataset: DatasetName): Promise<void>;
  /** Lets every paused exchange go on and stops pausing (breakpoints), so draining never waits on a trainer. */
  releasePaused(): Promise<void>;
  /** Resolves once no request is in flight and no socket is open. */
  settled(): Promise<void>;
  /** Counts a SCIM or admin request as in flight until its response closes. */
  track(res: ServerResponse): void;
  /** Closes the live sockets, waits up to `graceMs` for requests in flight, then cuts the rest. */
  quiesce(graceMs: number): Promise<void>;
  /** Stops the SCIM app's upstream pool (the instance does this after its port has drained). */
  stopScim(): void;
  /** Finish recording and writes, then release everything. Safe to call twice. */
  close(): Promise<void>;
}

/** Builds a workspace's core over `dir` (null: memory). Anything opened before a failure is closed again, and nothing is written over. */
export async function createWorkspaceCore(name: string, dir: string | null, options: WorkspaceCoreOptions): Promise<WorkspaceCore> {
  const { log } = options;
  const bus = new EventBus();
  const warnings: string[] = [];
  const { settings, store, exchanges, fileState, history, faults, breakpointStore, oauth } = await openWorkspaceStores(name, dir, bus, options, warnings);
  store.onChange((event) => {
    const { origin } = event;
    // Every change is numbered as it commits, so timelines are in commit order. A SCIM change's
    // labels come from the recording worker later (recorder.ts): its entry waits for them. Without
    // an exchange (recording off) a SCIM change has no history, as before.
    if (origin.source !== 'scim') history.append(historyFromStoreChange(event.changes, origin));
    else if (origin.exchangeId !== undefined) history.reserve(origin.exchangeId, historyFromStoreChange(event.changes, origin));
    bus.emit('store:changed', event);
  });

  const mountPath = mountPathOf(name);
  const faultEngine = new FaultEngine({ store: faults, repo: store, settings: () => settings.current });
  bus.on('settings:changed', ({ keys }) => {
    if (keys.includes('faults')) faultEngine.reseed();
    // However the settings changed (the settings route, a lab bundle, a workspace copy), the limits apply at once.
    if (keys.includes('recording')) {
      exchanges.setRetention(settings.current.recording.retention);
      history.setCap(settings.current.recording.historyCap);
    }
  });
  const retries = new RetryDetector();
  // While the default workspace is being opened the instance's token is not known yet; it is this
  // workspace's own then, listed anyway.
  const instanceAdminToken = () => options.adminToken() ?? settings.adminToken;
  const secrets = () => {
    const s = settings.current;
    return [s.auth.token, s.auth.basic.password, s.auth.oauth.clientSecret, instanceAdminToken(), settings.adminToken, ...(s.tunnel.ngrokAuthtoken ? [s.tunnel.ngrokAuthtoken] : []), ...(s.upstream.token ? [s.upstream.token] : [])];
  };
  // A stored attribute may hold a secret a client sent: no history line keeps it (resource-history.ts).
  history.redactWith(secrets);
  const breakpoints = new BreakpointEngine({ store: breakpointStore, repo: store, bus, secrets });
  const recorder = createRecorder({
    exchanges,
    history,
    bus,
    repo: store,
    // In memory mode too: the exchange log's temporary folder, removed at close.
    dir: exchanges.dir,
    fileState,
    settings: () => settings.current,
    annotate: (parts, rawBody) => retries.annotate(parts, rawBody),
    secrets,
    log,
    inline: options.recordInline ?? false,
    postToWorker: options.postToWorker,
  });
  const scimApp = createScimApp({ repo: store, settings: () => settings.current, observers: [recorder.step], interceptors: [faultEngine.step(), breakpoints.step()], oauth: { step: oauth.step, checkAccessToken: oauth.checkAccessToken, isOAuthPath }, mountPath, log });
  const { services } = scimApp;
  if (store.fresh && (options.seed ?? 'demo') === 'demo') await seedDemoDirectory(services);

  const snapshots = SnapshotStore.forWorkspace(dir);
  const resetStore = async (name: DatasetName) => {
    await restoreInto(store, await dataset(name), { source: 'reset', dataset: name });
  };
  let releasing: Promise<void> | null = null;
  const releasePaused = () => (releasing ??= breakpoints.close());
  const internalAuthorization = async () => (settings.current.auth.mode === 'oauth' ? `Bearer ${await oauth.issueInternalToken()}` : authorizationFor(settings.current.auth));
  const context: AdminContext = {
    workspace: name,
    mountPath,
    version: options.version,
    dataDir: dir ?? ':memory:',
    startedAt: options.startedAt,
    store,
    services,
    exchanges,
    history,
    settings,
    bus,
    tunnel: options.tunnel,
    addresses: () => ({ scimUrl: options.scimUrl(), adminUrl: options.adminUrl() }),
    warnings: () => warnings,
    replay: async (exchangeId, edit) => {
      const original = await exchanges.get(exchangeId);
      const scimUrl = options.scimUrl();
      if (!original || !scimUrl) throw new Error(`Exchange ${exchangeId} cannot be replayed now.`);
      const { auth } = settings.current;
      // In oauth mode the replay carries a short-lived token of its own, as the IdP's has likely expired.
      const replayAuth = auth.mode === 'oauth' ? { ...auth, mode: 'bearer' as const, token: await oauth.issueInternalToken() } : auth;
      return replayExchange(original, { scimUrl, auth: replayAuth, bus }, undefined, edit);
    },
    resetStore,
    ...(options.bodySearchWatch ? { bodySearchWatch: options.bodySearchWatch } : {}),
  };
  const api = scopedApiRouter(context, [
    faultsRoutes(faults, faultEngine),
    scenarioRoutes({ scimUrl: options.scimUrl, authorization: internalAuthorization }),
    oauthAdminRoutes(oauth, settings, options.tunnel, options.scimUrl, mountPath),
    conformanceRoutes({ scimUrl: options.scimUrl, auth: () => settings.current.auth, oauthToken: () => oauth.issueInternalToken() }),
    upstreamRoutes(settings, secrets),
    breakpointRoutes({ store: breakpointStore, engine: breakpoints }),
    snapshotRoutes({ store, snapshots }),
    bundleRoutes({ store, faults, settings, exchanges, version: options.version, workspace: name, scimOrigin: () => { const url = options.scimUrl(); return url ? scimOriginOf(url) : `http://127.0.0.1:7171${mountPath}`; } }),
  ]);

  const tracker = createActivityTracker(options.clock ?? Date.now);
  const events = createEventSocket(context, (count) => tracker.setSockets(count));
  let closing: Promise<void> | null = null;

  return {
    name,
    dir,
    mountPath,
    bus,
    settings,
    store,
    services,
    exchanges,
    history,
    faults,
    oauth,
    recorder,
    snapshots,
    context,
    warnings,
    handle: scimApp.handle,
    api,
    events,
    activity: tracker.activity,
    resetStore,
    releasePaused,
    settled: tracker.settled,
    track: (res) => tracker.track(res),
    async quiesce(graceMs) {
      await releasePaused();
      await events.close();
      await tracker.drain(graceMs);
    },
    stopScim: () => scimApp.close(),
    close() {
      closing ??= (async () => {
        await releasePaused();
        await events.close();
        scimApp.close();
        // The recorder first (its results append to the history), then the store (its journal is
        // folded into store.json), then what they fed.
        await recorder.close();
        await exchanges.close();
        await store.close();
        await faults.close();
        await snapshots.close();
        await oauth.close();
        await history.close();
      })();
      return closing;
    },
  };
}
