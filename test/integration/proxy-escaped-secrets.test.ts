/**
 * Proxy mode over real HTTP: an upstream on loopback that answers JSON writing the upstream token
 * with escapes JSON.stringify never uses (`\uXXXX` for some or all of its characters, `\/`) still
 * has the token scrubbed from every exit (the admin API, the HAR, the exchanges file), while the
 * client gets the upstream's bytes unchanged and the recorded body stays JSON with its other values.
 * An upstream that echoes the credential it was sent in its response headers has it scrubbed there too.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../../server/contract/exchange.js';
import { REDACTED } from '../../server/recorder/redact.js';
import { filesUnder } from '../helpers/files-under.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const UPSTREAM_TOKEN = 'upstream/secret-token-0123456789';

/** `text` with the characters at `at` written as `\uXXXX`, and every `/` as `\/`, inside a JSON string. */
const escapedChars = (text: string, at: number[]) =>
  [...text].map((c, i) => (at.includes(i) ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c === '/' ? '\\/' : c)).join('');

/** What the upstream answers for /Users/<name>: JSON text holding the token, escaped as each writer might. */
const ANSWERS: Record<string, string> = {
  'one-char': `{"id":"one-char","echo":"Bearer ${escapedChars(UPSTREAM_TOKEN, [0])}","n":123}`,
  'every-char': `{"id":"every-char","echo":"${escapedChars(UPSTREAM_TOKEN, [...UPSTREAM_TOKEN].map((_, i) => i))}"}`,
  'slash-only': `{"id":"slash-only","echo":"${escapedChars(UPSTREAM_TOKEN, [])}"}`,
  'in-a-key': `{"id":"in-a-key","seen":{"${escapedChars(UPSTREAM_TOKEN, [3])}":true}}`,
};
/** The same answers as the recorder must keep them. */
const RECORDED: Record<string, unknown> = {
  'one-char': { id: 'one-char', echo: `Bearer ${REDACTED}`, n: 123 },
  'every-char': { id: 'every-char', echo: REDACTED },
  'slash-only': { id: 'slash-only', echo: REDACTED },
  'in-a-key': { id: 'in-a-key', seen: { [REDACTED]: true } },
};

/** Whether a value holds the token in any string, including strings that are themselves JSON text (a HAR's body text). */
function holdsToken(value: unknown): boolean {
  if (typeof value === 'string') {
    if (value.includes(UPSTREAM_TOKEN)) return true;
    try {
      const inner = JSON.parse(value) as unknown;
      return typeof inner === 'object' && inner !== null && holdsToken(inner);
    } catch {
      return false;
    }
  }
  if (Array.isArray(value)) return value.some(holdsToken);
  if (value !== null && typeof value === 'object') return Object.entries(value).some(([k, v]) => holdsToken(k) || holdsToken(v));
  return false;
}

describe('proxy mode, an upstream that escapes the token in its JSON', () => {
  let upstream: http.Server;
  let proxy: TestSandbox;
  beforeAll(async () => {
    upstream = http.createServer((req, res) => {
      if (path.basename(req.url ?? '') === 'echo-header') {
        const auth = String(req.headers.authorization ?? '');
        res.writeHead(401, { 'Content-Type': 'application/scim+json', 'X-Echo-Authorization': auth, 'WWW-Authenticate': `Bearer error="invalid_token", error_description="token ${auth.slice(7)} expired"` });
        res.end('{"status":"401","detail":"bad token"}');
        return;
      }
      const body = ANSWERS[path.basename(req.url ?? '')];
      res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/scim+json' });
      res.end(body ?? '{}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const { port } = upstream.address() as AddressInfo;
    proxy = await startSandbox({ seed: 'empty', upstream: { url: `http://127.0.0.1:${port}/scim/v2`, auth: 'token', token: UPSTREAM_TOKEN } });
  });
  afterAll(async () => {
    await proxy?.close();
    await new Promise<void>((resolve) => (upstream ? upstream.close(() => resolve()) : resolve()));
  });

  it.each(Object.keys(ANSWERS))('scrubs the token escaped as in "%s" from every exit, and passes the upstream\'s bytes to the client', async (name) => {
    const recorded = nextExchanges(proxy.sandbox, 1);
    const res = await fetch(`${proxy.addresses.scimUrl}/Users/${name}`, { headers: { Authorization: `Bearer ${proxy.token}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toBe(ANSWERS[name]);
    expect(holdsToken(JSON.parse(text))).toBe(true); // the answer really carries the token

    const [summary] = await recorded;
    const ex = await proxy.admin('GET', `/api/exchanges/${summary!.id}`);
    expect(ex.status).toBe(200);
    expect((ex.body as Exchange).response.body).toEqual(RECORDED[name]);
    expect(holdsToken(ex.body)).toBe(false);

    const har = await proxy.admin('GET', '/api/exchanges.har');
    expect(har.status).toBe(200);
    expect(holdsToken(har.body)).toBe(false);

    await proxy.sandbox.exchanges.flush();
    const files = (await filesUnder(proxy.sandbox.exchanges.dir)).filter((f) => path.basename(f).startsWith('exchange'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      // Every string written, decoded, whatever the file's layout around it.
      const strings = [...(await readFile(file, 'utf8')).matchAll(/"(?:[^"\\]|\\.)*"/g)].map(([token]) => JSON.parse(token) as string);
      expect(holdsToken(strings), file).toBe(false);
    }
  });

  it("scrubs the token an upstream echoes in its response headers from every exit", async () => {
    const recorded = nextExchanges(proxy.sandbox, 1);
    const res = await fetch(`${proxy.addresses.scimUrl}/Users/echo-header`, { headers: { Authorization: `Bearer ${proxy.token}` } });
    expect(res.status).toBe(401);
    await res.text();
    const [summary] = await recorded;
    const ex = await proxy.admin('GET', `/api/exchanges/${summary!.id}`);
    expect(ex.status).toBe(200);
    expect((ex.body as Exchange).response.headers).toMatchObject({ 'x-echo-authorization': `Bearer ${REDACTED}`, 'www-authenticate': `Bearer error="invalid_token", error_description="token ${REDACTED} expired"` });
    expect(holdsToken(ex.body)).toBe(false);
    const har = await proxy.admin('GET', '/api/exchanges.har');
    expect(holdsToken(har.body)).toBe(false);
    await proxy.sandbox.exchanges.flush();
    for (const file of (await filesUnder(proxy.sandbox.exchanges.dir)).filter((f) => path.basename(f).startsWith('exchange'))) {
      expect((await readFile(file, 'utf8')).includes(UPSTREAM_TOKEN), file).toBe(false);
    }
  });
});
