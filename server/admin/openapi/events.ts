/**
 * OpenAPI fragment: `POST /api/events/ticket` (events-socket.ts, event-tickets.ts). Global: one admin
 * token, so one ticket office; the ticket opens the socket of whichever workspace it is used on.
 */
import { closed, json, ref, type OpenapiFragment } from './fragment.js';

export const scope: OpenapiFragment['scope'] = 'global';

export const openapiSchemas: OpenapiFragment['openapiSchemas'] = {
  EventTicket: closed({ ticket: { type: 'string', pattern: '^evt_' }, expiresInMs: { type: 'integer', minimum: 1 } }),
};

export const openapiPaths: OpenapiFragment['openapiPaths'] = {
  '/api/events/ticket': {
    post: {
      operationId: 'issueEventTicket',
      tags: ['Events'],
      summary: 'A single-use, short-lived ticket that opens the event WebSocket (`?ticket=`), so the token never goes in a URL',
      responses: { '201': json(ref('EventTicket'), 'The ticket (Cache-Control: no-store).') },
    },
  },
};
