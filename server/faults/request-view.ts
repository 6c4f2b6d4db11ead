/**
 * The view of a request that rule matching reads (fault rules and breakpoints share it): method,
 * paths, raw headers, body text, and the lifecycle label and client, worked out from the request
 * alone and only when a rule asks for them.
 */
import type { ClientKind, OperationKind } from '../contract/exchange.js';
import { detectClient } from '../recorder/client-detect.js';
import { classifyOperation, type ExchangeFacts } from '../recorder/operation-classify.js';
import { scimPathOf } from '../scim/base-path.js';
import type { ScimRequest, ScimResponse } from '../scim/http/pipeline.js';
import { contextOf } from '../scim/request-context.js';
import type { Repository } from '../store/repository.js';
import type { RequestView } from './fault-matcher.js';

export function requestViewOf(req: ScimRequest, res: ScimResponse, repo: Repository): RequestView {
  const ctx = contextOf(res);
  const scimPath = scimPathOf(req.path);
  let classified: { kind: OperationKind; client: ClientKind } | null = null;
  return {
    method: req.method,
    scimPath: scimPath ?? req.path,
    fullPath: req.path,
    rawHeaders: req.rawHeaders,
    bodyText: () => ctx.rawBody?.toString('utf8') ?? '',
    classify: () => (classified ??= classifyRequest(req, ctx.body, scimPath, repo)),
  };
}

/** The lifecycle label and client of a request before it is served, from the request alone. */
function classifyRequest(req: ScimRequest, body: unknown, scimPath: string | null, repo: Repository): { kind: OperationKind; client: ClientKind } {
  const headers = req.headers as Record<string, string>;
  const query: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.query)) query[k] = Array.isArray(v) ? v.join(',') : v;
  const facts: ExchangeFacts = {
    method: req.method,
    scimPath,
    query,
    headers,
    body,
    status: 0,
    responseBody: undefined,
    resourceType: null,
    resourceId: null,
    changes: [],
    lookup: (type, id) => repo.get(type, id),
    authFailed: false,
    error: null,
    rawQuery: req.originalUrl.slice(req.path.length + 1),
    path: req.path,
  };
  const client = detectClient(headers, body, facts);
  return { kind: classifyOperation(facts, client).kind, client };
}
