/**
 * The discovery endpoints (RFC 7644 §4): ServiceProviderConfig, ResourceTypes and Schemas, built
 * from the same definitions the server enforces, so what it advertises is what it does.
 * Filtering discovery resources is not supported and answers 403, as the RFC requires.
 */
import type { JsonObject } from '../contract/scim.js';
import type { AuthMode } from '../contract/settings.js';
import { ScimError, notFound } from './errors.js';
import type { ScimRequest, ScimResponse } from './http/pipeline.js';
import type { RouteTable } from './http/route-table.js';
import { MAX_PAGE_SIZE } from './list-query.js';
import { contextOf } from './request-context.js';
import { allSchemas, resourceTypes } from './schemas/resource-types.js';
import { sendScim } from './send.js';

const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

function refuseFilter(req: ScimRequest): void {
  const key = Object.keys(req.query).find((k) => k.toLowerCase() === 'filter');
  if (key !== undefined) throw new ScimError(403, 'Discovery endpoints cannot be filtered (RFC 7644 §4).');
}

const listOf = (resources: JsonObject[]): JsonObject => ({ schemas: [LIST], totalResults: resources.length, startIndex: 1, itemsPerPage: resources.length, Resources: resources });

function authenticationSchemes(mode: AuthMode): JsonObject[] {
  if (mode === 'basic') return [{ type: 'httpbasic', name: 'HTTP Basic', description: 'Authentication with a username and password (RFC 7617).', primary: true }];
  if (mode === 'none') return [];
  if (mode === 'oauth') return [{ type: 'oauth2', name: 'OAuth 2.0', description: 'Access tokens issued by this server\'s /oauth2/token endpoint, sent as "Authorization: Bearer <token>".', specUri: 'https://www.rfc-editor.org/rfc/rfc6749', primary: true }];
  return [{ type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: 'A static token sent as "Authorization: Bearer <token>" (or as the whole header value, as Okta\'s Header Auth does).', primary: true }];
}

export function serviceProviderConfig(baseUrl: string, mode: AuthMode): JsonObject {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_PAGE_SIZE },
    changePassword: { supported: true },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: authenticationSchemes(mode),
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

function resourceTypeResource(name: 'User' | 'Group', baseUrl: string): JsonObject {
  const t = resourceTypes[name];
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
    id: t.name,
    name: t.name,
    endpoint: t.endpoint,
    description: t.description,
    schema: t.schema.id,
    schemaExtensions: t.extensions.map((e) => ({ schema: e.schema.id, required: e.required })),
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${t.name}` },
  };
}

function schemaResource(index: number, baseUrl: string): JsonObject {
  const s = allSchemas[index]!;
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
    id: s.id,
    name: s.name,
    description: s.description,
    attributes: s.attributes as unknown as JsonObject[],
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${s.id}` },
  };
}

export function registerDiscovery(table: RouteTable, authMode: () => AuthMode): void {
  const base = (res: ScimResponse) => contextOf(res).baseUrl;
  table.add('/ServiceProviderConfig', {
    GET: (req, res) => {
      refuseFilter(req);
      sendScim(res, 200, serviceProviderConfig(base(res), authMode()));
    },
  });
  table.add('/ResourceTypes', {
    GET: (req, res) => {
      refuseFilter(req);
      sendScim(res, 200, listOf([resourceTypeResource('User', base(res)), resourceTypeResource('Group', base(res))]));
    },
  });
  table.add('/ResourceTypes/:id', {
    GET: (req, res) => {
      const name = (['User', 'Group'] as const).find((n) => n.toLowerCase() === String(req.params.id).toLowerCase());
      if (!name) throw notFound(`Resource type "${req.params.id}" not found; this server offers User and Group.`);
      sendScim(res, 200, resourceTypeResource(name, base(res)));
    },
  });
  table.add('/Schemas', {
    GET: (req, res) => {
      refuseFilter(req);
      sendScim(res, 200, listOf(allSchemas.map((_, i) => schemaResource(i, base(res)))));
    },
  });
  table.add('/Schemas/:id', {
    GET: (req, res) => {
      const index = allSchemas.findIndex((s) => s.id.toLowerCase() === String(req.params.id).toLowerCase());
      if (index < 0) throw notFound(`Schema "${req.params.id}" not found.`);
      sendScim(res, 200, schemaResource(index, base(res)));
    },
  });
}
