/**
 * The SCIM port's application. A request passes, in order: context (base URL), observers (the
 * recorder), body reading, authentication, body parsing, interceptors (the fault engine), then the
 * backend, and ends in the one error handler. The backend is the local store's discovery and
 * resource routes (sandbox mode) or the upstream forwarder (proxy mode, when settings name an
 * upstream); it is chosen per request, so switching modes needs no restart. Observers see every
 * request, including those that auth or faults reject.
 * OAuth endpoints (auth mode `oauth`) are answered before the backend, in both modes; they skip SCIM
 * authentication and JSON parsing (they authenticate the client themselves, with form bodies).
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Settings } from '../contract/settings.js';
import type { Repository } from '../store/repository.js';
import { createUpstreamBackend, type UpstreamBackend } from '../proxy/forwarder.js';
import { authenticate, type OAuthTokenCheck } from './auth.js';
import type { ScimBackend } from './backend.js';
import { parseBody, readBody } from './body-reader.js';
import { registerDiscovery } from './discovery-routes.js';
import { SCIM_BASE_PATH, scimPathOf } from './base-path.js';
import { ScimError } from './errors.js';
import { scimErrorHandler } from './error-handler.js';
import { createPipeline, type ScimRequest, type Step } from './http/pipeline.js';
import { RouteTable } from './http/route-table.js';
import { newRequestContext } from './request-context.js';
import { registerResource } from './resource-routes.js';
import type { ResponseStyle } from './send.js';
import { ResourceService } from './resource-service.js';
import { resourceTypes } from './schemas/resource-types.js';
import { Searcher } from './search.js';

export { SCIM_BASE_PATH };

export interface ScimAppOptions {
  repo: Repository;
  settings: () => Settings;
  /** Run first for every request (the recorder). */
  observers?: Step[];
  /** Run after authentication and parsing, before the routes (the fault engine). */
  interceptors?: Step[];
  log?: (message: string) => void;
  /** The authorization server (server/oauth/): its /oauth2 step and the access-token check SCIM auth uses. */
  oauth?: { step: Step; checkAccessToken: OAuthTokenCheck; isOAuthPath: (path: string) => boolean };
  /**
   * A named workspace's prefix on the port (`/w/<name>`; '' for the default workspace). The port's
   * dispatcher (workspaces/scim-dispatch.ts) strips it before the request gets here, so routes, fault
   * rules and recorded paths are the same in every workspace; only the URLs given back carry it.
   */
  mountPath?: string;
}

const PLAIN_JSON_STYLE: ResponseStyle = Object.freeze({ plainJsonContentType: true });
const SCIM_JSON_STYLE: ResponseStyle = Object.freeze({ plainJsonContentType: false });

const HOST_PATTERN = /^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;

/** The base URL as the client reached us: through a tunnel (X-Forwarded-*) or directly. */
export function baseUrlOf(headers: IncomingHttpHeaders, fallbackHost: string, mountPath = ''): string {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.split(',')[0]?.trim();
  const proto = first(headers['x-forwarded-proto']);
  const host = first(headers['x-forwarded-host']) ?? first(headers.host);
  const safeProto = proto === 'https' || proto === 'http' ? proto : 'http';
  const safeHost = host && HOST_PATTERN.test(host) ? host : fallbackHost;
  return `${safeProto}://${safeHost}${mountPath}${SCIM_BASE_PATH}`;
}

export interface ScimApp {
  handle: (req: IncomingMessage, res: ServerResponse) => void;
  services: { users: ResourceService; groups: ResourceService };
  backends: { local: ScimBackend; upstream: UpstreamBackend };
  /** Releases the upstream connection pool. */
  close(): void;
}

export function createScimApp(options: ScimAppOptions): ScimApp {
  const log = options.log ?? ((m: string) => console.error(m));
  const mount = options.mountPath ?? '';
  const base = `${mount}${SCIM_BASE_PATH}`;
  const users = new ResourceService(options.repo, resourceTypes.User);
  const groups = new ResourceService(options.repo, resourceTypes.Group);
  const routeOptions = { quirks: () => options.settings().quirks, patchReturnsResource: () => options.settings().patchReturnsResource };

  const table = new RouteTable(SCIM_BASE_PATH);
  registerDiscovery(table, () => options.settings().auth.mode);
  registerResource(table, users, new Searcher(options.repo, resourceTypes.User), routeOptions);
  registerResource(table, groups, new Searcher(options.repo, resourceTypes.Group), routeOptions);
  const notImplemented = (detail: string) => () => {
    throw new ScimError(501, detail);
  };
  const all = (handler: () => never) => ({ GET: handler, POST: handler, PUT: handler, PATCH: handler, DELETE: handler });
  table.add('/Bulk', all(notImplemented('Bulk operations are not supported (ServiceProviderConfig says bulk.supported is false).')));
  table.add('/Me', all(notImplemented('The /Me endpoint is not supported.')));
  table.add('/.search', all(notImplemented('Searching across resource types is not supported; use /Users/.search or /Groups/.search.')));

  // Per request the context step reuses what it worked out for the request before when nothing it
  // depends on changed: the base URL for the same Host header (no X-Forwarded-* headers), and one
  // shared, frozen response style per value of the quirk.
  let lastHost: string | undefined;
  let lastBaseUrl = '';
  const context: Step = (req, res, next) => {
    const headers = req.headers;
    const host = headers.host;
    let baseUrl: string;
    if (host !== undefined && host === lastHost && headers['x-forwarded-proto'] === undefined && headers['x-forwarded-host'] === undefined) {
      baseUrl = lastBaseUrl;
    } else {
      const address = req.socket.localAddress ?? '127.0.0.1';
      const local = `${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort}`;
      baseUrl = baseUrlOf(headers, local, mount);
      // A plain Host header that is a valid host names the base URL by itself (baseUrlOf: http, that host).
      if (host !== undefined && headers['x-forwarded-proto'] === undefined && headers['x-forwarded-host'] === undefined && HOST_PATTERN.test(host)) {
        lastHost = host;
        lastBaseUrl = baseUrl;
      }
    }
    const locals = res.locals;
    locals.scim = newRequestContext(baseUrl);
    locals.mountPath = mount;
    locals.responseStyle = options.settings().quirks.plainJsonContentType ? PLAIN_JSON_STYLE : SCIM_JSON_STYLE;
    next();
  };
  const notFound = (req: ScimRequest): never => {
    const hint = scimPathOf(req.path) !== null
      ? `No SCIM endpoint at ${mount}${req.path}; this server offers /Users, /Groups, /ServiceProviderConfig, /ResourceTypes and /Schemas.`
      : `No endpoint at ${mount}${req.path}. The SCIM base URL ends in ${base} (e.g. ${base}/Users).`;
    throw new ScimError(404, hint);
  };

  const oauth = options.oauth;
  /** SCIM-only steps are skipped for /oauth2 requests, whose form body the fault engine and recorder see as text. */
  const scimOnly = (step: Step): Step => (oauth ? (req, res, next) => {
    if (!oauth.isOAuthPath(req.path)) return step(req, res, next);
    const ctx = res.locals.scim as { rawBody: Buffer | null; body: unknown };
    if (step === parseBody && ctx.rawBody) ctx.body = ctx.rawBody.toString('utf8');
    next();
  } : step);

  // The routes, then the SCIM 404 when none matched (in the table's step, so no chain per request).
  const local: ScimBackend = { kind: 'local', step: table.step(notFound) };
  const upstream = createUpstreamBackend(options.settings);
  const backend: Step = (req, res, next) => (upstream.active() ? upstream : local).step(req, res, next);
  // Scimscope always checks the IdP's credentials, in proxy mode too; with pass-through the same
  // header then goes on to the upstream (so the sandbox's token is set to the upstream's).
  const auth = scimOnly(authenticate(() => options.settings().auth, oauth?.checkAccessToken));

  const steps: Step[] = [context, ...(options.observers ?? []), readBody(), auth, scimOnly(parseBody), ...(options.interceptors ?? []), ...(oauth ? [oauth.step] : []), backend];
  return { handle: createPipeline(steps, scimErrorHandler(log)), services: { users, groups }, backends: { local, upstream }, close: () => upstream.close?.() };
}
