/**
 * The admin port's Express app: the JSON API under /api (guarded, see security.ts) and the built
 * inspector UI at / with a strict Content-Security-Policy. The same UI runs in a browser tab and in
 * the Electron window, both talking to this API. The instance's global routes (workspaces, tunnel,
 * event tickets) come first; every other /api path belongs to a workspace and is handed to the
 * `scoped` dispatcher (workspaces/admin-dispatch.ts), which runs that workspace's `scopedApiRouter`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Request, type Response } from 'express';
import { packageRoot } from '../config/data-paths.js';
import type { AdminContext } from './admin-context.js';
import { ApiError, apiErrorHandler } from './api-errors.js';
import { exchangesRoutes } from './exchanges-routes.js';
import { resourcesRoutes } from './resources-routes.js';
import { guardApi, guardStatic } from './security.js';
import { settingsRoutes } from './settings-routes.js';
import { MAX_JSON_DEPTH, tooDeep } from '../scim/json-depth.js';

export interface AdminAppOptions {
  adminToken: () => string;
  adminPort: () => number | null;
  /** The instance's global /api routers (workspaces, tunnel, event tickets). */
  routers?: express.Router[];
  /** Everything else under /api: the workspace dispatcher (it answers, or passes on for the 404). */
  scoped: express.RequestHandler;
  /** Folder of the built inspector (default: dist/renderer in the package). */
  staticDir?: string;
  log?: (m: string) => void;
}

export function contentSecurityPolicy(port: number | null): string {
  const ws = port === null ? '' : ` ws://127.0.0.1:${port} ws://localhost:${port}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    // React style attributes and CodeMirror's injected styles; no script can run from these.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${ws}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function defaultStaticDir(): string {
  return path.join(packageRoot(), 'dist', 'renderer');
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Scimscope</title>
<body style="font:16px system-ui;margin:3rem;max-width:40rem">
<h1>Scimscope is running</h1>
<p>The inspector UI has not been built in this checkout. Run <code>npm run build</code>, then reload.
The SCIM server and the admin API work without it.</p></body>`;

/** One workspace's /api routes (built per loaded workspace): settings, exchanges, users, groups, then `routers` (faults, scenarios...). */
export function scopedApiRouter(context: AdminContext, routers: express.Router[]): express.Router {
  const router = express.Router();
  router.use(settingsRoutes(context));
  router.use(exchangesRoutes(context));
  router.use(resourcesRoutes(context, 'User'));
  router.use(resourcesRoutes(context, 'Group'));
  for (const extra of routers) router.use(extra);
  return router;
}

export function createAdminApp(options: AdminAppOptions) {
  const log = options.log ?? ((m: string) => console.error(m));
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    next();
  });

  const api = express.Router();
  api.use(guardApi(options.adminToken, options.adminPort));
  api.use(
    express.json({
      limit: '5mb',
      type: ['application/json', 'application/*+json'],
      // The same nesting bound as the SCIM port (docs/decisions.md): the editors write through the same services.
      verify: (_req, _res, buf) => {
        if (tooDeep(buf.toString('utf8'))) throw Object.assign(new Error(`The request body nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep.`), { status: 400 });
      },
    }),
  );
  for (const router of options.routers ?? []) api.use(router);
  api.use(options.scoped);
  api.use((req: Request) => {
    throw new ApiError(404, 'not_found', `No admin endpoint ${req.method} /api${req.path}. See docs/admin-api.md.`);
  });
  app.use('/api', api);

  const staticDir = options.staticDir ?? defaultStaticDir();
  const indexFile = path.join(staticDir, 'index.html');
  app.use(guardStatic);
  app.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(options.adminPort()));
    next();
  });
  app.use(express.static(staticDir, { index: false, maxAge: '1h', fallthrough: true }));
  app.get('/{*splat}', (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    if (existsSync(indexFile)) res.sendFile(indexFile);
    else res.type('html').send(NOT_BUILT);
  });
  app.use(apiErrorHandler(log));
  return app;
}
