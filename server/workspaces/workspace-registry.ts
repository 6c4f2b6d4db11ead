/**
 * The instance's workspaces: which exist (their folders under `<dataDir>/workspaces/` are the list,
 * so they survive restarts with nothing else to keep in step), which are loaded, and the changes
 * (create, rename, delete). The default workspace is always loaded; a named one is loaded on its
 * first SCIM, admin or WebSocket use and unloaded, closed cleanly, after `idleMs` with no request in
 * flight and no socket open, so an idle classroom costs little. A folder that cannot be loaded is
 * reported for that workspace (503 on use, `error` in the list), never written over.
 * Changes run one at a time; a bulk creation is all-or-nothing. Loading and unloading themselves
 * are workspace-loading.ts's.
 */
import { rename } from 'node:fs/promises';
import { ApiError } from '../admin/api-errors.js';
import { describeError } from '../app-errors.js';
import type { CreatedWorkspace, WorkspaceInfo } from '../contract/workspaces.js';
import type { EventBus } from '../events/event-bus.js';
import { SCIM_BASE_PATH, scimOriginOf } from '../scim/base-path.js';
import { createWorkspaceCore, type WorkspaceCore, type WorkspaceCoreOptions } from './workspace-core.js';
import { LoadedWorkspaces } from './workspace-loading.js';
import { listWorkspaceFolders, makeWorkspaceFolder, removeWorkspaceFolder } from './workspace-folders.js';
import { checkNewNames, DEFAULT_WORKSPACE, mountPathOf, nameProblem, workspaceDir } from './workspace-names.js';
import { builtInSource, copyWorkspace, type FromPlan, type FromResolver } from './workspace-sources.js';

export const DEFAULT_IDLE_MS = 10 * 60_000;
/** How long a delete or rename waits for requests in flight before cutting them. */
const QUIESCE_MS = 5_000;

export interface RegistryOptions {
  /** The data folder, or null for an instance that keeps nothing (workspaces then live until close). */
  dataDir: string | null;
  core: Omit<WorkspaceCoreOptions, 'scimUrl' | 'adminUrl' | 'overrides' | 'seed'>;
  /** The default workspace's per-run overrides and first-run seed. */
  overrides?: WorkspaceCoreOptions['overrides'];
  seed?: 'demo' | 'empty';
  /** The default workspace's SCIM base URL on the listening port, and the admin URL. */
  scimUrl: () => string | null;
  adminUrl: () => string | null;
  /** Unload a named workspace after this long unused; null never. */
  idleMs?: number | null;
  /** The idle clock (tests move it instead of waiting). */
  now?: () => number;
  /** Sources for `from` beyond demo, empty and another workspace (the snapshots module plugs in here). */
  resolveFrom?: FromResolver;
  /** Where named workspaces interpret their exchanges: 'inline' (default, see workspace-core.ts) or a 'worker' each. */
  namedRecording?: 'inline' | 'worker';
  /** Where the tunnel announces itself; its events are passed on to every loaded workspace's bus. */
  instanceBus: EventBus;
}

export interface Lease {
  core: WorkspaceCore;
  release(): void;
}

export class WorkspaceRegistry {
  readonly defaultCore: WorkspaceCore;
  private readonly known = new Set<string>();
  private readonly loads: LoadedWorkspaces;
  private changes: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly now: () => number;
  private readonly idleMs: number | null;

  private constructor(
    private readonly options: RegistryOptions,
    defaultCore: WorkspaceCore,
    names: string[],
  ) {
    this.defaultCore = defaultCore;
    this.loads = new LoadedWorkspaces((name) => createWorkspaceCore(name, this.dirOf(name), this.coreOptions(name, 'empty')), options.core.log);
    this.loads.add(defaultCore);
    for (const name of names) this.known.add(name);
    this.now = options.now ?? Date.now;
    this.idleMs = options.dataDir === null ? null : options.idleMs === undefined ? DEFAULT_IDLE_MS : options.idleMs;
    if (this.idleMs !== null) {
      this.timer = setInterval(() => void this.unloadIdle().catch((error) => options.core.log(`Could not unload idle workspaces: ${describeError(error)}`)), Math.max(1_000, Math.min(this.idleMs / 4, 60_000)));
      this.timer.unref();
    }
    options.instanceBus.on('tunnel:changed', (event) => {
      for (const core of this.loads.cores()) core.bus.emit('tunnel:changed', event);
    });
  }

  /** Loads the default workspace (its failure is the instance's) and lists the named ones. */
  static async open(options: RegistryOptions): Promise<WorkspaceRegistry> {
    const names = options.dataDir === null ? [] : await listWorkspaceFolders(options.dataDir, options.core.log);
    const core = await createWorkspaceCore(DEFAULT_WORKSPACE, options.dataDir, { ...options.core, overrides: options.overrides, seed: options.seed, scimUrl: options.scimUrl, adminUrl: options.adminUrl });
    return new WorkspaceRegistry(options, core, names);
  }

  has(name: string): boolean {
    return name === DEFAULT_WORKSPACE || this.known.has(name);
  }

  names(): string[] {
    return [DEFAULT_WORKSPACE, ...[...this.known].sort()];
  }

  /** A loaded workspace, or null (nothing is loaded by asking). */
  loaded(name: string): WorkspaceCore | null {
    return this.loads.get(name) ?? null;
  }

  scimUrlOf(name: string): string | null {
    const base = this.options.scimUrl();
    return base && `${scimOriginOf(base)}${mountPathOf(name)}${SCIM_BASE_PATH}`;
  }

  /** The workspace, loaded if need be, counted as in use until `release()`. 404 for none, 503 when its folder cannot be loaded. */
  async acquire(name: string): Promise<Lease> {
    for (;;) {
      if (this.closed) throw new ApiError(503, 'shutting_down', 'Scimscope is shutting down.');
      if (!this.has(name)) throw new ApiError(404, 'workspace_not_found', `No workspace "${name}" on this instance. GET /api/workspaces lists them.`);
      const closing = this.loads.unloading(name);
      if (closing) {
        await closing;
        continue;
      }
      const core = this.loads.get(name) ?? (await this.loads.load(name));
      if (this.loads.get(name) !== core) continue; // unloaded while we waited: load again
      core.activity.inflight++;
      let released = false;
      return {
        core,
        release: () => {
          if (released) return;
          released = true;
          core.activity.inflight--;
          core.activity.lastUsed = this.now();
        },
      };
    }
  }

  private coreOptions(name: string, seed: 'demo' | 'empty'): WorkspaceCoreOptions {
    return { ...this.options.core, recordInline: this.options.namedRecording !== 'worker', clock: this.now, seed, scimUrl: () => this.scimUrlOf(name), adminUrl: this.options.adminUrl };
  }

  private dirOf(name: string): string | null {
    return this.options.dataDir === null ? null : workspaceDir(this.options.dataDir, name);
  }

  list(): WorkspaceInfo[] {
    return this.names().map((name) => this.info(name));
  }

  info(name: string): WorkspaceInfo {
    const seen = this.loads.seen(name);
    const error = this.loads.error(name);
    return { name, scimUrl: this.scimUrlOf(name), mountPath: mountPathOf(name), loaded: this.loads.get(name) !== undefined, authMode: seen?.authMode ?? null, counts: seen?.counts ?? null, ...(error ? { error } : {}) };
  }

  /** Creates workspaces, all or none; `from` says what they start with (demo by default), and `warnings` what they lack (workspace-sources.ts). */
  create(names: string[], from = 'demo'): Promise<{ created: CreatedWorkspace[]; warnings: string[] }> {
    return this.change(async () => {
      checkNewNames(names, (name) => this.has(name));
      const plan = await this.resolve(from);
      const created: WorkspaceCore[] = [];
      try {
        for (const name of names) created.push(await this.createOne(name, plan));
      } catch (error) {
        for (const core of created) await this.discard(core);
        throw error;
      }
      for (const core of created) {
        this.known.add(core.name);
        this.loads.add(core);
        core.activity.lastUsed = this.now();
      }
      return { created: created.map((core) => ({ ...this.info(core.name), token: core.settings.current.auth.token })), warnings: plan.warnings?.(names) ?? [] };
    });
  }

  private async resolve(from: string): Promise<FromPlan> {
    const builtIn = builtInSource(from);
    if (builtIn) return builtIn;
    if (this.has(from)) return copyWorkspace(from, (name) => this.acquire(name));
    const plan = (await this.options.resolveFrom?.(from)) ?? null;
    if (plan) return plan;
    throw new ApiError(400, 'unknown_source', `"from" must be "demo", "empty" or an existing workspace${this.options.resolveFrom ? ' or snapshot' : ''}; "${from}" is none of these.`);
  }

  private async createOne(name: string, plan: FromPlan): Promise<WorkspaceCore> {
    const dir = this.dirOf(name);
    if (dir !== null) await makeWorkspaceFolder(name, dir);
    let core: WorkspaceCore | null = null;
    try {
      core = await createWorkspaceCore(name, dir, this.coreOptions(name, plan.seed));
      await plan.prepare?.(core);
      return core;
    } catch (error) {
      if (core) await core.close().catch(() => undefined);
      await removeWorkspaceFolder(dir);
      throw error;
    }
  }

  private async discard(core: WorkspaceCore): Promise<void> {
    await core.close().catch(() => undefined);
    await removeWorkspaceFolder(core.dir);
  }

  rename(from: string, to: string): Promise<WorkspaceInfo> {
    return this.change(async () => {
      if (from === DEFAULT_WORKSPACE) throw new ApiError(400, 'default_workspace', 'The default workspace cannot be renamed.');
      if (!this.known.has(from)) throw new ApiError(404, 'workspace_not_found', `No workspace "${from}" on this instance.`);
      const problem = nameProblem(to);
      if (problem) throw new ApiError(400, 'invalid_name', problem);
      if (this.has(to)) throw new ApiError(409, 'workspace_exists', `A workspace named "${to}" already exists.`);
      if (this.options.dataDir === null) throw new ApiError(409, 'not_supported', 'Workspaces of an in-memory instance cannot be renamed; duplicate it under the new name and delete the old one.');
      this.known.delete(from);
      try {
        await this.loads.unload(from, QUIESCE_MS);
        await rename(this.dirOf(from)!, this.dirOf(to)!);
      } catch (error) {
        this.known.add(from);
        throw error;
      }
      this.known.add(to);
      this.loads.renamed(from, to);
      return this.info(to);
    });
  }

  remove(name: string): Promise<void> {
    return this.change(async () => {
      if (name === DEFAULT_WORKSPACE) throw new ApiError(400, 'default_workspace', 'The default workspace cannot be deleted.');
      if (!this.known.has(name)) throw new ApiError(404, 'workspace_not_found', `No workspace "${name}" on this instance.`);
      this.known.delete(name);
      await this.loads.unload(name, QUIESCE_MS);
      await removeWorkspaceFolder(this.dirOf(name));
      this.loads.forget(name);
    });
  }

  /** Unloads every named workspace idle for `idleMs` (no request, no socket); resolves with their names. */
  async unloadIdle(): Promise<string[]> {
    if (this.idleMs === null || this.closed) return [];
    const now = this.now();
    const idle = this.loads.cores().filter((core) => core.name !== DEFAULT_WORKSPACE && core.activity.inflight === 0 && core.activity.sockets === 0 && now - core.activity.lastUsed >= this.idleMs!);
    await Promise.all(idle.map((core) => this.loads.unload(core.name, 0)));
    return idle.map((core) => core.name);
  }

  /** Runs `work` as one of the registry's changes: no create, rename or delete runs meanwhile (workspace-reset.ts). */
  serialize<T>(work: () => Promise<T>): Promise<T> {
    return this.change(work);
  }

  /** Runs changes one after another; a failed one does not stop the next. */
  private change<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new ApiError(503, 'shutting_down', 'Scimscope is shutting down.'));
    const next = this.changes.then(work, work);
    this.changes = next.catch(() => undefined);
    return next;
  }

  /** Every loaded core, for the instance's shutdown steps. */
  loadedCores(): WorkspaceCore[] {
    return this.loads.cores();
  }

  /** After the ports have stopped: waits for changes under way, then closes every workspace. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.changes;
    await this.loads.settle();
    const named = this.loads.cores().filter((core) => core.name !== DEFAULT_WORKSPACE);
    await Promise.all(named.map((core) => core.close()));
    await this.defaultCore.close();
  }
}
