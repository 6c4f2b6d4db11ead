/**
 * Holding the admin API's OpenAPI description to the code: list the routes a real admin Express app
 * serves (by walking its router stack), put routes and described operations in one comparable form,
 * and validate a real response body against the schema the description gives for its path, method
 * and status (ajv's 2020-12 build, strict, with formats).
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { OpenapiDocument } from '../../server/admin/openapi/assemble.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;
const WORKSPACE = /^\/api\/w\/\{[^}]*\}(?=\/)/;

export interface RouteKey {
  method: string;
  /** `/api/faults/{}`: parameters unnamed, workspace prefix removed. */
  path: string;
  /** Reached under /api/w/{workspace}. */
  scoped: boolean;
}

/** `/faults/:id` and `/faults/{id}` alike become `/faults/{}`; a workspace prefix is taken off and noted. */
export function normalize(method: string, path: string): RouteKey {
  const unnamed = path.replace(/:[A-Za-z0-9_]+/g, '{}').replace(/\{[A-Za-z0-9_]+\}/g, '{}');
  const scoped = WORKSPACE.test(unnamed);
  return { method: method.toUpperCase(), path: scoped ? unnamed.replace(WORKSPACE, '/api') : unnamed, scoped };
}

export const keyOf = (r: RouteKey) => `${r.method} ${r.path}${r.scoped ? ' (workspace)' : ''}`;

interface Layer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

const join = (a: string, b: string) => `${a.replace(/\/$/, '')}/${b.replace(/^\//, '')}`.replace(/\/$/, '') || '/';

/** Every method and path served by route layers under `stack`, routers included, as mounted. */
export function walkRoutes(stack: Layer[], prefix = ''): Array<{ method: string; path: string }> {
  const out: Array<{ method: string; path: string }> = [];
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const p of paths) {
        if (typeof p !== 'string') throw new Error(`A route with a non-string path (${String(p)}) cannot be checked against the description.`);
        for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') out.push({ method: method.toUpperCase(), path: join(prefix, p) });
      }
    } else if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === 'string' ? layer.rawPath : '/';
      out.push(...walkRoutes(layer.handle.stack, join(prefix, mount)));
    }
  }
  return out;
}

/** The described operations, each with its concrete template. */
export function describedOperations(doc: OpenapiDocument): Array<{ method: string; template: string; operation: Record<string, any> }> {
  return Object.entries(doc.paths).flatMap(([template, item]) =>
    METHODS.filter((m) => (item as Record<string, unknown>)[m]).map((m) => ({ method: m.toUpperCase(), template, operation: (item as Record<string, any>)[m] })),
  );
}

const DOC_ID = 'urn:scimscope:admin-openapi';

/** Points a fragment's local refs at the registered document. */
function rebase(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebase);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${DOC_ID}${v}` : rebase(v)]));
}

export class ResponseChecker {
  readonly ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly templates: Array<{ template: string; pattern: RegExp; params: number }>;

  constructor(readonly doc: OpenapiDocument) {
    addFormats(this.ajv);
    this.ajv.addKeyword({ keyword: 'components' });
    this.ajv.addSchema({ $id: DOC_ID, components: { schemas: doc.components.schemas } });
    this.templates = Object.keys(doc.paths)
      .map((template) => ({
        template,
        pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
        params: (template.match(/\{/g) ?? []).length,
      }))
      .sort((a, b) => a.params - b.params);
  }

  /** Compiles every component schema, so a typo or an unknown keyword fails here, not silently later. */
  compileAll(): string[] {
    return Object.keys(this.doc.components.schemas).filter((name) => {
      this.ajv.getSchema(`${DOC_ID}#/components/schemas/${name}`);
      return true;
    });
  }

  /** A Response Object, through its `$ref` to components.responses when it has one. */
  response(response: any): any {
    const name = /^#\/components\/responses\/(.+)$/.exec(response?.$ref ?? '')?.[1];
    return name ? (this.doc.components.responses as Record<string, unknown>)[name] : response;
  }

  /** The template a concrete path is served by: the one with the fewest parameters that matches. */
  templateOf(path: string): string | null {
    return this.templates.find((t) => t.pattern.test(path))?.template ?? null;
  }

  /** The schema-validation errors of `body` as the request body of `method path` ([] when valid). */
  checkRequest(method: string, path: string, body: unknown): string[] {
    const template = this.templateOf(path.split('?')[0]!);
    const operation = template ? (this.doc.paths as Record<string, Record<string, any>>)[template]?.[method.toLowerCase()] : undefined;
    const schema = operation?.requestBody?.content?.['application/json']?.schema;
    if (!schema) return [`${method} ${path} describes no request body`];
    const id = `${method} ${template} request`;
    let validate = this.compiled.get(id);
    if (!validate) this.compiled.set(id, (validate = this.ajv.compile(rebase(schema) as object)));
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${id}: ${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`);
  }

  /** The schema-validation errors of `body` as the answer to `method path` with `status` ([] when valid). */
  check(method: string, path: string, status: number, body: unknown): string[] {
    const template = this.templateOf(path.split('?')[0]!);
    if (!template) return [`no described path matches ${path}`];
    const operation = (this.doc.paths as Record<string, Record<string, any>>)[template]![method.toLowerCase()];
    if (!operation) return [`${method} ${template} is not described`];
    const key = String(status) in operation.responses ? String(status) : `${String(status)[0]}XX`;
    const response = this.response(operation.responses[key]);
    if (!response) return [`${method} ${template} does not describe status ${status}`];
    const schema = response.content?.['application/json']?.schema;
    if (!schema) return body === null ? [] : [`${method} ${template} ${key} describes no body, but one came: ${JSON.stringify(body).slice(0, 200)}`];
    const id = `${method} ${template} ${key}`;
    let validate = this.compiled.get(id);
    if (!validate) this.compiled.set(id, (validate = this.ajv.compile(rebase(schema) as object)));
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${id}: ${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`);
  }
}
