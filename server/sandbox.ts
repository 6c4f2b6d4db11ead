/**
 * The sandbox factory: everything Scimscope runs, without Electron and without listening until
 * asked. The CLI and the Electron main process construct it and call `listen`; tests do the same.
 * It owns the data folder (lock, settings, store), the event bus, the SCIM app and the admin app,
 * and shuts them down in the order that loses nothing: stop accepting, finish in-flight requests,
 * flush and compact the store, release the folder.
 */
import { mkdir } from 'node:fs/promises';
import http, { type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { AuthMode, Settings } from './contract/settings.js';
import { lockDataFolder, type DataFolderLock } from './config/data-folder-lock.js';
import { SettingsStore } from './config/settings-store.js';
import { AppError } from './app-errors.js';
import { EventBus } from './events/event-bus.js';
import { listen, urlHost } from './net/listen.js';
import { createScimApp, SCIM_BASE_PATH } from './scim/scim-app.js';
import type { ResourceService } from './scim/resource-service.js';
import { seedDemoDirectory } from './seed/demo-directory.js';
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
  /** fdatasync journal writes (default true). */
  journalSync?: boolean;
  log?: (line: string) => void;
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
}

export interface Sandbox {
  readonly dataDir: string;
  readonly store: Store;
  readonly bus: EventBus;
  readonly settings: SettingsStore;
  readonly services: { users: ResourceService; groups: ResourceService };
  readonly scimServer: Server;
  readonly warnings: string[];
  listen(options?: ListenOptions): Promise<SandboxAddresses>;
  addresses(): SandboxAddresses | null;
  /** Finish in-flight requests and writes, then release everything. Safe to call twice. */
  close(): Promise<void>;
}

/** Tracks open sockets and in-flight requests so shutdown can wait for the latter and end the former. */
function trackConnections(server: Server) {
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('request', (_req, res) => {
    inFlight++;
    res.on('close', () => {
      inFlight--;
      if (inFlight === 0) {
        for (const w of idleWaiters) w();
        idleWaiters = [];
      }
    });
  });
  return {
    /** Resolves when no request is in flight, or after `ms`. */
    drained(ms: number): Promise<void> {
      if (inFlight === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, ms);
        idleWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    destroyAll() {
      for (const s of sockets) s.destroy();
    },
  };
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
  let store: Store;
  let settings: SettingsStore;
  try {
    settings = await SettingsStore.open(memory ? null : dataDir, { token: options.token, adminToken: options.adminToken, auth: options.auth }, bus);
    const persistence = memory ? new MemoryPersistence() : new FilePersistence({ dir: dataDir, sync: options.journalSync ?? true, log });
    store = await Store.open(persistence);
  } catch (error) {
    await lock?.release();
    throw error;
  }
  store.onChange((event) => bus.emit('store:changed', event));

  const { app: scimApp, services } = createScimApp({ repo: store, settings: () => settings.current, log });
  if (store.fresh && (options.seed ?? 'demo') === 'demo') await seedDemoDirectory(services);

  const scimServer = http.createServer({ keepAliveTimeout: 65_000 }, scimApp);
  const scimConnections = trackConnections(scimServer);
  let addresses: SandboxAddresses | null = null;
  let closing: Promise<void> | null = null;

  const sandbox: Sandbox = {
    dataDir,
    store,
    bus,
    settings,
    services,
    scimServer,
    warnings: store.warnings,
    async listen(listenOptions = {}) {
      const host = listenOptions.host ?? '127.0.0.1';
      const scim = await listen(scimServer, { port: listenOptions.scimPort ?? DEFAULT_SCIM_PORT, host, flag: '--port', fallbackTries: listenOptions.portFallbackTries ?? 0 });
      addresses = { scimPort: scim.port, host, scimUrl: `http://${urlHost(host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host)}:${scim.port}${SCIM_BASE_PATH}` };
      return addresses;
    },
    addresses: () => addresses,
    close() {
      closing ??= (async () => {
        scimServer.close();
        scimServer.closeIdleConnections();
        await scimConnections.drained(5_000);
        scimConnections.destroyAll();
        await store.close();
        await lock?.release();
      })();
      return closing;
    },
  };
  return sandbox;
}

export type { Settings };
