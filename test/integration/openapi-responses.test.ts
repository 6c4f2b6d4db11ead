/**
 * Real answers against the OpenAPI description: a real sandbox is driven over real HTTP through a
 * table that covers every described operation, with its success and its own errors (not found,
 * invalid input, conflicts…), and every operation refused without the token. Each body is validated
 * against the schema the description gives for that path, method and status (ajv 2020-12, strict),
 * and a status the description does not list fails; a request body the server accepted must match
 * the described request body. The live event WebSocket's messages and its refusal are validated the
 * same way. A last check fails when an operation has no row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FRAGMENTS, type OpenapiDocument } from '../../server/admin/openapi/assemble.js';
import type { TunnelProvider } from '../../server/tunnel/tunnel-provider.js';
import { request } from '../helpers/http.js';
import { describedOperations, ResponseChecker } from '../helpers/openapi.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Tunnel providers entering through the provider interface: one that opens (the SCIM origin itself is the "public" URL), one that fails. */
const providers: Record<string, TunnelProvider> = {
  ngrok: { name: 'ngrok', open: async ({ port }) => ({ url: `http://127.0.0.1:${port}`, close: async () => undefined }) },
  cloudflared: {
    name: 'cloudflared',
    open: async () => {
      throw new Error('cloudflared could not reach its edge');
    },
  },
};

type State = Record<string, any>;
type Value<T> = T | ((s: State) => T);
interface Row {
  name: string;
  method: string;
  path: Value<string>;
  body?: Value<unknown>;
  headers?: Record<string, string>;
  status: number;
  /** Work before the call (SCIM traffic to record, settings to change). */
  before?: (t: TestSandbox, s: State) => Promise<void>;
  after?: (body: any, s: State) => void | Promise<void>;
}

const at = <T>(v: Value<T>, s: State): T => (typeof v === 'function' ? (v as (s: State) => T)(s) : v);
const user = (userName: string) => ({ schemas: [USER], userName, name: { givenName: 'Open', familyName: 'Api' }, emails: [{ value: userName, primary: true }], active: true });
const rule = { name: 'Never matches', match: { methods: ['GET'], path: '/Nothing*' }, action: { type: 'latency', ms: 1 } };
/** Pauses only SCIM reads of these made-up ids (the store answers 404), so no other traffic stops. */
const breakpoint = { name: 'OpenAPI pause', phase: 'after', match: { methods: ['GET'], path: '/Users/openapi-pause*' } };

/**
 * Sends a SCIM request a breakpoint rule pauses and resolves once it is paused (by the bus event,
 * no timer); `s.pausedId` is the paused exchange, `s.answer` the client's answer (null when the
 * connection was cut), `s.recorded` its recorded summary.
 */
async function pauseOne(t: TestSandbox, s: State, path: string): Promise<void> {
  const paused = new Promise<{ id: string }>((resolve) => t.sandbox.bus.once('breakpoint:paused', resolve));
  s.recorded = nextExchanges(t.sandbox, 1).then(([e]) => e!);
  s.answer = t.scim('GET', path).catch(() => null);
  s.pausedId = (await paused).id;
}

const ROWS: Row[] = [
  // status and meta
  { name: 'status', method: 'GET', path: '/api/status', status: 200 },
  { name: 'the description', method: 'GET', path: '/api/openapi.json', status: 200 },
  // settings and store
  { name: 'settings', method: 'GET', path: '/api/settings', status: 200 },
  { name: 'change settings', method: 'PUT', path: '/api/settings', body: { recording: { retention: 5000 }, quirks: { stringTotalResults: false } }, status: 200 },
  { name: 'a token too short', method: 'PUT', path: '/api/settings', body: { auth: { token: 'short' } }, status: 400 },
  { name: 'an unknown setting', method: 'PUT', path: '/api/settings', body: { colour: 'blue' }, status: 400 },
  { name: 'credentials', method: 'GET', path: '/api/settings/credentials', status: 200 },
  { name: 'new SCIM token', method: 'POST', path: '/api/settings/token/regenerate', status: 200 },
  { name: 'reset the store to a dataset', method: 'POST', path: '/api/store/reset', body: { dataset: 'messy' }, status: 200, after: (b) => expect(b.dataset).toBe('messy') },
  { name: 'reset the store by its older seed', method: 'POST', path: '/api/store/reset', body: { seed: 'demo' }, status: 200 },
  { name: 'reset with an unknown seed', method: 'POST', path: '/api/store/reset', body: { seed: 'galaxy' }, status: 400 },
  { name: 'reset with an unknown dataset', method: 'POST', path: '/api/store/reset', body: { dataset: 'galaxy' }, status: 400 },
  { name: 'datasets', method: 'GET', path: '/api/datasets', status: 200, after: (b) => expect(b.items.map((d: any) => d.name)).toEqual(['demo', 'large', 'messy', 'empty']) },
  // users
  { name: 'users', method: 'GET', path: '/api/users', status: 200 },
  { name: 'users filtered and projected', method: 'GET', path: '/api/users?filter=userName%20sw%20%22a%22&attributes=userName&count=2', status: 200 },
  { name: 'a broken filter', method: 'GET', path: '/api/users?filter=userName%20eq', status: 400 },
  { name: 'create a user', method: 'POST', path: '/api/users', body: user('openapi.jane@example.com'), status: 201, after: (b, s) => (s.userId = b.id) },
  { name: 'create the same user', method: 'POST', path: '/api/users', body: user('openapi.jane@example.com'), status: 409 },
  { name: 'create a user without userName', method: 'POST', path: '/api/users', body: { schemas: [USER] }, status: 400 },
  { name: 'generate users', method: 'POST', path: '/api/users/generate', body: { count: 3, seed: 7 }, status: 201 },
  { name: 'generate no users', method: 'POST', path: '/api/users/generate', body: { count: 0 }, status: 400 },
  { name: 'one user', method: 'GET', path: (s) => `/api/users/${s.userId}`, status: 200 },
  { name: 'an unknown user', method: 'GET', path: '/api/users/no-such-user', status: 404 },
  { name: 'replace a user', method: 'PUT', path: (s) => `/api/users/${s.userId}`, body: { ...user('openapi.jane@example.com'), title: 'Trainer' }, status: 200 },
  { name: 'replace a user at a stale version', method: 'PUT', path: (s) => `/api/users/${s.userId}`, headers: { 'If-Match': 'W/"stale"' }, body: user('openapi.jane@example.com'), status: 412 },
  { name: 'patch a user with attributes', method: 'PATCH', path: (s) => `/api/users/${s.userId}`, body: { active: false }, status: 200 },
  { name: 'patch a user with a PatchOp', method: 'PATCH', path: (s) => `/api/users/${s.userId}`, body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: true }] }, status: 200 },
  { name: 'patch an unknown user', method: 'PATCH', path: '/api/users/no-such-user', body: { active: false }, status: 404 },
  { name: "a user's history", method: 'GET', path: (s) => `/api/users/${s.userId}/history`, status: 200 },
  { name: 'history of an unknown user', method: 'GET', path: '/api/users/no-such-user/history', status: 404 },
  { name: "a page of a user's history", method: 'GET', path: (s) => `/api/users/${s.userId}/history?count=2`, status: 200 },
  { name: "an older page of a user's history", method: 'GET', path: (s) => `/api/users/${s.userId}/history?count=2&before=2`, status: 200 },
  { name: 'a history page of no size', method: 'GET', path: (s) => `/api/users/${s.userId}/history?count=0`, status: 400 },
  { name: 'history with an unknown parameter', method: 'GET', path: (s) => `/api/users/${s.userId}/history?limit=2`, status: 400 },
  // groups
  { name: 'groups', method: 'GET', path: '/api/groups', status: 200 },
  { name: 'groups by an unknown attribute order', method: 'GET', path: '/api/groups?sortOrder=sideways', status: 400 },
  { name: 'create a group', method: 'POST', path: '/api/groups', body: { schemas: [GROUP], displayName: 'OpenAPI trainers' }, status: 201, after: (b, s) => (s.groupId = b.id) },
  { name: 'create the same group', method: 'POST', path: '/api/groups', body: { schemas: [GROUP], displayName: 'OpenAPI trainers' }, status: 409 },
  { name: 'one group', method: 'GET', path: (s) => `/api/groups/${s.groupId}`, status: 200 },
  { name: 'an unknown group', method: 'GET', path: '/api/groups/no-such-group', status: 404 },
  { name: 'replace a group', method: 'PUT', path: (s) => `/api/groups/${s.groupId}`, body: (s: State) => ({ schemas: [GROUP], displayName: 'OpenAPI trainers', members: [{ value: s.userId }] }), status: 200 },
  { name: 'replace a group with a bad member', method: 'PUT', path: (s) => `/api/groups/${s.groupId}`, body: { schemas: [GROUP], displayName: 'OpenAPI trainers', members: 'everyone' }, status: 400 },
  { name: 'patch a group', method: 'PATCH', path: (s) => `/api/groups/${s.groupId}`, body: { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: 'members' }] }, status: 200 },
  { name: 'patch an unknown group', method: 'PATCH', path: '/api/groups/no-such-group', body: { displayName: 'x' }, status: 404 },
  { name: "a group's history", method: 'GET', path: (s) => `/api/groups/${s.groupId}/history`, status: 200 },
  { name: 'history of an unknown group', method: 'GET', path: '/api/groups/no-such-group/history', status: 404 },
  { name: 'delete a group', method: 'DELETE', path: (s) => `/api/groups/${s.groupId}`, status: 204 },
  { name: 'delete it again', method: 'DELETE', path: (s) => `/api/groups/${s.groupId}`, status: 404 },
  { name: 'delete a user', method: 'DELETE', path: (s) => `/api/users/${s.userId}`, status: 204 },
  { name: 'delete a user again', method: 'DELETE', path: (s) => `/api/users/${s.userId}`, status: 404 },
  // exchanges (SCIM traffic recorded first)
  {
    name: 'exchanges',
    method: 'GET',
    path: '/api/exchanges',
    status: 200,
    before: async (t, s) => {
      const recorded = nextExchanges(t.sandbox, 2);
      await t.scim('GET', '/Users?count=1');
      await t.scim('POST', '/Users', { body: user('openapi.scim@example.com') });
      s.exchangeId = (await recorded)[1]!.id;
    },
  },
  { name: 'whole exchanges, filtered', method: 'GET', path: '/api/exchanges?full=true&method=POST,GET&status=2xx&limit=5', status: 200 },
  { name: 'a negative limit', method: 'GET', path: '/api/exchanges?limit=-1', status: 400 },
  { name: 'a body search', method: 'GET', path: '/api/exchanges?search=Api&bodies=true&budgetMs=2000&limit=1', status: 200, after: (b, s) => ((s.searchedTo = b.bodySearch.searchedTo ?? 1_000_000), expect(typeof b.bodySearch.complete).toBe('boolean')) },
  { name: 'a body search continued', method: 'GET', path: (s) => `/api/exchanges?search=Api&bodies=1&budgetMs=5000&beforeSeq=${s.searchedTo}`, status: 200, after: (b) => expect(b.bodySearch.complete).toBe(true) },
  { name: 'a body search budget too small', method: 'GET', path: '/api/exchanges?search=Api&bodies=true&budgetMs=1', status: 400 },
  { name: 'an unknown list parameter', method: 'GET', path: '/api/exchanges?cursor=zzz', status: 400 },
  { name: 'a clear with a filter (clears nothing)', method: 'DELETE', path: '/api/exchanges?client=okta', status: 400 },
  { name: 'HAR export', method: 'GET', path: '/api/exchanges.har', status: 200 },
  { name: 'HAR export with a bad offset', method: 'GET', path: '/api/exchanges.har?offset=first', status: 400 },
  { name: 'one exchange', method: 'GET', path: (s) => `/api/exchanges/${s.exchangeId}`, status: 200 },
  { name: 'an unknown exchange', method: 'GET', path: '/api/exchanges/no-such-exchange', status: 404 },
  { name: 'as curl', method: 'GET', path: (s) => `/api/exchanges/${s.exchangeId}/curl`, status: 200 },
  { name: 'an unknown exchange as curl', method: 'GET', path: '/api/exchanges/no-such-exchange/curl', status: 404 },
  { name: 'replay, edited', method: 'POST', path: (s) => `/api/exchanges/${s.exchangeId}/replay`, body: { body: JSON.stringify(user('openapi.replay@example.com')) }, status: 201 },
  { name: 'replay with a bad header name', method: 'POST', path: (s) => `/api/exchanges/${s.exchangeId}/replay`, body: { headers: { 'bad header': 'x' } }, status: 400 },
  { name: 'replay an unknown exchange', method: 'POST', path: '/api/exchanges/no-such-exchange/replay', status: 404 },
  // scenarios
  { name: 'scenarios', method: 'GET', path: '/api/scenarios', status: 200 },
  { name: 'start a run', method: 'POST', path: '/api/scenario-runs', body: { scenario: 'connection-test', profile: 'okta', speed: 1_000_000 }, status: 201, after: (b, s) => (s.runId = b.id) },
  { name: 'start an unknown scenario', method: 'POST', path: '/api/scenario-runs', body: { scenario: 'no-such-scenario' }, status: 404 },
  { name: 'start with an unknown field', method: 'POST', path: '/api/scenario-runs', body: { scenario: 'connection-test', colour: 'blue' }, status: 400 },
  { name: 'a run', method: 'GET', path: (s) => `/api/scenario-runs/${s.runId}`, status: 200 },
  { name: 'an unknown run', method: 'GET', path: '/api/scenario-runs/no-such-run', status: 404 },
  { name: 'one step', method: 'POST', path: (s) => `/api/scenario-runs/${s.runId}/step`, status: 200 },
  { name: 'a step of an unknown run', method: 'POST', path: '/api/scenario-runs/no-such-run/step', status: 404 },
  { name: 'run to the end', method: 'POST', path: (s) => `/api/scenario-runs/${s.runId}/run`, status: 200 },
  { name: 'run an unknown run', method: 'POST', path: '/api/scenario-runs/no-such-run/run', status: 404 },
  { name: 'a step after the end', method: 'POST', path: (s) => `/api/scenario-runs/${s.runId}/step`, status: 409 },
  { name: 'forget a run', method: 'DELETE', path: (s) => `/api/scenario-runs/${s.runId}`, status: 204 },
  { name: 'forget it again', method: 'DELETE', path: (s) => `/api/scenario-runs/${s.runId}`, status: 404 },
  // conformance
  { name: 'a conformance run', method: 'POST', path: '/api/conformance-runs', body: { profiles: ['rfc'] }, status: 201, after: (b, s) => (s.conformanceId = b.id) },
  { name: 'a target without its token', method: 'POST', path: '/api/conformance-runs', body: { target: 'http://127.0.0.1:9/scim/v2' }, status: 400 },
  { name: 'conformance runs', method: 'GET', path: '/api/conformance-runs', status: 200 },
  { name: 'a conformance report', method: 'GET', path: (s) => `/api/conformance-runs/${s.conformanceId}`, status: 200 },
  { name: 'an unknown report', method: 'GET', path: '/api/conformance-runs/no-such-run', status: 404 },
  // workspaces
  { name: 'list workspaces', method: 'GET', path: '/api/workspaces', status: 200 },
  { name: 'create a workspace', method: 'POST', path: '/api/workspaces', body: { name: 'oa-one', from: 'empty' }, status: 201 },
  { name: 'create a class', method: 'POST', path: '/api/workspaces', body: { prefix: 'oa-class-', count: 2, from: 'empty' }, status: 201 },
  { name: 'a bad workspace name', method: 'POST', path: '/api/workspaces', body: { name: 'Bad Name' }, status: 400 },
  { name: 'an existing workspace', method: 'POST', path: '/api/workspaces', body: { name: 'oa-one' }, status: 409 },
  { name: 'one workspace', method: 'GET', path: '/api/workspaces/oa-one', status: 200 },
  { name: 'an unknown workspace', method: 'GET', path: '/api/workspaces/no-such-workspace', status: 404 },
  { name: 'rename a workspace', method: 'PATCH', path: '/api/workspaces/oa-class-01', body: { name: 'oa-renamed' }, status: 200 },
  { name: 'rename the default workspace', method: 'PATCH', path: '/api/workspaces/default', body: { name: 'other' }, status: 400 },
  { name: 'rename an unknown workspace', method: 'PATCH', path: '/api/workspaces/no-such-workspace', body: { name: 'other' }, status: 404 },
  { name: 'rename onto an existing workspace', method: 'PATCH', path: '/api/workspaces/oa-one', body: { name: 'oa-class-02' }, status: 409 },
  {
    name: 'restore a class from a dataset',
    method: 'POST',
    path: '/api/workspaces/restore',
    body: { from: 'empty', prefix: 'oa-' },
    status: 200,
    after: (b) => expect(b.items.map((i: any) => [i.name, i.counts.users])).toEqual([['oa-class-02', 0], ['oa-one', 0], ['oa-renamed', 0]]),
  },
  { name: 'restore from an unknown source', method: 'POST', path: '/api/workspaces/restore', body: { from: 'no-such-snapshot', all: true }, status: 400 },
  { name: 'restore an unknown workspace', method: 'POST', path: '/api/workspaces/restore', body: { from: 'demo', names: ['oa-one', 'no-such-workspace'] }, status: 404 },
  { name: 'restore with two target forms', method: 'POST', path: '/api/workspaces/restore', body: { from: 'demo', all: true, prefix: 'oa-' }, status: 400 },
  { name: 'delete a workspace', method: 'DELETE', path: '/api/workspaces/oa-class-02', status: 204 },
  { name: 'delete the default workspace', method: 'DELETE', path: '/api/workspaces/default', status: 400 },
  { name: 'delete an unknown workspace', method: 'DELETE', path: '/api/workspaces/no-such-workspace', status: 404 },
  // tunnel
  { name: 'tunnel state', method: 'GET', path: '/api/tunnel', status: 200 },
  { name: 'start a tunnel', method: 'POST', path: '/api/tunnel/start', body: { provider: 'ngrok' }, status: 200 },
  { name: 'stop the tunnel', method: 'POST', path: '/api/tunnel/stop', status: 200 },
  { name: 'a provider that fails', method: 'POST', path: '/api/tunnel/start', body: { provider: 'cloudflared' }, status: 502 },
  { name: 'an unknown provider', method: 'POST', path: '/api/tunnel/start', body: { provider: 'carrier-pigeon' }, status: 400 },
  // oauth
  { name: 'oauth credentials', method: 'GET', path: '/api/oauth/credentials', status: 200 },
  { name: 'revoke every token', method: 'POST', path: '/api/oauth/revoke-all', status: 200 },
  { name: 'expire access tokens', method: 'POST', path: '/api/oauth/expire-access-tokens', status: 200 },
  { name: 'new client secret', method: 'POST', path: '/api/oauth/client-secret/regenerate', status: 200 },
  // upstream
  { name: 'upstream without proxy mode', method: 'GET', path: '/api/upstream/Users', status: 200 },
  {
    name: 'upstream users',
    method: 'GET',
    path: '/api/upstream/Users?count=2',
    status: 200,
    after: (b) => expect({ error: b.error, status: b.status, some: b.resources.length > 0 }).toEqual({ error: null, status: 200, some: true }),
    before: async (t, s) => {
      const res = await t.admin('PUT', '/api/settings', { body: { upstream: { url: s.upstream.addresses.scimUrl, auth: 'token', token: s.upstream.token } } });
      expect(res.status).toBe(200);
    },
  },
  { name: 'upstream groups', method: 'GET', path: '/api/upstream/Groups', status: 200 },
  { name: 'an unknown upstream type', method: 'GET', path: '/api/upstream/Devices', status: 400 },
  { name: 'an upstream count too large', method: 'GET', path: '/api/upstream/Users?count=5000', status: 400 },
  { name: 'proxy mode off', method: 'PUT', path: '/api/settings', body: { upstream: { url: null } }, status: 200 },
  // events
  { name: 'an event ticket', method: 'POST', path: '/api/events/ticket', status: 201 },
  // breakpoints: a rule pauses real SCIM reads; each paused exchange is let go one way
  { name: 'breakpoint rules', method: 'GET', path: '/api/breakpoints', status: 200 },
  { name: 'add a breakpoint', method: 'POST', path: '/api/breakpoints', body: breakpoint, status: 201, after: (b, s) => (s.breakpointId = b.id) },
  { name: 'add a breakpoint without a name', method: 'POST', path: '/api/breakpoints', body: { match: {} }, status: 400 },
  { name: 'one breakpoint', method: 'GET', path: (s) => `/api/breakpoints/${s.breakpointId}`, status: 200 },
  { name: 'an unknown breakpoint', method: 'GET', path: '/api/breakpoints/no-such-rule', status: 404 },
  { name: 'replace a breakpoint with a timeout too long', method: 'PUT', path: (s) => `/api/breakpoints/${s.breakpointId}`, body: { ...breakpoint, timeoutMs: 86_400_000 }, status: 400 },
  { name: 'replace an unknown breakpoint', method: 'PUT', path: '/api/breakpoints/no-such-rule', body: breakpoint, status: 404 },
  { name: 'breakpoint settings', method: 'GET', path: '/api/breakpoints/settings', status: 200 },
  { name: 'set the release bound', method: 'PUT', path: '/api/breakpoints/settings', body: { defaultTimeoutMs: 120_000 }, status: 200 },
  { name: 'a release bound too short', method: 'PUT', path: '/api/breakpoints/settings', body: { defaultTimeoutMs: 1 }, status: 400 },
  {
    name: 'a paused exchange, after the backend answered',
    method: 'GET',
    path: '/api/breakpoints/paused',
    status: 200,
    before: (t, s) => pauseOne(t, s, '/Users/openapi-pause-1'),
    after: (b, s) => expect(b.items.map((p: any) => [p.id, p.phase, p.response?.status])).toEqual([[s.pausedId, 'after', 404]]),
  },
  { name: 'a request edit after the backend answered', method: 'POST', path: (s) => `/api/breakpoints/paused/${s.pausedId}/continue`, body: { request: { body: { edited: true } } }, status: 409 },
  { name: 'continue with two bodies', method: 'POST', path: (s) => `/api/breakpoints/paused/${s.pausedId}/continue`, body: { request: { body: {}, bodyText: '{}' } }, status: 400 },
  { name: 'respond with a status out of range', method: 'POST', path: (s) => `/api/breakpoints/paused/${s.pausedId}/respond`, body: { status: 99 }, status: 400 },
  { name: 'respond instead of the backend', method: 'POST', path: (s) => `/api/breakpoints/paused/${s.pausedId}/respond`, body: { status: 200, body: { answeredBy: 'the trainer' } }, status: 200 },
  {
    name: 'the exchange the breakpoint paused',
    method: 'GET',
    path: (s) => `/api/exchanges/${s.bpExchangeId}`,
    status: 200,
    before: async (_t, s) => {
      expect((await s.answer)?.body).toEqual({ answeredBy: 'the trainer' });
      s.bpExchangeId = (await s.recorded).id;
    },
    after: (b) => expect(b.breakpoint).toMatchObject({ resolution: 'responded', phase: 'after', original: { response: { status: 404 } } }),
  },
  { name: 'exchanges a breakpoint paused', method: 'GET', path: '/api/exchanges?limit=1', status: 200, after: (b) => expect(b.items[0].breakpoint).toMatchObject({ resolution: 'responded' }) },
  { name: 'respond to one let go already', method: 'POST', path: (s) => `/api/breakpoints/paused/${s.pausedId}/respond`, body: { status: 200 }, status: 404 },
  { name: 'continue one let go already', method: 'POST', path: (s) => `/api/breakpoints/paused/${s.pausedId}/continue`, status: 404 },
  { name: 'drop one let go already', method: 'POST', path: (s) => `/api/breakpoints/paused/${s.pausedId}/drop`, status: 404 },
  { name: 'pause before the backend', method: 'PUT', path: (s) => `/api/breakpoints/${s.breakpointId}`, body: { ...breakpoint, phase: 'before' }, status: 200 },
  {
    name: 'continue with a request header set',
    method: 'POST',
    path: (s) => `/api/breakpoints/paused/${s.pausedId}/continue`,
    body: { request: { headers: { 'X-Trace': 'openapi' } } },
    status: 200,
    before: (t, s) => pauseOne(t, s, '/Users/openapi-pause-2'),
    after: (b) => expect(b.phase).toBe('before'),
  },
  {
    name: 'drop a paused exchange',
    method: 'POST',
    path: (s) => `/api/breakpoints/paused/${s.pausedId}/drop`,
    status: 200,
    before: async (t, s) => {
      expect((await s.answer)?.status).toBe(404);
      await pauseOne(t, s, '/Users/openapi-pause-3');
    },
    after: async (_b, s) => expect(await s.answer).toBeNull(),
  },
  { name: 'delete a breakpoint', method: 'DELETE', path: (s) => `/api/breakpoints/${s.breakpointId}`, status: 204 },
  { name: 'delete a breakpoint again', method: 'DELETE', path: (s) => `/api/breakpoints/${s.breakpointId}`, status: 404 },
  // snapshots
  { name: 'save a snapshot', method: 'POST', path: '/api/snapshots', body: { name: 'openapi-1' }, status: 201 },
  { name: 'save it again under the same name', method: 'POST', path: '/api/snapshots', body: { name: 'openapi-1' }, status: 409 },
  { name: 'overwrite it', method: 'POST', path: '/api/snapshots', body: { name: 'openapi-1', overwrite: true }, status: 201 },
  { name: 'save under a bad name', method: 'POST', path: '/api/snapshots', body: { name: 'Not A Name!' }, status: 400 },
  { name: 'snapshots', method: 'GET', path: '/api/snapshots', status: 200, after: (b) => expect(b.items.map((i: any) => i.name)).toEqual(['openapi-1']) },
  { name: 'restore a snapshot', method: 'POST', path: '/api/snapshots/openapi-1/restore', status: 200 },
  { name: 'restore a class from the snapshot', method: 'POST', path: '/api/workspaces/restore', body: { from: 'openapi-1', names: ['oa-one', 'default'] }, status: 200 },
  { name: 'restore an unknown snapshot', method: 'POST', path: '/api/snapshots/no-such-snapshot/restore', status: 404 },
  { name: 'restore under a bad name', method: 'POST', path: '/api/snapshots/Not%20A%20Name/restore', status: 400 },
  { name: 'delete a snapshot', method: 'DELETE', path: '/api/snapshots/openapi-1', status: 204 },
  { name: 'delete a snapshot again', method: 'DELETE', path: '/api/snapshots/openapi-1', status: 404 },
  { name: 'delete under a bad name', method: 'DELETE', path: '/api/snapshots/Not%20A%20Name', status: 400 },
  // lab bundles: export, then import it back
  { name: 'export a lab bundle with traffic', method: 'GET', path: '/api/bundle?traffic=1', status: 200, after: (b, s) => ((s.bundle = b), expect(b.traffic.log.entries.length).toBeGreaterThan(0)) },
  { name: 'export with a bad flag', method: 'GET', path: '/api/bundle?traffic=maybe', status: 400 },
  { name: 'import without confirm', method: 'POST', path: '/api/bundle/import', body: (s: State) => ({ bundle: s.bundle }), status: 409, after: (b) => expect(b.error.code).toBe('confirm_required') },
  { name: 'import, confirmed', method: 'POST', path: '/api/bundle/import', body: (s: State) => ({ bundle: JSON.stringify(s.bundle), confirm: true }), status: 200 },
  { name: 'import a bundle of a newer Scimscope', method: 'POST', path: '/api/bundle/import', body: (s: State) => ({ bundle: { ...s.bundle, version: 99 }, confirm: true }), status: 400 },
  { name: 'import what is not a bundle', method: 'POST', path: '/api/bundle/import', body: { bundle: 'not json', confirm: true }, status: 400 },
  // faults last, so no rule meets the SCIM traffic above
  { name: 'fault rules', method: 'GET', path: '/api/faults', status: 200 },
  { name: 'add a rule', method: 'POST', path: '/api/faults?position=0', body: rule, status: 201, after: (b, s) => (s.ruleId = b.id) },
  { name: 'add a rule with an unknown action', method: 'POST', path: '/api/faults', body: { name: 'x', action: { type: 'explode' } }, status: 400 },
  { name: 'presets', method: 'GET', path: '/api/faults/presets', status: 200 },
  { name: 'add a preset', method: 'POST', path: '/api/faults/presets/okta-rate-limit', status: 201, after: (b, s) => (s.presetRuleId = b.id) },
  { name: 'add an unknown preset', method: 'POST', path: '/api/faults/presets/no-such-preset', status: 404 },
  { name: 'reorder', method: 'POST', path: '/api/faults/reorder', body: (s: State) => ({ ids: [s.presetRuleId, s.ruleId] }), status: 200 },
  { name: 'reorder with a missing id', method: 'POST', path: '/api/faults/reorder', body: (s: State) => ({ ids: [s.ruleId] }), status: 400 },
  { name: 'reset all counters', method: 'POST', path: '/api/faults/reset-counters', status: 200 },
  { name: 'one rule', method: 'GET', path: (s) => `/api/faults/${s.presetRuleId}`, status: 200 },
  { name: 'an unknown rule', method: 'GET', path: '/api/faults/no-such-rule', status: 404 },
  { name: 'replace a rule', method: 'PUT', path: (s) => `/api/faults/${s.ruleId}`, body: { ...rule, phase: 'after', when: { times: 1 } }, status: 200 },
  { name: 'replace a rule without an action', method: 'PUT', path: (s) => `/api/faults/${s.ruleId}`, body: { name: 'x' }, status: 400 },
  { name: 'replace an unknown rule', method: 'PUT', path: '/api/faults/no-such-rule', body: rule, status: 404 },
  { name: 'disable a rule', method: 'PATCH', path: (s) => `/api/faults/${s.presetRuleId}`, body: { enabled: false }, status: 200 },
  { name: 'patch a rule with a wrong type', method: 'PATCH', path: (s) => `/api/faults/${s.ruleId}`, body: { enabled: 'sometimes' }, status: 400 },
  { name: 'patch an unknown rule', method: 'PATCH', path: '/api/faults/no-such-rule', body: { enabled: false }, status: 404 },
  { name: "reset a rule's counters", method: 'POST', path: (s) => `/api/faults/${s.ruleId}/reset-counters`, status: 200 },
  { name: 'reset counters of an unknown rule', method: 'POST', path: '/api/faults/no-such-rule/reset-counters', status: 404 },
  { name: 'delete a rule', method: 'DELETE', path: (s) => `/api/faults/${s.ruleId}`, status: 204 },
  { name: 'delete it again', method: 'DELETE', path: (s) => `/api/faults/${s.ruleId}`, status: 404 },
  // the guard
  { name: 'a foreign Origin', method: 'GET', path: '/api/status', headers: { Origin: 'https://evil.example' }, status: 403 },
  // clearing last: the rows above need recorded exchanges
  { name: 'clear exchanges', method: 'DELETE', path: '/api/exchanges', status: 204 },
];

describe('real admin API answers match the OpenAPI description', () => {
  let t: TestSandbox;
  let checker: ResponseChecker;
  let doc: OpenapiDocument;
  const state: State = {};
  /** `METHOD /template` → statuses seen. */
  const seen = new Map<string, Set<number>>();
  const record = (method: string, path: string, status: number) => {
    const key = `${method} ${checker.templateOf(path.split('?')[0]!)}`;
    seen.set(key, (seen.get(key) ?? new Set()).add(status));
  };

  beforeAll(async () => {
    t = await startSandbox({ tunnelProviders: providers });
    state.upstream = await startSandbox();
    doc = (await t.admin('GET', '/api/openapi.json')).body;
    checker = new ResponseChecker(doc);
  });
  afterAll(async () => {
    await state.upstream?.close();
    await t.close();
  });

  it.each(ROWS.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    await row.before?.(t, state);
    const path = at(row.path, state);
    const body = row.body === undefined ? undefined : at(row.body, state);
    const res = await t.admin(row.method, path, { body, headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...(row.headers ?? {}) } });
    expect(res.status, JSON.stringify(res.body)?.slice(0, 500)).toBe(row.status);
    expect(checker.check(row.method, path, res.status, res.body)).toEqual([]);
    // What the server accepted, the description accepts too.
    if (body !== undefined && res.status < 300) expect(checker.checkRequest(row.method, path, body)).toEqual([]);
    record(row.method, path, res.status);
    await row.after?.(res.body, state);
  });

  it('refuses every described operation without the token, in the described error shape', async () => {
    for (const { method, template } of describedOperations(doc).filter((o) => !o.template.startsWith('/api/w/'))) {
      const path = template.replace(/\{[^}]+\}/g, 'x');
      const res = await request(`${t.addresses.adminUrl}${path}`, { method, ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }) });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(checker.check(method, path, 401, res.body)).toEqual([]);
      record(method, path, 401);
    }
  });

  it('sends WebSocket messages and refusals as described', async () => {
    const url = `${t.addresses.adminUrl.replace('http', 'ws')}/api/events?initial=5`;
    const liveMessage = checker.ajv.getSchema('urn:scimscope:admin-openapi#/components/schemas/LiveMessage')!;
    const valid = (m: unknown) => (liveMessage(m) ? [] : liveMessage.errors);

    const refusal = await new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const ws = new WebSocket(url, { headers: { Authorization: 'Bearer wrong' } });
      ws.once('unexpected-response', (_req, res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      });
      ws.once('open', () => reject(new Error('opened with a wrong token')));
    });
    expect(refusal.status).toBe(401);
    expect(checker.check('GET', '/api/events', 401, refusal.body)).toEqual([]);
    record('GET', '/api/events', 401);

    const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${t.adminToken}` } });
    const messages: any[] = [];
    const waiters: Array<{ test: (m: any) => boolean; resolve: (m: any) => void }> = [];
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString());
      messages.push(m);
      for (const w of [...waiters]) if (w.test(m)) waiters.splice(waiters.indexOf(w), 1) && w.resolve(m);
    });
    const next = (test: (m: any) => boolean) => messages.find(test) ?? new Promise<any>((resolve) => waiters.push({ test, resolve }));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    record('GET', '/api/events', 101);
    try {
      expect(valid(await next((m) => m.type === 'hello'))).toEqual([]);
      // Store, exchange, settings and fault events in batches.
      const created = await t.admin('POST', '/api/users', { body: user('openapi.live@example.com') });
      await t.scim('GET', `/Users/${created.body.id}`);
      await t.admin('PUT', '/api/settings', { body: { recording: { retention: 6000 } } });
      await t.admin('POST', '/api/faults', { body: rule });
      await t.admin('POST', '/api/tunnel/start', { body: { provider: 'cloudflared' } });
      const kinds = ['store', 'exchange', 'settings', 'faults', 'tunnel'];
      for (const kind of kinds) await next((m) => m.type === 'batch' && m.events.some((e: any) => e.type === kind));
      // Breakpoint events: a rule added, a SCIM request it pauses, that request let go; and a dataset reset.
      const bp = await t.admin('POST', '/api/breakpoints', { body: breakpoint });
      const answer = t.scim('GET', '/Users/openapi-pause-live');
      const paused = await next((m) => m.type === 'batch' && m.events.some((e: any) => e.type === 'breakpoint:paused'));
      const pausedId = paused.events.find((e: any) => e.type === 'breakpoint:paused').paused.id;
      expect((await t.admin('POST', `/api/breakpoints/paused/${pausedId}/continue`)).status).toBe(200);
      expect((await answer).status).toBe(404);
      await t.admin('DELETE', `/api/breakpoints/${bp.body.id}`);
      await t.admin('POST', '/api/store/reset', { body: { dataset: 'empty' } });
      for (const kind of ['breakpoints', 'breakpoint:released']) await next((m) => m.type === 'batch' && m.events.some((e: any) => e.type === kind));
      await next((m) => m.type === 'batch' && m.events.some((e: any) => e.type === 'store' && e.origin === 'reset'));
      await next((m) => m.type === 'batch' && m.events.some((e: any) => e.type === 'exchange' && e.exchange.breakpoint?.resolution === 'continued'));
      for (const m of messages.filter((m) => m.type === 'batch')) expect(valid(m)).toEqual([]);
      // A full exchange on request, and the error message for a bad request.
      const exchanges = (await t.admin('GET', '/api/exchanges?limit=1')).body.items;
      ws.send(JSON.stringify({ type: 'get', id: exchanges[0].id }));
      expect(valid(await next((m) => m.type === 'exchange:full'))).toEqual([]);
      ws.send('not json');
      expect(valid(await next((m) => m.type === 'error'))).toEqual([]);
    } finally {
      await new Promise((resolve) => {
        ws.once('close', resolve);
        ws.close();
      });
    }
  });

  it('fails bodies that drift from the description (the checker can fail)', async () => {
    const status = (await t.admin('GET', '/api/status')).body;
    const rules = (await t.admin('GET', '/api/faults')).body;
    const settings = (await t.admin('GET', '/api/settings')).body;
    const missing = (await t.admin('GET', '/api/faults/no-such-rule')).body;
    const exchanges = (await t.admin('GET', '/api/exchanges?limit=1')).body;
    const paused = { ruleId: 'r', name: 'n', phase: 'before', resolution: 'continued', pausedMs: 1 };
    const tampered: [string, string, number, unknown][] = [
      ['a required field gone', '/api/status', 200, { ...status, version: undefined }],
      ['a field the description lacks', '/api/status', 200, { ...status, colour: 'blue' }],
      ['a wrong type', '/api/status', 200, { ...status, uptimeMs: 'long' }],
      ['a nested field gone', '/api/status', 200, { ...status, counts: { users: 1, groups: 2 } }],
      ['an unknown enum value', '/api/faults', 200, { ...rules, items: [{ ...rules.items[0], action: { type: 'explode' } }] }],
      ['a secret leaking into settings', '/api/settings', 200, { ...settings, auth: { ...settings.auth, token: 'scim_secret' } }],
      ['an error without its message', '/api/faults/x', 404, { error: { ...missing.error, message: undefined } }],
      ['an unknown breakpoint resolution', '/api/exchanges', 200, { ...exchanges, items: [{ ...exchanges.items[0], breakpoint: { ...paused, resolution: 'forgotten' } }] }],
      ['a body search without its progress', '/api/exchanges', 200, { ...exchanges, bodySearch: { complete: false } }],
    ];
    for (const [what, path, code, body] of tampered) expect(checker.check('GET', path, code, JSON.parse(JSON.stringify(body))), what).not.toEqual([]);
    expect(checker.check('GET', '/api/status', 418, status)).toEqual(['GET /api/status does not describe status 418']);
  });

  it('has a row for every operation: its success, and each error of its own it can be driven to', () => {
    const missing: string[] = [];
    for (const { method, template } of describedOperations(doc).filter((o) => !o.template.startsWith('/api/w/'))) {
      const statuses = seen.get(`${method} ${template}`) ?? new Set<number>();
      if (![...statuses].some((s) => s < 300)) missing.push(`${method} ${template}: no success`);
      const own = Object.values(FRAGMENTS).find((f) => f.openapiPaths[template])?.openapiPaths[template]?.[method.toLowerCase() as 'get'];
      const ownErrors = Object.keys(own?.responses ?? {}).filter((s) => /^4\d\d$/.test(s) && s !== '401' && s !== '403');
      if (ownErrors.length > 0 && !ownErrors.some((s) => statuses.has(Number(s)))) missing.push(`${method} ${template}: none of ${ownErrors.join(', ')}`);
    }
    expect(missing).toEqual([]);
  });
});
