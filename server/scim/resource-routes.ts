/**
 * The HTTP face of one resource type (`/Users` or `/Groups`): list and search, create, read,
 * replace, modify and delete, with SCIM's status codes, headers (Location, ETag) and projection.
 * The protocol work is done by ResourceService and Searcher; this module maps it onto HTTP, and
 * applies the quirk switches that imitate common broken servers.
 */
import type { QuirkSettings } from '../contract/settings.js';
import { ScimError, badRequest } from './errors.js';
import type { ScimRequest, ScimResponse } from './http/pipeline.js';
import type { RouteTable } from './http/route-table.js';
import { parseListQuery, type ListQuery } from './list-query.js';
import { isProjected, noProjection, parseProjection, project, type Projection } from './projection.js';
import { contextOf } from './request-context.js';
import type { ResourceService, WriteResult } from './resource-service.js';
import type { Searcher } from './search.js';
import { listPage } from './list-page.js';
import { sendScim, sendScimJson, sendScimList } from './send.js';
import { utf8Length, type RenderedView } from '../store/view-cache.js';
import { renderViewText } from '../store/views.js';

export interface ResourceRouteOptions {
  quirks: () => QuirkSettings;
  patchReturnsResource: () => boolean;
}

/** attributes / excludedAttributes of a list query or a request's query string. */
function projectionOf(query: ListQuery, service: ResourceService, res: ScimResponse): Projection {
  if (!query.attributes && !query.excludedAttributes) return noProjection;
  return parseProjection(service.type, query.attributes, query.excludedAttributes, contextOf(res).leniencies);
}

/** The projection a read or write asks for; parsed before a write, so a malformed one is refused before anything changes. */
function projectionFrom(req: ScimRequest, res: ScimResponse, service: ResourceService): Projection {
  return projectionOf(parseListQuery(req.query), service, res);
}

export function registerResource(table: RouteTable, service: ResourceService, searcher: Searcher, options: ResourceRouteOptions): void {
  const typeName = service.type.name;
  const endpoint = service.type.endpoint;

  /**
   * Renders resources for one response as JSON text: the base URL and quirks are read once, not per
   * resource. For a page of several resources without a projection the text comes from the store's
   * cache of rendered views, so the page concatenates text it already has. One resource (a read, an
   * `eq` lookup, a write's answer) and projections render afresh: for random single reads over 100k
   * users the cache's bookkeeping cost more than it saved (docs/performance.md).
   */
  const rendererFor = (res: ScimResponse, projection: Projection, cached = false): ((id: string) => RenderedView) => {
    const baseUrl = contextOf(res).baseUrl;
    if (cached && projection === noProjection) {
      return (id) => {
        const rendered = service.repo.rendered(typeName, id, baseUrl);
        if (!rendered) throw missing(id);
        return rendered;
      };
    }
    if (projection === noProjection) return (id) => renderFresh(id, baseUrl);
    const projectOptions = { ignoreExcluded: options.quirks().ignoreExcludedAttributes };
    return (id) => {
      const view = service.repo.view(typeName, id, baseUrl);
      if (!view) throw missing(id);
      const json = JSON.stringify(project(view, projection, projectOptions));
      return { json, bytes: utf8Length(json) };
    };
  };
  const missing = (id: string) => new ScimError(404, `${typeName} "${id}" not found.`);
  /** One resource, rendered afresh without a projection. */
  const renderFresh = (id: string, baseUrl: string): RenderedView => {
    const record = service.repo.get(typeName, id);
    if (!record) throw missing(id);
    return renderViewText(service.repo, typeName, record, baseUrl);
  };

  const list = (res: ScimResponse, query: ListQuery) => {
    const quirks = options.quirks();
    const effective = quirks.zeroBasedStartIndex ? { ...query, startIndex: query.startIndex + 1 } : query;
    const projection = projectionOf(query, service, res);
    const page = searcher.search(effective);
    const rendered = page.ids.map(rendererFor(res, projection, page.ids.length > 1));
    const totalResults = quirks.stringTotalResults ? String(page.totalResults) : page.totalResults;
    sendScimList(res, listPage(totalResults, query.startIndex, rendered));
  };

  const written = (res: ScimResponse, result: WriteResult, status: number, projection: Projection) => {
    const ctx = contextOf(res);
    ctx.changes.push(...result.changes);
    ctx.omittedChanges += result.omittedChanges;
    const stored = service.repo.get(typeName, result.id)!;
    const headers: Record<string, string> = { ETag: stored.meta.version };
    if (status === 204) return sendScim(res, 204, undefined, headers);
    const { json, bytes } = rendererFor(res, projection)(result.id);
    if (status === 201) headers.Location = `${ctx.baseUrl}${endpoint}/${result.id}`;
    sendScimJson(res, status, json, headers, bytes);
  };

  const writeOptions = (req: ScimRequest, res: ScimResponse) => {
    const ctx = contextOf(res);
    const ifMatch = req.headers['if-match'];
    return { origin: { source: 'scim' as const, ...(ctx.exchangeId ? { exchangeId: ctx.exchangeId } : {}) }, leniencies: ctx.leniencies, ifMatch };
  };

  const identify = (res: ScimResponse, id: string | null) => {
    const ctx = contextOf(res);
    ctx.resourceType = typeName;
    ctx.resourceId = id;
  };

  table.add(endpoint, {
    GET: (req, res) => {
      identify(res, null);
      list(res, parseListQuery(req.query));
    },
    POST: async (req, res) => {
      identify(res, null);
      const projection = projectionFrom(req, res, service);
      const result = await withQuirks(options.quirks(), () => service.create(contextOf(res).body, writeOptions(req, res)));
      identify(res, result.id);
      written(res, result, 201, projection);
    },
  });

  table.add(`${endpoint}/.search`, {
    POST: (_req, res) => {
      identify(res, null);
      const body = contextOf(res).body ?? {};
      if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('invalidSyntax', 'A search body must be a JSON object (a SearchRequest).');
      list(res, parseListQuery(body as Record<string, unknown>, true));
    },
  });

  table.add(`${endpoint}/:id`, {
    GET: (req, res) => {
      const id = req.params.id!;
      identify(res, id);
      const version = service.require(id).meta.version;
      const noneMatch = req.headers['if-none-match'];
      if (noneMatch && noneMatch.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === version.replace(/^W\//, ''))) {
        return sendScim(res, 304, undefined, { ETag: version });
      }
      // A read without query parameters (what IdPs send) has no projection to parse.
      const { json, bytes } = hasNoKeys(req.query) ? renderFresh(id, contextOf(res).baseUrl) : rendererFor(res, projectionFrom(req, res, service))(id);
      sendScimJson(res, 200, json, { ETag: version }, bytes);
    },
    PUT: async (req, res) => {
      const id = req.params.id!;
      identify(res, id);
      const projection = projectionFrom(req, res, service);
      const result = await withQuirks(options.quirks(), () => service.replace(id, contextOf(res).body, writeOptions(req, res)));
      written(res, result, 200, projection);
    },
    PATCH: async (req, res) => {
      const id = req.params.id!;
      identify(res, id);
      const body = contextOf(res).body;
      const projection = projectionFrom(req, res, service);
      if (options.quirks().rejectMembersReplace && typeName === 'Group') rejectMembersReplace(body);
      const result = await withQuirks(options.quirks(), () => service.patch(id, body, writeOptions(req, res)));
      written(res, result, options.patchReturnsResource() || isProjected(projection) ? 200 : 204, projection);
    },
    DELETE: async (req, res) => {
      const id = req.params.id!;
      identify(res, id);
      const result = await service.remove(id, writeOptions(req, res));
      contextOf(res).changes.push(...result.changes);
      sendScim(res, 204, undefined);
    },
  });
}

function hasNoKeys(query: ScimRequest['query']): boolean {
  for (const _ in query) return false;
  return true;
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
