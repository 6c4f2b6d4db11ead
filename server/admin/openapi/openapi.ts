/**
 * OpenAPI fragment: `GET /api/openapi.json` (openapi-routes.ts), this description itself. Guarded
 * like the rest of /api (see docs/decisions.md, "A described admin API").
 */
import { json, type OpenapiFragment } from './fragment.js';

export const scope: OpenapiFragment['scope'] = 'global';

export const openapiSchemas: OpenapiFragment['openapiSchemas'] = {
  OpenApiDocument: { type: 'object', required: ['openapi', 'info', 'paths'], properties: { openapi: { type: 'string', pattern: '^3\\.1\\.' }, info: { type: 'object' }, paths: { type: 'object' } } },
};

export const openapiPaths: OpenapiFragment['openapiPaths'] = {
  '/api/openapi.json': {
    get: { operationId: 'getOpenApi', tags: ['Meta'], summary: 'This OpenAPI 3.1 description of the admin API', responses: { '200': json({ $ref: '#/components/schemas/OpenApiDocument' }, 'The description.') } },
  },
};
