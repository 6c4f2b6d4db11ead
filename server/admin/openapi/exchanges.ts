/**
 * OpenAPI fragment: `/api/exchanges` (exchanges-routes.ts), the recorded SCIM traffic: paged and
 * filtered lists (with the time-bounded body search over the records on disk), one exchange in full,
 * clearing, HAR export, copy-as-curl and replay. Shapes follow server/contract/exchange.ts, including
 * what a breakpoint that paused an exchange recorded (BreakpointHit).
 */
import { replayEditSchema } from '../exchanges-routes.js';
import { closed, errors, fromZod, json, jsonBody, listOf, noContent, nullable, pathParam, queryParam, ref, type OpenapiFragment } from './fragment.js';

export const scope: OpenapiFragment['scope'] = 'workspace';

const CLIENTS = ['okta', 'entra', 'onelogin', 'jumpcloud', 'pingone', 'google', 'scimscope', 'curl', 'unknown'];
const OPERATIONS = [
  'connection.test', 'user.import', 'user.lookup', 'user.read', 'user.create', 'user.update', 'user.deactivate', 'user.reactivate', 'user.password', 'user.delete',
  'group.import', 'group.lookup', 'group.read', 'group.create', 'group.rename', 'group.update', 'group.members.add', 'group.members.remove', 'group.members.replace', 'group.delete',
  'discovery', 'auth.failed', 'oauth.authorize', 'oauth.consent', 'oauth.token', 'oauth.refresh', 'oauth.denied', 'oauth.revoke', 'unknown',
];
const size = { type: 'integer', minimum: 0 };
const ms = { type: 'number', minimum: 0 };
const resourceType = { type: 'string', enum: ['User', 'Group'] };
const breakpointHitSummary = {
  ruleId: { type: 'string' },
  name: { type: 'string' },
  phase: { type: 'string', enum: ['before', 'after'], description: 'Paused before the backend saw the request, or after it answered.' },
  resolution: ref('BreakpointResolution'),
  pausedMs: { ...ms, description: 'How long the exchange was held (ms).' },
};

export const openapiSchemas: OpenapiFragment['openapiSchemas'] = {
  ClientKind: { type: 'string', enum: CLIENTS },
  OperationKind: { type: 'string', enum: OPERATIONS },
  Operation: closed({ kind: ref('OperationKind'), resourceType: nullable(resourceType), resourceId: nullable({ type: 'string' }), summary: { type: 'string' } }),
  FaultHit: closed({ ruleId: { type: 'string' }, name: { type: 'string' }, action: { type: 'string' }, phase: { type: 'string', enum: ['before', 'after'] }, latencyMs: ms }, ['phase', 'latencyMs']),
  LintFinding: closed(
    {
      code: { type: 'string' },
      level: { type: 'string', enum: ['info', 'warning', 'error'] },
      message: { type: 'string' },
      sources: { type: 'array', items: closed({ kind: { type: 'string', enum: ['rfc', 'interop-draft', 'okta', 'entra'] }, ref: { type: 'string' }, url: { type: 'string' } }, ['url']) },
    },
    ['sources'],
  ),
  BreakpointResolution: { type: 'string', enum: ['continued', 'edited', 'responded', 'dropped', 'timed-out', 'released-on-close', 'aborted'], description: 'How a paused exchange was let go.' },
  BreakpointHit: closed({
    ...breakpointHitSummary,
    original: {
      ...nullable(
        closed(
          {
            request: closed({ headers: { type: 'object', additionalProperties: nullable({ type: 'string' }), description: 'The changed headers as they were (null: absent before).' }, body: ref('JsonValue') }, ['headers', 'body']),
            response: closed({ status: { type: 'integer' }, headers: ref('StringMap'), body: ref('JsonValue') }),
          },
          ['request', 'response'],
        ),
      ),
      description: "What the trainer replaced, as it was before the edit (secrets redacted): request headers and/or body (`edited`), or the backend's answer (`responded` after the backend). Null when nothing was edited.",
    },
  }),
  BreakpointHitSummary: closed(breakpointHitSummary),
  RetryOf: nullable(closed({ exchangeId: { type: 'string' }, delayMs: ms, attempt: { type: 'integer', minimum: 1 } })),
  ResourceChange: closed({ resourceType, id: { type: 'string' }, before: nullable(ref('JsonObject')), after: nullable(ref('JsonObject')) }),
  Exchange: closed(
    {
      id: { type: 'string' },
      seq: { type: 'integer', minimum: 0 },
      startedAt: { type: 'string', format: 'date-time' },
      durationMs: ms,
      client: ref('ClientKind'),
      emulated: { type: 'string', description: "The emulated IdP profile when Scimscope's own emulator sent it." },
      request: closed({ method: { type: 'string' }, path: { type: 'string' }, query: ref('StringMap'), headers: ref('StringMap'), body: ref('JsonValue'), bodySize: size, bodyTruncated: { type: 'boolean' }, remoteAddress: { type: 'string' } }),
      response: closed({ status: { type: 'integer', minimum: 0, description: '0 when no response was sent.' }, headers: ref('StringMap'), body: ref('JsonValue'), bodySize: size, bodyTruncated: { type: 'boolean' } }),
      operation: ref('Operation'),
      changes: { type: 'array', items: ref('ResourceChange') },
      fault: nullable(ref('FaultHit')),
      lint: { type: 'array', items: ref('LintFinding') },
      outcome: { type: 'string', enum: ['completed', 'aborted', 'dropped'] },
      retryOf: ref('RetryOf'),
      replayOf: nullable({ type: 'string' }),
      upstream: nullable(closed({ url: { type: 'string' }, durationMs: nullable(ms), status: nullable({ type: 'integer' }), error: nullable({ type: 'string' }) })),
      breakpoint: { ...nullable(ref('BreakpointHit')), description: 'Set when a breakpoint paused the exchange.' },
    },
    ['emulated', 'retryOf', 'replayOf', 'upstream', 'breakpoint'],
  ),
  ExchangeSummary: closed(
    {
      id: { type: 'string' },
      seq: { type: 'integer', minimum: 0 },
      startedAt: { type: 'string', format: 'date-time' },
      durationMs: ms,
      client: ref('ClientKind'),
      emulated: { type: 'string' },
      method: { type: 'string' },
      path: { type: 'string' },
      query: { type: 'string', description: 'The query as people read it, "" when none.' },
      status: { type: 'integer', minimum: 0 },
      outcome: { type: 'string', enum: ['completed', 'aborted', 'dropped'] },
      operation: ref('Operation'),
      changeCount: size,
      fault: nullable(ref('FaultHit')),
      lintCount: size,
      lintLevel: nullable({ type: 'string', enum: ['info', 'warning', 'error'] }),
      retryOf: ref('RetryOf'),
      replayOf: nullable({ type: 'string' }),
      breakpoint: { ...nullable(ref('BreakpointHitSummary')), description: 'Set when a breakpoint paused the exchange (the edits are in the full record).' },
    },
    ['emulated', 'breakpoint'],
  ),
  BodySearch: {
    description: 'How far a body search (bodies=true) got. When not complete, total counts the matches found so far and exchanges with seq < searchedTo were not read: ask again with beforeSeq=searchedTo.',
    ...closed({
      complete: { type: 'boolean', description: 'Every exchange matching the filters was searched.' },
      searchedTo: { ...nullable({ type: 'integer', minimum: 0 }), description: 'The oldest seq read; null if nothing was read.' },
      read: { type: 'integer', minimum: 0, description: 'Records read from disk.' },
    }),
  },
  SearchCoverage: {
    description: 'What a text search covers: the exchanges matching the other filters (whatever their text) and the newest of them, so a client can count and continue a body search without a second request.',
    ...closed({
      total: { type: 'integer', minimum: 0, description: 'Exchanges matching the filters other than the text.' },
      newestSeq: { ...nullable({ type: 'integer', minimum: 0 }), description: 'The seq of the newest of them; null when there are none.' },
    }),
  },
  ReplayEdit: { description: 'Replay with an edited body (text; null: none) and the full set of headers to send.', ...fromZod(replayEditSchema) },
  Har: {
    description: 'HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/); Scimscope adds `_scimscope` fields to entries.',
    ...closed({
      log: {
        type: 'object',
        required: ['version', 'creator', 'entries'],
        properties: { version: { const: '1.2' }, creator: closed({ name: { const: 'Scimscope' }, version: { type: 'string' } }), pages: { type: 'array' }, entries: { type: 'array', items: { type: 'object', required: ['startedDateTime', 'time', 'request', 'response'], properties: { startedDateTime: { type: 'string', format: 'date-time' }, time: { type: 'number', minimum: 0 }, request: { type: 'object', required: ['method', 'url'], properties: { method: { type: 'string' }, url: { type: 'string' } } }, response: { type: 'object', required: ['status'], properties: { status: { type: 'integer' } } } } } } },
      },
    }),
  },
};

const csv = (name: string, what: string) => queryParam(name, `${what}; comma-separated or repeated.`);
const flag = (name: string, what: string) => queryParam(name, what, { type: 'string', enum: ['true', 'false', '1', '0'] });
const filters = [
  csv('method', 'HTTP methods'),
  csv('status', 'Statuses, or classes such as 4xx'),
  csv('kind', 'Operation kinds (user.create, group.members.*)'),
  csv('client', 'Client kinds (okta, entra, …)'),
  flag('faulted', 'Only exchanges a fault rule acted on (or only those it did not)'),
  flag('linted', 'Only exchanges with lint findings (or only those without)'),
  queryParam('resourceId', 'Only exchanges that touched this resource'),
  queryParam('search', 'Full-text search over method, path, bodies and summary', { type: 'string', maxLength: 500 }),
  queryParam('q', 'Same as search', { type: 'string', maxLength: 500 }),
];
const bodySearch = [
  flag('bodies', 'Also match search anywhere in the full records (bodies, headers), read from disk newest first until offset + limit matches are found or the time budget is spent; the answer then carries bodySearch'),
  queryParam('budgetMs', 'Time budget of a body search (ms; default 250)', { type: 'integer', minimum: 10, maximum: 5000 }),
  queryParam('beforeSeq', 'Only exchanges with a lower seq (to continue a body search below bodySearch.searchedTo)', { type: 'integer', minimum: 0 }),
];
const exchangeId = pathParam('id', 'The exchange id.');

export const openapiPaths: OpenapiFragment['openapiPaths'] = {
  '/api/exchanges': {
    get: {
      operationId: 'listExchanges',
      tags: ['Exchanges'],
      summary: 'Recorded exchanges, newest first, filtered and paged',
      description: 'A query parameter not listed here, or a listed one with a bad value, is refused (400 invalid_input).',
      parameters: [
        queryParam('offset', 'How many to skip', { type: 'integer', minimum: 0 }),
        queryParam('limit', 'Page size', { type: 'integer', minimum: 0, maximum: 5000 }),
        ...filters,
        ...bodySearch,
        flag('full', 'Whole exchanges instead of summaries'),
      ],
      responses: {
        '200': json(
          {
            ...listOf({ anyOf: [ref('ExchangeSummary'), ref('Exchange')] }, { bodySearch: ref('BodySearch'), covered: ref('SearchCoverage') }),
            required: ['items', 'total'],
          },
          'A page: summaries, or whole exchanges with full=true; with bodies=true, how far the body search got; with a quick search (search without bodies), what it covers.',
        ),
        ...errors('400'),
      },
    },
    delete: {
      operationId: 'clearExchanges',
      tags: ['Exchanges'],
      summary: 'Forget every recorded exchange',
      description: 'Clears everything: it takes no filter, and any query parameter is refused (400 invalid_input) with nothing cleared.',
      responses: { '204': noContent('Cleared.'), ...errors('400') },
    },
  },
  '/api/exchanges.har': {
    get: {
      operationId: 'exportHar',
      tags: ['Exchanges'],
      summary: 'The matching exchanges as a HAR file, oldest first (Content-Disposition: attachment)',
      parameters: filters,
      responses: { '200': json(ref('Har'), 'The HAR document.'), ...errors('400') },
    },
  },
  '/api/exchanges/{id}': {
    get: { operationId: 'getExchange', tags: ['Exchanges'], summary: 'One exchange in full', parameters: [exchangeId], responses: { '200': json(ref('Exchange'), 'The exchange.'), ...errors('404') } },
  },
  '/api/exchanges/{id}/curl': {
    get: {
      operationId: 'exchangeAsCurl',
      tags: ['Exchanges'],
      summary: 'The request as a curl command line (credentials as placeholders)',
      parameters: [exchangeId],
      responses: { '200': json(closed({ curl: { type: 'string' } }), 'The command.'), ...errors('404') },
    },
  },
  '/api/exchanges/{id}/replay': {
    post: {
      operationId: 'replayExchange',
      tags: ['Exchanges'],
      summary: 'Send the recorded request to the SCIM port again, optionally edited',
      parameters: [exchangeId],
      requestBody: jsonBody(ref('ReplayEdit'), false),
      responses: {
        '201': json({ anyOf: [ref('ExchangeSummary'), closed({ id: { type: 'string' } })] }, 'The new exchange (only its id if it has already left the log).'),
        ...errors('400', '404', { status: '409', description: 'The recorded body was cut at the recording limit (`body_truncated`); send an edited body.' }),
      },
    },
  },
};
