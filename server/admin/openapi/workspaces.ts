/**
 * OpenAPI fragment: `/api/workspaces` (workspaces-routes.ts). Global: these routes name workspaces
 * rather than live in one. Every other endpoint has a `/api/w/{workspace}` twin (added by the
 * assembler), and the event stream is at `/api/w/{workspace}/events` too.
 */
import { z } from 'zod';
import { createWorkspacesSchema, renameWorkspaceSchema, restoreWorkspacesSchema } from '../workspaces-schemas.js';
import type { JsonSchema, OpenapiFragment } from './fragment.js';

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = (schema: JsonSchema) => ({ required: true, content: { 'application/json': { schema } } });
const error = (description: string) => json(ref('ApiError'), description);
function fromZod(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}
const nameParam = { name: 'name', in: 'path', required: true, description: 'The workspace name.', schema: { type: 'string' } };
const counts = { type: 'object', required: ['users', 'groups', 'exchanges'], properties: { users: { type: 'integer', minimum: 0 }, groups: { type: 'integer', minimum: 0 }, exchanges: { type: 'integer', minimum: 0 } }, additionalProperties: false };
const infoProperties = {
  name: { type: 'string', pattern: '^(default|[a-z0-9][a-z0-9-]{0,39})$' },
  scimUrl: { anyOf: [{ type: 'string' }, { type: 'null' }], description: 'Its SCIM base URL on the local port: /scim/v2 for default, /w/<name>/scim/v2 otherwise (null before the server listens).' },
  mountPath: { type: 'string', description: "'' for default, /w/<name> otherwise; the admin API's scoped paths carry it after /api." },
  loaded: { type: 'boolean', description: 'In memory now (named workspaces load on first use and unload when idle).' },
  authMode: { anyOf: [{ enum: ['bearer', 'header', 'basic', 'none', 'oauth'] }, { type: 'null' }], description: 'Null until it has been loaded in this run.' },
  counts: { anyOf: [counts, { type: 'null' }] },
  error: { type: 'string', description: 'Why its folder could not be loaded (left untouched).' },
};
const infoRequired = ['name', 'scimUrl', 'mountPath', 'loaded', 'authMode', 'counts'];
const warnings = {
  type: 'array',
  items: { type: 'string' },
  description:
    'Sentences naming what the new workspaces lack that their source relied on, as a lab-bundle import\'s preview names what it weakens; empty when nothing is missing. A copy of a workspace in proxy mode never takes its upstream token: with upstream authentication `token` or `header` the copies refuse every SCIM request (503) until one is entered; with `passThrough` they forward their own new credential (SCIM token or OAuth client).',
};

export const scope: OpenapiFragment['scope'] = 'global';

export const openapiSchemas: OpenapiFragment['openapiSchemas'] = {
  WorkspaceInfo: { type: 'object', required: infoRequired, properties: infoProperties, additionalProperties: false },
  CreatedWorkspace: { type: 'object', description: 'A new workspace with its own SCIM token.', required: [...infoRequired, 'token'], properties: { ...infoProperties, token: { type: 'string', minLength: 8 } }, additionalProperties: false },
  CreatedWorkspaceOne: {
    type: 'object',
    description: 'The new workspace with its own SCIM token, and the creation\'s `warnings`.',
    required: [...infoRequired, 'token', 'warnings'],
    properties: { ...infoProperties, token: { type: 'string', minLength: 8 }, warnings },
    additionalProperties: false,
  },
  WorkspaceList: { type: 'object', required: ['items', 'total'], properties: { items: { type: 'array', items: ref('WorkspaceInfo') }, total: { type: 'integer', minimum: 0 } }, additionalProperties: false },
  CreatedWorkspaceList: { type: 'object', required: ['items', 'total', 'warnings'], properties: { items: { type: 'array', items: ref('CreatedWorkspace') }, total: { type: 'integer', minimum: 0 }, warnings }, additionalProperties: false },
  WorkspaceCreate: {
    description: 'Exactly one of `name`, `names`, or `prefix` with `count` (class-01 … class-30). `from`: "demo" (default), "empty", an existing workspace (copied without its traffic or credentials), or a snapshot.',
    ...fromZod(createWorkspacesSchema),
  },
  WorkspaceRename: fromZod(renameWorkspaceSchema),
  WorkspaceRestore: {
    description:
      '`from`: a dataset (demo, large, messy, empty; a dataset name wins over a snapshot of the same name) or a snapshot saved in the default workspace. Then exactly one of `names` (the default workspace only when named here), `prefix` (named workspaces whose names start with it) or `all: true` (every named workspace).',
    ...fromZod(restoreWorkspacesSchema),
  },
  WorkspaceRestoreResult: {
    type: 'object',
    required: ['from', 'items', 'total'],
    properties: {
      from: { type: 'string' },
      items: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name', 'counts', 'changed'],
          properties: {
            name: { type: 'string' },
            counts: { type: 'object', required: ['users', 'groups'], properties: { users: { type: 'integer', minimum: 0 }, groups: { type: 'integer', minimum: 0 } }, additionalProperties: false },
            changed: { type: 'integer', minimum: 0, description: 'Users and groups the restore created, changed or deleted.' },
          },
          additionalProperties: false,
        },
      },
      total: { type: 'integer', minimum: 0 },
    },
    additionalProperties: false,
  },
};

export const openapiPaths: OpenapiFragment['openapiPaths'] = {
  '/api/workspaces': {
    get: { operationId: 'listWorkspaces', tags: ['Workspaces'], summary: 'List the workspaces (default first)', responses: { '200': json(ref('WorkspaceList'), 'Every workspace of the data folder.') } },
    post: {
      operationId: 'createWorkspaces',
      tags: ['Workspaces'],
      summary: 'Create one workspace, a list, or a numbered series (all or none)',
      requestBody: body(ref('WorkspaceCreate')),
      responses: {
        '201': json({ oneOf: [ref('CreatedWorkspaceOne'), ref('CreatedWorkspaceList')] }, 'The new workspace (for `name`) or all of them (for `names`, `prefix`), each with its SCIM token, and `warnings`.'),
        '400': error('A bad or reserved name (`invalid_name`), a name given twice (`duplicate_name`), an unknown `from` (`unknown_source`), or a malformed body (`invalid_input`, `no_names`). Nothing is created.'),
        '409': error('A workspace with that name exists (`workspace_exists`). Nothing is created.'),
      },
    },
  },
  '/api/workspaces/restore': {
    post: {
      operationId: 'restoreWorkspaces',
      tags: ['Workspaces'],
      summary: 'Reset a class: restore many workspaces from a snapshot of the default workspace or a dataset, in one call',
      description:
        'Everything is checked and every target loaded before the first change; then each workspace is restored in one commit of its own, recorded in its resource timelines like its own snapshot restore (or dataset reset). Runs as one workspace change: no create, rename or delete interleaves.',
      requestBody: body(ref('WorkspaceRestore')),
      responses: {
        '200': json(ref('WorkspaceRestoreResult'), "Each restored workspace's counts afterwards, in name order."),
        '400': error('An unknown `from` (`unknown_source`), an empty `names` (`no_names`), or a malformed body (`invalid_input`). Nothing is restored.'),
        '404': error('A named workspace does not exist, or none matches `prefix` or `all` (`workspace_not_found`). Nothing is restored.'),
        '409': error('The snapshot file is damaged (`damaged`). Nothing is restored.'),
        '500': error('A store commit failed part-way (`restore_failed`); the workspaces restored before it were put back, and the message names any that could not be.'),
        '503': error('A target workspace\'s folder could not be loaded (`workspace_unavailable`). Nothing is restored.'),
      },
    },
  },
  '/api/workspaces/{name}': {
    parameters: [nameParam],
    get: { operationId: 'getWorkspace', tags: ['Workspaces'], summary: 'One workspace', responses: { '200': json(ref('WorkspaceInfo'), 'The workspace.'), '404': error('No such workspace (`workspace_not_found`).') } },
    patch: {
      operationId: 'renameWorkspace',
      tags: ['Workspaces'],
      summary: 'Rename a workspace (its SCIM URL changes; its token, data and traffic stay)',
      requestBody: body(ref('WorkspaceRename')),
      responses: {
        '200': json(ref('WorkspaceInfo'), 'The renamed workspace.'),
        '400': error('The default workspace (`default_workspace`) or a bad new name (`invalid_name`).'),
        '404': error('No such workspace (`workspace_not_found`).'),
        '409': error('The new name is taken (`workspace_exists`).'),
      },
    },
    delete: {
      operationId: 'deleteWorkspace',
      tags: ['Workspaces'],
      summary: 'Delete a workspace and its folder (its open event streams are closed)',
      responses: { '204': { description: 'Deleted.' }, '400': error('The default workspace cannot be deleted (`default_workspace`).'), '404': error('No such workspace (`workspace_not_found`).') },
    },
  },
};
