/**
 * The tunnel that lets Okta reach the SCIM port, against a local fake of the ngrok library's
 * interface: a loopback proxy that forwards to the given port as ngrok's edge would (adding
 * X-Forwarded-Proto/Host). Start, URL, errors without the authtoken, stop; the admin port is never
 * forwarded; resources are addressed with the public URL.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OpenTunnel, TunnelOptions, TunnelProvider } from '../../server/tunnel/tunnel-provider.js';
import { request } from '../helpers/http.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const PUBLIC_HOST = 'scim-demo.ngrok.test';

/** A fake tunnel: a local HTTP proxy to options.port, adding what ngrok's edge adds. */
function fakeProvider(log: TunnelOptions[]): TunnelProvider {
  return {
    name: 'ngrok',
    async open(options): Promise<OpenTunnel> {
      log.push(options);
      if (!options.authtoken) throw new Error(`ngrok rejected the session: no authtoken (ERR_NGROK_4018)`);
      if (options.authtoken === 'revoked-token-123') throw new Error(`authentication failed: token revoked-token-123 is revoked`);
      const proxy = http.createServer((req, res) => {
        const upstream = http.request({ host: '127.0.0.1', port: options.port, path: req.url, method: req.method, headers: { ...req.headers, host: PUBLIC_HOST, 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' } }, (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        });
        req.pipe(upstream);
      });
      await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
      const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      return { url, close: () => new Promise<void>((r) => proxy.close(() => r())) };
    },
  };
}

describe('tunnel', () => {
  let t: TestSandbox;
  const opened: TunnelOptions[] = [];
  beforeAll(async () => {
    t = await startSandbox({ tunnelProviders: { ngrok: fakeProvider(opened) } });
  });
  afterAll(() => t.close());

  it('reports a missing authtoken as an error state, not a crash', async () => {
    const res = await t.admin('POST', '/api/tunnel/start', { body: {} });
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ status: 'error', url: null });
    expect(res.body.error).toMatch(/authtoken/);
  });

  it('never puts the authtoken in an error, the status or the settings', async () => {
    await t.admin('PUT', '/api/settings', { body: { tunnel: { ngrokAuthtoken: 'revoked-token-123' } } });
    const res = await t.admin('POST', '/api/tunnel/start', { body: { provider: 'ngrok' } });
    expect(res.body.status).toBe('error');
    expect(res.text).not.toContain('revoked-token-123');
    expect((await t.admin('GET', '/api/settings')).text).not.toContain('revoked-token-123');
    expect((await t.admin('GET', '/api/status')).text).not.toContain('revoked-token-123');
  });

  it('starts, forwards only the SCIM port, and addresses resources with the public URL', async () => {
    await t.admin('PUT', '/api/settings', { body: { tunnel: { ngrokAuthtoken: 'good-token-456', ngrokDomain: PUBLIC_HOST } } });
    const events: unknown[] = [];
    t.sandbox.bus.on('tunnel:changed', (e) => events.push(e));
    const res = await t.admin('POST', '/api/tunnel/start');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'up', provider: 'ngrok', error: null });
    expect(opened.at(-1)).toMatchObject({ port: t.addresses.scimPort, authtoken: 'good-token-456', domain: PUBLIC_HOST });
    expect(events.map((e) => (e as { status: string }).status)).toEqual(['starting', 'up']);
    const status = await t.admin('GET', '/api/status');
    expect(status.body.publicScimUrl).toBe(`${res.body.url}/scim/v2`);

    const viaTunnel = await request(`${res.body.url}/scim/v2/Users?count=1`, { headers: { Authorization: `Bearer ${t.token}` } });
    expect(viaTunnel.status).toBe(200);
    expect(viaTunnel.body.Resources[0].meta.location).toMatch(new RegExp(`^https://${PUBLIC_HOST}/scim/v2/Users/`));
    // The admin API is not behind the tunnel: its paths reach the SCIM server, which knows no such thing.
    const adminViaTunnel = await request(`${res.body.url}/api/status`, { headers: { Authorization: `Bearer ${t.adminToken}` } });
    expect(adminViaTunnel.status).toBe(401);
    const adminPathWithScimToken = await request(`${res.body.url}/api/status`, { headers: { Authorization: `Bearer ${t.token}` } });
    expect(adminPathWithScimToken.status).toBe(404);
    expect(adminPathWithScimToken.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);

    const stopped = await t.admin('POST', '/api/tunnel/stop');
    expect(stopped.body).toMatchObject({ status: 'off', url: null });
    await expect(request(`${res.body.url}/scim/v2/Users`)).rejects.toThrow();
  });

  it('shows a URL the user got from another tunnel tool as the public URL', async () => {
    await t.admin('PUT', '/api/settings', { body: { tunnel: { publicUrl: 'https://my-tunnel.example.dev' } } });
    expect((await t.admin('GET', '/api/status')).body.publicScimUrl).toBe('https://my-tunnel.example.dev/scim/v2');
    await t.admin('PUT', '/api/settings', { body: { tunnel: { publicUrl: null } } });
  });
});

describe('ngrok provider', () => {
  it('forwards the SCIM port on loopback with the authtoken and domain, and closes', async () => {
    const close = vi.fn(async () => undefined);
    const forward = vi.fn(async () => ({ url: () => 'https://abc.ngrok.app', close }));
    vi.doMock('@ngrok/ngrok', () => ({ forward }));
    vi.resetModules();
    const { ngrokProvider } = await import('../../server/tunnel/ngrok-provider.js');
    const tunnel = await ngrokProvider.open({ port: 7171, authtoken: 'tok', domain: 'me.ngrok.app' });
    expect(forward).toHaveBeenCalledWith(expect.objectContaining({ addr: '127.0.0.1:7171', authtoken: 'tok', domain: 'me.ngrok.app' }));
    expect(tunnel.url).toBe('https://abc.ngrok.app');
    await tunnel.close();
    expect(close).toHaveBeenCalled();
    vi.doUnmock('@ngrok/ngrok');
  });

  it('explains where to get an authtoken when none is set', async () => {
    vi.resetModules();
    const previous = process.env.NGROK_AUTHTOKEN;
    delete process.env.NGROK_AUTHTOKEN;
    const { ngrokProvider } = await import('../../server/tunnel/ngrok-provider.js');
    await expect(ngrokProvider.open({ port: 7171, authtoken: null, domain: null })).rejects.toThrow(/dashboard\.ngrok\.com/);
    if (previous !== undefined) process.env.NGROK_AUTHTOKEN = previous;
  });
});

describe('tunnel stopped while it is starting', () => {
  /** A provider whose tunnel opens only when the test says so, as cloudflared or ngrok take seconds to. */
  function gatedProvider() {
    const gate = { open: (_url: string) => {}, signal: null as AbortSignal | null, closed: 0 };
    const provider: TunnelProvider = {
      name: 'cloudflared',
      open: (options) => {
        gate.signal = options.signal ?? null;
        return new Promise<OpenTunnel>((resolve) => {
          gate.open = (url) => resolve({ url, close: async () => void gate.closed++ });
        });
      },
    };
    return { provider, gate };
  }

  let t: TestSandbox;
  const { provider, gate } = gatedProvider();
  beforeAll(async () => {
    t = await startSandbox({ tunnelProviders: { cloudflared: provider } });
  });
  afterAll(() => t.close());

  it('stays off, tells the provider to give up, and closes a tunnel that opens anyway', async () => {
    const events: string[] = [];
    t.sandbox.bus.on('tunnel:changed', (e) => events.push((e as { status: string }).status));
    const starting = new Promise<void>((resolve) => t.sandbox.bus.on('tunnel:changed', (e) => (e as { status: string }).status === 'starting' && resolve()));
    const start = t.admin('POST', '/api/tunnel/start', { body: { provider: 'cloudflared' } });
    await starting;
    const stopped = await t.admin('POST', '/api/tunnel/stop');
    expect(stopped.body).toMatchObject({ status: 'off', url: null });
    expect(gate.signal?.aborted).toBe(true);
    // The provider opens anyway (it did not listen to the signal): closed at once, never announced.
    gate.open('https://late.example.test');
    expect((await start).body).toMatchObject({ status: 'off', url: null });
    expect(gate.closed).toBe(1);
    expect((await t.admin('GET', '/api/tunnel')).body).toMatchObject({ status: 'off', url: null });
    expect((await t.admin('GET', '/api/status')).text).not.toContain('late.example.test');
    expect(events).toEqual(['starting', 'off']);
  });

  it('starts again after a stopped start', async () => {
    const starting = new Promise<void>((resolve) => t.sandbox.bus.on('tunnel:changed', (e) => (e as { status: string }).status === 'starting' && resolve()));
    const start = t.admin('POST', '/api/tunnel/start', { body: { provider: 'cloudflared' } });
    await starting;
    gate.open('https://second.example.test');
    expect((await start).body).toMatchObject({ status: 'up', url: 'https://second.example.test' });
    await t.admin('POST', '/api/tunnel/stop');
    expect(gate.closed).toBe(2);
  });
});
