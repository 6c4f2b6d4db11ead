/**
 * The admin API: its guard (token, loopback Host, foreign Origin), the live event stream, the
 * inspector's editors (recorded in history as made from the inspector, bypassing SCIM auth),
 * settings and credentials, store reset, and replay.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSocket } from '../helpers/event-socket.js';
import { request } from '../helpers/http.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

describe('admin API guard', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());

  const cases: [string, (t: TestSandbox) => Record<string, string>, number, string][] = [
    ['no token', () => ({}), 401, 'token_required'],
    ['a wrong token', () => ({ Authorization: 'Bearer nope' }), 401, 'token_invalid'],
    ['the SCIM token instead of the admin token', (t) => ({ Authorization: `Bearer ${t.token}` }), 401, 'token_invalid'],
    ['a foreign Origin', (t) => ({ Authorization: `Bearer ${t.adminToken}`, Origin: 'https://evil.example' }), 403, 'foreign_origin'],
    ['another local port as Origin', (t) => ({ Authorization: `Bearer ${t.adminToken}`, Origin: 'http://127.0.0.1:1' }), 403, 'foreign_origin'],
    ['a non-loopback Host (DNS rebinding)', (t) => ({ Authorization: `Bearer ${t.adminToken}`, Host: 'evil.example:7172' }), 403, 'bad_host'],
  ];
  it.each(cases)('refuses %s', async (_name, headers, status, code) => {
    // node:http rather than fetch, which will not send a Host of our choosing.
    const url = new URL(`${t.addresses.adminUrl}/api/status`);
    const res = await new Promise<{ status: number; body: any }>((resolve, reject) => {
      http
        .get({ host: url.hostname, port: url.port, path: url.pathname, headers: headers(t) }, (r) => {
          let text = '';
          r.on('data', (d) => (text += d));
          r.on('end', () => resolve({ status: r.statusCode!, body: JSON.parse(text) }));
        })
        .on('error', reject);
    });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
  });

  it("accepts the token and the inspector's own origin", async () => {
    const res = await request(`${t.addresses.adminUrl}/api/status`, { headers: { Authorization: `Bearer ${t.adminToken}`, Origin: t.addresses.adminUrl } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Scimscope', running: true, scimUrl: t.addresses.scimUrl, authMode: 'bearer', counts: { users: 7, groups: 2 } });
  });

  it('answers unknown endpoints and bad input with JSON errors', async () => {
    expect((await t.admin('GET', '/api/nope')).body.error.code).toBe('not_found');
    const bad = await t.admin('PUT', '/api/settings', { body: { recording: { retention: 'lots' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_input');
    expect(bad.body.error.message).toMatch(/recording\.retention/);
    const unknownKey = await t.admin('PUT', '/api/settings', { body: { nonsense: true } });
    expect(unknownKey.status).toBe(400);
    const malformed = await request(`${t.addresses.adminUrl}/api/users`, { method: 'POST', headers: { Authorization: `Bearer ${t.adminToken}`, 'Content-Type': 'application/json' }, rawBody: '{oops' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/not valid JSON/);
  });

  it('serves the inspector with a strict Content-Security-Policy', async () => {
    const res = await request(`${t.addresses.adminUrl}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'; script-src 'self'/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  const events = (t: TestSandbox, query = '') => `${t.addresses.adminUrl.replace('http', 'ws')}/api/events${query}`;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const ticket = async () => {
    const res = await t.admin('POST', '/api/events/ticket');
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    return res.body as { ticket: string; expiresInMs: number };
  };

  it.each([
    ['without credentials', () => events(t), () => ({}), '401 token_required'],
    ['with a wrong token in the header', () => events(t), () => bearer('nope'), '401 token_invalid'],
    // The token in a URL shows in consoles and proxy logs: no longer accepted, with a pointer to tickets.
    ['with the admin token in the URL', () => events(t, `?token=${t.adminToken}`), () => ({}), '401 token_in_url'],
    ['with a made-up ticket', () => events(t, '?ticket=evt_made_up'), () => ({}), '401 ticket_invalid'],
    ['from a foreign origin, even with the token', () => events(t), () => ({ ...bearer(t.adminToken), Origin: 'https://evil.example' }), '403 foreign_origin'],
  ])('refuses a WebSocket %s', async (_name, url, headers, refusal) => {
    await expect(openSocket(url(), headers())).rejects.toThrow(`refused with ${refusal}`);
  });

  it('opens a WebSocket with the token in the Authorization header (scripts)', async () => {
    const socket = await openSocket(events(t), bearer(t.adminToken));
    expect((await socket.next((m) => m.type === 'hello')).type).toBe('hello');
    socket.ws.close();
  });

  it('opens a WebSocket with a ticket, once: the same ticket opens nothing after', async () => {
    const { ticket: value, expiresInMs } = await ticket();
    expect(value).not.toContain(t.adminToken);
    expect(expiresInMs).toBeLessThanOrEqual(60_000);
    const socket = await openSocket(events(t, `?ticket=${encodeURIComponent(value)}`));
    expect((await socket.next((m) => m.type === 'hello')).type).toBe('hello');
    socket.ws.close();
    await expect(openSocket(events(t, `?ticket=${encodeURIComponent(value)}`))).rejects.toThrow('refused with 401 ticket_invalid');
  });

  it('gives tickets only for the admin token', async () => {
    const res = await request(`${t.addresses.adminUrl}/api/events/ticket`, { method: 'POST' });
    expect(res.status).toBe(401);
  });
});

describe('live event stream', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());

  it('greets with the latest exchanges, then pushes new ones in batches', async () => {
    const recorded = nextExchanges(t.sandbox, 3);
    for (let i = 0; i < 3; i++) await t.scim('GET', '/Users?count=1');
    await recorded;
    const socket = await openSocket(`${t.addresses.adminUrl.replace('http', 'ws')}/api/events?initial=2`, { Authorization: `Bearer ${t.adminToken}` });
    const hello = await socket.next((m) => m.type === 'hello');
    expect(hello.exchanges).toHaveLength(2);
    expect(hello.counts).toMatchObject({ users: 7, groups: 2, exchanges: 3 });
    // A burst of 200 requests arrives as a few batched messages, not 200.
    const burst = nextExchanges(t.sandbox, 200);
    await Promise.all(Array.from({ length: 200 }, () => t.scim('GET', '/Users?count=1')));
    await burst;
    await socket.next((m) => m.type === 'batch' && socket.messages.filter((x) => x.type === 'batch').flatMap((b) => b.events).filter((e: any) => e.type === 'exchange').length >= 200);
    const batches = socket.messages.filter((m) => m.type === 'batch');
    expect(batches.length).toBeLessThan(40);
    const event = batches[0].events.find((e: any) => e.type === 'exchange');
    expect(event.exchange).toMatchObject({ method: 'GET', status: 200, operation: { kind: 'connection.test' } });
    // The full record on request.
    socket.ws.send(JSON.stringify({ type: 'get', id: event.exchange.id }));
    const full = await socket.next((m) => m.type === 'exchange:full');
    expect(full.exchange.id).toBe(event.exchange.id);
    expect(full.exchange.response.body.schemas).toBeDefined();
    socket.ws.close();
  });

  it('pushes store and settings changes', async () => {
    const socket = await openSocket(`${t.addresses.adminUrl.replace('http', 'ws')}/api/events`, { Authorization: `Bearer ${t.adminToken}` });
    await socket.next((m) => m.type === 'hello');
    await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'live@example.com' } });
    await t.admin('PUT', '/api/settings', { body: { quirks: { stringTotalResults: true } } });
    const store = await socket.next((m) => m.type === 'batch' && m.events.some((e: any) => e.type === 'store'));
    expect(store.events.find((e: any) => e.type === 'store').counts.users).toBe(8);
    const settings = await socket.next((m) => m.type === 'batch' && m.events.some((e: any) => e.type === 'settings'));
    expect(settings.events.find((e: any) => e.type === 'settings').settings.quirks.stringTotalResults).toBe(true);
    expect(JSON.stringify(socket.messages)).not.toContain(t.token);
    await t.admin('PUT', '/api/settings', { body: { quirks: { stringTotalResults: false } } });
    socket.ws.close();
  });
});

describe('inspector editors, settings, reset and replay', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());

  it('edits a user without SCIM auth; SCIM reads the change; history says it came from the inspector', async () => {
    const list = await t.admin('GET', '/api/users?filter=userName%20eq%20%22jane.doe%40example.com%22');
    expect(list.body.total).toBe(1);
    const jane = list.body.items[0];
    const patched = await t.admin('PATCH', `/api/users/${jane.id}`, { body: { active: false, title: 'Director' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ active: false, title: 'Director' });
    const viaScim = await t.scim('GET', `/Users/${jane.id}`);
    expect(viaScim.body).toMatchObject({ active: false, title: 'Director' });
    const history = await t.admin('GET', `/api/users/${jane.id}/history`);
    const last = history.body.items.at(-1);
    expect(last).toMatchObject({ source: 'inspector', kind: 'user.deactivate', exchangeId: null });
    expect(last.summary).toMatch(/^The inspector deactivated jane\.doe@example\.com/);
    expect(history.body.items[0]).toMatchObject({ source: 'seed', kind: 'user.create' });
  });

  it('creates, replaces and deletes through the editors, with SCIM errors as JSON', async () => {
    const created = await t.admin('POST', '/api/users', { body: { userName: 'editor@example.com', name: { givenName: 'Ed' } } });
    expect(created.status).toBe(201);
    const dup = await t.admin('POST', '/api/users', { body: { userName: 'EDITOR@example.com' } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('uniqueness');
    const replaced = await t.admin('PUT', `/api/users/${created.body.id}`, { body: { schemas: [USER], userName: 'editor@example.com', title: 'Editor' }, headers: { 'If-Match': created.body.meta.version } });
    expect(replaced.body.name).toBeUndefined();
    // An edit based on a version that has changed since (Okta wrote in between) is refused, not lost.
    const stale = await t.admin('PUT', `/api/users/${created.body.id}`, { body: { schemas: [USER], userName: 'editor@example.com', title: 'Stale' }, headers: { 'If-Match': created.body.meta.version } });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('precondition_failed');
    expect((await t.admin('DELETE', `/api/users/${created.body.id}`)).status).toBe(204);
    expect((await t.admin('GET', `/api/users/${created.body.id}`)).status).toBe(404);
    // A deleted user keeps its timeline.
    const history = await t.admin('GET', `/api/users/${created.body.id}/history`);
    expect(history.body.items.map((h: { kind: string }) => h.kind)).toEqual(['user.create', 'user.update', 'user.delete']);
  });

  it('adds and removes group members with a SCIM PATCH body', async () => {
    const groups = await t.admin('GET', '/api/groups?filter=displayName%20eq%20%22Sales%22');
    const sales = groups.body.items[0];
    const users = await t.admin('GET', '/api/users?filter=userName%20sw%20%22sofia%22');
    const sofia = users.body.items[0];
    const added = await t.admin('PATCH', `/api/groups/${sales.id}`, { body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'add', path: 'members', value: [{ value: sofia.id }] }] } });
    expect(added.body.members.map((m: { value: string }) => m.value)).toContain(sofia.id);
    const history = await t.admin('GET', `/api/groups/${sales.id}/history`);
    expect(history.body.items.at(-1)).toMatchObject({ source: 'inspector', kind: 'group.members.add' });
  });

  it('generates fake users in one durable write', async () => {
    const before = (await t.admin('GET', '/api/status')).body.counts.users;
    const res = await t.admin('POST', '/api/users/generate', { body: { count: 250, seed: 7 } });
    expect(res.status).toBe(201);
    expect(res.body.created).toBe(250);
    expect((await t.admin('GET', '/api/status')).body.counts.users).toBe(before + 250);
    const sample = await t.admin('GET', `/api/users/${res.body.ids[0]}`);
    expect(sample.body.userName).toMatch(/@example\.com$/);
    expect(sample.body.name.givenName).toMatch(/\w/);
    expect((await t.admin('POST', '/api/users/generate', { body: { count: 0 } })).status).toBe(400);
  });

  it('shows credentials only on request, and a regenerated token replaces the old one', async () => {
    const settings = await t.admin('GET', '/api/settings');
    expect(JSON.stringify(settings.body)).not.toContain(t.token);
    expect(settings.body.auth).toMatchObject({ mode: 'bearer', tokenSet: true });
    const credentials = await t.admin('GET', '/api/settings/credentials');
    expect(credentials.body).toMatchObject({ mode: 'bearer', token: t.token, authorizationHeader: `Bearer ${t.token}` });
    const old = t.token;
    const regenerated = await t.admin('POST', '/api/settings/token/regenerate');
    expect(regenerated.body.token).not.toBe(old);
    expect((await request(`${t.addresses.scimUrl}/Users`, { headers: { Authorization: `Bearer ${old}` } })).status).toBe(401);
    expect((await request(`${t.addresses.scimUrl}/Users`, { headers: { Authorization: `Bearer ${regenerated.body.token}` } })).status).toBe(200);
  });

  it('replays an exchange against the sandbox and links the copy to the original', async () => {
    const recorded = nextExchanges(t.sandbox, 1);
    await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'replay@example.com' } });
    const [original] = await recorded;
    const replay = await t.admin('POST', `/api/exchanges/${original!.id}/replay`);
    expect(replay.status).toBe(201);
    expect(replay.body).toMatchObject({ replayOf: original!.id, status: 409, method: 'POST' });
    expect(replay.body.id).not.toBe(original!.id);
    expect((await t.admin('POST', '/api/exchanges/nope/replay')).status).toBe(404);
  });

  it('resets the store to the demo directory or to empty', async () => {
    const empty = await t.admin('POST', '/api/store/reset', { body: { seed: 'empty' } });
    expect(empty.body.counts).toEqual({ users: 0, groups: 0 });
    const demo = await t.admin('POST', '/api/store/reset', { body: { seed: 'demo' } });
    expect(demo.body.counts).toEqual({ users: 7, groups: 2 });
    expect((await t.scim('GET', '/Users?count=0')).body.totalResults).toBe(7);
  });

  it('clears recorded traffic', async () => {
    expect((await t.admin('GET', '/api/exchanges')).body.total).toBeGreaterThan(0);
    expect((await t.admin('DELETE', '/api/exchanges')).status).toBe(204);
    expect((await t.admin('GET', '/api/exchanges')).body.total).toBe(0);
  });
});
