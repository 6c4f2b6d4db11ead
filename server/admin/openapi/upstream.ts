/**
 * OpenAPI fragment: `/api/upstream/{type}` (upstream-routes.ts): in proxy mode, browse the upstream's
 * Users or Groups read-only. A failed read is still a 200 page with `error` set.
 */
import { closed, errors, json, nullable, pathParam, queryParam, ref, type OpenapiFragment } from './fragment.js';

export const scope: OpenapiFragment['scope'] = 'workspace';

export const openapiSchemas: OpenapiFragment['openapiSchemas'] = {
  UpstreamPage: closed({
    url: { type: 'string', description: 'The URL read ("" when proxy mode is off).' },
    status: { type: 'integer', minimum: 0 },
    totalResults: nullable({ type: 'integer', minimum: 0 }),
    resources: { type: 'array', items: ref('JsonObject') },
    error: { ...nullable({ type: 'string' }), description: 'Why the upstream could not be read, else null.' },
  }),
};

export const openapiPaths: OpenapiFragment['openapiPaths'] = {
  '/api/upstream/{type}': {
    get: {
      operationId: 'readUpstream',
      tags: ['Upstream'],
      summary: "A page of the upstream's Users or Groups, read with its credentials",
      parameters: [
        pathParam('type', 'Which resources.', { type: 'string', enum: ['Users', 'Groups'] }),
        queryParam('filter', 'A SCIM filter, passed on', { type: 'string', maxLength: 2000 }),
        queryParam('startIndex', 'Passed on', { type: 'integer', minimum: 1 }),
        queryParam('count', 'Passed on', { type: 'integer', minimum: 0, maximum: 1000 }),
      ],
      responses: { '200': json(ref('UpstreamPage'), 'The page, or the reason there is none.'), ...errors('400') },
    },
  },
};
