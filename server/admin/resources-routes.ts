/**
 * /api/users and /api/groups: the inspector's editors. The same ResourceService as the SCIM routes
 * does the work, so edits obey the same rules, but they bypass SCIM auth and faults and are
 * recorded in each resource's history as made from the inspector, not as SCIM traffic.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { ResourceTypeName } from '../contract/scim.js';
import { parseListQuery } from '../scim/list-query.js';
import { parseProjection, project } from '../scim/projection.js';
import type { ResourceService } from '../scim/resource-service.js';
import { Searcher } from '../scim/search.js';
import { generateFakeUsers, MAX_GENERATED } from '../seed/fake-users.js';
import type { AdminContext } from './admin-context.js';
import { notFoundError } from './api-errors.js';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Accepts a SCIM PatchOp, or a plain object of attributes to replace (what a form sends). */
function asPatchOp(body: unknown): unknown {
  if (body && typeof body === 'object' && !Array.isArray(body) && ('Operations' in body || 'schemas' in body)) return body;
  return { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: body }] };
}

export const generateUsersSchema = z.object({ count: z.number().int().min(1).max(MAX_GENERATED), seed: z.number().int().optional() });

export function resourcesRoutes(ctx: AdminContext, type: ResourceTypeName): Router {
  const router = Router();
  const service: ResourceService = type === 'User' ? ctx.services.users : ctx.services.groups;
  const searcher = new Searcher(ctx.store, service.type);
  const base = type === 'User' ? '/users' : '/groups';
  const baseUrl = () => ctx.addresses().scimUrl ?? undefined;
  const origin = (action: string) => ({ source: 'inspector' as const, action });
  const view = (id: string) => {
    const v = ctx.store.view(type, id, baseUrl());
    if (!v) throw notFoundError(`${type} "${id}"`);
    return v;
  };
  const options = (req: Request, action: string) => ({ origin: origin(action), leniencies: [], ifMatch: req.headers['if-match'] });

  router.get(base, (req, res) => {
    const query = parseListQuery(req.query as Record<string, unknown>);
    const page = searcher.search(query);
    const projection = parseProjection(service.type, query.attributes, query.excludedAttributes);
    const items = page.ids.map((id) => project(view(id), projection));
    res.json({ items, total: page.totalResults, startIndex: query.startIndex });
  });

  router.post(base, async (req, res) => {
    const result = await service.create(req.body, options(req, 'create'));
    res.status(201).json(view(result.id));
  });

  if (type === 'User') {
    router.post(`${base}/generate`, async (req, res) => {
      const { count, seed } = generateUsersSchema.parse(req.body);
      const ids = await generateFakeUsers(service, count, origin('generate'), seed);
      res.status(201).json({ created: ids.length, ids: ids.slice(0, 100) });
    });
  }

  router.get(`${base}/:id`, (req, res) => {
    res.json(view(req.params.id));
  });

  router.get(`${base}/:id/history`, async (req, res) => {
    // A deleted resource keeps its timeline; only an id never seen is unknown. The entries are read from disk.
    const items = await ctx.history.forResource(type, req.params.id);
    if (items.length === 0) service.require(req.params.id);
    res.json({ items, total: items.length });
  });

  router.put(`${base}/:id`, async (req, res) => {
    await service.replace(req.params.id, req.body, options(req, 'replace'));
    res.json(view(req.params.id));
  });

  router.patch(`${base}/:id`, async (req, res) => {
    await service.patch(req.params.id, asPatchOp(req.body), options(req, 'patch'));
    res.json(view(req.params.id));
  });

  router.delete(`${base}/:id`, async (req, res) => {
    await service.remove(req.params.id, options(req, 'delete'));
    res.status(204).end();
  });

  return router;
}

