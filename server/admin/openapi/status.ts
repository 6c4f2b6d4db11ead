/**
 * OpenAPI fragment: `GET /api/status` (settings-routes.ts), what this Scimscope is and where it
 * listens. Global: it describes the instance, whichever workspace is asked about elsewhere.
 */
import { closed, json, nullable, ref, type OpenapiFragment } from './fragment.js';

export const scope: OpenapiFragment['scope'] = 'global';

export const openapiSchemas: OpenapiFragment['openapiSchemas'] = {
  AuthMode: { type: 'string', enum: ['bearer', 'header', 'basic', 'none', 'oauth'] },
  TunnelState: closed({
    status: { type: 'string', enum: ['off', 'starting', 'up', 'error'] },
    provider: nullable({ type: 'string' }),
    url: { ...nullable({ type: 'string' }), description: 'Public origin of the tunnel; the SCIM base URL is this + /scim/v2.' },
    error: nullable({ type: 'string' }),
  }),
  StatusReport: closed({
    name: { const: 'Scimscope' },
    workspace: { type: 'string', description: 'The workspace this status describes (`default` for plain /api/status).' },
    version: { type: 'string' },
    running: { type: 'boolean' },
    startedAt: { type: 'string', format: 'date-time' },
    uptimeMs: { type: 'number', minimum: 0 },
    scimUrl: nullable({ type: 'string', format: 'uri' }),
    publicScimUrl: nullable({ type: 'string', format: 'uri' }),
    tunnel: ref('TunnelState'),
    adminUrl: nullable({ type: 'string', format: 'uri' }),
    dataDir: { type: 'string' },
    storeFile: nullable({ type: 'string' }),
    authMode: ref('AuthMode'),
    recording: { type: 'boolean' },
    counts: closed({ users: { type: 'integer', minimum: 0 }, groups: { type: 'integer', minimum: 0 }, exchanges: { type: 'integer', minimum: 0 } }),
    exchangesLoading: nullable({ ...closed({ loaded: { type: 'integer', minimum: 0 }, expected: { type: 'integer', minimum: 0 } }), description: 'Right after start-up the recorded exchanges load in the background: how many of about how many are parsed (null once loaded). Exchange lists wait for the load.' }),
    warnings: { type: 'array', items: { type: 'string' } },
  }, ['workspace']),
};

export const openapiPaths: OpenapiFragment['openapiPaths'] = {
  '/api/status': {
    get: {
      operationId: 'getStatus',
      tags: ['Status'],
      summary: 'What this Scimscope is, where it listens, and how much it holds',
      responses: { '200': json(ref('StatusReport'), 'The status report.') },
    },
  },
};
