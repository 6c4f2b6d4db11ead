/**
 * OpenAPI fragment: `/api/settings`, `/api/settings/credentials`, `/api/settings/token/regenerate`
 * and `/api/store/reset` to a dataset (settings-routes.ts). Settings leave with secrets masked; the SCIM
 * credentials to paste into an IdP come from /credentials only.
 */
import { settingsPatchSchema, storeResetSchema } from '../settings-routes.js';
import { closed, errors, fromZod, json, jsonBody, nullable, ref, type OpenapiFragment } from './fragment.js';

export const scope: OpenapiFragment['scope'] = 'workspace';

const quirkNames = ['duplicateAs400', 'conflictWithoutScimType', 'rejectMembersReplace', 'ignoreExcludedAttributes', 'plainJsonContentType', 'zeroBasedStartIndex', 'stringTotalResults'];
const int = (minimum = 0) => ({ type: 'integer', minimum });

export const openapiSchemas: OpenapiFragment['openapiSchemas'] = {
  PublicSettings: closed({
    auth: closed({
      mode: ref('AuthMode'),
      tokenSet: { type: 'boolean' },
      basic: closed({ username: { type: 'string' }, passwordSet: { type: 'boolean' } }),
      oauth: closed({
        clientId: { type: 'string' },
        clientSecretSet: { type: 'boolean' },
        redirectUris: { type: 'array', items: { type: 'string' } },
        accessTokenTtlSeconds: int(1),
        requirePkce: { type: 'boolean' },
      }),
    }),
    recording: closed({ enabled: { type: 'boolean' }, retention: int(), maxBodyBytes: int(), historyCap: { ...int(100), description: 'Resource-history entries the workspace keeps (its newest changes).' } }),
    quirks: closed(Object.fromEntries(quirkNames.map((q) => [q, { type: 'boolean' }]))),
    faults: closed({ seed: nullable({ type: 'integer' }) }),
    tunnel: closed({ publicUrl: nullable({ type: 'string' }), ngrokDomain: nullable({ type: 'string' }), ngrokAuthtokenSet: { type: 'boolean' } }),
    patchReturnsResource: { type: 'boolean' },
    upstream: closed({
      url: nullable({ type: 'string' }),
      auth: { type: 'string', enum: ['token', 'header', 'passThrough', 'none'] },
      tokenSet: { type: 'boolean' },
      headerName: { type: 'string' },
      insecure: { type: 'boolean' },
      connectTimeoutMs: int(),
      responseTimeoutMs: int(),
    }),
  }),
  SettingsPatch: { description: 'Any subset of the settings; secrets may be set here but are never read back. The upstream token is bound to the upstream URL\'s origin: an `upstream.url` on another origin sent without `upstream.token` drops the stored token.', ...fromZod(settingsPatchSchema) },
  Credentials: closed({
    mode: ref('AuthMode'),
    token: { type: 'string' },
    basic: closed({ username: { type: 'string' }, password: { type: 'string' } }),
    authorizationHeader: { ...nullable({ type: 'string' }), description: 'The value to paste as the Authorization header; null in modes none and oauth.' },
  }),
  StoreReset: { description: '`dataset` names any dataset (GET /api/datasets; default demo); `seed` is its older spelling, still accepted.', ...fromZod(storeResetSchema) },
};

export const openapiPaths: OpenapiFragment['openapiPaths'] = {
  '/api/settings': {
    get: { operationId: 'getSettings', tags: ['Settings'], summary: 'The settings, secrets replaced by whether they are set', responses: { '200': json(ref('PublicSettings'), 'The settings.') } },
    put: {
      operationId: 'updateSettings',
      tags: ['Settings'],
      summary: 'Change some settings (a deep partial: only what is sent changes)',
      requestBody: jsonBody(ref('SettingsPatch')),
      responses: { '200': json(ref('PublicSettings'), 'The settings after the change.'), ...errors('400') },
    },
  },
  '/api/settings/credentials': {
    get: { operationId: 'getCredentials', tags: ['Settings'], summary: 'The SCIM credentials to paste into an IdP (Cache-Control: no-store)', responses: { '200': json(ref('Credentials'), 'The credentials, unmasked.') } },
  },
  '/api/settings/token/regenerate': {
    post: {
      operationId: 'regenerateScimToken',
      tags: ['Settings'],
      summary: 'Issue a new SCIM token; the old one stops working at once',
      responses: { '200': json(closed({ token: { type: 'string', minLength: 8 } }), 'The new token (Cache-Control: no-store).') },
    },
  },
  '/api/store/reset': {
    post: {
      operationId: 'resetStore',
      tags: ['Store'],
      summary: 'Replace the directory with a dataset (default demo), in one durable commit',
      requestBody: jsonBody(ref('StoreReset'), false),
      responses: {
        '200': json(closed({ dataset: ref('DatasetName'), seed: { ...ref('DatasetName'), description: 'The same as dataset (its older name).' }, counts: ref('StoreCounts') }), 'The dataset and what the store holds now.'),
        ...errors('400'),
      },
    },
  },
};
