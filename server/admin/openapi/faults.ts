/**
 * OpenAPI fragment: `/api/faults` (faults-routes.ts), the fault rules and their presets. A rule as
 * sent is described from the zod schema the fault store parses it with (faults/fault-schema.ts); a
 * rule as returned is that plus its id and counters.
 */
import { ruleInputSchema } from '../../faults/fault-schema.js';
import { reorderSchema } from '../faults-routes.js';
import { closed, errors, fromZod, json, jsonBody, listOf, noContent, nullable, pathParam, queryParam, ref, type JsonSchema, type OpenapiFragment } from './fragment.js';

export const scope: OpenapiFragment['scope'] = 'workspace';

const input = fromZod(ruleInputSchema);
const inputProperties = input.properties as Record<string, JsonSchema>;
const { enabled: _enabled, ...presetRuleProperties } = inputProperties;
const count = { type: 'integer', minimum: 0 };

export const openapiSchemas: OpenapiFragment['openapiSchemas'] = {
  FaultRuleInput: { description: 'A rule as sent: name and action required; match, when, phase and enabled have defaults.', ...input },
  FaultRule: closed(
    {
      id: { type: 'string' },
      ...inputProperties,
      matched: { ...count, description: 'Requests that matched `match`.' },
      hits: { ...count, description: 'Times the rule fired.' },
      lastHitAt: nullable({ type: 'string', format: 'date-time' }),
    },
    ['preset'],
  ),
  FaultPreset: closed({
    id: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    rule: { type: 'object', required: ['name', 'match', 'when', 'action'], properties: presetRuleProperties, additionalProperties: false },
  }),
  FaultReorder: { description: 'Every rule id exactly once, in the new order.', ...fromZod(reorderSchema) },
};

const id = pathParam('id', 'The rule id.');
const rules = json(listOf(ref('FaultRule')), 'The rules, in the order they are tried.');
const one = (what: string) => json(ref('FaultRule'), what);

export const openapiPaths: OpenapiFragment['openapiPaths'] = {
  '/api/faults': {
    get: { operationId: 'listFaultRules', tags: ['Faults'], summary: 'The fault rules, in order', responses: { '200': rules } },
    post: {
      operationId: 'createFaultRule',
      tags: ['Faults'],
      summary: 'Add a rule (at the end, or at `position`)',
      parameters: [queryParam('position', '0-based place in the list', { type: 'integer', minimum: 0 })],
      requestBody: jsonBody(ref('FaultRuleInput')),
      responses: { '201': one('The rule, with its id.'), ...errors('400') },
    },
  },
  '/api/faults/presets': {
    get: { operationId: 'listFaultPresets', tags: ['Faults'], summary: 'Ready-made rules', responses: { '200': json(listOf(ref('FaultPreset')), 'The presets.') } },
  },
  '/api/faults/presets/{id}': {
    post: { operationId: 'addFaultPreset', tags: ['Faults'], summary: 'Add the preset as an enabled rule', parameters: [pathParam('id', 'The preset id.')], responses: { '201': one('The new rule.'), ...errors('404') } },
  },
  '/api/faults/reorder': {
    post: { operationId: 'reorderFaultRules', tags: ['Faults'], summary: 'Put the rules in a new order', requestBody: jsonBody(ref('FaultReorder')), responses: { '200': rules, ...errors('400') } },
  },
  '/api/faults/reset-counters': {
    post: { operationId: 'resetAllFaultCounters', tags: ['Faults'], summary: "Zero every rule's counters (and reseed the random generator)", responses: { '200': rules } },
  },
  '/api/faults/{id}': {
    get: { operationId: 'getFaultRule', tags: ['Faults'], summary: 'One rule', parameters: [id], responses: { '200': one('The rule.'), ...errors('404') } },
    put: { operationId: 'replaceFaultRule', tags: ['Faults'], summary: 'Replace a rule (id and counters kept)', parameters: [id], requestBody: jsonBody(ref('FaultRuleInput')), responses: { '200': one('The rule after the change.'), ...errors('400', '404') } },
    patch: {
      operationId: 'patchFaultRule',
      tags: ['Faults'],
      summary: 'Change some top-level fields of a rule (e.g. `{ "enabled": false }`)',
      parameters: [id],
      requestBody: jsonBody({ type: 'object', description: 'Top-level fields of FaultRuleInput; each replaces the current one.' }),
      responses: { '200': one('The rule after the change.'), ...errors('400', '404') },
    },
    delete: { operationId: 'deleteFaultRule', tags: ['Faults'], summary: 'Delete a rule', parameters: [id], responses: { '204': noContent('Deleted.'), ...errors('404') } },
  },
  '/api/faults/{id}/reset-counters': {
    post: { operationId: 'resetFaultCounters', tags: ['Faults'], summary: "Zero one rule's counters", parameters: [id], responses: { '200': one('The rule.'), ...errors('404') } },
  },
};
