/**
 * What every OpenAPI fragment of the admin API is built from: the fragment shape the assembler reads,
 * the error body every failure answers (api-errors.ts), and small builders for responses and
 * parameters, so the fragments stay short and say the same thing the same way. Request bodies that
 * a route validates with zod are described from that very zod schema (`fromZod`), so the two cannot
 * disagree.
 */
import { z } from 'zod';

export type JsonSchema = { [keyword: string]: unknown };
export type Operation = { [field: string]: unknown; operationId: string; summary: string; responses: Record<string, unknown> };
export type PathItem = Partial<Record<'get' | 'put' | 'post' | 'patch' | 'delete', Operation>> & { parameters?: unknown[] };
export type Paths = Record<string, PathItem>;

/** One module per area in server/admin/openapi/; see assemble.ts. */
export interface OpenapiFragment {
  /** Paths written as the default workspace's (`/api/faults/{id}`); the assembler adds `/api/w/{workspace}` twins for scoped ones. */
  openapiPaths: Paths;
  /** Components Schemas, referred to as `#/components/schemas/Name`. */
  openapiSchemas: Record<string, JsonSchema>;
  scope: 'workspace' | 'global';
}

export const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
export const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });
/** An object whose listed properties are all required and no others are sent. */
export const closed = (properties: Record<string, JsonSchema>, optional: string[] = []): JsonSchema => ({
  type: 'object',
  required: Object.keys(properties).filter((k) => !optional.includes(k)),
  properties,
  additionalProperties: false,
});
export const listOf = (item: JsonSchema, extra: Record<string, JsonSchema> = {}): JsonSchema => closed({ items: { type: 'array', items: item }, total: { type: 'integer', minimum: 0 }, ...extra });

/** The JSON Schema (2020-12) of what a zod schema accepts, as the route parses it. */
export function fromZod(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

export const json = (schema: JsonSchema, description: string) => ({ description, content: { 'application/json': { schema } } });
export const jsonBody = (schema: JsonSchema, required = true, description?: string) => ({ required, ...(description ? { description } : {}), content: { 'application/json': { schema } } });
export const noContent = (description: string) => ({ description });

/** The standard error answers, kept once in components.responses and referred to by name. */
export const ERROR_RESPONSES = {
  '400': ['BadRequest', 'Invalid input (`invalid_input`, with `details`), a body that is not JSON, or a SCIM rule broken (its scimType as the code).'],
  '401': ['Unauthorized', 'No admin token (`token_required`) or a wrong one (`token_invalid`).'],
  '403': ['Forbidden', 'Not from this machine (`not_loopback`, `bad_host`) or from a foreign web page (`foreign_origin`).'],
  '404': ['NotFound', 'Nothing with that id (`not_found`).'],
  '409': ['Conflict', 'The request conflicts with the current state.'],
  '412': ['PreconditionFailed', 'If-Match names another version (`precondition_failed`).'],
  '413': ['TooLarge', 'The request body is larger than allowed (`too_large`).'],
  '5XX': ['ServerError', 'An unexpected failure (`internal`), or the data folder could not be written (`store_write_failed`, 503).'],
} as const;

/** Error responses, all with the one error body: a standard one by status, or one with its own description. */
export function errors(...statuses: Array<keyof typeof ERROR_RESPONSES | { status: string; description: string }>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of statuses) {
    if (typeof s === 'string') out[s] = { $ref: `#/components/responses/${ERROR_RESPONSES[s][0]}` };
    else out[s.status] = json(ref('ApiError'), s.description);
  }
  return out;
}

/** components.responses for the standard errors. */
export const errorResponses = Object.fromEntries(Object.values(ERROR_RESPONSES).map(([name, description]) => [name, json(ref('ApiError'), description)]));

export const pathParam = (name: string, description: string, schema: JsonSchema = { type: 'string' }) => ({ name, in: 'path', required: true, description, schema });
export const queryParam = (name: string, description: string, schema: JsonSchema = { type: 'string' }) => ({ name, in: 'query', required: false, description, schema });

/** Schemas every fragment may refer to. */
export const sharedSchemas: Record<string, JsonSchema> = {
  ApiError: {
    description: 'Every admin API failure (server/admin/api-errors.ts).',
    ...closed({
      error: closed(
        {
          status: { type: 'integer', minimum: 400, maximum: 599 },
          code: { type: 'string', description: 'Machine-readable: token_required, invalid_input, not_found, a SCIM scimType such as uniqueness, …', minLength: 1 },
          message: { type: 'string', minLength: 1 },
          details: { description: 'For `invalid_input`: one `{ path, message }` per problem.', type: 'array', items: closed({ path: { type: 'string' }, message: { type: 'string' } }) },
        },
        ['details'],
      ),
    }),
  },
  JsonValue: { description: 'Any JSON value.' },
  JsonObject: { type: 'object', description: 'Any JSON object.' },
  StringMap: { type: 'object', additionalProperties: { type: 'string' } },
  StoreCounts: closed({ users: { type: 'integer', minimum: 0 }, groups: { type: 'integer', minimum: 0 } }),
};
