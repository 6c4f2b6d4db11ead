/**
 * Fault injection over real HTTP: every action, the timing rules (seeded probability, nth, every
 * nth, first N), matching by lifecycle operation and client, no store change on injected errors,
 * persistence across restarts, presets, and retry detection.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FaultRule } from '../../server/contract/faults.js';
import { nextExchanges } from '../helpers/recording.js';
import { rawRequest } from '../helpers/raw-http.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
let counter = 0;
const newUser = () => JSON.stringify({ schemas: [USER], userName: `fault${counter++}@example.com` });

describe('fault actions', () => {
  let t: TestSandbox;
  const auth = () => ({ Authorization: `Bearer ${t.token}`, 'Content-Type': 'application/scim+json' });
  const only = async (rule: object) => {
    for (const r of (await t.admin('GET', '/api/faults')).body.items) await t.admin('DELETE', `/api/faults/${r.id}`);
    const res = await t.admin('POST', '/api/faults', { body: rule });
    expect(res.status, res.text).toBe(201);
    return res.body as FaultRule;
  };
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());

  it('latency delays the answer by the given time and lets the request through', async () => {
    await only({ name: 'slow', match: { methods: ['GET'] }, action: { type: 'latency', ms: 300 } });
    const recorded = nextExchanges(t.sandbox, 1);
    const res = await rawRequest(`${t.addresses.scimUrl}/Users?count=1`, { headers: auth() });
    expect(res.status).toBe(200);
    // A timer never fires early (a 5 ms margin for clock rounding); how late it fires depends on the
    // machine's load, so there is no upper bound here: the exchange says which delay was applied.
    expect(res.elapsedMs).toBeGreaterThanOrEqual(295);
    const [e] = await recorded;
    expect(e!.fault).toMatchObject({ name: 'slow', action: 'latency', latencyMs: 300 });
  });

  it('error answers with the chosen status, scimType, detail and headers, as a SCIM error', async () => {
    await only({ name: 'e', action: { type: 'error', status: 503, scimType: 'tooMany', detail: 'down for lunch', headers: { 'X-Why': 'test' } } });
    const res = await rawRequest(`${t.addresses.scimUrl}/Users`, { headers: auth() });
    expect(res.status).toBe(503);
    expect(res.headers['x-why']).toBe('test');
    expect(res.headers['content-type']).toMatch(/application\/scim\+json/);
    expect(JSON.parse(res.body)).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '503', scimType: 'tooMany', detail: 'down for lunch' });
  });

  it.each([
    [120, (v: string | undefined) => expect(v).toBe('120')],
    ['http-date', (v: string | undefined) => {
      const at = Date.parse(v ?? '');
      expect(at - Date.now()).toBeGreaterThan(100_000);
      expect(at - Date.now()).toBeLessThan(130_000);
      expect(v).toMatch(/GMT$/);
    }],
    [null, (v: string | undefined) => expect(v).toBeUndefined()],
  ] as const)('rateLimit answers 429 with Retry-After %s', async (retryAfter, check) => {
    await only({ name: 'r', action: { type: 'rateLimit', retryAfter } });
    const res = await rawRequest(`${t.addresses.scimUrl}/Users`, { headers: auth() });
    expect(res.status).toBe(429);
    check(res.headers['retry-after'] as string | undefined);
    expect(JSON.parse(res.body).status).toBe('429');
  });

  it('drop closes the connection without a response, recorded as dropped', async () => {
    await only({ name: 'd', action: { type: 'drop' } });
    const recorded = nextExchanges(t.sandbox, 1);
    const res = await rawRequest(`${t.addresses.scimUrl}/Users`, { headers: auth() });
    expect(res.status).toBeNull();
    expect(res.error).toMatch(/ECONNRESET|socket hang up/);
    const [e] = await recorded;
    expect(e).toMatchObject({ outcome: 'dropped', status: 0, fault: { action: 'drop', name: 'd' } });
  });

  it('timeout holds the request until its bound, then lets go without answering', async () => {
    await only({ name: 'hold', action: { type: 'timeout', maxMs: 400 } });
    const res = await rawRequest(`${t.addresses.scimUrl}/Users`, { headers: auth() });
    expect(res.status).toBeNull();
    expect(res.elapsedMs).toBeGreaterThanOrEqual(395);
  });

  it('timeout is recorded as aborted when the client gives up first', async () => {
    await only({ name: 'hold', action: { type: 'timeout', maxMs: 60_000 } });
    const recorded = nextExchanges(t.sandbox, 1);
    const res = await rawRequest(`${t.addresses.scimUrl}/Users`, { headers: auth(), giveUpAfterMs: 200 });
    expect(res.error).toBe('CLIENT_GAVE_UP');
    const [e] = await recorded;
    expect(e).toMatchObject({ outcome: 'aborted', fault: { action: 'timeout' } });
  });

  it('malformed answers 200 with a body that is not JSON', async () => {
    await only({ name: 'm', action: { type: 'malformed' } });
    const res = await rawRequest(`${t.addresses.scimUrl}/Users`, { headers: auth() });
    expect(res.status).toBe(200);
    expect(() => JSON.parse(res.body)).toThrow();
  });

  it('emptyBody answers a create with 201 and nothing, and creates nothing', async () => {
    await only({ name: 'empty', match: { methods: ['POST'] }, action: { type: 'emptyBody' } });
    const body = newUser();
    const res = await rawRequest(`${t.addresses.scimUrl}/Users`, { method: 'POST', headers: auth(), body });
    expect(res.status).toBe(201);
    expect(res.body).toBe('');
    expect(t.sandbox.store.idForUniqueName('User', JSON.parse(body).userName)).toBeUndefined();
  });

  it('wrongContentType serves the normal response as text/html', async () => {
    await only({ name: 'html', action: { type: 'wrongContentType' } });
    const res = await rawRequest(`${t.addresses.scimUrl}/Users?count=1`, { headers: auth() });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(JSON.parse(res.body).totalResults).toBe(7);
  });

  it.each([
    ['POST create', 'POST', '/Users', (): string | undefined => newUser()],
    ['PATCH deactivate', 'PATCH', '/Users/:jane', (): string | undefined => JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] })],
    ['DELETE', 'DELETE', '/Users/:jane', (): string | undefined => undefined],
  ] as const)('an injected error on %s leaves the store unchanged', async (_name, method, path, body) => {
    await only({ name: 'no', action: { type: 'error', status: 500 } });
    const jane = t.sandbox.store.idForUniqueName('User', 'jane.doe@example.com')!;
    const before = JSON.stringify(t.sandbox.store.capture());
    const res = await rawRequest(`${t.addresses.scimUrl}${path.replace(':jane', jane)}`, { method, headers: auth(), body: body() });
    expect(res.status).toBe(500);
    expect(JSON.stringify(t.sandbox.store.capture())).toBe(before);
  });

  it('stacks latency rules with the first other rule that fires, and records both', async () => {
    for (const r of (await t.admin('GET', '/api/faults')).body.items) await t.admin('DELETE', `/api/faults/${r.id}`);
    await t.admin('POST', '/api/faults', { body: { name: 'slow1', action: { type: 'latency', ms: 150 } } });
    await t.admin('POST', '/api/faults', { body: { name: 'first error', action: { type: 'error', status: 502 } } });
    await t.admin('POST', '/api/faults', { body: { name: 'second error', action: { type: 'error', status: 504 } } });
    await t.admin('POST', '/api/faults', { body: { name: 'slow2', action: { type: 'latency', ms: 150 } } });
    const recorded = nextExchanges(t.sandbox, 1);
    const res = await rawRequest(`${t.addresses.scimUrl}/Users`, { headers: auth() });
    expect(res.status).toBe(502);
    expect(res.elapsedMs).toBeGreaterThanOrEqual(295);
    const [e] = await recorded;
    expect(e!.fault).toMatchObject({ name: 'first error', action: 'error', latencyMs: 300 });
    const rules = (await t.admin('GET', '/api/faults')).body.items as FaultRule[];
    expect(rules.map((r) => r.hits)).toEqual([1, 1, 0, 1]);
  });
});

describe('when rules fire', () => {
  let t: TestSandbox;
  const auth = () => ({ Authorization: `Bearer ${t.token}` });
  const statusesOf = async (s: TestSandbox, n: number, path = '/Users?count=1', headers: Record<string, string> = {}) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await rawRequest(`${s.addresses.scimUrl}${path}`, { headers: { Authorization: `Bearer ${s.token}`, ...headers } })).status!);
    return out;
  };
  const statuses = (n: number, path?: string, headers?: Record<string, string>) => statusesOf(t, n, path, headers);
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    for (const r of (await t.admin('GET', '/api/faults')).body.items) await t.admin('DELETE', `/api/faults/${r.id}`);
  });

  it.each([
    [{ nth: 3 }, [200, 200, 418, 200, 200, 200]],
    [{ everyNth: 2 }, [200, 418, 200, 418, 200, 418]],
    [{ times: 2 }, [418, 418, 200, 200, 200, 200]],
    [{ everyNth: 2, times: 2 }, [200, 418, 200, 418, 200, 200]],
    [{ probability: 0 }, [200, 200, 200, 200, 200, 200]],
    [{ probability: 1 }, [418, 418, 418, 418, 418, 418]],
  ])('when %j → %j', async (when, expected) => {
    await t.admin('POST', '/api/faults', { body: { name: 'teapot', when, action: { type: 'error', status: 418 } } });
    expect(await statuses(6)).toEqual(expected);
  });

  it('repeats a seeded random run exactly, after a counter reset and after a restart', async () => {
    // Its own sandbox (closed, and its folder removed, when the test ends): the restart stays out of the suite's.
    const own = await startSandbox();
    await own.admin('PUT', '/api/settings', { body: { faults: { seed: 42 } } });
    await own.admin('POST', '/api/faults', { body: { name: 'coin', when: { probability: 0.5 }, action: { type: 'error', status: 503 } } });
    const first = await statusesOf(own, 24);
    expect(first).toContain(503);
    expect(first).toContain(200);
    await own.admin('POST', '/api/faults/reset-counters');
    expect(await statusesOf(own, 24)).toEqual(first);
    await own.stop();
    const again = await startSandbox({ dataDir: own.dataDir });
    await again.admin('POST', '/api/faults/reset-counters');
    expect(await statusesOf(again, 24)).toEqual(first);
    await again.stop();
  });

  it('matches by lifecycle operation', async () => {
    await t.admin('POST', '/api/faults', { body: { name: 'creates only', match: { operations: ['user.create'] }, action: { type: 'error', status: 500 } } });
    expect((await rawRequest(`${t.addresses.scimUrl}/Users?filter=userName%20eq%20%22a%40b.c%22`, { headers: auth() })).status).toBe(200);
    expect((await rawRequest(`${t.addresses.scimUrl}/Users`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/scim+json' }, body: newUser() })).status).toBe(500);
    expect((await rawRequest(`${t.addresses.scimUrl}/Groups`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/scim+json' }, body: JSON.stringify({ displayName: `G${counter++}` }) })).status).toBe(201);
  });

  it('matches a family of operations', async () => {
    await t.admin('POST', '/api/faults', { body: { name: 'group pushes', match: { operations: ['group.*'] }, action: { type: 'error', status: 500 } } });
    expect((await rawRequest(`${t.addresses.scimUrl}/Groups?count=1`, { headers: auth() })).status).toBe(500);
    expect((await rawRequest(`${t.addresses.scimUrl}/Users?count=1`, { headers: auth() })).status).toBe(200);
  });

  it('matches by client', async () => {
    await t.admin('POST', '/api/faults', { body: { name: 'okta only', match: { clients: ['okta'] }, action: { type: 'error', status: 500 } } });
    expect(await statuses(1, '/Users?count=1', { 'User-Agent': 'Okta SCIM Client 1.0.0' })).toEqual([500]);
    expect(await statuses(1, '/Users?count=1', { 'User-Agent': 'curl/8.5.0' })).toEqual([200]);
  });

  it.each([
    [{ path: '/Groups*' }, '/Groups?count=1', '/Users?count=1'],
    [{ methods: ['get'] }, '/Users', null],
    [{ headerContains: 'x-tenant: blue' }, '/Users', null],
  ])('matches by %j', async (match, hit, miss) => {
    await t.admin('POST', '/api/faults', { body: { name: 'm', match, action: { type: 'error', status: 500 } } });
    const headers = { 'X-Tenant': 'blue' };
    expect(await statuses(1, hit, headers)).toEqual([500]);
    if (miss) expect(await statuses(1, miss)).toEqual([200]);
  });

  it('matches text in the body', async () => {
    await t.admin('POST', '/api/faults', { body: { name: 'b', match: { bodyContains: 'POISON' }, action: { type: 'error', status: 500 } } });
    const post = (userName: string) => rawRequest(`${t.addresses.scimUrl}/Users`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/scim+json' }, body: JSON.stringify({ userName }) });
    expect((await post('poison@example.com')).status).toBe(500);
    expect((await post(`clean${counter++}@example.com`)).status).toBe(201);
  });

  it('refuses invalid rules with a clear message', async () => {
    const res = await t.admin('POST', '/api/faults', { body: { name: 'bad', action: { type: 'error', status: 200 } } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/action\.status/);
    expect((await t.admin('POST', '/api/faults', { body: { name: 'bad', action: { type: 'explode' } } })).status).toBe(400);
  });
});

describe('rules as data', () => {
  it('keep order, toggles and hit counters across a restart', async () => {
    const t = await startSandbox();
    const a = (await t.admin('POST', '/api/faults', { body: { name: 'A', action: { type: 'error', status: 500 } } })).body;
    const b = (await t.admin('POST', '/api/faults', { body: { name: 'B', action: { type: 'latency', ms: 1 } } })).body;
    await t.admin('POST', '/api/faults/reorder', { body: { ids: [b.id, a.id] } });
    await rawRequest(`${t.addresses.scimUrl}/Users`, { headers: { Authorization: `Bearer ${t.token}` } });
    await t.admin('PATCH', `/api/faults/${a.id}`, { body: { enabled: false } });
    await t.stop();
    const again = await startSandbox({ dataDir: t.dataDir });
    try {
      const rules = (await again.admin('GET', '/api/faults')).body.items as FaultRule[];
      expect(rules.map((r) => [r.name, r.enabled, r.hits])).toEqual([['B', true, 1], ['A', false, 1]]);
    } finally {
      await again.close();
      await t.close();
    }
  });

  it.each([
    ['okta-rate-limit', { method: 'GET', path: '/Users' }, 429],
    ['rate-limit-http-date', { method: 'GET', path: '/Users' }, 429],
    ['slow-lookups', { method: 'GET', path: '/Users?filter=userName%20eq%20%22jane.doe%40example.com%22' }, 200],
    ['drop-group-push', { method: 'POST', path: '/Groups', body: { displayName: 'Dropped' } }, null],
    ['duplicate-without-scimtype', { method: 'POST', path: '/Users', body: { userName: 'dup-preset@example.com' } }, 409],
    ['empty-body-create', { method: 'POST', path: '/Users', body: { userName: 'empty-preset@example.com' } }, 201],
  ] as const)('preset %s reproduces its fault, recorded with the rule and an unchanged store', async (id, req, status) => {
    const t = await startSandbox();
    if (id === 'slow-lookups') {
      // Keep the test short: the preset's rule, with its latency edited down.
      const added = (await t.admin('POST', `/api/faults/presets/${id}`)).body;
      await t.admin('PATCH', `/api/faults/${added.id}`, { body: { action: { type: 'latency', ms: 50 } } });
    } else expect((await t.admin('POST', `/api/faults/presets/${id}`)).status).toBe(201);
    const before = JSON.stringify(t.sandbox.store.capture());
    const recorded = nextExchanges(t.sandbox, 1);
    const res = await rawRequest(`${t.addresses.scimUrl}${req.path}`, { method: req.method, headers: { Authorization: `Bearer ${t.token}`, 'Content-Type': 'application/scim+json' }, body: 'body' in req ? JSON.stringify(req.body) : undefined });
    expect(res.status).toBe(status);
    const [e] = await recorded;
    const rule = (await t.admin('GET', '/api/faults')).body.items[0] as FaultRule;
    expect(e!.fault).toMatchObject({ ruleId: rule.id, name: rule.name });
    expect(rule.hits).toBe(1);
    if (id !== 'slow-lookups') expect(JSON.stringify(t.sandbox.store.capture())).toBe(before);
    await t.close();
  });

  it('lists the presets', async () => {
    const t = await startSandbox();
    const presets = (await t.admin('GET', '/api/faults/presets')).body.items;
    expect(presets.map((p: { id: string }) => p.id)).toEqual(['okta-rate-limit', 'rate-limit-http-date', 'flaky-503', 'slow-lookups', 'timeout-on-create', 'drop-group-push', 'duplicate-without-scimtype', 'empty-body-create', 'oauth-token-expires', 'oauth-refresh-fails', 'oauth-token-endpoint-down', 'oauth-consent-denied']);
    await t.close();
  });
});

describe('retry detection', () => {
  it("links a client's retry of a faulted request to it, with the delay and attempt number", async () => {
    const t = await startSandbox();
    await t.admin('POST', '/api/faults', { body: { name: 'twice', match: { operations: ['user.create'] }, when: { times: 2 }, action: { type: 'rateLimit', retryAfter: 1 } } });
    const body = newUser();
    const send = () => rawRequest(`${t.addresses.scimUrl}/Users`, { method: 'POST', headers: { Authorization: `Bearer ${t.token}`, 'Content-Type': 'application/scim+json' }, body });
    const recorded = nextExchanges(t.sandbox, 4);
    expect((await send()).status).toBe(429);
    expect((await send()).status).toBe(429);
    expect((await send()).status).toBe(201);
    // An unrelated request is not a retry.
    await rawRequest(`${t.addresses.scimUrl}/Users`, { method: 'POST', headers: { Authorization: `Bearer ${t.token}`, 'Content-Type': 'application/scim+json' }, body: newUser() });
    const [first, second, third, other] = await recorded;
    expect(first!.retryOf).toBeNull();
    expect(second!.retryOf).toMatchObject({ exchangeId: first!.id, attempt: 2 });
    expect(third!.retryOf).toMatchObject({ exchangeId: second!.id, attempt: 3 });
    expect(third!.retryOf!.delayMs).toBeGreaterThanOrEqual(0);
    expect(other!.retryOf).toBeNull();
    await t.close();
  });
});
