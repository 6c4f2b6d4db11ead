/**
 * The SCIM port's front door: one node:http handler for every workspace. `/w/<name>/...` goes to
 * that workspace's core with the prefix taken off the URL (so its routes, fault rules and recorded
 * paths are the same as the default workspace's); anything else goes to the default workspace, as
 * before workspaces existed. A workspace that does not exist, or whose folder cannot be loaded, is
 * answered with a SCIM error here; it has no log of its own to be recorded in.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toApiError } from '../admin/api-errors.js';
import type { RefusedRequest } from '../scim/client-error.js';
import { errorBody } from '../scim/errors.js';
import { SCIM_MEDIA_TYPE } from '../scim/send.js';
import type { WorkspaceRegistry } from './workspace-registry.js';
import { isWorkspaceName, splitMount } from './workspace-names.js';

function sendError(res: ServerResponse, status: number, detail: string): void {
  if (res.headersSent) return void res.destroy();
  const text = JSON.stringify(errorBody(status, detail));
  res.writeHead(status, { 'Content-Type': SCIM_MEDIA_TYPE, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function scimDispatcher(registry: WorkspaceRegistry, log: (line: string) => void): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const split = splitMount(req.url ?? '/');
    if (!split) return registry.defaultCore.handle(req, res);
    if (!isWorkspaceName(split.name)) return sendError(res, 404, `No workspace "${split.name}" here: a workspace's SCIM base URL is /w/<name>/scim/v2 with a lowercase name.`);
    registry.acquire(split.name).then(
      (lease) => {
        req.url = split.rest;
        lease.core.track(res);
        lease.release();
        lease.core.handle(req, res);
      },
      (error: unknown) => {
        const known = toApiError(error);
        if (!known) log(`Could not route ${req.method} ${req.url}: ${(error as Error)?.stack ?? String(error)}`);
        sendError(res, known?.status ?? 500, known?.message ?? 'Unexpected error; see the Scimscope log.');
      },
    );
  };
}

/** A request Node's parser refused goes to the log of the workspace its path names, when that one is loaded; else to default's. */
export function refusedRouter(registry: WorkspaceRegistry): (refused: RefusedRequest) => void {
  return (refused) => {
    const split = splitMount(refused.path);
    const core = split ? registry.loaded(split.name) : null;
    if (core && split) core.recorder.recordRefused({ ...refused, path: split.rest });
    else registry.defaultCore.recorder.recordRefused(refused);
  };
}
