/**
 * Isolation is security: one instance, three workspaces (default, a, b), each with its own token and
 * one user only it has. A token never opens another workspace, a list or filter never shows another
 * workspace's users, the admin API scoped to one never shows another's traffic or users, and a
 * workspace's WebSocket never carries another's events. Renaming and deleting keep all of that.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../helpers/http.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import type { ExchangeSummary } from '../../server/contract/exchange.js';
import type { EventBus } from '../../server/events/event-bus.js';
import { adminJson, createWorkspace, exchangesSeen, openSocket, scimAs, scimBase, USER_SCHEMA, type OpenSocket } from '../helpers/workspaces.js';

const NAMES = ['default', 'a', 'b'] as const;
type Name = (typeof NAMES)[number];

/**
 * Every exchange recorded on a workspace's bus up to the one `last` picks (included). A test waits for
 * its own exchange, never for "the next one": a request an earlier test made (its response came back,
 * its recording still in the worker) may be recorded after this one was asked for. A workspace records
 * in the order requests finish, so what came before the picked one in this list is all recorded.
 */
function recordedUntil(bus: EventBus, last: (summary: ExchangeSummary) => boolean): Promise<ExchangeSummary[]> {
  return new Promise((resolve) => {
    const seen: ExchangeSummary[] = [];
    const on = (summary: ExchangeSummary) => {
      seen.push(summary);
      if (!last(summary)) return;
      bus.off('exchange:recorded', on);
      resolve(seen);
    };
    bus.on('exchange:recorded', on);
  });
}

describe('workspace isolation', () => {
  let t: TestSandbox;
  const tokens = {} as Record<Name, string>;
  const userIds = {} as Record<Name, string>;
  const marker = (name: Name) => `only-${name}@${name}.example`;

  beforeAll(async () => {
    t = await startSandbox({ seed: 'empty' });
    tokens.default = t.token;
    for (const name of ['a', 'b'] as const) tokens[name] = (await createWorkspace(t, name, 'empty')).token;
    for (const name of NAMES) {
      const res = await scimAs(t, name, tokens[name], 'POST', '/Users', { schemas: [USER_SCHEMA], userName: marker(name), active: true });
      expect(res.status).toBe(201);
      userIds[name] = res.body.id;
    }
  });
  afterAll(() => t?.close());

  it('gives every workspace its own token', () => {
    expect(new Set(Object.values(tokens)).size).toBe(3);
  });

  const endpoints = [
    { what: 'list users', method: 'GET', path: () => '/Users', ok: 200 },
    { what: 'list groups', method: 'GET', path: () => '/Groups', ok: 200 },
    { what: 'read its own user', method: 'GET', path: (target: Name) => `/Users/${userIds[target]}`, ok: 200 },
    { what: 'search', method: 'POST', path: () => '/Users/.search', ok: 200, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'userName sw "only"' } },
    { what: 'create a user', method: 'POST', path: () => '/Users', ok: 201, body: 'user' },
  ];
  const cases = NAMES.flatMap((token) => NAMES.flatMap((target) => endpoints.map((e) => ({ token, target, ...e }))));

  it.each(cases)('token of $token on workspace $target: $what', async ({ token, target, method, path: pathOf, ok, body }) => {
    const userName = `made-by-${token}-in-${target}-${Math.random().toString(36).slice(2)}@example.com`;
    const payload = body === 'user' ? { schemas: [USER_SCHEMA], userName } : body;
    const res = await scimAs(t, target, tokens[token], method, pathOf(target), payload);
    if (token === target) {
      expect(res.status).toBe(ok);
      return;
    }
    expect(res.status).toBe(401);
    expect(res.body.schemas).toContain('urn:ietf:params:scim:api:messages:2.0:Error');
    if (body === 'user') {
      // Refused, and no trace of it in any workspace.
      for (const name of NAMES) {
        const found = await scimAs(t, name, tokens[name], 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
        expect(found.body.totalResults).toBe(0);
      }
    }
  });

  it.each(NAMES.flatMap((viewer) => NAMES.filter((other) => other !== viewer).map((other) => ({ viewer, other }))))('workspace $viewer: lists, filters and reads never show $other', async ({ viewer, other }) => {
    const list = await scimAs(t, viewer, tokens[viewer], 'GET', '/Users?count=1000');
    const names = list.body.Resources.map((u: { userName: string }) => u.userName);
    expect(names).toContain(marker(viewer));
    expect(names).not.toContain(marker(other));
    for (const u of list.body.Resources) expect(u.meta.location.startsWith(`${scimBase(t, viewer)}/Users/`)).toBe(true);
    const filtered = await scimAs(t, viewer, tokens[viewer], 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${marker(other)}"`)}`);
    expect(filtered.body.totalResults).toBe(0);
    const read = await scimAs(t, viewer, tokens[viewer], 'GET', `/Users/${userIds[other]}`);
    expect(read.status).toBe(404);
    const admin = await t.admin('GET', `${viewer === 'default' ? '/api' : `/api/w/${viewer}`}/users?count=1000`);
    expect(admin.status).toBe(200);
    expect(JSON.stringify(admin.body)).not.toContain(marker(other));
    expect(JSON.stringify(admin.body)).toContain(marker(viewer));
  });

  it.each(NAMES.flatMap((viewer) => NAMES.filter((other) => other !== viewer).map((other) => ({ viewer, other }))))('admin exchanges of $viewer never show traffic sent to $other', async ({ viewer, other }) => {
    const tag = `trace-${other}-${Math.random().toString(36).slice(2)}`;
    const core = t.sandbox.workspaces.loaded(other)!;
    const recorded = recordedUntil(core.bus, (s) => s.query.includes(tag));
    await scimAs(t, other, tokens[other], 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${tag}"`)}`);
    await recorded;
    const prefix = (name: Name) => (name === 'default' ? '/api' : `/api/w/${name}`);
    const theirs = await t.admin('GET', `${prefix(other)}/exchanges?q=${tag}`);
    expect(theirs.body.total).toBe(1);
    const mine = await t.admin('GET', `${prefix(viewer)}/exchanges?q=${tag}`);
    expect(mine.status).toBe(200);
    expect(mine.body.total).toBe(0);
    const all = await t.admin('GET', `${prefix(viewer)}/exchanges?limit=5000&full=true`);
    expect(JSON.stringify(all.body)).not.toContain(tag);
  });

  it("exports and replays a workspace's traffic against that workspace", async () => {
    const core = t.sandbox.workspaces.loaded('a')!;
    // The read, then a marker: once the marker is recorded, so is the read, the last read of that user before it.
    const marker = `export-${Math.random().toString(36).slice(2)}`;
    const recorded = recordedUntil(core.bus, (s) => s.query.includes(marker));
    await scimAs(t, 'a', tokens.a, 'GET', `/Users/${userIds.a}`);
    await scimAs(t, 'a', tokens.a, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${marker}"`)}`);
    const summary = (await recorded).filter((s) => s.method === 'GET' && s.path === `/scim/v2/Users/${userIds.a}`).at(-1);
    expect(summary?.status).toBe(200);
    const har = await t.admin('GET', `/api/w/a/exchanges.har?resourceId=${userIds.a}`);
    expect(har.body.log.entries.at(-1).request.url).toBe(`${scimBase(t, 'a')}/Users/${userIds.a}`);
    const curl = await t.admin('GET', `/api/w/a/exchanges/${summary!.id}/curl`);
    expect(curl.body.curl).toContain(`${scimBase(t, 'a')}/Users/${userIds.a}`);
    const defaultCount = t.sandbox.exchanges.size;
    const replayed = await t.admin('POST', `/api/w/a/exchanges/${summary!.id}/replay`);
    expect(replayed.status).toBe(201);
    expect(replayed.body).toMatchObject({ replayOf: summary!.id, status: 200, path: summary!.path });
    expect(await core.exchanges.get(replayed.body.id)).toBeDefined();
    expect(t.sandbox.exchanges.size).toBe(defaultCount);
  });

  it('scopes the status and the store to the workspace named in the path', async () => {
    const status = await t.admin('GET', '/api/w/a/status');
    expect(status.body).toMatchObject({ workspace: 'a', scimUrl: scimBase(t, 'a') });
    const plain = await t.admin('GET', '/api/status');
    expect(plain.body).toMatchObject({ workspace: 'default', scimUrl: t.addresses.scimUrl });
    const unknown = await t.admin('GET', '/api/w/nope/status');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('workspace_not_found');
    const missing = await t.admin('GET', '/api/w/a/no-such-endpoint');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('/api/w/a/no-such-endpoint');
  });

  it("carries only its own workspace's events on each WebSocket", async () => {
    const events = (name: Name) => `${t.addresses.adminUrl.replace('http', 'ws')}${name === 'default' ? '/api/events' : `/api/w/${name}/events`}`;
    const auth = { Authorization: `Bearer ${t.adminToken}` };
    const sockets = {} as Record<Name, OpenSocket>;
    for (const name of NAMES) sockets[name] = await openSocket(`${events(name)}?initial=0`, auth);
    try {
      // Each workspace in turn gets a request with its own tag; a's event is emitted on a's bus before
      // b is even asked, so a leak would arrive on b's socket before b's own event does.
      const tags = {} as Record<Name, string>;
      for (const name of NAMES) {
        tags[name] = `sock-${name}-${Math.random().toString(36).slice(2)}`;
        await scimAs(t, name, tokens[name], 'POST', '/Users', { schemas: [USER_SCHEMA], userName: `${tags[name]}@example.com` });
        await sockets[name].next((m) => m.type === 'batch' && m.events.some((e: any) => e.type === 'exchange' && e.exchange.operation.summary.includes(tags[name]!)));
      }
      // One more round, so every socket has had time to receive anything sent before it.
      for (const name of NAMES) {
        const last = `last-${name}-${Math.random().toString(36).slice(2)}`;
        await scimAs(t, name, tokens[name], 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${last}"`)}`);
        await sockets[name].next((m) => m.type === 'batch' && m.events.some((e: any) => e.type === 'exchange' && e.exchange.query.includes(last)));
      }
      for (const name of NAMES) {
        const text = JSON.stringify(sockets[name].messages);
        for (const other of NAMES.filter((o) => o !== name)) expect(text).not.toContain(tags[other]);
        expect(exchangesSeen(sockets[name]).length).toBe(2);
      }
    } finally {
      await Promise.all(Object.values(sockets).map((s) => (s.ws.close(), s.closed)));
    }
  });

  it('refuses an event stream to a workspace that does not exist, and to a caller without the token', async () => {
    const base = t.addresses.adminUrl.replace('http', 'ws');
    await expect(openSocket(`${base}/api/w/nope/events`, { Authorization: `Bearer ${t.adminToken}` })).rejects.toThrow('refused with 404 workspace_not_found');
    await expect(openSocket(`${base}/api/w/a/events`)).rejects.toThrow('refused with 401 token_required');
    await expect(openSocket(`${base}/api/w/a/events`, { Authorization: 'Bearer wrong-token-value' })).rejects.toThrow('refused with 401 token_invalid');
  });

  it("runs OAuth per workspace: its own URLs, consent form and cookie path, and tokens that open only it", async () => {
    await createWorkspace(t, 'oa', 'empty');
    expect((await adminJson(t, 'PUT', '/api/w/oa/settings', { auth: { mode: 'oauth' } })).status).toBe(200);
    const creds = (await t.admin('GET', '/api/w/oa/oauth/credentials')).body;
    const origin = new URL(t.addresses.scimUrl).origin;
    expect(creds.tokenUrl).toBe(`${origin}/w/oa/oauth2/token`);
    expect(creds.authorizeUrl).toBe(`${origin}/w/oa/oauth2/authorize`);
    const redirect = creds.redirectUris[1];
    const consent = await fetch(`${creds.authorizeUrl}?response_type=code&client_id=${encodeURIComponent(creds.clientId)}&redirect_uri=${encodeURIComponent(redirect)}&state=s1`);
    expect(consent.status).toBe(200);
    expect(await consent.text()).toContain('action="/w/oa/oauth2/authorize"');
    expect(consent.headers.get('set-cookie')).toContain('Path=/w/oa/oauth2;');
    const basic = `Basic ${Buffer.from(`${creds.clientId}:${creds.clientSecret}`).toString('base64')}`;
    const form = { Authorization: basic, 'Content-Type': 'application/x-www-form-urlencoded' };
    const issued = await request(creds.tokenUrl, { method: 'POST', headers: form, rawBody: 'grant_type=client_credentials' });
    expect(issued.status).toBe(200);
    const access = issued.body.access_token as string;
    expect((await scimAs(t, 'oa', access, 'GET', '/Users')).status).toBe(200);
    for (const other of NAMES) expect((await scimAs(t, other, access, 'GET', '/Users')).status).toBe(401);
    // Another workspace's token endpoint does not know this client.
    expect((await request(`${origin}/w/a/oauth2/token`, { method: 'POST', headers: form, rawBody: 'grant_type=client_credentials' })).status).toBe(404);
    expect((await request(`${origin}/oauth2/token`, { method: 'POST', headers: form, rawBody: 'grant_type=client_credentials' })).status).toBe(404);
  });

  it('keeps isolation through a rename and a delete', async () => {
    await createWorkspace(t, 'c', 'empty');
    const created = await createWorkspace(t, 'd', 'empty');
    const socket = await openSocket(`${t.addresses.adminUrl.replace('http', 'ws')}/api/w/d/events?initial=0`, { Authorization: `Bearer ${t.adminToken}` });
    const renamed = await adminJson(t, 'PATCH', '/api/workspaces/d', { name: 'e' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'e', scimUrl: scimBase(t, 'e') });
    // The live socket of the old name is closed; its token now opens the new name, and only it.
    await socket.closed;
    expect((await scimAs(t, 'd', created.token, 'GET', '/Users')).status).toBe(404);
    expect((await scimAs(t, 'e', created.token, 'GET', '/Users')).status).toBe(200);
    expect((await scimAs(t, 'e', tokens.a, 'GET', '/Users')).status).toBe(401);
    expect((await scimAs(t, 'a', created.token, 'GET', '/Users')).status).toBe(401);
    expect((await t.admin('GET', '/api/w/d/users')).status).toBe(404);

    const dir = path.join(t.dataDir, 'workspaces', 'e');
    expect(existsSync(dir)).toBe(true);
    expect((await t.admin('DELETE', '/api/workspaces/e')).status).toBe(204);
    expect(existsSync(dir)).toBe(false);
    const gone = await scimAs(t, 'e', created.token, 'GET', '/Users');
    expect(gone.status).toBe(404);
    expect(gone.body.schemas).toContain('urn:ietf:params:scim:api:messages:2.0:Error');
    expect((await t.admin('GET', '/api/w/e/exchanges')).status).toBe(404);
    expect((await scimAs(t, 'c', tokens.a, 'GET', '/Users')).status).toBe(401);
  });
});
