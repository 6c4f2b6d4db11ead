/**
 * Builds the admin API's OpenAPI 3.1 description (`GET /api/openapi.json`) from one fragment per
 * area. Fragments write paths as the default workspace's; for workspace-scoped fragments this adds
 * the `/api/w/{workspace}` twin of every path (plain `/api/...` addresses the default workspace).
 * It also adds what every operation shares (the bearer token, the guard's 401/403, 5XX) and refuses
 * a description that would be wrong: two fragments claiming one operation or one schema name, or a
 * `$ref` that points nowhere. To add an area: write `<area>.ts` exporting `openapiPaths`,
 * `openapiSchemas` and `scope`, import it here and add it to FRAGMENTS.
 */
import { packageVersion } from '../../config/data-paths.js';
import * as breakpoints from './breakpoints.js';
import * as conformance from './conformance.js';
import * as events from './events.js';
import * as exchanges from './exchanges.js';
import * as faults from './faults.js';
import * as liveEvents from './live-events.js';
import * as oauth from './oauth.js';
import * as openapi from './openapi.js';
import * as resources from './resources.js';
import * as scenarios from './scenarios.js';
import * as settings from './settings.js';
import * as snapshots from './snapshots.js';
import { errorResponses, errors, METHODS, pathParam, sharedSchemas, type JsonSchema, type OpenapiFragment, type Operation, type PathItem, type Paths } from './fragment.js';
import * as status from './status.js';
import * as tunnel from './tunnel.js';
import * as upstream from './upstream.js';
import * as workspaces from './workspaces.js';

/** Every area of the admin API. */
export const FRAGMENTS: Record<string, OpenapiFragment> = { status, settings, exchanges, resources, faults, breakpoints, snapshots, scenarios, conformance, tunnel, oauth, upstream, events, liveEvents, openapi, workspaces };

export const WORKSPACE_PREFIX = '/api/w/{workspace}';
export const WORKSPACE_NAME = '^[a-z0-9][a-z0-9-]{0,39}$';

const workspaceParam = pathParam('workspace', 'The workspace name; plain /api/... addresses the workspace "default".', { type: 'string', pattern: WORKSPACE_NAME });

/** Deep copy through JSON: fragments are shared module constants and must never be changed. */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function withCommonResponses(op: Operation): Operation {
  const added = errors('401', '403', '5XX');
  if (op.requestBody) Object.assign(added, errors('400', '413'));
  return { ...op, responses: { ...op.responses, ...Object.fromEntries(Object.entries(added).filter(([s]) => !(s in op.responses))) } };
}

function workspaceTwin(item: PathItem): PathItem {
  const twin = copy(item);
  for (const method of METHODS) {
    const op = twin[method];
    if (!op) continue;
    op.operationId = `${op.operationId}InWorkspace`;
    op.parameters = [workspaceParam, ...((op.parameters as unknown[]) ?? [])];
  }
  return twin;
}

function checkRefs(node: unknown, components: Record<string, Record<string, unknown>>, where: string): void {
  if (Array.isArray(node)) return node.forEach((n, i) => checkRefs(n, components, `${where}/${i}`));
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref') {
      const [, kind, name] = /^#\/components\/(schemas|responses)\/([^/]+)$/.exec(String(value)) ?? [];
      if (!kind || !(name! in components[kind]!)) throw new Error(`OpenAPI: ${where} refers to ${String(value)}, which no fragment defines.`);
    } else checkRefs(value, components, `${where}/${key}`);
  }
}

export interface AssembleOptions {
  /** The admin port, for `servers`; null before it listens. */
  adminPort?: number | null;
  fragments?: Record<string, OpenapiFragment>;
}

export function assembleOpenapi(options: AssembleOptions = {}) {
  const fragments = options.fragments ?? FRAGMENTS;
  const paths: Paths = {};
  const schemas: Record<string, JsonSchema> = { ...sharedSchemas };
  const owner = new Map<string, string>();
  const add = (path: string, item: PathItem, area: string) => {
    const target = (paths[path] ??= {});
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const key = `${method.toUpperCase()} ${path}`;
      if (owner.has(key)) throw new Error(`OpenAPI: ${key} is described by both ${owner.get(key)} and ${area}.`);
      owner.set(key, area);
      target[method] = withCommonResponses(op);
    }
  };
  for (const [area, fragment] of Object.entries(fragments)) {
    for (const [name, schema] of Object.entries(fragment.openapiSchemas)) {
      if (name in schemas) throw new Error(`OpenAPI: schema ${name} of ${area} is already defined elsewhere.`);
      schemas[name] = schema;
    }
    for (const [path, item] of Object.entries(fragment.openapiPaths)) {
      if (!path.startsWith('/api/')) throw new Error(`OpenAPI: ${area} describes ${path}, outside /api.`);
      add(path, copy(item), area);
      if (fragment.scope === 'workspace') add(`${WORKSPACE_PREFIX}${path.slice('/api'.length)}`, workspaceTwin(item), area);
    }
  }
  const document = {
    openapi: '3.1.1',
    info: {
      title: 'Scimscope admin API',
      version: packageVersion(),
      summary: 'Drive a Scimscope SCIM sandbox: traffic, users and groups, fault rules, scenarios, conformance, settings.',
      description:
        'Loopback only, and every call carries the admin token (`Authorization: Bearer <admin token>`, printed by `scimscope serve`). ' +
        'Workspace-scoped endpoints answer at `/api/<path>` for the default workspace and at `/api/w/{workspace}/<path>` for a named one. ' +
        'Every failure answers the ApiError body. Guide and examples: docs/admin-api.md.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'http://127.0.0.1:{port}', description: 'This Scimscope (loopback only)', variables: { port: { default: String(options.adminPort ?? 7172) } } }],
    security: [{ adminToken: [] }],
    tags: [...new Set(Object.values(paths).flatMap((item) => METHODS.flatMap((m) => (item[m]?.tags as string[] | undefined) ?? [])))].map((name) => ({ name })),
    paths,
    components: {
      schemas,
      responses: errorResponses,
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'The admin token (not the SCIM token).' },
        eventTicket: { type: 'apiKey', in: 'query', name: 'ticket', description: 'A single-use ticket from POST /api/events/ticket; opens the event WebSocket only.' },
      },
    },
  };
  const components = { schemas, responses: errorResponses };
  checkRefs(document.paths, components, '#/paths');
  checkRefs(components, components, '#/components');
  return document;
}

export type OpenapiDocument = ReturnType<typeof assembleOpenapi>;
