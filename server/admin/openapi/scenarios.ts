/**
 * OpenAPI fragment: `/api/scenarios` and `/api/scenario-runs` (scenario-routes.ts): Scimscope plays
 * the IdP against this sandbox or any SCIM URL, a step or the whole scenario at a time. Shapes follow
 * server/contract/scenarios.ts; a run's external credentials are never returned.
 */
import { scenarioRunInput } from '../scenario-routes.js';
import { closed, errors, fromZod, json, jsonBody, listOf, noContent, pathParam, ref, type OpenapiFragment } from './fragment.js';

export const scope: OpenapiFragment['scope'] = 'workspace';

const PROFILES = ['okta', 'okta-aiw', 'entra', 'entra-flag'];
const stepInfo = closed({ name: { type: 'string' }, why: { type: 'string' }, kind: ref('OperationKind'), method: { type: 'string' } }, ['method']);
const ms = { type: 'number', minimum: 0 };

export const openapiSchemas: OpenapiFragment['openapiSchemas'] = {
  IdpProfileId: { type: 'string', enum: PROFILES },
  ScenarioStepInfo: stepInfo,
  ScenarioInfo: closed({
    id: { type: 'string' },
    title: { type: 'string' },
    summary: { type: 'string' },
    profiles: { type: 'array', items: ref('IdpProfileId') },
    steps: { type: 'object', propertyNames: ref('IdpProfileId'), additionalProperties: { type: 'array', items: ref('ScenarioStepInfo') } },
  }),
  IdpProfileInfo: closed({ id: ref('IdpProfileId'), label: { type: 'string' }, client: { type: 'string', enum: ['okta', 'entra'] }, description: { type: 'string' } }),
  StepOutcome: closed({
    index: { type: 'integer', minimum: 0 },
    name: { type: 'string' },
    why: { type: 'string' },
    kind: ref('OperationKind'),
    method: { type: 'string' },
    path: { type: 'string' },
    status: { type: 'integer', minimum: 0, description: '0 when no answer came.' },
    expectedStatus: { type: 'integer' },
    ok: { type: 'boolean' },
    failures: { type: 'array', items: { type: 'string' } },
    exchangeId: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    attempts: { type: 'integer', minimum: 0 },
    waitedMs: ms,
    durationMs: ms,
  }),
  ScenarioRunView: closed({
    id: { type: 'string' },
    scenario: { type: 'string' },
    profile: ref('IdpProfileId'),
    target: { type: 'string' },
    targetIsSandbox: { type: 'boolean' },
    done: { type: 'boolean' },
    passed: { type: 'boolean' },
    outcomes: { type: 'array', items: ref('StepOutcome') },
    remaining: { type: 'array', items: closed({ name: { type: 'string' }, why: { type: 'string' }, kind: ref('OperationKind'), method: { type: 'string' } }) },
  }),
  ScenarioRunInput: { description: 'No target: this sandbox with its own credentials. A target: any SCIM base URL and its credential, kept in this process only.', ...fromZod(scenarioRunInput) },
};

const id = pathParam('id', 'The run id.');
const run = (what: string) => json(ref('ScenarioRunView'), what);

export const openapiPaths: OpenapiFragment['openapiPaths'] = {
  '/api/scenarios': {
    get: {
      operationId: 'listScenarios',
      tags: ['Scenarios'],
      summary: 'The scenarios the emulated IdP can play, with their steps per profile',
      responses: { '200': json(listOf(ref('ScenarioInfo'), { profiles: { type: 'array', items: ref('IdpProfileInfo') } }), 'The scenarios and the IdP profiles.') },
    },
  },
  '/api/scenario-runs': {
    post: {
      operationId: 'startScenarioRun',
      tags: ['Scenarios'],
      summary: 'Start a run (nothing is sent until step or run)',
      requestBody: jsonBody(ref('ScenarioRunInput')),
      responses: { '201': run('The run, before its first step.'), ...errors('400', '404', { status: '409', description: 'The SCIM port is not listening yet (`not_listening`).' }) },
    },
  },
  '/api/scenario-runs/{id}': {
    get: { operationId: 'getScenarioRun', tags: ['Scenarios'], summary: 'A run so far', parameters: [id], responses: { '200': run('The run.'), ...errors('404') } },
    delete: { operationId: 'deleteScenarioRun', tags: ['Scenarios'], summary: 'Forget a run', parameters: [id], responses: { '204': noContent('Forgotten.'), ...errors('404') } },
  },
  '/api/scenario-runs/{id}/step': {
    post: { operationId: 'stepScenarioRun', tags: ['Scenarios'], summary: 'Send the next request', parameters: [id], responses: { '200': run('The run after the step.'), ...errors('404', { status: '409', description: 'Every step has been played (`finished`).' }) } },
  },
  '/api/scenario-runs/{id}/run': {
    post: { operationId: 'finishScenarioRun', tags: ['Scenarios'], summary: 'Play every remaining step', parameters: [id], responses: { '200': run('The finished run.'), ...errors('404') } },
  },
};
