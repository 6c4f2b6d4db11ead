/**
 * /api/users and /api/groups: the inspector's editors. The same ResourceService as the SCIM routes
 * does the work, so edits obey the same rules, but they bypass SCIM auth and faults and are
 * recorded in each resource's history as made from the inspector, not as SCIM traffic. A resource's
 * history comes whole (oldest first, the first form) or in pages, newest first, for a group pushed
 * thousands of times.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { HistoryPage } from '../contract/admin.js';
import type { ResourceTypeName } from '../contract/scim.js';
import type { PageRange } from '../recorder/resource-history.js';
import { parseListQuery } from '../scim/list-query.js';
import { parseProjection, project } from '../scim/projection.js';
import type { ResourceService } from '../scim/resource-service.js';
import { Searcher } from '../scim/search.js';
import { generateFakeUsers, MAX_GENERATED } from '../seed/fake-users.js';
import type { AdminContext } from './admin-context.js';
import { ApiError, notFoundError } from './api-errors.js';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Accepts a SCIM PatchOp, or a plain object of attributes to replace (what a form sends). */
function asPatchOp(body: unknown): unknown {
  if (body && typeof body === 'object' && !Array.isArray(body) && ('Operations' in body || 'schemas' in body)) return body;
  return { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: body }] };
}

export const generateUsersSchema = z.object({ count: z.number().int().min(1).max(MAX_GENERATED), seed: z.number().int().optional() });

/** A history page: `count` entries (default 50), below `before` (a seq; default: from the newest). */
export const HISTORY_PAGE_DEFAULT = 50;
export const HISTORY_PAGE_MAX = 500;
const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,15}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max.toLocaleString('en-US')}`));
export const historyQuerySchema = z.object({ count: wholeNumber(1, HISTORY_PAGE_MAX).optional(), before: wholeNumber(1, Number.MAX_SAFE_INTEGER).optional() });

/** The page asked for, or null for the whole timeline (no count, no before). */
export function parseHistoryQuery(query: Record<string, unknown>): PageRange | null {
  // Own names only: `in` would take ?toString=1 or ?constructor=x for parameters (inherited from Object).
  const unknown = Object.keys(query).find((k) => !Object.hasOwn(historyQuerySchema.shape, k));
  if (unknown !== undefined) throw new ApiError(400, 'invalid_input', `Unknown query parameter "${unknown}": the history takes count and before.`, [{ path: unknown, message: 'not a parameter of this endpoint' }]);
  for (const [name, value] of Object.entries(query)) if (typeof value !== 'string') throw new ApiError(400, 'invalid_input', `${name}: give it once.`, [{ path: name, message: 'given more than once' }]);
  const q = historyQuerySchema.parse(query);
  if (q.count === undefined && q.before === undefined) return null;
  return { count: q.count ?? HISTORY_PAGE_DEFAULT, ...(q.before !== undefined ? { before: q.before } : {}) };
}

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
    const range = parseHistoryQuery(req.query as Record<string, unknown>);
    let answer: HistoryPage;
    if (range === null) {
      const items = await ctx.history.forResource(type, req.params.id);
      answer = { items, total: items.length, nextBefore: null };
    } else {
      const page = await ctx.history.page(type, req.params.id, range);
      answer = { items: page.entries, total: page.total, nextBefore: page.nextBefore };
    }
    if (answer.total === 0) service.require(req.params.id);
    res.json(answer);
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

