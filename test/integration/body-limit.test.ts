/**
 * A body over the 1 MiB limit gets its 413 SCIM error, not a reset connection: the server reads and
 * discards up to DISCARD_LIMIT_BYTES so the client can finish sending and read the answer, whether
 * the size was declared (Content-Length) or not (chunked). Past that bound it answers and closes.
 * Every such exchange is recorded, and the server keeps serving.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISCARD_LIMIT_BYTES, MAX_BODY_BYTES } from '../../server/scim/body-reader.js';
import { rawRequest } from '../helpers/raw-http.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb?.close());

/**
 * A client that sends its whole body before it reads the answer (as many HTTP clients do), in small
 * pieces, yielding to the event loop after each (the server runs in this process). A server that
 * answers and closes before the body is all sent makes such a client fail with EPIPE or ECONNRESET.
 */
function sendAllThenRead(url: string, headers: Record<string, string>, payload: string): Promise<{ status: number | null; body: string; error: string | null }> {
  return new Promise((resolve) => {
    const u = new URL(url);
    let error: string | null = null;
    let response: { status: number | null; body: string } | null = null;
    let sent = false;
    const finish = () => {
      if (error !== null) resolve({ status: response?.status ?? null, body: response?.body ?? '', error });
      else if (sent && response) resolve({ ...response, error: null });
    };
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => {
        response = { status: res.statusCode ?? null, body: text };
        finish();
      });
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      error ??= e.code ?? e.message;
      finish();
    });
    const data = Buffer.from(payload);
    const piece = 16 * 1024;
    const send = async () => {
      for (let at = 0; at < data.length && error === null; at += piece) {
        await new Promise<void>((r) => req.write(data.subarray(at, at + piece), () => r()));
        await new Promise<void>((r) => setImmediate(r));
      }
      if (error === null) req.end(() => {
        sent = true;
        finish();
      });
    };
    void send();
  });
}

const body = (bytes: number) => `{"userName":"${'x'.repeat(bytes - 15)}"}`;

describe('bodies over the limit', () => {
  it.each([
    { name: 'a little over, Content-Length declared', bytes: MAX_BODY_BYTES + 4096, chunked: false },
    { name: 'twice the limit, Content-Length declared', bytes: 2 * MAX_BODY_BYTES, chunked: false },
    { name: 'a little over, chunked (no Content-Length)', bytes: MAX_BODY_BYTES + 4096, chunked: true },
    { name: 'just under the discard bound, chunked', bytes: DISCARD_LIMIT_BYTES - 1024, chunked: true },
  ])('$name: the client reads a 413 SCIM error, and it is recorded', async ({ bytes, chunked }) => {
    const recorded = nextExchanges(sb.sandbox, 1);
    const payload = body(bytes);
    expect(payload.length).toBe(bytes);
    const headers: Record<string, string> = { Authorization: `Bearer ${sb.token}`, 'Content-Type': 'application/scim+json' };
    if (chunked) headers['Transfer-Encoding'] = 'chunked';
    else headers['Content-Length'] = String(bytes);
    const res = await sendAllThenRead(`${sb.addresses.scimUrl}/Users`, headers, payload);
    expect(res.error).toBeNull();
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '413' });
    const [exchange] = await recorded;
    expect(exchange!.status).toBe(413);
    expect(exchange!.method).toBe('POST');
    const full = (await sb.sandbox.exchanges.get(exchange!.id))!;
    expect(full.request.bodySize).toBe(bytes);
    expect(full.request.bodyTruncated).toBe(true);
  });

  it('past the discard bound the server answers and closes, records it, and keeps serving', async () => {
    const recorded = nextExchanges(sb.sandbox, 1);
    const bytes = DISCARD_LIMIT_BYTES + 4 * MAX_BODY_BYTES;
    const res = await rawRequest(`${sb.addresses.scimUrl}/Users`, { method: 'POST', headers: { Authorization: `Bearer ${sb.token}`, 'Content-Type': 'application/scim+json', 'Content-Length': String(bytes) }, body: body(bytes) });
    // The client may read the 413 or see the connection closed while it was still sending; either way no 2xx/5xx.
    if (res.error === null) expect(res.status).toBe(413);
    const [exchange] = await recorded;
    expect(exchange!.status).toBe(413);
    expect((await sb.scim('GET', '/Users?count=1')).status).toBe(200);
  });
});
