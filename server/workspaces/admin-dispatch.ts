/**
 * The admin port's workspace scoping: `/api/w/<name>/<rest>` runs `<rest>` on workspace `<name>`'s
 * router (loading it if need be), plain `/api/<rest>` runs on the default workspace's; the live
 * event stream likewise, `/api/w/<name>/events` and `/api/events`. The caller is checked (loopback,
 * admin token or ticket) before any workspace is named or loaded, and a socket only ever receives
 * the events of the workspace it was opened on (each core has its own bus and socket server).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import express, { type Request } from 'express';
import { ApiError, toApiError } from '../admin/api-errors.js';
import { EVENTS_PATH, rejectUpgrade } from '../admin/events-socket.js';
import type { WorkspaceRegistry } from './workspace-registry.js';
import { DEFAULT_WORKSPACE, isWorkspaceName } from './workspace-names.js';

const noEndpoint = (req: Request) => new ApiError(404, 'not_found', `No admin endpoint ${req.method} ${req.originalUrl.split('?')[0]}. See docs/admin-api.md.`);

export function scopedApi(registry: WorkspaceRegistry): express.Router {
  const router = express.Router();
  router.use('/w/:workspace', (req, res, next) => {
    const name = String(req.params.workspace);
    if (!isWorkspaceName(name)) return next(new ApiError(404, 'workspace_not_found', `No workspace "${name}": names are lowercase letters, digits and hyphens.`));
    registry.acquire(name).then((lease) => {
      lease.core.track(res);
      lease.release();
      lease.core.api(req, res, (error?: unknown) => next(error ?? noEndpoint(req)));
    }, next);
  });
  router.use((req, res, next) => registry.defaultCore.api(req, res, next));
  return router;
}

const SCOPED_EVENTS = /^\/api\/w\/([^/]+)\/events$/;

/** The admin server's 'upgrade' handler. `check` applies the admin guard (see admin/security.ts). */
export function eventsUpgrade(registry: WorkspaceRegistry, check: (req: IncomingMessage) => ApiError | null, log: (line: string) => void) {
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => undefined);
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    const name = path === EVENTS_PATH ? DEFAULT_WORKSPACE : SCOPED_EVENTS.exec(path)?.[1];
    if (name === undefined) return rejectUpgrade(socket, { status: 404, code: 'not_found', message: 'No WebSocket here; the event stream is at /api/events (or /api/w/<workspace>/events).' });
    const refused = check(req);
    if (refused) return rejectUpgrade(socket, refused);
    if (!isWorkspaceName(name)) return rejectUpgrade(socket, { status: 404, code: 'workspace_not_found', message: `No workspace "${name}".` });
    registry.acquire(name).then(
      (lease) => {
        try {
          lease.core.events.accept(req, socket, head);
        } finally {
          lease.release();
        }
      },
      (error: unknown) => {
        const known = toApiError(error);
        if (!known) log(`Could not open the event stream of "${name}": ${(error as Error)?.stack ?? String(error)}`);
        rejectUpgrade(socket, known ?? { status: 500, code: 'internal', message: 'Unexpected error; see the Scimscope log.' });
      },
    );
  };
}
