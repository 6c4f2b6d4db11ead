/**
 * /api/faults: the fault rules (list, create, replace, enable/disable, delete, reorder, reset
 * counters) and the presets that add a ready-made rule in one call.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { FaultEngine } from '../faults/fault-engine.js';
import { definition, type FaultStore } from '../faults/fault-store.js';
import { presets } from '../faults/presets.js';
import { ApiError, notFoundError } from './api-errors.js';

export const reorderSchema = z.object({ ids: z.array(z.string()) }).strict();

export function faultsRoutes(store: FaultStore, engine: FaultEngine): Router {
  const router = Router();
  const found = <T>(value: T | undefined, id: string): T => {
    if (value === undefined) throw notFoundError(`Fault rule "${id}"`);
    return value;
  };

  router.get('/faults', (_req, res) => {
    res.json({ items: store.list(), total: store.list().length });
  });

  router.post('/faults', async (req, res) => {
    const { position } = z.object({ position: z.coerce.number().int().min(0).optional() }).parse(req.query);
    res.status(201).json(await store.add(req.body, position));
  });

  router.get('/faults/presets', (_req, res) => {
    res.json({ items: presets, total: presets.length });
  });

  router.post('/faults/presets/:id', async (req, res) => {
    const preset = presets.find((p) => p.id === req.params.id);
    if (!preset) throw new ApiError(404, 'not_found', `No preset "${req.params.id}"; GET /api/faults/presets lists them.`);
    res.status(201).json(await store.add({ ...preset.rule, enabled: true }));
  });

  router.post('/faults/reorder', async (req, res) => {
    const { ids } = reorderSchema.parse(req.body);
    if (!(await store.reorder(ids))) throw new ApiError(400, 'invalid_input', 'ids must list every rule id exactly once.');
    res.json({ items: store.list(), total: store.list().length });
  });

  router.post('/faults/reset-counters', async (_req, res) => {
    await store.resetCounters();
    engine.reseed();
    res.json({ items: store.list(), total: store.list().length });
  });

  router.get('/faults/:id', (req, res) => {
    res.json(found(store.get(req.params.id), req.params.id));
  });

  router.put('/faults/:id', async (req, res) => {
    res.json(found(await store.replace(req.params.id, req.body), req.params.id));
  });

  router.patch('/faults/:id', async (req, res) => {
    const current = found(store.get(req.params.id), req.params.id);
    res.json(await store.replace(req.params.id, { ...definition(current), ...(req.body as object) }));
  });

  router.post('/faults/:id/reset-counters', async (req, res) => {
    found(store.get(req.params.id), req.params.id);
    await store.resetCounters(req.params.id);
    engine.reseed();
    res.json(store.get(req.params.id));
  });

  router.delete('/faults/:id', async (req, res) => {
    if (!(await store.remove(req.params.id))) throw notFoundError(`Fault rule "${req.params.id}"`);
    res.status(204).end();
  });

  return router;
}
