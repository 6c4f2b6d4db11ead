/**
 * `POST /api/workspaces/restore`: a trainer resets a whole class in one call. Every target
 * workspace's directory is put back from one source: a snapshot saved in the default workspace (where
 * the lab is prepared, as `POST /api/workspaces { from }` reads it) or a built-in dataset. Everything
 * is checked and every target loaded before the first change; then each workspace is restored in one
 * store commit of its own, recorded in its resource timelines like the workspace's own restore; if
 * one fails, those already restored are put back, so the class is restored whole or not at all.
 * It runs as one of the registry's changes, so no create, rename or delete interleaves.
 */
import { ApiError } from '../admin/api-errors.js';
import type { DatasetName } from '../contract/snapshots.js';
import type { ChangeOrigin } from '../contract/store.js';
import type { WorkspaceRestored } from '../contract/workspaces.js';
import { dataset, DATASET_NAMES } from '../snapshots/datasets.js';
import { captureDirectory, restoreInto } from '../snapshots/restore.js';
import type { Directory } from '../snapshots/snapshot-format.js';
import { SnapshotRefusal } from '../snapshots/snapshot-store.js';
import type { Lease, WorkspaceRegistry } from './workspace-registry.js';
import { DEFAULT_WORKSPACE } from './workspace-names.js';

/** Exactly one: these names (the default workspace only when named), a name prefix, or every named workspace. */
export interface ResetTargets {
  names?: string[];
  prefix?: string;
  all?: boolean;
}


interface Source {
  directory: Directory;
  /** The same origin the workspace's own snapshot restore or dataset reset records. */
  origin: ChangeOrigin;
}

function targetsOf(registry: WorkspaceRegistry, targets: ResetTargets): string[] {
  const forms = [targets.names !== undefined, targets.prefix !== undefined, targets.all === true].filter(Boolean).length;
  if (forms !== 1) throw new ApiError(400, 'invalid_input', 'Send exactly one of "names", "prefix", or "all": true (every named workspace; the default one only when named).');
  if (targets.names !== undefined) {
    if (targets.names.length === 0) throw new ApiError(400, 'no_names', 'Name at least one workspace to restore.');
    const names = [...new Set(targets.names)];
    for (const name of names) if (!registry.has(name)) throw new ApiError(404, 'workspace_not_found', `No workspace "${name}" on this instance; nothing was restored.`);
    return names;
  }
  const named = registry.names().filter((name) => name !== DEFAULT_WORKSPACE);
  if (targets.all === true) {
    if (named.length === 0) throw new ApiError(404, 'workspace_not_found', 'There are no named workspaces to restore.');
    return named;
  }
  const matching = named.filter((name) => name.startsWith(targets.prefix!));
  if (matching.length === 0) throw new ApiError(404, 'workspace_not_found', `No workspace name starts with "${targets.prefix}"; nothing was restored.`);
  return matching;
}

async function sourceOf(registry: WorkspaceRegistry, from: string): Promise<Source> {
  if ((DATASET_NAMES as readonly string[]).includes(from)) return { directory: await dataset(from as DatasetName), origin: { source: 'reset', dataset: from } };
  try {
    return { directory: await registry.defaultCore.snapshots.load(from), origin: { source: 'inspector', action: 'snapshot.restore', snapshot: from } };
  } catch (error) {
    if (error instanceof SnapshotRefusal && (error.reason === 'not_found' || error.reason === 'invalid_name'))
      throw new ApiError(400, 'unknown_source', `"from" must be a dataset (${DATASET_NAMES.join(', ')}) or a snapshot saved in the default workspace; "${from}" is neither. Nothing was restored.`);
    if (error instanceof SnapshotRefusal) throw new ApiError(409, error.reason, `${error.message} Nothing was restored.`);
    throw error;
  }
}

/**
 * Restores every target from `from`; answers each workspace's counts afterwards, in target order.
 * All or nothing across the class: each workspace's directory is captured before its restore, and if
 * one restore fails, the workspaces already restored are put back to what they held (recorded in
 * their timelines as an undo), so a failed call leaves the class as it found it.
 */
export function resetWorkspaces(registry: WorkspaceRegistry, from: string, targets: ResetTargets): Promise<WorkspaceRestored[]> {
  return registry.serialize(async () => {
    const names = targetsOf(registry, targets);
    const source = await sourceOf(registry, from);
    const leases: Lease[] = [];
    try {
      // Loaded one after another (a class of lazily unloaded workspaces costs a moment, not a spike).
      for (const name of names) leases.push(await registry.acquire(name));
      const restored: Array<{ core: Lease['core']; before: Directory }> = [];
      const items: WorkspaceRestored[] = [];
      for (const { core } of leases) {
        const before = captureDirectory(core.store);
        let result;
        try {
          result = await restoreInto(core.store, source.directory, source.origin);
        } catch (error) {
          throw await undoRestored(restored, core.name, error);
        }
        restored.push({ core, before });
        const { users, groups } = core.store.counts();
        items.push({ name: core.name, counts: { users, groups }, changed: result.changes.length + result.omittedChanges });
      }
      return items;
    } finally {
      for (const lease of leases) lease.release();
    }
  });
}

const UNDO_ORIGIN: ChangeOrigin = { source: 'inspector', action: 'workspaces.restore.undo' };

/** Puts the already restored workspaces back, newest first; the error says what the class now holds. */
async function undoRestored(restored: Array<{ core: Lease['core']; before: Directory }>, failed: string, cause: unknown): Promise<ApiError> {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const stuck: string[] = [];
  for (const { core, before } of [...restored].reverse()) {
    try {
      await restoreInto(core.store, before, UNDO_ORIGIN);
    } catch {
      stuck.push(core.name);
    }
  }
  const undone = restored.length - stuck.length;
  if (stuck.length === 0)
    return new ApiError(500, 'restore_failed', `Restoring workspace "${failed}" failed (${reason}). ${undone === 0 ? 'Nothing had been restored yet' : `The ${undone} workspace${undone === 1 ? '' : 's'} restored before it ${undone === 1 ? 'was' : 'were'} put back`}; every workspace holds what it held before.`);
  return new ApiError(500, 'restore_failed', `Restoring workspace "${failed}" failed (${reason}), and putting back ${stuck.map((n) => `"${n}"`).join(', ')} failed too: ${stuck.length === 1 ? 'it holds' : 'they hold'} the restored directory; every other workspace holds what it held before.`);
}
