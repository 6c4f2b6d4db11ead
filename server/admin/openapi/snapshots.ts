/**
 * The OpenAPI description of the snapshot, dataset, store reset and lab bundle endpoints
 * (snapshot-routes.ts, bundle-routes.ts, settings-routes.ts's reset), as a fragment the
 * /api/openapi.json assembler merges. Paths are the default workspace's; they are workspace-scoped.
 */

export const scope = 'workspace' as const;

const error = (description: string) => ({
  description,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['error'],
        properties: { error: { type: 'object', required: ['status', 'code', 'message'], properties: { status: { type: 'integer' }, code: { type: 'string' }, message: { type: 'string' }, details: {} } } },
      },
    },
  },
});
const json = (description: string, schema: object) => ({ description, content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const list = (name: string) => ({ type: 'object', required: ['items', 'total'], properties: { items: { type: 'array', items: ref(name) }, total: { type: 'integer' } } });
const counts = { type: 'object', required: ['users', 'groups'], properties: { users: { type: 'integer' }, groups: { type: 'integer' } } };
const nameParam = { name: 'name', in: 'path', required: true, description: 'The snapshot name: ^[a-z0-9][a-z0-9_-]{0,63}$', schema: { type: 'string' } };

export const openapiSchemas = {
  SnapshotInfo: {
    type: 'object',
    required: ['name', 'savedAt', 'bytes', 'counts'],
    properties: {
      name: { type: 'string' },
      savedAt: { type: 'string', format: 'date-time' },
      bytes: { type: 'integer' },
      counts: { oneOf: [counts, { type: 'null' }], description: 'null when the file cannot be read' },
      error: { type: 'string', description: 'Why the file cannot be read (it is never restored or overwritten).' },
    },
  },
  DatasetInfo: {
    type: 'object',
    required: ['name', 'title', 'description', 'users', 'groups'],
    properties: { name: { type: 'string', enum: ['demo', 'large', 'messy', 'empty'] }, title: { type: 'string' }, description: { type: 'string' }, users: { type: 'integer' }, groups: { type: 'integer' } },
  },
  LabBundle: {
    type: 'object',
    description: 'A lab bundle: no secrets (no tokens, passwords, OAuth client, tunnel settings or password hashes).',
    required: ['format', 'version', 'exportedAt', 'scimscope', 'directory', 'faults', 'settings', 'traffic'],
    properties: {
      format: { const: 'scimscope-lab' },
      version: { type: 'integer', const: 1 },
      exportedAt: { type: 'string', format: 'date-time' },
      scimscope: { type: 'string' },
      workspace: { type: 'string' },
      directory: {
        type: 'object',
        required: ['users', 'groups', 'secrets'],
        properties: { users: { type: 'array', items: { type: 'object' } }, groups: { type: 'array', items: { type: 'object' } }, secrets: { type: 'object', maxProperties: 0 } },
      },
      faults: { type: 'object', required: ['rules'], properties: { rules: { type: 'array', items: { type: 'object' } } } },
      settings: { type: 'object' },
      traffic: { oneOf: [{ type: 'object', description: 'HAR 1.2' }, { type: 'null' }] },
    },
  },
  ImportPreview: {
    type: 'object',
    required: ['bundle', 'replaces', 'keeps'],
    properties: {
      bundle: {
        type: 'object',
        properties: {
          exportedAt: { type: 'string' },
          scimscope: { type: 'string' },
          workspace: { type: ['string', 'null'] },
          users: { type: 'integer' },
          groups: { type: 'integer' },
          faultRules: { type: 'integer' },
          trafficEntries: { type: ['integer', 'null'] },
        },
      },
      replaces: { type: 'object', properties: { users: { type: 'integer' }, groups: { type: 'integer' }, faultRules: { type: 'integer' }, settings: { type: 'array', items: { type: 'string' } } } },
      keeps: { type: 'array', items: { type: 'string' } },
    },
  },
};

export const openapiPaths = {
  '/api/snapshots': {
    get: { summary: 'List saved snapshots (damaged ones with their error)', responses: { 200: json('The snapshots, by name', list('SnapshotInfo')) } },
    post: {
      summary: "Save the directory under a name",
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: { type: 'string' }, overwrite: { type: 'boolean' } } } } } },
      responses: { 201: json('Saved', ref('SnapshotInfo')), 400: error('Bad name or body'), 409: error('The name exists (without overwrite), or its file is damaged') },
    },
  },
  '/api/snapshots/{name}/restore': {
    post: {
      summary: 'Replace the directory with a snapshot, in one commit',
      parameters: [nameParam],
      responses: {
        200: json('Restored', { type: 'object', required: ['name', 'counts', 'changed'], properties: { name: { type: 'string' }, counts, changed: { type: 'integer' } } }),
        400: error('Bad name'),
        404: error('No such snapshot'),
        422: error('The file cannot be used (snapshot_corrupt, snapshot_too_new); nothing restored'),
      },
    },
  },
  '/api/snapshots/{name}': {
    delete: { summary: 'Delete a snapshot (damaged or not)', parameters: [nameParam], responses: { 204: { description: 'Deleted' }, 400: error('Bad name'), 404: error('No such snapshot') } },
  },
  '/api/datasets': {
    get: { summary: 'The datasets the store can be reset to', responses: { 200: json('The datasets', list('DatasetInfo')) } },
  },
  '/api/store/reset': {
    post: {
      summary: 'Replace the directory with a dataset, in one commit',
      requestBody: { content: { 'application/json': { schema: { type: 'object', additionalProperties: false, properties: { dataset: { type: 'string', enum: ['demo', 'large', 'messy', 'empty'] }, seed: { type: 'string', enum: ['demo', 'empty'], deprecated: true } } } } } },
      responses: { 200: json('Reset', { type: 'object', required: ['dataset', 'seed', 'counts'], properties: { dataset: { type: 'string' }, seed: { type: 'string' }, counts } }), 400: error('Unknown dataset') },
    },
  },
  '/api/bundle': {
    get: {
      summary: 'Download the workspace as a lab bundle',
      parameters: [{ name: 'traffic', in: 'query', required: false, description: 'Include recorded traffic as HAR', schema: { type: 'string', enum: ['1', '0', 'true', 'false'] } }],
      responses: { 200: json('The bundle (Content-Disposition: attachment)', ref('LabBundle')), 400: error('Bad query') },
    },
  },
  '/api/bundle/import': {
    post: {
      summary: 'Apply a lab bundle over the workspace (directory, fault rules, settings; credentials kept)',
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { type: 'object', required: ['bundle'], additionalProperties: false, properties: { bundle: { oneOf: [ref('LabBundle'), { type: 'string', description: "The bundle file's text" }] }, confirm: { type: 'boolean' } } } } },
      },
      responses: {
        200: json('Imported', { type: 'object', required: ['imported'], properties: { imported: ref('ImportPreview') } }),
        400: error('Not a valid bundle (bundle_invalid) or from a newer Scimscope (bundle_too_new); nothing changed'),
        409: error('confirm_required: nothing changed; details is the ImportPreview'),
        413: error('Larger than the admin API body limit (5 MB)'),
      },
    },
  },
};
