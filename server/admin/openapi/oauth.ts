/**
 * OpenAPI fragment: `/api/oauth` (oauth/oauth-admin-routes.ts), the Connect view's values for auth
 * mode `oauth` and the levers that show how an IdP copes with revoked and expired tokens.
 */
import { closed, json, nullable, ref, type OpenapiFragment } from './fragment.js';

export const scope: OpenapiFragment['scope'] = 'workspace';

const url = nullable({ type: 'string', format: 'uri' });
const count = { type: 'integer', minimum: 0 };

export const openapiSchemas: OpenapiFragment['openapiSchemas'] = {
  OAuthCredentials: closed({
    mode: ref('AuthMode'),
    authorizeUrl: url,
    tokenUrl: url,
    revokeUrl: url,
    publicAuthorizeUrl: url,
    publicTokenUrl: url,
    clientId: { type: 'string' },
    clientSecret: { type: 'string' },
    redirectUris: { type: 'array', items: { type: 'string' } },
    accessTokenTtlSeconds: { type: 'integer', minimum: 1 },
    requirePkce: { type: 'boolean' },
    counts: closed({ accessTokens: count, refreshTokens: count }),
  }),
};

export const openapiPaths: OpenapiFragment['openapiPaths'] = {
  '/api/oauth/credentials': {
    get: { operationId: 'getOAuthCredentials', tags: ['OAuth'], summary: 'What to paste into the IdP for auth mode oauth (Cache-Control: no-store)', responses: { '200': json(ref('OAuthCredentials'), 'URLs, client id and secret, live token counts.') } },
  },
  '/api/oauth/revoke-all': {
    post: { operationId: 'revokeAllOAuthTokens', tags: ['OAuth'], summary: 'Revoke every access and refresh token', responses: { '200': json(closed({ revoked: count }), 'How many were revoked.') } },
  },
  '/api/oauth/expire-access-tokens': {
    post: { operationId: 'expireOAuthAccessTokens', tags: ['OAuth'], summary: 'Make every access token expire now (refresh tokens keep working)', responses: { '200': json(closed({ expired: count }), 'How many expired.') } },
  },
  '/api/oauth/client-secret/regenerate': {
    post: { operationId: 'regenerateOAuthClientSecret', tags: ['OAuth'], summary: 'Issue a new client secret', responses: { '200': json(closed({ clientSecret: { type: 'string', minLength: 1 } }), 'The new secret (Cache-Control: no-store).') } },
  },
};
