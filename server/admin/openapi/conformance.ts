/**
 * OpenAPI fragment: `/api/conformance-runs` (conformance-routes.ts), `scimscope test` run from the
 * inspector. The report is conformance/report-model.ts as is, with the run id and the JSON report
 * format tag; a target's credential never appears in it.
 */
import { conformanceRunInput } from '../conformance-routes.js';
import { closed, errors, fromZod, json, jsonBody, listOf, pathParam, ref, type OpenapiFragment } from './fragment.js';

export const scope: OpenapiFragment['scope'] = 'workspace';

const PROFILES = ['okta', 'entra', 'entra-gallery', 'rfc', 'interop', 'runscope'];
const int = { type: 'integer', minimum: 0 };
const ms = { type: 'number', minimum: 0 };
const summary = closed({ total: int, passed: int, failed: int, skipped: int, errors: int, mustFailed: int, shouldFailed: int });
const report = {
  tool: closed({ name: { const: 'scimscope' }, version: { type: 'string' } }),
  target: { type: 'string' },
  auth: { type: 'string', description: 'How credentials were sent (never the credential).' },
  profiles: { type: 'array', items: ref('ConformanceProfile') },
  startedAt: { type: 'string', format: 'date-time' },
  durationMs: ms,
  results: { type: 'array', items: ref('ConformanceCheck') },
  summary: ref('ConformanceSummary'),
  cleanup: closed({
    entries: { type: 'array', items: closed({ resourceType: { type: 'string', enum: ['User', 'Group'] }, id: { type: 'string' }, action: { type: 'string', enum: ['deleted', 'deactivated', 'already-gone', 'failed'] }, detail: { type: 'string' } }, ['detail']) },
    complete: { type: 'boolean' },
  }),
  notes: { type: 'array', items: { type: 'string' } },
  // Only on a run a signal stopped (`scimscope test`'s --json); the admin API's runs are never interrupted.
  interrupted: closed({ signal: { type: 'string' }, completed: int, planned: int, cutShort: { type: ['string', 'null'] } }),
};

export const openapiSchemas: OpenapiFragment['openapiSchemas'] = {
  ConformanceProfile: { type: 'string', enum: PROFILES },
  ConformanceSummary: summary,
  ConformanceCheck: closed({
    id: { type: 'string' },
    profile: ref('ConformanceProfile'),
    title: { type: 'string' },
    level: { type: 'string', enum: ['must', 'should'] },
    source: closed({ document: { type: 'string' }, section: { type: 'string' }, url: { type: 'string' }, draft: { type: 'boolean' } }, ['section', 'url', 'draft']),
    outcome: { type: 'string', enum: ['pass', 'fail', 'skip', 'error'] },
    expected: { type: 'string' },
    actual: { type: 'string' },
    message: { type: 'string' },
    exchanges: {
      type: 'array',
      items: closed(
        {
          method: { type: 'string' },
          url: { type: 'string' },
          requestHeaders: ref('StringMap'),
          requestBody: { type: 'string' },
          status: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
          responseHeaders: ref('StringMap'),
          responseBody: { type: 'string' },
          durationMs: ms,
          error: { type: 'string' },
        },
        ['requestBody', 'responseBody', 'error'],
      ),
    },
    durationMs: ms,
  }),
  ConformanceReport: closed({ id: { type: 'string' }, format: { const: 'scimscope-conformance-report/1' }, ...report }, ['interrupted']),
  ConformanceRunInput: { description: 'No target: this sandbox with its own credentials. A target needs its token.', ...fromZod(conformanceRunInput) },
};

export const openapiPaths: OpenapiFragment['openapiPaths'] = {
  '/api/conformance-runs': {
    post: {
      operationId: 'runConformance',
      tags: ['Conformance'],
      summary: 'Run the conformance checks and wait for the report',
      requestBody: jsonBody(ref('ConformanceRunInput'), false),
      responses: { '201': json(ref('ConformanceReport'), 'The report.'), ...errors('400', { status: '409', description: 'The SCIM port is not listening yet (`not_listening`).' }) },
    },
    get: {
      operationId: 'listConformanceRuns',
      tags: ['Conformance'],
      summary: 'The last few runs, newest first',
      responses: { '200': json(listOf(closed({ id: { type: 'string' }, target: { type: 'string' }, profiles: { type: 'array', items: ref('ConformanceProfile') }, startedAt: { type: 'string', format: 'date-time' }, summary: ref('ConformanceSummary') })), 'The runs.') },
    },
  },
  '/api/conformance-runs/{id}': {
    get: { operationId: 'getConformanceRun', tags: ['Conformance'], summary: 'One report', parameters: [pathParam('id', 'The run id.')], responses: { '200': json(ref('ConformanceReport'), 'The report.'), ...errors('404') } },
  },
};
