/**
 * The admin API's OpenAPI description cannot drift from the routes: every route the admin Express
 * app of a real sandbox serves is described, every described operation is served, workspace-scoped
 * areas have their /api/w/{workspace} twins and global ones none, the document is valid OpenAPI 3.1
 * (the official schema, through @seriousme/openapi-schema-validator) and every schema compiles
 * strictly. /api/openapi.json itself answers only with the admin token.
 */
import { readFileSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS_PATH } from '../../server/admin/events-socket.js';
import { assembleOpenapi, FRAGMENTS, WORKSPACE_PREFIX, type OpenapiDocument } from '../../server/admin/openapi/assemble.js';
import type { OpenapiFragment } from '../../server/admin/openapi/fragment.js';
import { request } from '../helpers/http.js';
import { describedOperations, keyOf, normalize, ResponseChecker, walkRoutes } from '../helpers/openapi.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

/** Served outside Express's router: the WebSocket upgrade (events-socket.ts handles the server's 'upgrade' event). */
const NOT_EXPRESS_ROUTES = [normalize('GET', EVENTS_PATH)];

describe('the OpenAPI description against the admin app', () => {
  let t: TestSandbox;
  let doc: OpenapiDocument;
  beforeAll(async () => {
    t = await startSandbox();
    const res = await t.admin('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body;
  });
  afterAll(() => t.close());

  function servedRoutes() {
    // The admin server's request listener is the app createAdminApp built.
    const [app] = t.sandbox.adminServer.listeners('request') as Array<RequestListener & { router?: { stack: never[] } }>;
    expect(app?.router?.stack, 'the admin server should be an Express app').toBeDefined();
    // Workspace-scoped routes live in each workspace's own router, which the admin app dispatches to
    // (workspaces/admin-dispatch.ts); the default workspace's stands for all of them.
    const scoped = walkRoutes((t.sandbox.workspaces.defaultCore.api as unknown as { stack: never[] }).stack, '/api');
    return [...walkRoutes(app!.router!.stack), ...scoped].filter((r) => r.path.startsWith('/api/'));
  }

  it('describes every route the admin app serves', () => {
    const routes = servedRoutes();
    expect(routes.length).toBeGreaterThan(50);
    const described = new Set(describedOperations(doc).map((o) => keyOf(normalize(o.method, o.template))));
    const missing = routes.map((r) => keyOf(normalize(r.method, r.path))).filter((k) => !described.has(k));
    expect(missing, 'routes without a description: add them to the fragment in server/admin/openapi/').toEqual([]);
  });

  it('serves every operation it describes', () => {
    const served = new Set([...servedRoutes().map((r) => normalize(r.method, r.path)), ...NOT_EXPRESS_ROUTES].map((r) => `${r.method} ${r.path}`));
    // A workspace twin is served when its default-workspace path is (the workspace registry dispatches to the same routers).
    const unserved = describedOperations(doc)
      .map((o) => normalize(o.method, o.template))
      .filter((r) => !served.has(`${r.method} ${r.path}`))
      .map(keyOf);
    expect(unserved, 'described operations no route serves: remove them or add the route').toEqual([]);
  });

  it('gives every workspace-scoped path its /api/w/{workspace} twin, and global paths none', () => {
    for (const [area, fragment] of Object.entries(FRAGMENTS) as [string, OpenapiFragment][]) {
      for (const [path, item] of Object.entries(fragment.openapiPaths)) {
        const twin = (doc.paths as Record<string, Record<string, any>>)[`${WORKSPACE_PREFIX}${path.slice(4)}`];
        if (fragment.scope === 'global') {
          expect(twin, `${area}: ${path} is global`).toBeUndefined();
          continue;
        }
        expect(twin, `${area}: ${path} needs a workspace twin`).toBeDefined();
        for (const method of Object.keys(item)) {
          expect(twin![method].operationId).toBe(`${(item as Record<string, any>)[method].operationId}InWorkspace`);
          expect(twin![method].parameters[0]).toMatchObject({ name: 'workspace', in: 'path', required: true });
        }
      }
    }
  });

  it('is valid OpenAPI 3.1, with unique operation ids, and every schema compiles strictly', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info.version).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
    expect(doc.servers[0]!.variables.port.default).toBe(String(t.addresses.adminPort));
    expect(doc.security).toEqual([{ adminToken: [] }]);
    const ids = describedOperations(doc).map((o) => o.operation.operationId);
    expect(ids.length).toBe(new Set(ids).size);
    expect(new ResponseChecker(doc).compileAll().length).toBe(Object.keys(doc.components.schemas).length);
  });

  it('says for every operation how the guard refuses (401, 403) and how failures look', () => {
    const checker = new ResponseChecker(doc);
    for (const { method, template, operation } of describedOperations(doc)) {
      for (const status of ['401', '403', '5XX']) expect(checker.response(operation.responses[status])?.content?.['application/json']?.schema, `${method} ${template} ${status}`).toEqual({ $ref: '#/components/schemas/ApiError' });
      if (operation.requestBody) expect(operation.responses['400'], `${method} ${template} 400`).toBeDefined();
    }
  });

  it('is the document assembleOpenapi builds, served only with the admin token', async () => {
    expect(doc).toEqual(JSON.parse(JSON.stringify(assembleOpenapi({ adminPort: t.addresses.adminPort }))));
    const refused = await request(`${t.addresses.adminUrl}/api/openapi.json`);
    expect(refused.status).toBe(401);
    expect(new ResponseChecker(doc).check('GET', '/api/openapi.json', 401, refused.body)).toEqual([]);
  });
});

describe('the assembler refuses a wrong description', () => {
  const op = (operationId: string) => ({ operationId, summary: 's', responses: { '200': { description: 'ok' } } });
  const cases: [string, Record<string, OpenapiFragment>, RegExp][] = [
    [
      'two fragments describing one operation',
      { a: { scope: 'global', openapiSchemas: {}, openapiPaths: { '/api/x': { get: op('a') } } }, b: { scope: 'global', openapiSchemas: {}, openapiPaths: { '/api/x': { get: op('b') } } } },
      /GET \/api\/x is described by both a and b/,
    ],
    [
      'a workspace path colliding with a global one',
      { a: { scope: 'workspace', openapiSchemas: {}, openapiPaths: { '/api/x': { get: op('a') } } }, b: { scope: 'global', openapiSchemas: {}, openapiPaths: { '/api/w/{workspace}/x': { get: op('b') } } } },
      /is described by both a and b/,
    ],
    ['one schema name twice', { a: { scope: 'global', openapiSchemas: { ApiError: {} }, openapiPaths: {} } }, /schema ApiError of a is already defined/],
    ['a $ref to no schema', { a: { scope: 'global', openapiSchemas: { X: { $ref: '#/components/schemas/Nope' } }, openapiPaths: {} } }, /refers to #\/components\/schemas\/Nope/],
    ['a $ref to no response', { a: { scope: 'global', openapiSchemas: {}, openapiPaths: { '/api/x': { get: { ...op('a'), responses: { '418': { $ref: '#/components/responses/Teapot' } } } } } } }, /refers to #\/components\/responses\/Teapot/],
    ['a path outside /api', { a: { scope: 'global', openapiSchemas: {}, openapiPaths: { '/scim/v2/Users': { get: op('a') } } } }, /outside \/api/],
  ];
  it.each(cases)('%s', (_name, fragments, message) => {
    expect(() => assembleOpenapi({ fragments })).toThrow(message);
  });
});
