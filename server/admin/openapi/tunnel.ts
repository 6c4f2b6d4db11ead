/**
 * OpenAPI fragment: `/api/tunnel` (tunnel-routes.ts). Global: one tunnel serves every workspace.
 */
import { tunnelStartSchema } from '../tunnel-routes.js';
import { errors, fromZod, json, jsonBody, ref, type OpenapiFragment } from './fragment.js';

export const scope: OpenapiFragment['scope'] = 'global';

export const openapiSchemas: OpenapiFragment['openapiSchemas'] = {
  TunnelStart: { description: 'The provider (ngrok when none is named); its authtoken comes from the settings.', ...fromZod(tunnelStartSchema) },
};

export const openapiPaths: OpenapiFragment['openapiPaths'] = {
  '/api/tunnel': {
    get: { operationId: 'getTunnel', tags: ['Tunnel'], summary: 'The tunnel state', responses: { '200': json(ref('TunnelState'), 'The state.') } },
  },
  '/api/tunnel/start': {
    post: {
      operationId: 'startTunnel',
      tags: ['Tunnel'],
      summary: 'Open a tunnel to the SCIM port',
      requestBody: jsonBody(ref('TunnelStart'), false),
      responses: {
        '200': json(ref('TunnelState'), 'The tunnel is up.'),
        '502': json(ref('TunnelState'), 'The provider failed; `status` is "error" and `error` says why.'),
        ...errors('400', { status: '409', description: 'The SCIM port is not listening yet (`not_listening`).' }),
      },
    },
  },
  '/api/tunnel/stop': {
    post: { operationId: 'stopTunnel', tags: ['Tunnel'], summary: 'Close the tunnel', responses: { '200': json(ref('TunnelState'), 'The state after closing.') } },
  },
};
