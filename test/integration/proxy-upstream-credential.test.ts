/**
 * Proxy mode and the upstream credential, over real HTTP with an upstream on loopback that records
 * what it receives and echoes the credential it was sent.
 * - No upstream token stored while upstream authentication needs one (`token`, `header`; a copied
 *   workspace is the common case): the IdP gets a SCIM 503 naming the missing upstream token, the
 *   refusal is recorded, and nothing reaches the upstream (relaying the upstream's 401 made the IdP
 *   believe its own credential was wrong). The inspector's upstream browse says the same.
 * - An upstream that echoes the credential in its response headers (review B5): the IdP gets the
 *   headers with the credential scrubbed in every form (raw, percent-encoded, JSON-escaped), while
 *   the body is relayed byte for byte (docs/decisions.md, "The upstream credential never reaches the IdP").
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED } from '../../server/recorder/redact.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const UPSTREAM_TOKEN = 'up/tok+en"9876-abcdef';
const ECHO_BODY = (credential: string) => JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: `credential ${credential} expired` });

describe('proxy mode and the upstream credential', () => {
  let upstream: http.Server;
  let upstreamUrl: string;
  const seen: { url: string; authorization: string | undefined; apiKey: string | undefined }[] = [];
  beforeAll(async () => {
    upstream = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization, apiKey: req.headers['x-api-key'] as string | undefined });
      const credential = String(req.headers.authorization ?? req.headers['x-api-key'] ?? '').replace(/^Bearer /, '');
      res.writeHead(401, {
        'Content-Type': 'application/scim+json',
        'X-Echo-Authorization': String(req.headers.authorization ?? req.headers['x-api-key'] ?? ''),
        'WWW-Authenticate': `Bearer error="invalid_token", error_description="token ${credential} expired"`,
        Link: `<https://upstream.example/help?token=${encodeURIComponent(credential)}>; rel="help"`,
        'X-Debug-Json': JSON.stringify({ sent: credential }),
        'X-Request-Id': 'req-42',
      });
      res.end(ECHO_BODY(credential));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/scim/v2`;
  });
  afterAll(() => new Promise<void>((resolve) => (upstream ? upstream.close(() => resolve()) : resolve())));

  describe.each([
    ['"token" authentication', { auth: 'token' } as const],
    ['"header" authentication', { auth: 'header', headerName: 'X-Api-Key' } as const],
  ])('with %s and no upstream token', (_what, auth) => {
    let proxy: TestSandbox;
    beforeAll(async () => {
      proxy = await startSandbox({ seed: 'empty', upstream: { url: upstreamUrl, ...auth } });
    });
    afterAll(() => proxy?.close());

    it.each([
      ['GET', '/Users', undefined],
      ['POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'new@example.com' }],
      ['DELETE', '/Users/abc', undefined],
    ])('%s %s answers a SCIM 503 naming the missing upstream token, is recorded, and reaches nothing', async (method, path, body) => {
      seen.length = 0;
      const recorded = nextExchanges(proxy.sandbox, 1);
      const res = await fetch(`${proxy.addresses.scimUrl}${path}`, {
        method,
        headers: { Authorization: `Bearer ${proxy.token}`, ...(body ? { 'Content-Type': 'application/scim+json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const answer = (await res.json()) as { schemas: string[]; status: string; detail: string; scimType?: string };
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toContain('application/scim+json');
      expect(answer).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '503' });
      expect(answer.detail).toContain('no upstream token');
      expect(answer.detail).toContain(`"${auth.auth}"`);
      const [summary] = await recorded;
      expect(summary).toMatchObject({ method, status: 503 });
      const ex = await proxy.admin('GET', `/api/exchanges/${summary!.id}`);
      expect(ex.body.response.body).toMatchObject({ status: '503', detail: answer.detail });
      expect(seen).toEqual([]);
    });

    it('the inspector\'s upstream browse says so too, without asking the upstream', async () => {
      seen.length = 0;
      const res = await proxy.admin('GET', '/api/upstream/Users');
      expect(res.status).toBe(200);
      expect(res.body.error).toContain('no upstream token');
      expect(seen).toEqual([]);
    });
  });

  describe('with a token of digits', () => {
    let proxy: TestSandbox;
    let digits: http.Server;
    beforeAll(async () => {
      // Answers 100000 bytes: its Content-Length is the token, which must not be scrubbed from the framing.
      digits = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/scim+json', 'Content-Length': '100000' }).end(`{"pad":"${'x'.repeat(100000 - 10)}"}`));
      await new Promise<void>((resolve) => digits.listen(0, '127.0.0.1', resolve));
      proxy = await startSandbox({ seed: 'empty', upstream: { url: `http://127.0.0.1:${(digits.address() as AddressInfo).port}/scim/v2`, auth: 'token', token: '100000' } });
    });
    afterAll(async () => {
      await proxy?.close();
      await new Promise<void>((resolve) => (digits ? digits.close(() => resolve()) : resolve()));
    });

    it('keeps the Content-Length that frames the body', async () => {
      const res = await fetch(`${proxy.addresses.scimUrl}/Users`, { headers: { Authorization: `Bearer ${proxy.token}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-length')).toBe('100000');
      expect((await res.text()).length).toBe(100000);
    });
  });

  describe.each([
    ['"token" authentication', { auth: 'token', token: UPSTREAM_TOKEN } as const, (s: (typeof seen)[number]) => s.authorization, `Bearer ${UPSTREAM_TOKEN}`],
    ['"header" authentication', { auth: 'header', headerName: 'X-Api-Key', token: UPSTREAM_TOKEN } as const, (s: (typeof seen)[number]) => s.apiKey, UPSTREAM_TOKEN],
  ])('with %s, an upstream that echoes its credential in response headers', (_what, auth, sent, credential) => {
    let proxy: TestSandbox;
    beforeAll(async () => {
      proxy = await startSandbox({ seed: 'empty', upstream: { url: upstreamUrl, ...auth } });
    });
    afterAll(() => proxy?.close());

    it('relays the headers with the credential scrubbed in every form, and the body as the upstream wrote it', async () => {
      seen.length = 0;
      const recorded = nextExchanges(proxy.sandbox, 1);
      const res = await fetch(`${proxy.addresses.scimUrl}/Users`, { headers: { Authorization: `Bearer ${proxy.token}` } });
      expect(res.status).toBe(401);
      expect(seen.map(sent)).toEqual([credential]); // the upstream really got it
      const headers = Object.fromEntries([...(res.headers as unknown as Iterable<[string, string]>)]);
      const everyForm = [UPSTREAM_TOKEN, encodeURIComponent(UPSTREAM_TOKEN), JSON.stringify(UPSTREAM_TOKEN).slice(1, -1)];
      for (const form of everyForm) expect(JSON.stringify(headers)).not.toContain(form);
      expect(headers).toMatchObject({
        'x-echo-authorization': credential.replace(UPSTREAM_TOKEN, REDACTED),
        'www-authenticate': `Bearer error="invalid_token", error_description="token ${REDACTED} expired"`,
        link: `<https://upstream.example/help?token=${REDACTED}>; rel="help"`,
        'x-debug-json': JSON.stringify({ sent: REDACTED }),
        'x-request-id': 'req-42',
      });
      // The body is the upstream's answer, relayed unchanged (and scrubbed in the recording only).
      expect(await res.text()).toBe(ECHO_BODY(UPSTREAM_TOKEN));
      const [summary] = await recorded;
      const ex = await proxy.admin('GET', `/api/exchanges/${summary!.id}`);
      expect(ex.text).not.toContain(UPSTREAM_TOKEN);
      expect(ex.body.response.headers['www-authenticate']).toBe(headers['www-authenticate']);
    });
  });
});
