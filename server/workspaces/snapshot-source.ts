/**
 * `POST /api/workspaces { from: <snapshot> }`: a new workspace starts from a snapshot saved in the
 * default workspace (where a trainer prepares the lab), restored into it as one commit. The registry
 * asks this resolver only after "demo", "empty" and the workspace names, so a workspace of the same
 * name as a snapshot wins.
 */
import type { SnapshotStore } from '../snapshots/snapshot-store.js';
import { SnapshotRefusal } from '../snapshots/snapshot-store.js';
import { restoreInto } from '../snapshots/restore.js';
import type { FromPlan, FromResolver } from './workspace-sources.js';

export function snapshotSource(snapshots: () => SnapshotStore): FromResolver {
  return async (from): Promise<FromPlan | null> => {
    let directory;
    try {
      directory = await snapshots().load(from);
    } catch (error) {
      if (error instanceof SnapshotRefusal && (error.reason === 'not_found' || error.reason === 'invalid_name')) return null;
      throw error;
    }
    return { seed: 'empty', prepare: async (target) => void (await restoreInto(target.store, directory, { source: 'inspector', action: 'snapshot.restore', snapshot: from })) };
  };
}
