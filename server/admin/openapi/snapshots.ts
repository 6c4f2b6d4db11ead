/**
 * OpenAPI fragment: snapshots and datasets (snapshot-routes.ts) and lab bundles (bundle-routes.ts).
 * Shapes follow server/contract/snapshots.ts; the bundle is described from the zod schema the import
 * parses it with (bundles/bundle-format.ts). `POST /api/store/reset` (which takes a dataset) is in
 * settings.ts, with the route that serves it.
 */
import { bundleSchema } from '../../bundles/bundle-format.js';
import { DATASET_NAMES } from '../../snapshots/datasets.js';
import { SNAPSHOT_NAME_RULE } from '../../snapshots/snapshot-store.js';
import { closed, errors, fromZod, json, jsonBody, listOf, noContent, nullable, pathParam, queryParam, ref, type JsonSchema, type OpenapiFragment } from './fragment.js';

export const scope: OpenapiFragment['scope'] = 'workspace';

const count = { type: 'integer', minimum: 0 };
const bundle = fromZod(bundleSchema);

export const openapiSchemas: OpenapiFragment['openapiSchemas'] = {
  SnapshotInfo: closed(
    {
      name: { type: 'string' },
      savedAt: { type: 'string', format: 'date-time' },
      bytes: count,
      counts: { ...nullable(ref('StoreCounts')), description: 'Null when the file cannot be read; `error` then says why.' },
      error: { type: 'string', description: 'Why the file cannot be read (it is never restored or overwritten).' },
    },
    ['error'],
  ),
  DatasetName: { type: 'string', enum: [...DATASET_NAMES] },
  DatasetInfo: closed({ name: ref('DatasetName'), title: { type: 'string' }, description: { type: 'string' }, users: count, groups: count }),
  LabBundle: {
    ...bundle,
    description: 'A lab bundle: a workspace\'s directory, fault rules and settings, and optionally its traffic as HAR. No secrets: no tokens, passwords, OAuth client, tunnel settings or password hashes.',
    properties: {
      ...(bundle.properties as Record<string, JsonSchema>),
      directory: closed({ users: { type: 'array', items: ref('JsonObject') }, groups: { type: 'array', items: ref('JsonObject') }, secrets: { type: 'object', maxProperties: 0 } }),
      traffic: nullable(ref('Har')),
    },
  },
  ImportPreview: closed({
    bundle: closed(
      { exportedAt: { type: 'string' }, scimscope: { type: 'string' }, workspace: nullable({ type: 'string' }), users: count, groups: count, faultRules: count, trafficEntries: nullable(count) },
    ),
    replaces: closed({ users: count, groups: count, faultRules: count, settings: { type: 'array', items: { type: 'string' }, description: 'The settings sections that differ.' } }),
    keeps: { type: 'array', items: { type: 'string' } },
    warnings: { type: 'array', items: { type: 'string' }, description: 'What the import weakens or drops, each said in a sentence: the upstream token dropped because the bundle points the upstream at another server, the IdP credential passed through to the bundle\'s upstream, SCIM authentication turned off. Also in the 409 message.' },
  }),
};

const tags = ['Snapshots'];
const nameParam = pathParam('name', SNAPSHOT_NAME_RULE, { type: 'string' });
const badName = { status: '400', description: 'Not a valid snapshot name (`invalid_name`).' };
const noSnapshot = { status: '404', description: 'No snapshot with that name (`not_found`).' };

export const openapiPaths: OpenapiFragment['openapiPaths'] = {
  '/api/snapshots': {
    get: { operationId: 'listSnapshots', tags, summary: 'The saved snapshots, by name (damaged ones with their error)', responses: { '200': json(listOf(ref('SnapshotInfo')), 'The snapshots.') } },
    post: {
      operationId: 'saveSnapshot',
      tags,
      summary: 'Save the directory (users, groups, versions, password hashes) under a name',
      requestBody: jsonBody(closed({ name: { type: 'string', description: SNAPSHOT_NAME_RULE }, overwrite: { type: 'boolean', description: 'Replace a snapshot of that name.' } }, ['overwrite'])),
      responses: {
        '201': json(ref('SnapshotInfo'), 'Saved.'),
        ...errors(
          { status: '400', description: 'No name, or not a valid one (`invalid_input`, `invalid_name`).' },
          { status: '409', description: 'The name exists and overwrite was not sent (`conflict`), or its file cannot be read (`damaged`; delete it first).' },
        ),
      },
    },
  },
  '/api/snapshots/{name}/restore': {
    post: {
      operationId: 'restoreSnapshot',
      tags,
      summary: 'Replace the directory with a snapshot, in one all-or-nothing commit',
      parameters: [nameParam],
      responses: {
        '200': json(closed({ name: { type: 'string' }, counts: ref('StoreCounts'), changed: { ...count, description: 'Resources the restore changed.' } }), 'Restored.'),
        ...errors(badName, noSnapshot, { status: '422', description: 'The file cannot be used (`snapshot_corrupt`, `snapshot_too_new`); it is left untouched and nothing was restored.' }),
      },
    },
  },
  '/api/snapshots/{name}': {
    delete: { operationId: 'deleteSnapshot', tags, summary: 'Delete a snapshot (damaged or not)', parameters: [nameParam], responses: { '204': noContent('Deleted.'), ...errors(badName, noSnapshot) } },
  },
  '/api/datasets': {
    get: { operationId: 'listDatasets', tags: ['Store'], summary: 'The datasets POST /api/store/reset can reset the directory to', responses: { '200': json(listOf(ref('DatasetInfo')), 'The datasets.') } },
  },
  '/api/bundle': {
    get: {
      operationId: 'exportBundle',
      tags: ['Bundles'],
      summary: 'The workspace as a lab bundle (Content-Disposition: attachment)',
      parameters: [queryParam('traffic', 'Include the recorded traffic as HAR 1.2', { type: 'string', enum: ['true', 'false', '1', '0'] })],
      responses: { '200': json(ref('LabBundle'), 'The bundle.'), ...errors('400') },
    },
  },
  '/api/bundle/import': {
    post: {
      operationId: 'importBundle',
      tags: ['Bundles'],
      summary: 'Apply a lab bundle over the workspace: directory, fault rules, settings (its credentials, tunnel and traffic stay)',
      requestBody: jsonBody(
        closed({ bundle: { anyOf: [ref('LabBundle'), { type: 'string', description: "The bundle file's text." }] }, confirm: { type: 'boolean', description: 'Without true nothing changes: 409 with what would be replaced.' } }, ['confirm']),
      ),
      responses: {
        '200': json(closed({ imported: ref('ImportPreview') }), 'Imported: what was replaced.'),
        ...errors(
          { status: '400', description: 'Not a lab bundle, or one of the wrong shape (`bundle_invalid`), or from a newer Scimscope (`bundle_too_new`); nothing changed.' },
          { status: '409', description: '`confirm_required`: nothing changed; `details` is the ImportPreview.' },
        ),
      },
    },
  },
};
