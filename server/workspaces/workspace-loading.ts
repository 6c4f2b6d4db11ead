/**
 * Which workspaces are loaded. A named workspace is loaded on first use, one load at a time per name;
 * a folder that cannot be loaded is remembered as that workspace's error (answered 503, shown in the
 * list) and left as it is. Unloading quiesces the core, then closes it, and remembers its auth mode
 * and counts so the list still shows them. Kept apart from the registry, which knows which
 * workspaces exist, runs the changes and decides when a workspace is unloaded.
 */
import { ApiError } from '../admin/api-errors.js';
import { describeError } from '../app-errors.js';
import type { AuthMode } from '../contract/settings.js';
import type { WorkspaceInfo } from '../contract/workspaces.js';
import type { WorkspaceCore } from './workspace-core.js';

/** What the workspace list shows of a workspace's state: as it is, or as it was when last unloaded. */
export interface LastSeen {
  authMode: AuthMode;
  counts: WorkspaceInfo['counts'];
}

function seenOf(core: WorkspaceCore): LastSeen {
  return { authMode: core.settings.current.auth.mode, counts: { ...core.store.counts(), exchanges: core.exchanges.size } };
}

export class LoadedWorkspaces {
  private readonly ready = new Map<string, WorkspaceCore>();
  private readonly loading = new Map<string, Promise<WorkspaceCore>>();
  private readonly closing = new Map<string, Promise<void>>();
  private readonly errors = new Map<string, string>();
  private readonly lastSeen = new Map<string, LastSeen>();

  /** `open` builds a named workspace's core over its folder. */
  constructor(
    private readonly open: (name: string) => Promise<WorkspaceCore>,
    private readonly log: (line: string) => void,
  ) {}

  /** A loaded core, or undefined (nothing is loaded by asking). */
  get(name: string): WorkspaceCore | undefined {
    return this.ready.get(name);
  }

  cores(): WorkspaceCore[] {
    return [...this.ready.values()];
  }

  /** Counts a core opened elsewhere (the default workspace, a new one) as loaded. */
  add(core: WorkspaceCore): void {
    this.ready.set(core.name, core);
  }

  /** The unloading of `name` under way, if any. */
  unloading(name: string): Promise<void> | undefined {
    return this.closing.get(name);
  }

  /** The workspace's auth mode and counts: as they are if it is loaded, else as they were when last unloaded. */
  seen(name: string): LastSeen | null {
    const core = this.ready.get(name);
    return core ? seenOf(core) : (this.lastSeen.get(name) ?? null);
  }

  /** Why its folder could not be loaded the last time it was tried. */
  error(name: string): string | undefined {
    return this.errors.get(name);
  }

  /** Loads `name` (a load under way is shared); a failure is a 503 and is remembered for the list. */
  load(name: string): Promise<WorkspaceCore> {
    let pending = this.loading.get(name);
    if (pending) return pending;
    pending = (async () => {
      try {
        const core = await this.open(name);
        this.errors.delete(name);
        this.ready.set(name, core);
        return core;
      } catch (error) {
        const message = describeError(error);
        this.errors.set(name, message);
        this.log(`Workspace "${name}" could not be loaded: ${message}`);
        throw new ApiError(503, 'workspace_unavailable', `Workspace "${name}" could not be loaded: ${message} Its folder is left as it is.`);
      } finally {
        this.loading.delete(name);
      }
    })();
    this.loading.set(name, pending);
    return pending;
  }

  /** Waits for a load under way, then quiesces (`graceMs` for requests in flight) and closes the core. */
  async unload(name: string, graceMs: number): Promise<void> {
    await this.loading.get(name)?.catch(() => undefined);
    const core = this.ready.get(name);
    if (!core) return void (await this.closing.get(name));
    this.ready.delete(name);
    this.lastSeen.set(name, seenOf(core));
    const done = (async () => {
      await core.quiesce(graceMs);
      await core.close();
    })();
    this.closing.set(name, done);
    try {
      await done;
    } finally {
      this.closing.delete(name);
    }
  }

  /** A renamed workspace keeps what the list showed of it. */
  renamed(from: string, to: string): void {
    const seen = this.lastSeen.get(from);
    this.lastSeen.delete(from);
    if (seen) this.lastSeen.set(to, seen);
    this.errors.delete(from);
  }

  /** A deleted workspace leaves nothing behind. */
  forget(name: string): void {
    this.lastSeen.delete(name);
    this.errors.delete(name);
  }

  /** Waits for the loads and unloads under way (whether they fail is theirs to report). */
  async settle(): Promise<void> {
    await Promise.all([...this.loading.values()].map((p) => p.catch(() => undefined)));
    await Promise.all([...this.closing.values()].map((p) => p.catch(() => undefined)));
  }
}
