/**
 * The request bodies of /api/workspaces as zod schemas: parsed by workspaces-routes.ts and described
 * from the same schemas by the OpenAPI fragment (openapi/workspaces.ts), kept apart from the routes
 * so the description does not import the registry (and, through it, the admin app).
 */
import { z } from 'zod';
import { MAX_BULK_CREATE } from '../workspaces/workspace-names.js';

export const createWorkspacesSchema = z
  .object({
    name: z.string().optional(),
    names: z.array(z.string()).max(MAX_BULK_CREATE).optional(),
    prefix: z.string().max(37).optional(),
    count: z.number().int().min(1).max(MAX_BULK_CREATE).optional(),
    from: z.string().min(1).max(100).optional(),
  })
  .strict();

export const renameWorkspaceSchema = z.object({ name: z.string() }).strict();

/** `POST /api/workspaces/restore`: the source, and exactly one of `names`, `prefix` or `all` (checked by workspace-reset.ts). */
export const restoreWorkspacesSchema = z
  .object({
    from: z.string().min(1).max(100),
    names: z.array(z.string()).max(MAX_BULK_CREATE).optional(),
    prefix: z.string().min(1).max(40).optional(),
    all: z.literal(true).optional(),
  })
  .strict();
