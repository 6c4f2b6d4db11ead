/**
 * The HTTP face of one resource type (`/Users` or `/Groups`): list and search, create, read,
 * replace, modify and delete, with SCIM's status codes, headers (Location, ETag) and projection.
 * The protocol work is done by ResourceService and Searcher; this module maps it onto HTTP.
 */
import { Router, type Request, type Response } from 'express';
import type { JsonObject } from '../contract/scim.js';
import type { QuirkSettings } from '../contract/settings.js';
import { ScimError, badRequest } from './errors.js';
import { parseListQuery, type ListQuery } from './list-query.js';
import { isProjected, noProjection, parseProjection, project, type Projection } from './projection.js';
import { contextOf } from './request-context.js';
import type { ResourceService, WriteResult } from './resource-service.js';
import type { Searcher } from './search.js';
import { sendScim } from './send.js';

const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

export interface ResourceRouterOptions {
  quirks: () => QuirkSettings;
  patchReturnsResource: () => boolean;
}

function methodNotAllowed(allow: string) {
  return (req: Request, res: Response) => {
    res.setHeader('Allow', allow);
    throw new ScimError(405, `${req.method} is not allowed here; use ${allow.split(', ').join(' or ')}.`);
  };
}

/** attributes / excludedAttributes from the query string, for reads and writes alike. */
function projectionFrom(req: Request, service: ResourceService): Projection {
  const q = parseListQuery(req.query as Record<string, unknown>);
  if (!q.attributes && !q.excludedAttributes) return noProjection;
  return parseProjection(service.type, q.attributes, q.excludedAttributes);
}

export function resourceRouter(service: ResourceService, searcher: Searcher, options: ResourceRouterOptions): Router {
  const router = Router();
  const typeName = service.type.name;

  const render = (res: Response, id: string, projection: Projection): JsonObject => {
    const view = service.repo.view(typeName, id, contextOf(res).baseUrl);
    if (!view) throw new ScimError(404, `${typeName} "${id}" not found.`);
    return project(view, projection, { ignoreExcluded: options.quirks().ignoreExcludedAttributes });
  };

  const list = (res: Response, query: ListQuery) => {
    const quirks = options.quirks();
    const effective = quirks.zeroBasedStartIndex ? { ...query, startIndex: query.startIndex + 1 } : query;
    const projection = parseProjection(service.type, query.attributes, query.excludedAttributes);
    const page = searcher.search(effective);
    const resources = page.ids.map((id) => render(res, id, projection));
    const body: JsonObject = {
      schemas: [LIST],
      totalResults: quirks.stringTotalResults ? String(page.totalResults) : page.totalResults,
      startIndex: query.startIndex,
      itemsPerPage: resources.length,
      Resources: resources,
    };
    sendScim(res, 200, body);
  };

  const written = (req: Request, res: Response, result: WriteResult, status: number) => {
    const ctx = contextOf(res);
    ctx.changes.push(...result.changes);
    ctx.omittedChanges += result.omittedChanges;
    const projection = projectionFrom(req, service);
    const body = render(res, result.id, projection);
    const stored = service.repo.get(typeName, result.id)!;
    const headers: Record<string, string> = { ETag: stored.meta.version };
    if (status === 201) headers.Location = String((body.meta as JsonObject | undefined)?.location ?? `${ctx.baseUrl}${service.type.endpoint}/${result.id}`);
    sendScim(res, status, body, headers);
  };

  const writeOptions = (req: Request, res: Response) => {
    const ctx = contextOf(res);
    const ifMatch = req.headers['if-match'];
    return { origin: { source: 'scim' as const, ...(ctx.exchangeId ? { exchangeId: ctx.exchangeId } : {}) }, leniencies: ctx.leniencies, ifMatch };
  };

  const identify = (res: Response, id: string | null) => {
    const ctx = contextOf(res);
    ctx.resourceType = typeName;
    ctx.resourceId = id;
  };

  router.get('/', (req, res) => {
    identify(res, null);
    list(res, parseListQuery(req.query as Record<string, unknown>));
  });

  router.post('/.search', (req, res) => {
    identify(res, null);
    const body = contextOf(res).body ?? {};
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('invalidSyntax', 'A search body must be a JSON object (a SearchRequest).');
    list(res, parseListQuery(body as Record<string, unknown>, true));
  });
  router.all('/.search', methodNotAllowed('POST'));

  router.post('/', async (req, res) => {
    identify(res, null);
    const result = await withQuirks(options.quirks(), () => service.create(contextOf(res).body, writeOptions(req, res)));
    identify(res, result.id);
    written(req, res, result, 201);
  });
  router.all('/', methodNotAllowed('GET, POST'));

  router.get('/:id', (req, res) => {
    const id = String(req.params.id);
    identify(res, id);
    const stored = service.require(id);
    const version = stored.meta.version;
    const noneMatch = req.headers['if-none-match'];
    if (noneMatch && noneMatch.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === version.replace(/^W\//, ''))) {
      sendScim(res, 304, undefined, { ETag: version });
      return;
    }
    sendScim(res, 200, render(res, id, projectionFrom(req, service)), { ETag: version });
  });

  router.put('/:id', async (req, res) => {
    const id = String(req.params.id);
    identify(res, id);
    const result = await withQuirks(options.quirks(), () => service.replace(id, contextOf(res).body, writeOptions(req, res)));
    written(req, res, result, 200);
  });

  router.patch('/:id', async (req, res) => {
    const id = String(req.params.id);
    identify(res, id);
    const body = contextOf(res).body;
    if (options.quirks().rejectMembersReplace && typeName === 'Group') rejectMembersReplace(body);
    const result = await withQuirks(options.quirks(), () => service.patch(id, body, writeOptions(req, res)));
    const projection = projectionFrom(req, service);
    if (!options.patchReturnsResource() && !isProjected(projection)) {
      const ctx = contextOf(res);
      ctx.changes.push(...result.changes);
      sendScim(res, 204, undefined, { ETag: service.repo.get(typeName, id)!.meta.version });
      return;
    }
    written(req, res, result, 200);
  });

  router.delete('/:id', async (req, res) => {
    const id = String(req.params.id);
    identify(res, id);
    const result = await service.remove(id, writeOptions(req, res));
    contextOf(res).changes.push(...result.changes);
    sendScim(res, 204, undefined);
  });
  router.all('/:id', methodNotAllowed('GET, PUT, PATCH, DELETE'));

  return router;
}

/** Quirk: a server that cannot PATCH-replace a group's members (some only support add/remove). */
function rejectMembersReplace(body: unknown): void {
  const ops = (body as { Operations?: unknown })?.Operations;
  if (!Array.isArray(ops)) return;
  for (const op of ops as { op?: unknown; path?: unknown; value?: unknown }[]) {
    const isReplace = typeof op.op === 'string' && op.op.toLowerCase() === 'replace';
    const onMembers = (typeof op.path === 'string' && /^members\b/i.test(op.path)) || (op.path === undefined && op.value !== null && typeof op.value === 'object' && Object.keys(op.value as object).some((k) => k.toLowerCase() === 'members'));
    if (isReplace && onMembers) throw badRequest('invalidValue', 'This server does not support "replace" on members; use "add" and "remove". (Quirk: rejectMembersReplace)');
  }
}

/** Quirks that change how a duplicate is reported: 400 instead of 409, or 409 without scimType. */
async function withQuirks<T>(quirks: QuirkSettings, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof ScimError && error.status === 409) {
      if (quirks.duplicateAs400) throw new ScimError(400, error.detail);
      if (quirks.conflictWithoutScimType) throw new ScimError(409, error.detail);
    }
    throw error;
  }
}

