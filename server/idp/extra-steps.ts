/**
 * Okta requests the recorded lifecycle does not hold as single fixed steps: the paged import
 * (`startIndex` advances by 100 until `totalResults`, [O9] in docs/research/idp-request-shapes.md),
 * the incremental-import filter, and the AIW app's PUT where an OIN app PATCHes `active` ([O9]).
 */
import type { ScenarioStep } from './scenario-step.js';
import { type Ctx, need, OKTA_BODY_HEADERS, OKTA_GET_HEADERS, oktaCreateUserBody, pct, SCHEMA } from './request-shapes.js';

/** Okta's import page size ([O9]: `GET /Users?startIndex=1&count=100`, then startIndex += 100). */
export const OKTA_PAGE_SIZE = 100;

export function pagedImportStep(resource: 'Users' | 'Groups'): ScenarioStep {
  const users = resource === 'Users';
  return {
    request: {
      name: `Import: ${resource.toLowerCase()}, page by page`,
      method: 'GET',
      path: `/${resource}?startIndex=1&count=${OKTA_PAGE_SIZE}`,
      headers: { ...OKTA_GET_HEADERS },
      expect: {
        status: 200,
        checks: [
          { path: 'schemas', op: 'contains', value: SCHEMA.listResponse },
          { path: 'totalResults', op: 'exists', type: 'number' },
          { path: 'itemsPerPage', op: 'exists', type: 'number' },
          { path: 'startIndex', op: 'exists', type: 'number' },
        ],
      },
    },
    why: users
      ? 'An import reads every user, 100 at a time, until totalResults is reached; the order must be stable between pages.'
      : 'Then every group, paged the same way, to link pushed groups.',
    kind: users ? 'user.import' : 'group.import',
    paged: true,
  };
}

/**
 * Users changed since an hour ago. (unconfirmed) Okta does not document the filter of an
 * incremental import for SCIM apps; this is the RFC 7644 §3.4.2.2 form a server should answer.
 */
export function incrementalImportStep(): ScenarioStep {
  return {
    request: {
      name: 'Incremental import: users modified since an hour ago',
      method: 'GET',
      path: '/Users?filter=meta.lastModified gt "…"&startIndex=1&count=100',
      pathFrom: () => `/Users?filter=${pct(`meta.lastModified gt "${new Date(Date.now() - 3_600_000).toISOString()}"`)}&startIndex=1&count=${OKTA_PAGE_SIZE}`,
      headers: { ...OKTA_GET_HEADERS },
      expect: { status: 200, checks: [{ path: 'totalResults', op: 'exists', type: 'number' }] },
    },
    why: 'Only what changed since the last import: a filter on meta.lastModified (RFC form; Okta does not document its own).',
    kind: 'user.import',
  };
}

/** AIW apps deactivate and reactivate with a PUT of the whole user ([O9]). */
export function aiwStep(active: boolean): ScenarioStep {
  const { password: _password, ...user } = oktaCreateUserBody;
  return {
    request: {
      name: `${active ? 'Reactivate' : 'Deactivate'} (AIW app): full PUT with active ${active}`,
      method: 'PUT',
      path: '/Users/{{userId}}',
      pathFrom: (ctx) => `/Users/${pct(need(ctx, 'userId'))}`,
      headers: { ...OKTA_BODY_HEADERS },
      body: (ctx: Ctx) => ({ ...user, id: need(ctx, 'userId'), active }),
      expect: { status: 200, checks: [{ path: 'active', op: 'equals', value: active }] },
    },
    why: active ? 'An AIW app is reactivated with a PUT of the whole user, active true.' : 'An AIW app is deactivated with a PUT of the whole user, active false.',
    kind: active ? 'user.reactivate' : 'user.deactivate',
  };
}
