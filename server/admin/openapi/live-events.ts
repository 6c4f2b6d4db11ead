/**
 * OpenAPI fragment: the live event WebSocket at `GET /api/events` (events-socket.ts). OpenAPI has no
 * words for a WebSocket, so the upgrade is described as a GET answering 101, its refusals as the
 * usual error body, and the messages it carries as schemas (LiveMessage, LiveEvent in
 * server/contract/admin.ts). Workspace-scoped: a socket only ever carries its workspace's events.
 */
import { closed, errors, nullable, queryParam, ref, type OpenapiFragment } from './fragment.js';

export const scope: OpenapiFragment['scope'] = 'workspace';

const counts = closed({ users: { type: 'integer', minimum: 0 }, groups: { type: 'integer', minimum: 0 } });

export const openapiSchemas: OpenapiFragment['openapiSchemas'] = {
  LiveEvent: {
    oneOf: [
      closed({ type: { const: 'exchange' }, exchange: ref('ExchangeSummary') }),
      closed({ type: { const: 'exchanges:cleared' } }),
      closed({ type: { const: 'store' }, counts, origin: { type: 'string', enum: ['scim', 'inspector', 'seed', 'reset'], description: 'Who changed it: a snapshot restore or bundle import is inspector, a dataset reset is reset.' }, changed: { type: 'array', items: closed({ resourceType: { type: 'string' }, id: { type: 'string' }, deleted: { type: 'boolean' } }) } }),
      closed({ type: { const: 'settings' }, settings: ref('PublicSettings') }),
      closed({ type: { const: 'faults' }, reason: { type: 'string' } }),
      closed({ type: { const: 'breakpoints' }, reason: { type: 'string', description: 'added, replaced, removed, counted, settings… (refetch GET /api/breakpoints)' } }),
      closed({ type: { const: 'breakpoint:paused' }, paused: ref('PausedExchange') }),
      closed({ type: { const: 'breakpoint:released' }, id: { type: 'string' }, exchangeId: nullable({ type: 'string' }), resolution: ref('BreakpointResolution') }),
      closed({ type: { const: 'tunnel' }, status: { type: 'string', enum: ['off', 'starting', 'up', 'error'] }, provider: nullable({ type: 'string' }), url: nullable({ type: 'string' }), error: nullable({ type: 'string' }) }, ['provider']),
    ],
  },
  LiveMessage: {
    description: 'What the server sends on the socket, one JSON text frame each. Clients may send `{ "type": "get", "id": "<exchange id>" }` for `exchange:full`.',
    oneOf: [
      closed({ type: { const: 'hello' }, counts: closed({ users: { type: 'integer', minimum: 0 }, groups: { type: 'integer', minimum: 0 }, exchanges: { type: 'integer', minimum: 0 } }), settings: ref('PublicSettings'), exchanges: { type: 'array', items: ref('ExchangeSummary') } }),
      closed({ type: { const: 'batch' }, events: { type: 'array', items: ref('LiveEvent') }, dropped: { type: 'integer', minimum: 1 }, exchanges: { type: 'integer', minimum: 0, description: 'How many exchanges the log holds as the batch is sent (the count to show).' } }, ['dropped']),
      closed({ type: { const: 'exchange:full' }, exchange: ref('Exchange') }),
      closed({ type: { const: 'error' }, message: { type: 'string' } }),
    ],
  },
};

export const openapiPaths: OpenapiFragment['openapiPaths'] = {
  '/api/events': {
    get: {
      operationId: 'openEventSocket',
      tags: ['Events'],
      summary: 'Upgrade to the live event WebSocket: a hello, then batches every 150 ms (see LiveMessage)',
      security: [{ adminToken: [] }, { eventTicket: [] }],
      parameters: [
        queryParam('initial', 'How many recent exchanges the hello carries (default 500, at most 5000)', { type: 'integer', minimum: 0, maximum: 5000 }),
        { name: 'Upgrade', in: 'header', required: true, schema: { const: 'websocket' } },
      ],
      responses: {
        '101': { description: 'Switching to the WebSocket protocol; every message is a LiveMessage.' },
        ...errors({ status: '401', description: 'No token or ticket, a wrong one, a used or expired ticket (`ticket_invalid`), or the token in the URL (`token_in_url`).' }),
      },
    },
  },
};
