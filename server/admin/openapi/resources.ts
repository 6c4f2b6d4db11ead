/**
 * OpenAPI fragment: `/api/users` and `/api/groups` (resources-routes.ts), the inspector's editors.
 * The same rules as SCIM apply (the same ResourceService), so failures carry SCIM scimTypes as codes
 * (`uniqueness`, `invalidValue`, `mutability`, `invalidFilter`…). Resources are SCIM resources: open
 * objects (extensions are the user's business) with `id`, `schemas` and `meta` always present.
 */
import { generateUsersSchema, HISTORY_PAGE_DEFAULT, HISTORY_PAGE_MAX } from '../resources-routes.js';
import { closed, errors, fromZod, json, jsonBody, listOf, noContent, nullable, pathParam, queryParam, ref, type OpenapiFragment } from './fragment.js';

export const scope: OpenapiFragment['scope'] = 'workspace';

export const openapiSchemas: OpenapiFragment['openapiSchemas'] = {
  ScimResource: {
    type: 'object',
    description: 'A SCIM User or Group as a client reads it (RFC 7643); other attributes and extensions as stored.',
    required: ['schemas', 'id', 'meta'],
    properties: {
      schemas: { type: 'array', items: { type: 'string' }, minItems: 1 },
      id: { type: 'string', minLength: 1 },
      meta: {
        type: 'object',
        required: ['resourceType', 'created', 'lastModified', 'version'],
        properties: { resourceType: { type: 'string', enum: ['User', 'Group'] }, created: { type: 'string', format: 'date-time' }, lastModified: { type: 'string', format: 'date-time' }, location: { type: 'string', format: 'uri' }, version: { type: 'string' } },
      },
    },
  },
  ProjectedResource: { type: 'object', description: 'A SCIM resource cut to the attributes asked for; `id` is always returned.', required: ['id'], properties: { id: { type: 'string' } } },
  ScimResourceInput: { type: 'object', description: 'A SCIM resource as a client sends it (schemas, attributes; id and meta are the server\'s).' },
  ScimPatchInput: {
    description: 'A SCIM PatchOp (RFC 7644 §3.5.2), or a plain object of attributes to replace (what a form sends).',
    anyOf: [
      { type: 'object', required: ['Operations'], properties: { schemas: { type: 'array', items: { type: 'string' } }, Operations: { type: 'array', items: { type: 'object', required: ['op'], properties: { op: { type: 'string' }, path: { type: 'string' }, value: {} } } } } },
      { type: 'object' },
    ],
  },
  HistoryEntry: closed({
    seq: { type: 'integer', minimum: 1, description: "The entry's place in the workspace's history (increasing; kept across restarts): what `before` pages by." },
    at: { type: 'string', format: 'date-time' },
    resourceType: { type: 'string', enum: ['User', 'Group'] },
    id: { type: 'string' },
    source: { type: 'string', enum: ['scim', 'inspector', 'seed', 'reset'] },
    exchangeId: nullable({ type: 'string' }),
    client: nullable(ref('ClientKind')),
    kind: { type: 'string', description: 'The lifecycle label of the exchange, or the inspector action.' },
    action: { type: 'string', description: 'The inspector action that made the change (create, snapshot.restore, bundle.import, …), for inspector changes.' },
    summary: { type: 'string' },
    before: nullable(ref('JsonObject')),
    after: nullable(ref('JsonObject')),
  }, ['action']),
  HistoryPage: {
    description: 'A timeline: whole and oldest first without `count` and `before`; else one page, newest first.',
    ...closed({
      items: { type: 'array', items: ref('HistoryEntry') },
      total: { type: 'integer', minimum: 0, description: 'Entries in the whole timeline (every page).' },
      nextBefore: { ...nullable({ type: 'integer', minimum: 1 }), description: 'Ask with before=nextBefore for the next (older) page; null when there is none (always null without paging).' },
    }),
  },
  GenerateUsers: fromZod(generateUsersSchema),
};

const historyParams = [
  queryParam('count', `Page the timeline: at most this many entries, newest first (default ${HISTORY_PAGE_DEFAULT} when only before is given)`, { type: 'integer', minimum: 1, maximum: HISTORY_PAGE_MAX }),
  queryParam('before', 'Page the timeline: only entries with a lower seq (the nextBefore of the page before)', { type: 'integer', minimum: 1 }),
];

const ifMatch = { name: 'If-Match', in: 'header', required: false, description: 'Apply only to this version (meta.version / ETag).', schema: { type: 'string' } };
const listParams = [
  queryParam('filter', 'A SCIM filter (RFC 7644 §3.4.2.2)'),
  queryParam('startIndex', '1-based index of the first result', { type: 'integer' }),
  queryParam('count', 'Page size', { type: 'integer' }),
  queryParam('sortBy', 'Attribute to sort by'),
  queryParam('sortOrder', 'ascending or descending', { type: 'string', enum: ['ascending', 'descending'] }),
  queryParam('attributes', 'Comma-separated attributes to return'),
  queryParam('excludedAttributes', 'Comma-separated attributes to leave out'),
];

function resourcePaths(plural: 'users' | 'groups', type: 'User' | 'Group', tag: string): OpenapiFragment['openapiPaths'] {
  const id = pathParam('id', `The ${type}'s id.`);
  const one = (what: string) => json(ref('ScimResource'), what);
  return {
    [`/api/${plural}`]: {
      get: {
        operationId: `list${tag}`,
        tags: [tag],
        summary: `${tag}, SCIM-filtered, sorted and paged`,
        parameters: listParams,
        responses: { '200': json(listOf(ref('ProjectedResource'), { startIndex: { type: 'integer', minimum: 1 } }), 'A page.'), ...errors('400') },
      },
      post: { operationId: `create${type}`, tags: [tag], summary: `Create a ${type} (recorded as made from the inspector)`, requestBody: jsonBody(ref('ScimResourceInput')), responses: { '201': one(`The new ${type}.`), ...errors('400', { status: '409', description: 'A resource with that name exists (`uniqueness`).' }) } },
    },
    [`/api/${plural}/{id}`]: {
      get: { operationId: `get${type}`, tags: [tag], summary: `One ${type}`, parameters: [id], responses: { '200': one(`The ${type}.`), ...errors('404') } },
      put: { operationId: `replace${type}`, tags: [tag], summary: `Replace a ${type}`, parameters: [id, ifMatch], requestBody: jsonBody(ref('ScimResourceInput')), responses: { '200': one(`The ${type} after the change.`), ...errors('400', '404', '409', '412') } },
      patch: { operationId: `patch${type}`, tags: [tag], summary: `Change a ${type} with a PatchOp or a plain object of attributes`, parameters: [id, ifMatch], requestBody: jsonBody(ref('ScimPatchInput')), responses: { '200': one(`The ${type} after the change.`), ...errors('400', '404', '409', '412') } },
      delete: { operationId: `delete${type}`, tags: [tag], summary: `Delete a ${type}`, parameters: [id, ifMatch], responses: { '204': noContent('Deleted.'), ...errors('404', '412') } },
    },
    [`/api/${plural}/{id}/history`]: {
      get: {
        operationId: `${plural === 'users' ? 'user' : 'group'}History`,
        tags: [tag],
        summary: `The ${type}'s timeline: whole and oldest first, or paged newest first with count and before (a deleted ${type} keeps it)`,
        parameters: [id, ...historyParams],
        responses: { '200': json(ref('HistoryPage'), 'The timeline, or one page of it.'), ...errors('400', '404') },
      },
    },
  };
}

export const openapiPaths: OpenapiFragment['openapiPaths'] = {
  ...resourcePaths('users', 'User', 'Users'),
  '/api/users/generate': {
    post: {
      operationId: 'generateUsers',
      tags: ['Users'],
      summary: 'Create fake users (seeded for repeatable runs)',
      requestBody: jsonBody(ref('GenerateUsers')),
      responses: { '201': json(closed({ created: { type: 'integer', minimum: 0 }, ids: { type: 'array', items: { type: 'string' }, maxItems: 100, description: 'The first 100 ids.' } }), 'How many were made.'), ...errors('400') },
    },
  },
  ...resourcePaths('groups', 'Group', 'Groups'),
};
