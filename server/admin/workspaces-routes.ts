/**
 * /api/workspaces: list, create (one, a list of names, or a numbered series for a class), rename
 * and delete the instance's workspaces, and restore a class of them from a snapshot or dataset in one
 * call. These are global routes (they name workspaces rather than
 * live in one). A creation answers with each new workspace's own SCIM token, so it is never cached,
 * and with `warnings`: what a copy lacks that its source relied on (as a lab-bundle import previews them).
 */
import { Router } from 'express';
import { z } from 'zod';
import type { WorkspaceRegistry } from '../workspaces/workspace-registry.js';
import { ApiError } from './api-errors.js';
import { resetWorkspaces } from '../workspaces/workspace-reset.js';
import { createWorkspacesSchema, renameWorkspaceSchema, restoreWorkspacesSchema } from './workspaces-schemas.js';

/** `class-` × 30 → class-01 … class-30 (at least two digits, so they sort as they count). */
export function seriesNames(prefix: string, count: number): string[] {
  const width = Math.max(2, String(count).length);
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(width, '0')}`);
}

function namesOf(body: z.infer<typeof createWorkspacesSchema>): { names: string[]; bulk: boolean } {
  const forms = [body.name !== undefined, body.names !== undefined, body.prefix !== undefined || body.count !== undefined].filter(Boolean).length;
  if (forms !== 1) throw new ApiError(400, 'invalid_input', 'Send exactly one of "name", "names", or "prefix" with "count".');
  if (body.name !== undefined) return { names: [body.name], bulk: false };
  if (body.names !== undefined) return { names: body.names, bulk: true };
  if (body.prefix === undefined || body.count === undefined) throw new ApiError(400, 'invalid_input', '"prefix" and "count" go together, e.g. { "prefix": "class-", "count": 30 }.');
  return { names: seriesNames(body.prefix, body.count), bulk: true };
}


export function workspacesRoutes(registry: WorkspaceRegistry): Router {
  const router = Router();

  router.get('/workspaces', (_req, res) => {
    const items = registry.list();
    res.json({ items, total: items.length });
  });

  router.post('/workspaces', async (req, res) => {
    const body = createWorkspacesSchema.parse(req.body ?? {});
    const { names, bulk } = namesOf(body);
    const { created, warnings } = await registry.create(names, body.from ?? 'demo');
    res.setHeader('Cache-Control', 'no-store');
    res.status(201).json(bulk ? { items: created, total: created.length, warnings } : { ...created[0], warnings });
  });

  // Before /workspaces/:name so "restore" is never read as a workspace name (no POST there anyway).
  router.post('/workspaces/restore', async (req, res) => {
    const { from, ...targets } = restoreWorkspacesSchema.parse(req.body ?? {});
    const items = await resetWorkspaces(registry, from, targets);
    res.json({ from, items, total: items.length });
  });

  router.get('/workspaces/:name', (req, res) => {
    if (!registry.has(req.params.name)) throw new ApiError(404, 'workspace_not_found', `No workspace "${req.params.name}" on this instance.`);
    res.json(registry.info(req.params.name));
  });

  router.patch('/workspaces/:name', async (req, res) => {
    const { name } = renameWorkspaceSchema.parse(req.body ?? {});
    res.json(await registry.rename(req.params.name, name));
  });

  router.delete('/workspaces/:name', async (req, res) => {
    await registry.remove(req.params.name);
    res.status(204).end();
  });

  return router;
}
