/**
 * The SCIM port's Express app. A request passes, in order: context (base URL), observers (the
 * recorder), body reading, authentication, body parsing, interceptors (the fault engine), then the
 * discovery and resource routes, and ends in the one error handler. Observers see every request,
 * including those that auth or faults reject.
 */
import express, { type RequestHandler } from 'express';
import type { Settings } from '../contract/settings.js';
import type { Repository } from '../store/repository.js';
import { authenticate } from './auth.js';
import { parseBody, readBody } from './body-reader.js';
import { discoveryRouter } from './discovery-router.js';
import { ScimError } from './errors.js';
import { scimErrorHandler } from './error-handler.js';
import { newRequestContext } from './request-context.js';
import { resourceRouter } from './resource-router.js';
import { ResourceService } from './resource-service.js';
import { resourceTypes } from './schemas/resource-types.js';
import { Searcher } from './search.js';

export const SCIM_BASE_PATH = '/scim/v2';

export interface ScimAppOptions {
  repo: Repository;
  settings: () => Settings;
  /** Run first for every request (the recorder). */
  observers?: RequestHandler[];
  /** Run after authentication and parsing, before the routes (the fault engine). */
  interceptors?: RequestHandler[];
  log?: (message: string) => void;
  /** Services, when the caller shares them with the admin API. */
  services?: { users: ResourceService; groups: ResourceService };
}

const HOST_PATTERN = /^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;

/** The base URL as the client reached us: through a tunnel (X-Forwarded-*) or directly. */
export function baseUrlOf(headers: Record<string, string | string[] | undefined>, fallbackHost: string): string {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.split(',')[0]?.trim();
  const proto = first(headers['x-forwarded-proto']);
  const host = first(headers['x-forwarded-host']) ?? first(headers.host);
  const safeProto = proto === 'https' || proto === 'http' ? proto : 'http';
  const safeHost = host && HOST_PATTERN.test(host) ? host : fallbackHost;
  return `${safeProto}://${safeHost}${SCIM_BASE_PATH}`;
}

export function createScimApp(options: ScimAppOptions) {
  const log = options.log ?? ((m: string) => console.error(m));
  const users = options.services?.users ?? new ResourceService(options.repo, resourceTypes.User);
  const groups = options.services?.groups ?? new ResourceService(options.repo, resourceTypes.Group);
  const routeOptions = { quirks: () => options.settings().quirks, patchReturnsResource: () => options.settings().patchReturnsResource };

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', 'simple');

  app.use((req, res, next) => {
    const local = `${req.socket.localAddress?.includes(':') ? `[${req.socket.localAddress}]` : req.socket.localAddress}:${req.socket.localPort}`;
    res.locals.scim = newRequestContext(baseUrlOf(req.headers, local));
    res.locals.responseStyle = { plainJsonContentType: options.settings().quirks.plainJsonContentType };
    next();
  });
  for (const observer of options.observers ?? []) app.use(observer);
  app.use(readBody());
  app.use(authenticate(() => options.settings().auth));
  app.use(parseBody);
  for (const interceptor of options.interceptors ?? []) app.use(interceptor);

  const scim = express.Router();
  scim.use(discoveryRouter(() => options.settings().auth.mode));
  scim.use('/Users', resourceRouter(users, new Searcher(options.repo, resourceTypes.User), routeOptions));
  scim.use('/Groups', resourceRouter(groups, new Searcher(options.repo, resourceTypes.Group), routeOptions));
  scim.all('/Bulk', () => {
    throw new ScimError(501, 'Bulk operations are not supported (ServiceProviderConfig says bulk.supported is false).');
  });
  scim.all('/Me', () => {
    throw new ScimError(501, 'The /Me endpoint is not supported.');
  });
  scim.all('/.search', () => {
    throw new ScimError(501, 'Searching across resource types is not supported; use /Users/.search or /Groups/.search.');
  });
  app.use(SCIM_BASE_PATH, scim);

  app.use((req) => {
    const hint = req.path.toLowerCase().startsWith(SCIM_BASE_PATH.toLowerCase())
      ? `No SCIM endpoint at ${req.path}; this server offers /Users, /Groups, /ServiceProviderConfig, /ResourceTypes and /Schemas.`
      : `No endpoint at ${req.path}. The SCIM base URL ends in ${SCIM_BASE_PATH} (e.g. ${SCIM_BASE_PATH}/Users).`;
    throw new ScimError(404, hint);
  });
  app.use(scimErrorHandler(log));
  return { app, services: { users, groups } };
}
