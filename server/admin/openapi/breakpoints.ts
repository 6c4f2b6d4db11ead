/**
 * OpenAPI fragment: `/api/breakpoints` (breakpoint-routes.ts), the breakpoint rules, the default
 * release bound and the paused exchanges with the ways to let one go. Request bodies are described
 * from the zod schemas the routes parse them with (breakpoints/breakpoint-schema.ts). Self-contained
 * (its few helpers mirror shared.ts of the assembler); errors refer to the shared `ApiError` schema.
 */
import { z } from 'zod';
import { breakpointInputSchema, breakpointSettingsSchema, continueSchema, respondSchema } from '../../breakpoints/breakpoint-schema.js';

type JsonSchema = { [keyword: string]: unknown };

export const scope = 'workspace' as const;

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });
const closed = (properties: Record<string, JsonSchema>, optional: string[] = []): JsonSchema => ({
  type: 'object',
  required: Object.keys(properties).filter((k) => !optional.includes(k)),
  properties,
  additionalProperties: false,
});
/**
 * The JSON Schema of what a zod schema accepts. A body of any JSON (z.json()) comes out as a local
 * `#/$defs/...` reference, which would point at the assembled document's root: it becomes `{}`.
 */
function fromZod(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, $defs: _defs, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const inline = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(inline);
    if (value === null || typeof value !== 'object') return value;
    const node = value as JsonSchema;
    if (typeof node.$ref === 'string' && node.$ref.startsWith('#/$defs/')) return { description: 'Any JSON value.' };
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inline(v)]));
  };
  return inline(rest) as JsonSchema;
}
const json = (schema: JsonSchema, description: string) => ({ description, content: { 'application/json': { schema } } });
const jsonBody = (schema: JsonSchema, required = true) => ({ required, content: { 'application/json': { schema } } });
const error = (description: string) => json(ref('ApiError'), description);
const idParam = (description: string) => ({ name: 'id', in: 'path', required: true, description, schema: { type: 'string' } });

const input = fromZod(breakpointInputSchema);
const headers = { type: 'object', additionalProperties: { type: 'string' } };
const anyJson = { description: 'Any JSON value.' };
const message = (extra: Record<string, JsonSchema> = {}) => closed({ ...extra, headers, body: { ...anyJson, description: 'Parsed JSON (secrets redacted), the text when not JSON, or null.' }, bodyIsText: { type: 'boolean' } });
const resolution = { type: 'string', enum: ['continued', 'edited', 'responded', 'dropped', 'timed-out', 'released-on-close', 'aborted'] };

export const openapiSchemas: Record<string, JsonSchema> = {
  BreakpointRuleInput: { description: 'A rule as sent: name required; phase (before), enabled (true) and match ({}: everything) have defaults; timeoutMs falls back to the default release bound.', ...input },
  BreakpointRule: closed(
    {
      id: { type: 'string' },
      ...(input.properties as Record<string, JsonSchema>),
      hits: { type: 'integer', minimum: 0, description: 'Times the rule paused a request.' },
      lastHitAt: nullable({ type: 'string', format: 'date-time' }),
    },
    ['timeoutMs'],
  ),
  BreakpointSettings: { description: 'The release bound of rules that set none (ms).', ...fromZod(breakpointSettingsSchema) },
  BreakpointContinue: { description: 'Let the exchange go on; in the before phase, optionally with request headers set (null removes one) and/or the body replaced (`body` as JSON or `bodyText` as the editor\'s text). A `[redacted]` left where a secret was keeps the real value.', ...fromZod(continueSchema) },
  BreakpointRespond: { description: 'Answer with this response: instead of the backend (before phase) or instead of its answer (after phase; its headers stay unless named here). The body is JSON (`body`) or text that must parse as JSON (`bodyText`); absent or null sends no body.', ...fromZod(respondSchema) },
  PausedExchange: closed({
    id: { type: 'string' },
    exchangeId: nullable({ type: 'string' }),
    rule: closed({ id: { type: 'string' }, name: { type: 'string' } }),
    phase: { type: 'string', enum: ['before', 'after'] },
    pausedAt: { type: 'string', format: 'date-time' },
    timeoutMs: { type: 'integer' },
    releaseAt: { type: 'string', format: 'date-time' },
    method: { type: 'string' },
    path: { type: 'string' },
    query: { type: 'string' },
    client: { type: 'string' },
    operation: { type: 'string' },
    request: message(),
    response: nullable(message({ status: { type: 'integer' } })),
  }),
  BreakpointHit: closed({
    ruleId: { type: 'string' },
    name: { type: 'string' },
    phase: { type: 'string', enum: ['before', 'after'] },
    resolution,
    pausedMs: { type: 'integer', minimum: 0 },
    original: nullable({
      type: 'object',
      description: 'What the edit replaced (redacted): changed request headers (null: absent before) and body, or the backend\'s answer.',
      properties: {
        request: { type: 'object', properties: { headers: { type: 'object', additionalProperties: nullable({ type: 'string' }) }, body: anyJson }, additionalProperties: false },
        response: closed({ status: { type: 'integer' }, headers, body: anyJson }),
      },
      additionalProperties: false,
    }),
  }),
};

const rule = json(ref('BreakpointRule'), 'The rule.');
const paused = json(ref('PausedExchange'), 'The exchange as it was paused; it has been let go.');
const unwritable = { '503': error('breakpoints.json could not be written (`store_write_failed`); the rules are as they were.') };
const gone = error('No paused exchange with that id: it was let go already (timed out, answered, client gone).');

export const openapiPaths: Record<string, Record<string, unknown>> = {
  '/api/breakpoints': {
    get: {
      operationId: 'listBreakpoints',
      tags: ['Breakpoints'],
      summary: 'The breakpoint rules, in the order they are tried, and the default release bound',
      responses: { '200': json(closed({ items: { type: 'array', items: ref('BreakpointRule') }, total: { type: 'integer', minimum: 0 }, defaultTimeoutMs: { type: 'integer' } }), 'The rules.') },
    },
    post: { operationId: 'createBreakpoint', tags: ['Breakpoints'], summary: 'Add a rule (at the end)', requestBody: jsonBody(ref('BreakpointRuleInput')), responses: { '201': json(ref('BreakpointRule'), 'The rule, with its id.'), '400': error('Invalid rule (`invalid_input`).'), ...unwritable } },
  },
  '/api/breakpoints/settings': {
    get: { operationId: 'getBreakpointSettings', tags: ['Breakpoints'], summary: 'The default release bound', responses: { '200': json(ref('BreakpointSettings'), 'The settings.') } },
    put: { operationId: 'setBreakpointSettings', tags: ['Breakpoints'], summary: 'Set the default release bound (10 ms to 10 min)', requestBody: jsonBody(ref('BreakpointSettings')), responses: { '200': json(ref('BreakpointSettings'), 'The settings.'), '400': error('Out of range (`invalid_input`).'), ...unwritable } },
  },
  '/api/breakpoints/paused': {
    get: { operationId: 'listPausedExchanges', tags: ['Breakpoints'], summary: 'The exchanges paused now, oldest first', responses: { '200': json(closed({ items: { type: 'array', items: ref('PausedExchange') }, total: { type: 'integer', minimum: 0 } }), 'The paused exchanges.') } },
  },
  '/api/breakpoints/paused/{id}/continue': {
    post: { operationId: 'continuePausedExchange', tags: ['Breakpoints'], summary: 'Let it go on, unchanged or with the request edited (before phase)', parameters: [idParam('The paused exchange id.')], requestBody: jsonBody(ref('BreakpointContinue'), false), responses: { '200': paused, '400': error('Invalid edit: not JSON, nested too deep, a framing header, a bad header (nothing was changed).'), '404': gone, '409': error('A request edit for an exchange paused after the backend answered.') } },
  },
  '/api/breakpoints/paused/{id}/respond': {
    post: { operationId: 'respondToPausedExchange', tags: ['Breakpoints'], summary: 'Answer it with an edited (or new) response', parameters: [idParam('The paused exchange id.')], requestBody: jsonBody(ref('BreakpointRespond')), responses: { '200': paused, '400': error('Invalid response (nothing was changed).'), '404': gone } },
  },
  '/api/breakpoints/paused/{id}/drop': {
    post: { operationId: 'dropPausedExchange', tags: ['Breakpoints'], summary: 'Cut the client\'s connection (as the drop fault does)', parameters: [idParam('The paused exchange id.')], responses: { '200': paused, '404': gone } },
  },
  '/api/breakpoints/{id}': {
    get: { operationId: 'getBreakpoint', tags: ['Breakpoints'], summary: 'One rule', parameters: [idParam('The rule id.')], responses: { '200': rule, '404': error('No such rule.') } },
    put: { operationId: 'replaceBreakpoint', tags: ['Breakpoints'], summary: 'Replace a rule\'s definition (id and counter stay)', parameters: [idParam('The rule id.')], requestBody: jsonBody(ref('BreakpointRuleInput')), responses: { '200': rule, '400': error('Invalid rule.'), '404': error('No such rule.'), ...unwritable } },
    delete: { operationId: 'deleteBreakpoint', tags: ['Breakpoints'], summary: 'Delete a rule', parameters: [idParam('The rule id.')], responses: { '204': { description: 'Deleted.' }, '404': error('No such rule.'), ...unwritable } },
  },
};
