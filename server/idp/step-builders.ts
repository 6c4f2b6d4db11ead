/**
 * Named builders for the parts of a request shape that every IdP's steps repeat: a request to one
 * resource by its captured id, a request to a fixed path, the headers a method carries, and the
 * checks of a uniqueness conflict. Each builds exactly the literal it stands for (the same keys in the
 * same order, the same values), so what is sent stays byte-identical; the values and their citations
 * stay in the IdP's own files (okta-*-shapes.ts, entra-*-shapes.ts, docs/research/idp-request-shapes.md).
 */
import { SCHEMA } from './request-shape-constants.js';
import { byId, type SpecCheck, type SpecStep } from './spec-steps.js';

/** What a step holds besides its request line and headers, in a literal's order: body, expect, capture, note. */
export type StepRest = Omit<SpecStep, 'name' | 'method' | 'path' | 'pathFrom' | 'headers'>;

/** An IdP's headers: those it sends without a body (GET, DELETE), and those with one. */
export interface ClientHeaders {
  get: Record<string, string>;
  body: Record<string, string>;
}

/** The captured id each resource's steps address (`capture: { userId: 'id' }` on its create). */
const ID_KEY = { Users: 'userId', Groups: 'groupId' } as const;

/** The headers a request of `method` carries: a GET or DELETE sends no body. */
export const headersFor = (client: ClientHeaders, method: string) => ({ ...(method === 'GET' || method === 'DELETE' ? client.get : client.body) });

/** A step to one resource by a captured id (`key`, userId or groupId by default): `{ name, method, ...byId(resource, key), headers, ...rest }`. */
export function byIdStep(client: ClientHeaders, name: string, method: string, resource: 'Users' | 'Groups', rest: StepRest, key: string = ID_KEY[resource]): SpecStep {
  return { name, method, ...byId(resource, key), headers: headersFor(client, method), ...rest };
}

/** A step to a fixed path (no id in it): `{ name, method, path, headers, ...rest }`. */
export function pathStep(client: ClientHeaders, name: string, method: string, path: string, rest: StepRest): SpecStep {
  return { name, method, path, headers: headersFor(client, method), ...rest };
}

/** What an RFC 7644 §3.12 error for a uniqueness conflict carries (status as a string, scimType "uniqueness"). */
export const UNIQUENESS_CHECKS: SpecCheck[] = [
  { path: 'schemas', op: 'contains', value: SCHEMA.error },
  { path: 'status', op: 'equals', value: '409' },
  { path: 'scimType', op: 'equals', value: 'uniqueness' },
];
