/**
 * /api/snapshots and /api/datasets: save the workspace's directory under a name, list, restore and
 * delete saved snapshots, and list the datasets `POST /api/store/reset` can reset to. Built per
 * workspace from that workspace's store and snapshot folder.
 */
import { Router } from 'express';
import { z } from 'zod';
import { listDatasets } from '../snapshots/datasets.js';
import { captureDirectory, restoreInto } from '../snapshots/restore.js';
import { SnapshotRefusal, type SnapshotStore } from '../snapshots/snapshot-store.js';
import type { Store } from '../store/store.js';
import { ApiError } from './api-errors.js';

export interface SnapshotRouteParts {
  store: Store;
  snapshots: SnapshotStore;
}

const STATUS: Record<SnapshotRefusal['reason'], number> = { invalid_name: 400, not_found: 404, exists: 409, damaged: 409 };

/** A refusal as the admin API's error; anything else is rethrown for the shared handler. */
async function refusing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SnapshotRefusal) throw new ApiError(STATUS[error.reason], error.reason === 'exists' ? 'conflict' : error.reason, error.message);
    throw error;
  }
}

const saveBody = z.object({ name: z.string({ error: 'name is required: the snapshot\'s name, e.g. "lab-1".' }), overwrite: z.boolean().optional() }).strict();

export function snapshotRoutes(parts: SnapshotRouteParts): Router {
  const router = Router();

  router.get('/snapshots', async (_req, res) => {
    const items = await parts.snapshots.list();
    res.json({ items, total: items.length });
  });

  router.post('/snapshots', async (req, res) => {
    const { name, overwrite } = saveBody.parse(req.body ?? {});
    const info = await refusing(() => parts.snapshots.save(name, captureDirectory(parts.store), { overwrite }));
    res.status(201).json(info);
  });

  router.post('/snapshots/:name/restore', async (req, res) => {
    const name = req.params.name;
    const directory = await refusing(() => parts.snapshots.load(name));
    const result = await restoreInto(parts.store, directory, { source: 'inspector', action: 'snapshot.restore', snapshot: name });
    res.json({ name, counts: parts.store.counts(), changed: result.changes.length + result.omittedChanges });
  });

  router.delete('/snapshots/:name', async (req, res) => {
    const name = req.params.name;
    if (!(await refusing(() => parts.snapshots.remove(name)))) throw new ApiError(404, 'not_found', `No snapshot "${name}".`);
    res.status(204).end();
  });

  router.get('/datasets', async (_req, res) => {
    const items = await listDatasets();
    res.json({ items, total: items.length });
  });

  return router;
}
