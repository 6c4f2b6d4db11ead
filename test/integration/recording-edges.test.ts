/**
 * The recorder records every request whatever became of it, keeps no secret anywhere outside the
 * process (API, WebSocket, files, HAR, curl), survives restarts and holds its retention cap.
 */
import { appendFile, readFile, readdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { request } from '../helpers/http.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PASSWORD = 'Hunter2-very-secret-password';

describe('recording edge cases', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());

  it('interprets and writes exchanges in the recording worker, not on the request thread', () => {
    expect(t.sandbox.recordingMode()).toBe('worker');
  });

  it('records a request refused by auth as auth.failed, with the reason', async () => {
    const recorded = nextExchanges(t.sandbox, 1);
    await request(`${t.addresses.scimUrl}/Users`, { headers: { Authorization: 'Bearer wrong-token' } });
    const [summary] = await recorded;
    expect(summary!.status).toBe(401);
    expect(summary!.operation.kind).toBe('auth.failed');
    expect(summary!.operation.summary).toMatch(/refused/i);
  });

  it('records malformed JSON with its 400 and the text as sent', async () => {
    const recorded = nextExchanges(t.sandbox, 1);
    await t.scim('POST', '/Users', { rawBody: '{"userName": "x', headers: { 'Content-Type': 'application/scim+json' } });
    const [summary] = await recorded;
    const full = (await t.admin('GET', `/api/exchanges/${summary!.id}`)).body;
    expect(full.response.status).toBe(400);
    expect(full.response.body.scimType).toBe('invalidSyntax');
    expect(full.request.body).toBe('{"userName": "x');
  });

  it('records a request the client abandoned mid-body as aborted', async () => {
    const recorded = nextExchanges(t.sandbox, 1);
    const url = new URL(t.addresses.scimUrl);
    const socket = net.connect(Number(url.port), url.hostname);
    await new Promise((r) => socket.once('connect', r));
    // Cut the connection only once the server has read the first part of the body (not after a
    // guessed delay: on a loaded machine the bytes may not even have been read yet).
    const bodyStarted = new Promise<void>((resolve) => t.sandbox.scimServer.once('request', (req: import('node:http').IncomingMessage) => req.once('data', () => resolve())));
    socket.write(`POST /scim/v2/Users HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${t.token}\r\nContent-Type: application/scim+json\r\nContent-Length: 500\r\n\r\n{"userName":"half`);
    await bodyStarted;
    socket.destroy();
    const [summary] = await recorded;
    expect(summary!.outcome).toBe('aborted');
    expect(summary!.status).toBe(0);
    const full = (await t.admin('GET', `/api/exchanges/${summary!.id}`)).body;
    expect(full.request.body).toContain('{"userName":"half');
  });

  it('records requests outside the SCIM base path', async () => {
    const recorded = nextExchanges(t.sandbox, 1);
    await t.scim('GET', '/../../Users'.replace('/../..', '').replace(/^/, '/../'));
    const [summary] = await recorded;
    expect(summary!.status).toBe(404);
  });

  it('bounds large bodies, keeping the true size and marking truncation', async () => {
    await t.admin('PUT', '/api/settings', { body: { recording: { maxBodyBytes: 2048 } } });
    const recorded = nextExchanges(t.sandbox, 1);
    const res = await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'big@example.com', title: 'x'.repeat(5000) } });
    expect(res.status).toBe(201);
    const [summary] = await recorded;
    const full = (await t.admin('GET', `/api/exchanges/${summary!.id}`)).body;
    expect(full.request.bodyTruncated).toBe(true);
    expect(full.request.bodySize).toBeGreaterThan(5000);
    expect(full.request.body.length).toBe(2048);
    const list = nextExchanges(t.sandbox, 1);
    await t.scim('GET', '/Users?count=50');
    const [page] = await list;
    const listed = (await t.admin('GET', `/api/exchanges/${page!.id}`)).body;
    expect(listed.response.bodyTruncated).toBe(true);
    expect(listed.response.body.Resources.length).toBeGreaterThan(0);
    expect(listed.response.body['scimscope:truncated']).toMatch(/more resources/);
    await t.admin('PUT', '/api/settings', { body: { recording: { maxBodyBytes: 65536 } } });
  });
});

describe('redaction at every exit', () => {
  let t: TestSandbox;
  const wsMessages: string[] = [];
  let ws: WebSocket;
  beforeAll(async () => {
    t = await startSandbox();
    ws = new WebSocket(`${t.addresses.adminUrl.replace('http', 'ws')}/api/events`, { headers: { Authorization: `Bearer ${t.adminToken}` } });
    // Resolves when the batch holding the last request's exchange has arrived.
    const lastBatch = new Promise<void>((resolve) =>
      ws.on('message', (data) => {
        wsMessages.push(data.toString());
        if (data.toString().includes('leaky@example.com')) resolve();
      }),
    );
    await new Promise((r) => ws.once('open', r));
    const recorded = nextExchanges(t.sandbox, 4);
    const created = await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'secret@example.com', password: PASSWORD } });
    await t.scim('PATCH', `/Users/${created.body.id}`, { body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { password: PASSWORD } }] } });
    await t.scim('PATCH', `/Users/${created.body.id}`, { body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'password', value: PASSWORD }] } });
    // A client that puts the token where it does not belong: in the body.
    await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'leaky@example.com', title: t.token } });
    await recorded;
    await t.sandbox.exchanges.flush();
    await lastBatch;
  });
  afterAll(async () => {
    ws.close();
    await t.close();
  });

  const secrets = () => [PASSWORD, t.token, t.adminToken];
  const expectClean = (text: string, where: string) => {
    for (const secret of secrets()) expect(text.includes(secret), `${where} contains a secret`).toBe(false);
  };

  it('keeps the scheme of Authorization and redacts the rest', async () => {
    const list = await t.admin('GET', '/api/exchanges?full=1&limit=10');
    const auth = list.body.items.map((e: { request: { headers: Record<string, string> } }) => e.request.headers.Authorization ?? e.request.headers.authorization);
    expect(auth.every((a: string) => a === 'Bearer [redacted]')).toBe(true);
    expect(list.text).toContain('"password":"[redacted]"');
  });

  it('leaks nothing through the admin API, HAR, curl, WebSocket or files', async () => {
    const list = await t.admin('GET', '/api/exchanges?full=1&limit=100');
    expectClean(list.text, 'the exchanges list');
    for (const e of list.body.items) {
      expectClean((await t.admin('GET', `/api/exchanges/${e.id}`)).text, 'an exchange');
      expectClean((await t.admin('GET', `/api/exchanges/${e.id}/curl`)).text, 'curl');
    }
    expectClean((await t.admin('GET', '/api/exchanges.har')).text, 'the HAR export');
    expectClean(wsMessages.join('\n'), 'the WebSocket');
    const history = await t.admin('GET', `/api/users/${list.body.items.find((e: { operation: { kind: string } }) => e.operation.kind === 'user.create').operation.resourceId}/history`);
    expectClean(history.text, 'history');
    await t.sandbox.history.flush();
    for (const name of await readdir(t.dataDir)) {
      if (!name.endsWith('.jsonl')) continue;
      expectClean(await readFile(path.join(t.dataDir, name), 'utf8'), name);
    }
    expect(await readFile(path.join(t.dataDir, 'store.json'), 'utf8')).not.toContain(PASSWORD);
  });

  it('gives curl a placeholder for the credential', async () => {
    const list = await t.admin('GET', '/api/exchanges?limit=1&kind=user.create');
    const curl = (await t.admin('GET', `/api/exchanges/${list.body.items[0].id}/curl`)).body.curl;
    expect(curl).toContain('Authorization: Bearer $SCIM_TOKEN');
    expect(curl).toMatch(/^curl -sS -X POST '/);
  });
});

describe('persistence and export', () => {
  it('keeps exchanges across a restart and holds the retention cap', async () => {
    const first = await startSandbox();
    await first.admin('PUT', '/api/settings', { body: { recording: { retention: 100 } } });
    const recorded = nextExchanges(first.sandbox, 150);
    for (let i = 0; i < 150; i++) await first.scim('GET', `/Users?filter=userName%20eq%20%22n${i}%40x.y%22`);
    await recorded;
    expect((await first.admin('GET', '/api/exchanges?limit=1')).body.total).toBe(100);
    await first.stop();
    const lines = (await Promise.all((await readdir(first.dataDir)).filter((n) => n.startsWith('exchanges')).map((n) => readFile(path.join(first.dataDir, n), 'utf8')))).join('').trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(200);
    const second = await startSandbox({ dataDir: first.dataDir });
    const after = await second.admin('GET', '/api/exchanges?limit=1');
    expect(after.body.total).toBe(100);
    expect(after.body.items[0].path).toBe('/scim/v2/Users');
    await second.close();
    await first.close();
  });

  it('skips a torn last line in the exchanges file (a crash mid-append) with a warning', async () => {
    const first = await startSandbox();
    const recorded = nextExchanges(first.sandbox, 3);
    for (let i = 0; i < 3; i++) await first.scim('GET', '/Users?count=1');
    await recorded;
    await first.stop();
    await appendFile(path.join(first.dataDir, 'exchanges.jsonl'), '{"id":"torn","seq":99,"request":{"meth');
    const second = await startSandbox({ dataDir: first.dataDir });
    expect(second.sandbox.warnings.join(' ')).toMatch(/incomplete last line/);
    expect((await second.admin('GET', '/api/exchanges')).body.total).toBe(3);
    // Recording carries on after the torn line, and the next start reads everything back.
    const more = nextExchanges(second.sandbox, 1);
    await second.scim('GET', '/Users?count=1');
    await more;
    await second.stop();
    const third = await startSandbox({ dataDir: first.dataDir });
    expect((await third.admin('GET', '/api/exchanges')).body.total).toBe(4);
    await third.close();
    await first.close();
  });

  it('exports HAR 1.2 that validates against the HAR schema', async () => {
    const t = await startSandbox();
    const recorded = nextExchanges(t.sandbox, 3);
    await t.scim('GET', '/Users?count=1');
    await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'har@example.com' } });
    await request(`${t.addresses.scimUrl}/Users`);
    await recorded;
    const har = await t.admin('GET', '/api/exchanges.har');
    expect(har.headers.get('content-disposition')).toMatch(/attachment; filename="scimscope-.*\.har"/);
    const schemas = (await import('har-schema')).default as Record<string, object>;
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addMetaSchema((await import('ajv/dist/refs/json-schema-draft-06.json', { with: { type: 'json' } })).default);
    (addFormatsModule as unknown as { default: (a: Ajv) => void }).default(ajv);
    for (const [name, schema] of Object.entries(schemas)) if (name !== 'har') ajv.addSchema(schema);
    const validate = ajv.compile(schemas.har!);
    expect(validate(har.body), JSON.stringify(validate.errors)).toBe(true);
    expect(har.body.log.entries).toHaveLength(3);
    const filtered = await t.admin('GET', '/api/exchanges.har?status=401');
    expect(filtered.body.log.entries).toHaveLength(1);
    await t.close();
  });
});
