/**
 * Breakpoints over real HTTP: a matching request pauses (before the store, or after it answered),
 * shows at once (bus event, WebSocket, GET /paused), and is let go by the trainer: with an edited
 * request (the store gets the edit, a redacted password keeps its real value), an edited answer
 * (the client gets it), a direct answer (the store is never reached), a dropped connection, or
 * unchanged when the release bound passes. Many pause at once; a bad edit is a 400 that changes
 * nothing; close() lets paused requests go; the exchange records what was changed. Proxy mode too.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { PausedExchange } from '../../server/contract/breakpoints.js';
import type { BreakpointResolution, Exchange } from '../../server/contract/exchange.js';
import type { Sandbox } from '../../server/sandbox.js';
import { verifyPassword } from '../../server/store/password-hash.js';
import { nextExchanges } from '../helpers/recording.js';
import { rawRequest } from '../helpers/raw-http.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { tempDir } from '../helpers/temp-dir.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The next `count` exchanges to pause, by event. */
function nextPaused(sandbox: Sandbox, count = 1): Promise<PausedExchange[]> {
  return new Promise((resolve) => {
    const seen: PausedExchange[] = [];
    const on = (p: PausedExchange) => {
      seen.push(p);
      if (seen.length === count) {
        sandbox.bus.off('breakpoint:paused', on);
        resolve(seen);
      }
    };
    sandbox.bus.on('breakpoint:paused', on);
  });
}

function nextReleased(sandbox: Sandbox): Promise<{ id: string; resolution: BreakpointResolution }> {
  return new Promise((resolve) => sandbox.bus.once('breakpoint:released', resolve));
}

async function clearRules(t: TestSandbox): Promise<void> {
  for (const r of (await t.admin('GET', '/api/breakpoints')).body.items) await t.admin('DELETE', `/api/breakpoints/${r.id}`);
}

async function addRule(t: TestSandbox, rule: Record<string, unknown>): Promise<string> {
  await clearRules(t);
  const res = await t.admin('POST', '/api/breakpoints', { body: rule });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

const exchange = async (t: TestSandbox, id: string) => (await t.admin('GET', `/api/exchanges/${id}`)).body as Exchange;
const newUser = (userName: string) => ({ schemas: [USER], userName, name: { givenName: 'Ada', familyName: 'Lovelace' }, password: 'Sup3r-secret-pw!', active: true });

describe('breakpoints in sandbox mode', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox({ seed: 'empty' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('pauses before the store, shows the request redacted, and the store gets the edited request', async () => {
    const ruleId = await addRule(t, { name: 'creates', phase: 'before', match: { methods: ['POST'], path: '/Users' } });
    const paused = nextPaused(t.sandbox);
    const recorded = nextExchanges(t.sandbox, 1);
    const answer = t.scim('POST', '/Users', { body: newUser('ada@example.com') });
    const [p] = await paused;
    expect(p).toMatchObject({ phase: 'before', rule: { id: ruleId, name: 'creates' }, method: 'POST', operation: 'user.create', response: null });
    expect(p!.request.body).toMatchObject({ userName: 'ada@example.com', password: '[redacted]' });
    expect(p!.request.headers.Authorization ?? p!.request.headers.authorization).toBe('Bearer [redacted]');
    const listed = (await t.admin('GET', '/api/breakpoints/paused')).body;
    expect(listed.items.map((i: PausedExchange) => i.id)).toEqual([p!.id]);
    expect(t.sandbox.store.counts().users).toBe(0);

    const edited = { ...(p!.request.body as object), userName: 'grace@example.com' };
    const cont = await t.admin('POST', `/api/breakpoints/paused/${p!.id}/continue`, { body: { request: { body: edited } } });
    expect(cont.status, cont.text).toBe(200);
    const res = await answer;
    expect(res.status).toBe(201);
    expect(res.body.userName).toBe('grace@example.com');
    const stored = t.sandbox.store.get('User', res.body.id)!;
    expect(stored.userName).toBe('grace@example.com');
    // The password was shown as [redacted] and left so: the real one reached the store.
    expect(await verifyPassword('Sup3r-secret-pw!', t.sandbox.store.secretOf(res.body.id)!.passwordHash)).toBe(true);

    const ex = await exchange(t, (await recorded)[0]!.id);
    expect(ex.request.body).toMatchObject({ userName: 'grace@example.com', password: '[redacted]' });
    expect(ex.breakpoint).toMatchObject({ ruleId, name: 'creates', phase: 'before', resolution: 'edited', original: { request: { body: { userName: 'ada@example.com', password: '[redacted]' } } } });
    expect(ex.breakpoint!.pausedMs).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(ex)).not.toContain('Sup3r-secret-pw!');
    expect((await t.admin('GET', '/api/breakpoints/paused')).body.total).toBe(0);
    expect((await t.admin('GET', '/api/breakpoints')).body.items[0].hits).toBe(1);
  });

  it('edits request headers: a changed header reaches the backend, the original is recorded', async () => {
    await addRule(t, { name: 'lookups', match: { methods: ['GET'], path: '/Users' } });
    const paused = nextPaused(t.sandbox);
    const recorded = nextExchanges(t.sandbox, 1);
    const answer = t.scim('GET', '/Users?count=1', { headers: { 'X-Trace': 'one' } });
    const [p] = await paused;
    // Authorization left as shown (redacted) keeps the real credential; X-Trace changes.
    const cont = await t.admin('POST', `/api/breakpoints/paused/${p!.id}/continue`, { body: { request: { headers: { Authorization: 'Bearer [redacted]', 'X-Trace': 'two' } } } });
    expect(cont.status, cont.text).toBe(200);
    expect((await answer).status).toBe(200);
    const ex = await exchange(t, (await recorded)[0]!.id);
    expect(ex.request.headers['X-Trace']).toBe('two');
    expect(ex.breakpoint).toMatchObject({ resolution: 'edited', original: { request: { headers: { 'X-Trace': 'one' } } } });
  });

  it('pauses after the store answered: the write is applied, the client gets the edited answer', async () => {
    const ruleId = await addRule(t, { name: 'after creates', phase: 'after', match: { operations: ['user.create'] } });
    const paused = nextPaused(t.sandbox);
    const recorded = nextExchanges(t.sandbox, 1);
    const answer = t.scim('POST', '/Users', { body: newUser('after@example.com') });
    const [p] = await paused;
    expect(p!.phase).toBe('after');
    expect(p!.response).toMatchObject({ status: 201, body: { userName: 'after@example.com' } });
    const id = (p!.response!.body as { id: string }).id;
    expect(t.sandbox.store.get('User', id)?.userName).toBe('after@example.com');

    // The request can no longer be edited: 409, and it stays paused.
    const late = await t.admin('POST', `/api/breakpoints/paused/${p!.id}/continue`, { body: { request: { body: {} } } });
    expect(late.status).toBe(409);
    const body = { ...(p!.response!.body as object), displayName: 'Edited by the trainer' };
    const res = await t.admin('POST', `/api/breakpoints/paused/${p!.id}/respond`, { body: { status: 201, bodyText: JSON.stringify(body) } });
    expect(res.status, res.text).toBe(200);
    const client = await answer;
    expect(client.status).toBe(201);
    expect(client.body.displayName).toBe('Edited by the trainer');
    expect(client.headers.get('content-type')).toMatch(/application\/scim\+json/);
    expect(t.sandbox.store.get('User', id)?.displayName).toBeUndefined();
    const ex = await exchange(t, (await recorded)[0]!.id);
    expect(ex.response.body).toMatchObject({ displayName: 'Edited by the trainer' });
    expect(ex.changes).toHaveLength(1);
    expect(ex.breakpoint).toMatchObject({ ruleId, phase: 'after', resolution: 'responded', original: { response: { status: 201, body: { userName: 'after@example.com' } } } });
    expect((ex.breakpoint!.original!.response!.body as Record<string, unknown>).displayName).toBeUndefined();
  });

  it('answers directly in the before phase: the store is never reached', async () => {
    await addRule(t, { name: 'creates', match: { methods: ['POST'] } });
    const paused = nextPaused(t.sandbox);
    const recorded = nextExchanges(t.sandbox, 1);
    const before = t.sandbox.store.counts().users;
    const answer = t.scim('POST', '/Users', { body: newUser('never@example.com') });
    const [p] = await paused;
    const res = await t.admin('POST', `/api/breakpoints/paused/${p!.id}/respond`, { body: { status: 409, headers: { 'X-Injected': 'yes' }, body: { schemas: [ERROR], status: '409', scimType: 'uniqueness', detail: 'taken (trainer)' } } });
    expect(res.status, res.text).toBe(200);
    const client = await answer;
    expect(client.status).toBe(409);
    expect(client.body.detail).toBe('taken (trainer)');
    expect(client.headers.get('x-injected')).toBe('yes');
    expect(t.sandbox.store.counts().users).toBe(before);
    const ex = await exchange(t, (await recorded)[0]!.id);
    expect(ex.changes).toEqual([]);
    expect(ex.breakpoint).toMatchObject({ phase: 'before', resolution: 'responded', original: null });
  });

  it('drops the connection: the client sees it cut, the store is untouched, the exchange says dropped', async () => {
    await addRule(t, { name: 'creates', match: { methods: ['POST'] } });
    const paused = nextPaused(t.sandbox);
    const recorded = nextExchanges(t.sandbox, 1);
    const before = t.sandbox.store.counts().users;
    const answer = rawRequest(`${t.addresses.scimUrl}/Users`, { method: 'POST', headers: { Authorization: `Bearer ${t.token}`, 'Content-Type': 'application/scim+json' }, body: JSON.stringify(newUser('dropped@example.com')) });
    const [p] = await paused;
    expect((await t.admin('POST', `/api/breakpoints/paused/${p!.id}/drop`)).status).toBe(200);
    const client = await answer;
    expect(client.status).toBeNull();
    expect(client.error).toBeTruthy();
    expect(t.sandbox.store.counts().users).toBe(before);
    const ex = await exchange(t, (await recorded)[0]!.id);
    expect(ex.outcome).toBe('dropped');
    expect(ex.breakpoint).toMatchObject({ resolution: 'dropped' });
  });

  it('ends the pause when the client leaves: recorded as aborted, the store never reached', async () => {
    await addRule(t, { name: 'creates', match: { methods: ['POST'] } });
    const paused = nextPaused(t.sandbox);
    const released = nextReleased(t.sandbox);
    const recorded = nextExchanges(t.sandbox, 1);
    const before = t.sandbox.store.counts().users;
    const u = new URL(`${t.addresses.scimUrl}/Users`);
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent: false, headers: { Authorization: `Bearer ${t.token}`, 'Content-Type': 'application/scim+json' } });
    const gone = new Promise((resolve) => req.on('error', resolve));
    req.end(JSON.stringify(newUser('leaves@example.com')));
    await paused;
    req.destroy();
    await gone;
    expect((await released).resolution).toBe('aborted');
    const ex = await exchange(t, (await recorded)[0]!.id);
    expect(ex.outcome).toBe('aborted');
    expect(ex.breakpoint).toMatchObject({ resolution: 'aborted' });
    expect(t.sandbox.store.counts().users).toBe(before);
    expect((await t.admin('GET', '/api/breakpoints/paused')).body.total).toBe(0);
  });

  it('lets a paused request go unchanged when its release bound passes, and records that', async () => {
    await addRule(t, { name: 'quick', match: { methods: ['GET'] }, timeoutMs: 20 });
    const released = nextReleased(t.sandbox);
    const recorded = nextExchanges(t.sandbox, 1);
    const res = await t.scim('GET', '/Users?count=1');
    expect(res.status).toBe(200);
    expect((await released).resolution).toBe('timed-out');
    const ex = await exchange(t, (await recorded)[0]!.id);
    expect(ex.breakpoint).toMatchObject({ resolution: 'timed-out', original: null });
    expect(ex.breakpoint!.pausedMs).toBeGreaterThanOrEqual(15);
  });

  it('holds many paused exchanges at once and lets each go on its own', async () => {
    await addRule(t, { name: 'all lookups', match: { methods: ['GET'], path: '/Users*' } });
    const n = 12;
    const paused = nextPaused(t.sandbox, n);
    const answers = Array.from({ length: n }, (_, i) => t.scim('GET', `/Users?count=1&startIndex=${i + 1}`));
    const all = await paused;
    expect((await t.admin('GET', '/api/breakpoints/paused')).body.total).toBe(n);
    // Half continue, half are answered directly, all at the same time.
    const actions = all.map((p, i) =>
      i % 2 === 0 ? t.admin('POST', `/api/breakpoints/paused/${p.id}/continue`) : t.admin('POST', `/api/breakpoints/paused/${p.id}/respond`, { body: { status: 200, body: { n: i } } }),
    );
    expect((await Promise.all(actions)).map((r) => r.status)).toEqual(Array(n).fill(200));
    const results = await Promise.all(answers);
    const byIndex = new Map(all.map((p, i) => [p.query, i]));
    for (const [k, r] of results.entries()) {
      const i = byIndex.get(`count=1&startIndex=${k + 1}`)!;
      expect(r.status).toBe(200);
      if (i % 2 === 0) expect(r.body.schemas).toContain('urn:ietf:params:scim:api:messages:2.0:ListResponse');
      else expect(r.body).toEqual({ n: i });
    }
    expect((await t.admin('GET', '/api/breakpoints/paused')).body.total).toBe(0);
  });

  const bad: [string, string, Record<string, unknown> | undefined, number, RegExp][] = [
    ['request body text that is not JSON', 'continue', { request: { bodyText: '{"userName": ' } }, 400, /not valid JSON/],
    ['a request body nested past the bound', 'continue', { request: { bodyText: `${'['.repeat(40)}${']'.repeat(40)}` } }, 400, /levels deep/],
    ['both body and bodyText', 'continue', { request: { body: {}, bodyText: '{}' } }, 400, /not both/],
    ['a framing header', 'continue', { request: { headers: { 'Content-Length': '3' } } }, 400, /set by Scimscope/],
    ['a header value with a line break', 'continue', { request: { headers: { 'X-A': 'a\r\nX-B: b' } } }, 400, /control characters/],
    ['a header name that is not a token', 'continue', { request: { headers: { 'Bad Name': 'x' } } }, 400, /header name/],
    ['an unknown field', 'continue', { request: { method: 'DELETE' } }, 400, /method|Unrecognized/i],
    ['a status out of range', 'respond', { status: 99, body: {} }, 400, /status/],
    ['no status', 'respond', { body: {} }, 400, /status/],
    ['response text that is not JSON', 'respond', { status: 200, bodyText: 'oops' }, 400, /not valid JSON/],
  ];
  it.each(bad)('refuses %s with a 400 and changes nothing', async (_name, action, body, status, message) => {
    await addRule(t, { name: 'creates', match: { methods: ['POST'] } });
    const paused = nextPaused(t.sandbox);
    const answer = t.scim('POST', '/Users', { body: newUser(`bad-${action}-${status}-${Math.random().toString(36).slice(2)}@example.com`) });
    const [p] = await paused;
    const res = await t.admin('POST', `/api/breakpoints/paused/${p!.id}/${action}`, { body });
    expect(res.status, res.text).toBe(status);
    expect(res.body.error.message).toMatch(message);
    // Still paused, untouched: continuing unchanged creates exactly what the client sent.
    expect((await t.admin('GET', '/api/breakpoints/paused')).body.items.map((i: PausedExchange) => i.id)).toEqual([p!.id]);
    expect((await t.admin('POST', `/api/breakpoints/paused/${p!.id}/continue`)).status).toBe(200);
    const created = await answer;
    expect(created.status).toBe(201);
    expect(created.body.userName).toBe((p!.request.body as { userName: string }).userName);
  });

  it('answers 404 for an exchange that is not paused (any more)', async () => {
    for (const action of ['continue', 'respond', 'drop']) {
      const res = await t.admin('POST', `/api/breakpoints/paused/nope/${action}`, { body: { status: 200 } });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });

  it('pushes paused and released events on the WebSocket', async () => {
    await addRule(t, { name: 'lookups', match: { methods: ['GET'] } });
    const ws = new WebSocket(`${t.addresses.adminUrl.replace('http', 'ws')}/api/events?initial=0`, { headers: { Authorization: `Bearer ${t.adminToken}` } });
    const events: any[] = [];
    const waiters: [(e: any) => boolean, (e: any) => void][] = [];
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString());
      for (const e of m.type === 'batch' ? m.events : []) {
        events.push(e);
        for (const w of [...waiters]) if (w[0](e)) (waiters.splice(waiters.indexOf(w), 1), w[1](e));
      }
    });
    const next = (test: (e: any) => boolean) => new Promise<any>((resolve) => (events.find(test) ? resolve(events.find(test)) : waiters.push([test, resolve])));
    await new Promise((resolve) => ws.once('open', resolve));
    const answer = t.scim('GET', '/Users?count=1');
    const pausedEvent = await next((e) => e.type === 'breakpoint:paused');
    expect(pausedEvent.paused).toMatchObject({ method: 'GET', phase: 'before' });
    expect(JSON.stringify(pausedEvent)).not.toContain(t.token);
    await t.admin('POST', `/api/breakpoints/paused/${pausedEvent.paused.id}/continue`);
    expect((await next((e) => e.type === 'breakpoint:released')).resolution).toBe('continued');
    expect((await answer).status).toBe(200);
    const closed = new Promise((resolve) => ws.once('close', resolve));
    ws.close();
    await closed;
  });

  it('validates rules and the default release bound, and keeps them in breakpoints.json', async () => {
    await clearRules(t);
    expect((await t.admin('POST', '/api/breakpoints', { body: { name: 'x', match: { operations: ['not-a-kind'] } } })).status).toBe(400);
    expect((await t.admin('POST', '/api/breakpoints', { body: { name: 'x', timeoutMs: 5 } })).status).toBe(400);
    expect((await t.admin('POST', '/api/breakpoints', { body: { name: 'x', phase: 'during' } })).status).toBe(400);
    const created = await t.admin('POST', '/api/breakpoints', { body: { name: 'groups', phase: 'after', match: { operations: ['group.*'] }, timeoutMs: 5_000 } });
    expect(created.body).toMatchObject({ name: 'groups', enabled: true, phase: 'after', hits: 0 });
    const put = await t.admin('PUT', `/api/breakpoints/${created.body.id}`, { body: { name: 'groups', enabled: false, phase: 'after', match: { operations: ['group.*'] } } });
    expect(put.body).toMatchObject({ id: created.body.id, enabled: false });
    expect((await t.admin('PUT', '/api/breakpoints/settings', { body: { defaultTimeoutMs: 30_000 } })).body).toEqual({ defaultTimeoutMs: 30_000 });
    expect((await t.admin('PUT', '/api/breakpoints/settings', { body: { defaultTimeoutMs: -1 } })).status).toBe(400);
    const file = JSON.parse(await readFile(path.join(t.dataDir, 'breakpoints.json'), 'utf8'));
    expect(file).toMatchObject({ version: 1, defaultTimeoutMs: 30_000, rules: [{ id: created.body.id, enabled: false }] });
    expect((await t.admin('GET', '/api/breakpoints')).body).toMatchObject({ total: 1, defaultTimeoutMs: 30_000 });
    expect((await t.admin('DELETE', `/api/breakpoints/${created.body.id}`)).status).toBe(204);
    expect((await t.admin('DELETE', `/api/breakpoints/${created.body.id}`)).status).toBe(404);
  });
});

describe('breakpoints across restarts and shutdown', () => {
  it('keeps rules across a restart and refuses a corrupt breakpoints.json, leaving it untouched', async () => {
    const temp = await tempDir();
    try {
      const first = await startSandbox({ dataDir: temp.dir, seed: 'empty' });
      await first.admin('POST', '/api/breakpoints', { body: { name: 'kept', match: { path: '/Groups*' } } });
      await first.stop();
      const second = await startSandbox({ dataDir: temp.dir, seed: 'empty' });
      expect((await second.admin('GET', '/api/breakpoints')).body.items.map((r: { name: string }) => r.name)).toEqual(['kept']);
      await second.stop();
      const file = path.join(temp.dir, 'breakpoints.json');
      await writeFile(file, '{"version":1,"rules":[{"name":');
      await expect(startSandbox({ dataDir: temp.dir, seed: 'empty' })).rejects.toThrow(/breakpoints file .* is not valid/);
      expect(await readFile(file, 'utf8')).toBe('{"version":1,"rules":[{"name":');
    } finally {
      await temp.remove();
    }
  });

  it('answers 503 when breakpoints.json cannot be written, and keeps the rules as they were', async () => {
    const t = await startSandbox({ seed: 'empty' });
    const kept = (await t.admin('POST', '/api/breakpoints', { body: { name: 'kept', match: { methods: ['GET'] } } })).body;
    const file = path.join(t.dataDir, 'breakpoints.json');
    await rm(file);
    await mkdir(file); // the atomic rename over it now fails
    for (const [method, url, body] of [
      ['POST', '/api/breakpoints', { name: 'new' }],
      ['PUT', `/api/breakpoints/${kept.id}`, { name: 'renamed' }],
      ['DELETE', `/api/breakpoints/${kept.id}`, undefined],
      ['PUT', '/api/breakpoints/settings', { defaultTimeoutMs: 1_000 }],
    ] as const) {
      const res = await t.admin(method, url, body === undefined ? {} : { body });
      expect(res.status, `${method} ${url}`).toBe(503);
      expect(res.body.error.message).toMatch(/breakpoints\.json/);
    }
    expect((await t.admin('GET', '/api/breakpoints')).body).toMatchObject({ total: 1, defaultTimeoutMs: 60_000, items: [{ id: kept.id, name: 'kept' }] });
    await rm(file, { recursive: true });
  });

  it('close() lets every paused request go on unchanged, without hanging, and records why', async () => {
    const t = await startSandbox({ seed: 'empty' });
    await t.admin('POST', '/api/breakpoints', { body: { name: 'all', match: {} } });
    const paused = nextPaused(t.sandbox, 3);
    const recorded = nextExchanges(t.sandbox, 3);
    const answers = [t.scim('GET', '/Users'), t.scim('GET', '/Groups'), t.scim('POST', '/Users', { body: newUser('late@example.com') })];
    await paused;
    await t.stop();
    expect((await Promise.all(answers)).map((r) => r.status).sort()).toEqual([200, 200, 201]);
    const summaries = await recorded;
    expect(summaries.map((s) => s.breakpoint?.resolution)).toEqual(['released-on-close', 'released-on-close', 'released-on-close']);
  });
});

describe('breakpoints in proxy mode (the upstream is another Scimscope on loopback)', () => {
  const UPSTREAM_TOKEN = 'upstream-token-for-breakpoints-42';
  let upstream: TestSandbox;
  let proxy: TestSandbox;
  beforeAll(async () => {
    upstream = await startSandbox({ dataDir: ':memory:', seed: 'empty', token: UPSTREAM_TOKEN });
    proxy = await startSandbox({ dataDir: ':memory:', seed: 'empty', upstream: { url: upstream.addresses.scimUrl, auth: 'token', token: UPSTREAM_TOKEN } });
  });
  afterAll(async () => {
    await proxy?.close();
    await upstream?.close();
  });

  it('edits the request before the upstream: the upstream stores the edit', async () => {
    await addRule(proxy, { name: 'creates', match: { methods: ['POST'] } });
    const paused = nextPaused(proxy.sandbox);
    const recorded = nextExchanges(proxy.sandbox, 1);
    const answer = proxy.scim('POST', '/Users', { body: newUser('proxy-ada@example.com') });
    const [p] = await paused;
    expect(upstream.sandbox.store.counts().users).toBe(0);
    await proxy.admin('POST', `/api/breakpoints/paused/${p!.id}/continue`, { body: { request: { bodyText: JSON.stringify({ ...(p!.request.body as object), userName: 'proxy-grace@example.com' }, null, 2) } } });
    const res = await answer;
    expect(res.status).toBe(201);
    expect(upstream.sandbox.store.get('User', res.body.id)?.userName).toBe('proxy-grace@example.com');
    expect(await verifyPassword('Sup3r-secret-pw!', upstream.sandbox.store.secretOf(res.body.id)!.passwordHash)).toBe(true);
    expect(proxy.sandbox.store.counts().users).toBe(0);
    const ex = await exchange(proxy, (await recorded)[0]!.id);
    expect(ex.upstream?.status).toBe(201);
    expect(ex.breakpoint).toMatchObject({ resolution: 'edited', original: { request: { body: { userName: 'proxy-ada@example.com' } } } });
  });

  it('edits the upstream\'s answer after it: the client gets the edit, the upstream keeps its own', async () => {
    await addRule(proxy, { name: 'reads', phase: 'after', match: { methods: ['GET'], path: '/Users/*' } });
    const id = (await upstream.scim('POST', '/Users', { body: newUser('proxy-read@example.com') })).body.id as string;
    const paused = nextPaused(proxy.sandbox);
    const recorded = nextExchanges(proxy.sandbox, 1);
    const answer = proxy.scim('GET', `/Users/${id}`);
    const [p] = await paused;
    expect(p!.response).toMatchObject({ status: 200, body: { id, userName: 'proxy-read@example.com' } });
    await proxy.admin('POST', `/api/breakpoints/paused/${p!.id}/respond`, { body: { status: 200, body: { ...(p!.response!.body as object), active: false } } });
    const res = await answer;
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect(upstream.sandbox.store.get('User', id)?.active).toBe(true);
    const ex = await exchange(proxy, (await recorded)[0]!.id);
    expect(ex.response.body).toMatchObject({ active: false });
    expect(ex.breakpoint).toMatchObject({ phase: 'after', resolution: 'responded', original: { response: { status: 200, body: { active: true } } } });
  });

  it('continues the upstream\'s answer unchanged, byte for byte', async () => {
    await clearRules(proxy);
    const direct = await proxy.scim('GET', '/Users?count=5');
    await addRule(proxy, { name: 'lists', phase: 'after', match: { methods: ['GET'], path: '/Users' } });
    const paused = nextPaused(proxy.sandbox);
    const answer = proxy.scim('GET', '/Users?count=5');
    const [p] = await paused;
    await proxy.admin('POST', `/api/breakpoints/paused/${p!.id}/continue`);
    expect((await answer).text).toBe(direct.text);
  });
});

describe('a paused exchange when the SCIM token is all digits', () => {
  it('shows the token redacted in strings and leaves numbers and structure alone', async () => {
    const t = await startSandbox({ seed: 'empty', token: '12345678' });
    try {
      await addRule(t, { name: 'creates', phase: 'before', match: { methods: ['POST'], path: '/Users' } });
      const paused = nextPaused(t.sandbox);
      const answer = t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'digits@example.com', displayName: 'token 12345678 echoed', badgeNumber: 12345678 } });
      const [p] = await paused;
      // Scrubbed as text, the number became `[redacted]` without quotes and the message failed to parse.
      expect(p!.request.body).toMatchObject({ displayName: 'token [redacted] echoed', badgeNumber: 12345678 });
      expect(JSON.stringify(p!.request)).not.toMatch(/"12345678|12345678"/);
      expect((await t.admin('POST', `/api/breakpoints/paused/${p!.id}/continue`, { body: {} })).status).toBe(200);
      expect((await answer).status).toBe(201);
    } finally {
      await t.close();
    }
  });
});
