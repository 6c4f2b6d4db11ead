/**
 * Opening a workspace's stores over its folder (settings, directory, exchange log, resource history,
 * fault rules, breakpoints, OAuth keys), in that order and all or nothing: if one fails to open,
 * those already open are closed again and nothing is written over. What they report on opening is
 * collected as the workspace's start-up warnings. Kept apart from the core, which wires the opened
 * stores into the recorder, the SCIM app and the admin routes.
 */
import type { AuthMode, UpstreamSettings } from '../contract/settings.js';
import { SettingsStore } from '../config/settings-store.js';
import type { EventBus } from '../events/event-bus.js';
import { BreakpointStore } from '../breakpoints/breakpoint-store.js';
import { FaultStore } from '../faults/fault-store.js';
import { createOAuthServer, type OAuthServer } from '../oauth/oauth-server.js';
import type { ExchangeFileState } from '../recorder/exchange-file.js';
import { ExchangeLog } from '../recorder/exchange-log.js';
import { ResourceHistory } from '../recorder/resource-history.js';
import { FilePersistence } from '../store/file-persistence.js';
import { MemoryPersistence } from '../store/memory-persistence.js';
import { Store } from '../store/store.js';

export interface StoreOptions {
  /** Per-run overrides (`--token`, `--auth`, `--upstream`): the default workspace only. */
  overrides?: { token?: string; adminToken?: string; auth?: AuthMode; upstream?: Partial<UpstreamSettings> };
  journalSync?: boolean;
  log: (line: string) => void;
  /** The OAuth server's clock. */
  now?: () => number;
  /** Awaited between slices of the exchange index's background load (tests hold the load open with it). */
  exchangeLoadPause?: () => Promise<void>;
}

export interface WorkspaceStores {
  settings: SettingsStore;
  store: Store;
  exchanges: ExchangeLog;
  /** Where the exchange log's files stand, for the recorder that appends to them. */
  fileState: ExchangeFileState;
  history: ResourceHistory;
  faults: FaultStore;
  breakpointStore: BreakpointStore;
  oauth: OAuthServer;
}

/** Opens the stores of workspace `name` over `dir` (null: memory); their warnings, and any the exchange log's background load finds later, go to `warnings` and the log. */
export async function openWorkspaceStores(name: string, dir: string | null, bus: EventBus, options: StoreOptions, warnings: string[]): Promise<WorkspaceStores> {
  const { log } = options;
  const overrides = options.overrides ?? {};
  const opened: (() => Promise<void>)[] = [];
  const undo = async () => {
    for (const close of opened.reverse()) await close().catch(() => undefined);
  };
  const warn = (warning: string) => log(`Warning${name === 'default' ? '' : ` (workspace ${name})`}: ${warning}`);
  let stores: WorkspaceStores;
  try {
    const settings = await SettingsStore.open(dir, { token: overrides.token, adminToken: overrides.adminToken, auth: overrides.auth, ...(overrides.upstream ? { upstream: overrides.upstream } : {}) }, bus);
    const persistence = dir === null ? new MemoryPersistence() : new FilePersistence({ dir, sync: options.journalSync ?? true, log });
    const store = await Store.open(persistence);
    opened.push(() => store.close());
    // The exchange index loads in the background once the core is up (exchange-log.ts); what that
    // load finds wrong is reported like a start-up warning.
    const openedLog = await ExchangeLog.open(dir, settings.current.recording.retention, log, {
      pause: options.exchangeLoadPause,
      onWarning: (warning) => {
        warnings.push(warning);
        warn(warning);
      },
    });
    const exchanges = openedLog.exchangeLog;
    // Closed if a later part fails to open (memory mode's temporary folder).
    opened.push(() => exchanges.close());
    const openedHistory = await ResourceHistory.open(dir, settings.current.recording.historyCap, log);
    const history = openedHistory.history;
    opened.push(() => history.close());
    const faults = await FaultStore.open(dir, bus, warn);
    opened.push(() => faults.close());
    const breakpointStore = await BreakpointStore.open(dir, bus);
    opened.push(() => breakpointStore.close());
    const oauth = await createOAuthServer({ settings: () => settings.current, dir, now: options.now });
    warnings.push(...store.warnings, ...openedLog.warnings, ...openedHistory.warnings);
    stores = { settings, store, exchanges, fileState: openedLog.fileState, history, faults, breakpointStore, oauth };
  } catch (error) {
    await undo();
    throw error;
  }
  for (const warning of warnings) warn(warning);
  return stores;
}
