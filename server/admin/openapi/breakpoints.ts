/**
 * OpenAPI fragment: `/api/breakpoints` (breakpoint-routes.ts), the breakpoint rules, the default
 * release bound and the paused exchanges with the ways to let one go. Request bodies are described
 * from the zod schemas the routes parse them with (breakpoints/breakpoint-schema.ts). Shapes follow
 * server/contract/breakpoints.ts; what an exchange records of a breakpoint (BreakpointHit) is in
 * exchanges.ts.
 */
import { breakpointInputSchema, breakpointSettingsSchema, continueSchema, respondSchema } from '../../breakpoints/breakpoint-schema.js';
import { closed, errors, fromZod, json, jsonBody, listOf, noContent, nullable, pathParam, ref, type JsonSchema, type OpenapiFragment } from './fragment.js';

export const scope: OpenapiFragment['scope'] = 'workspace';

const input = fromZod(breakpointInputSchema);
const message = (extra: Record<string, JsonSchema> = {}) =>
  closed({ ...extra, headers: ref('StringMap'), body: { ...ref('JsonValue'), description: 'Parsed JSON (secrets redacted), the text when not JSON, or null.' }, bodyIsText: { type: 'boolean' } });

export const openapiSchemas: OpenapiFragment['openapiSchemas'] = {
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
  BreakpointContinue: {
    description: "Let the exchange go on; in the before phase, optionally with request headers set (null removes one) and/or the body replaced (`body` as JSON or `bodyText` as the editor's text). A `[redacted]` left where a secret was keeps the real value.",
    ...fromZod(continueSchema),
  },
  BreakpointRespond: {
    description: 'Answer with this response: instead of the backend (before phase) or instead of its answer (after phase; its headers stay unless named here). The body is JSON (`body`) or text that must parse as JSON (`bodyText`); absent or null sends no body.',
    ...fromZod(respondSchema),
  },
  PausedExchange: closed({
    id: { type: 'string' },
    exchangeId: { ...nullable({ type: 'string' }), description: 'The exchange it will be recorded as (null when recording is off).' },
    rule: closed({ id: { type: 'string' }, name: { type: 'string' } }),
    phase: { type: 'string', enum: ['before', 'after'] },
    pausedAt: { type: 'string', format: 'date-time' },
    timeoutMs: { type: 'integer', minimum: 0 },
    releaseAt: { type: 'string', format: 'date-time', description: 'When it is let go unchanged if nobody acts.' },
    method: { type: 'string' },
    path: { type: 'string' },
    query: { type: 'string' },
    client: ref('ClientKind'),
    operation: ref('OperationKind'),
    request: message(),
    response: { ...nullable(message({ status: { type: 'integer' } })), description: "The backend's answer (after phase), else null." },
  }),
};

const tags = ['Breakpoints'];
const ruleId = pathParam('id', 'The rule id.');
const pausedId = pathParam('id', 'The paused exchange id.');
const rule = json(ref('BreakpointRule'), 'The rule.');
const released = json(ref('PausedExchange'), 'The exchange as it was paused; it has been let go.');
const noRule = errors({ status: '404', description: 'No rule with that id (`not_found`).' });
const gone = errors({ status: '404', description: 'No paused exchange with that id (`not_found`): it was let go already (timed out, answered, client gone), or never existed.' });

export const openapiPaths: OpenapiFragment['openapiPaths'] = {
  '/api/breakpoints': {
    get: {
      operationId: 'listBreakpoints',
      tags,
      summary: 'The breakpoint rules, in the order they are tried, and the default release bound',
      responses: { '200': json(listOf(ref('BreakpointRule'), { defaultTimeoutMs: { type: 'integer', minimum: 0 } }), 'The rules.') },
    },
    post: {
      operationId: 'createBreakpoint',
      tags,
      summary: 'Add a rule (at the end)',
      requestBody: jsonBody(ref('BreakpointRuleInput')),
      responses: { '201': json(ref('BreakpointRule'), 'The rule, with its id.'), ...errors('400') },
    },
  },
  '/api/breakpoints/settings': {
    get: { operationId: 'getBreakpointSettings', tags, summary: 'The default release bound', responses: { '200': json(ref('BreakpointSettings'), 'The settings.') } },
    put: {
      operationId: 'setBreakpointSettings',
      tags,
      summary: 'Set the default release bound (10 ms to 10 min)',
      requestBody: jsonBody(ref('BreakpointSettings')),
      responses: { '200': json(ref('BreakpointSettings'), 'The settings.'), ...errors('400') },
    },
  },
  '/api/breakpoints/paused': {
    get: { operationId: 'listPausedExchanges', tags, summary: 'The exchanges paused now, oldest first', responses: { '200': json(listOf(ref('PausedExchange')), 'The paused exchanges.') } },
  },
  '/api/breakpoints/paused/{id}/continue': {
    post: {
      operationId: 'continuePausedExchange',
      tags,
      summary: 'Let it go on, unchanged or with the request edited (before phase)',
      parameters: [pausedId],
      requestBody: jsonBody(ref('BreakpointContinue'), false),
      responses: {
        '200': released,
        ...errors(
          { status: '400', description: 'An invalid edit: not JSON, nested too deep, a framing header, a bad header value (nothing was changed).' },
          { status: '409', description: 'A request edit for an exchange paused after the backend answered.' },
        ),
        ...gone,
      },
    },
  },
  '/api/breakpoints/paused/{id}/respond': {
    post: {
      operationId: 'respondToPausedExchange',
      tags,
      summary: 'Answer it with an edited (or new) response',
      parameters: [pausedId],
      requestBody: jsonBody(ref('BreakpointRespond')),
      responses: { '200': released, ...errors({ status: '400', description: 'An invalid response (nothing was changed).' }), ...gone },
    },
  },
  '/api/breakpoints/paused/{id}/drop': {
    post: { operationId: 'dropPausedExchange', tags, summary: "Cut the client's connection (as the drop fault does)", parameters: [pausedId], responses: { '200': released, ...gone } },
  },
  '/api/breakpoints/{id}': {
    get: { operationId: 'getBreakpoint', tags, summary: 'One rule', parameters: [ruleId], responses: { '200': rule, ...noRule } },
    put: {
      operationId: 'replaceBreakpoint',
      tags,
      summary: "Replace a rule's definition (id and counter stay)",
      parameters: [ruleId],
      requestBody: jsonBody(ref('BreakpointRuleInput')),
      responses: { '200': rule, ...errors('400'), ...noRule },
    },
    delete: { operationId: 'deleteBreakpoint', tags, summary: 'Delete a rule', parameters: [ruleId], responses: { '204': noContent('Deleted.'), ...noRule } },
  },
};
