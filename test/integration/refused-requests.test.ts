/**
 * Requests Node's HTTP parser refuses before the SCIM pipeline sees them (an unknown method, a URL
 * past the header size limit) still get a SCIM error body and are still recorded, with a lint entry
 * saying the parser refused them and why.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb?.close());

/** Sends raw bytes and reads until the server closes. */
function rawExchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let received = '';
    socket.on('data', (d) => (received += d.toString('utf8')));
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
  });
}

describe('requests the HTTP parser refuses', () => {
  it.each([
    { name: 'an unknown method', head: (token: string) => `FOO /scim/v2/Users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n\r\n`, status: 400, method: 'FOO' },
    { name: 'a URL past the header limit', head: (token: string) => `GET /scim/v2/Users?filter=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n\r\n`, status: 431, method: 'GET' },
    { name: 'a malformed request line', head: () => `GET\r\n\r\n`, status: 400, method: 'GET' },
  ])('$name: a SCIM error, recorded with the reason, secrets redacted', async ({ head, status, method }) => {
    const recorded = nextExchanges(sb.sandbox, 1);
    const answer = await rawExchange(sb.addresses.scimPort, head(sb.token));
    expect(answer.startsWith(`HTTP/1.1 ${status} `)).toBe(true);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { schemas: string[]; status: string };
    expect(body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status) });
    const [summary] = await recorded;
    const exchange = (await sb.sandbox.exchanges.get(summary!.id))!;
    expect(exchange.response.status).toBe(status);
    expect(exchange.request.method).toBe(method);
    expect(exchange.lint).toEqual([expect.objectContaining({ code: 'request.unparsable', level: 'error' })]);
    expect(JSON.stringify(exchange)).not.toContain(sb.token);
    // The server keeps serving.
    expect((await sb.scim('GET', '/Users?count=1')).status).toBe(200);
  });
});
