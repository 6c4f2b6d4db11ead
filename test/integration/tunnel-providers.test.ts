/**
 * The account-free tunnels, each against a loopback stand-in of its service entering through the same
 * door as the real one: localtunnel against a local server speaking its protocol (GET /?new, then the
 * client's TCP sockets carry the public requests), Cloudflare's quick tunnel against a stand-in
 * `cloudflared` program that prints a trycloudflare.com URL as the real one does. Both forward only the
 * SCIM port, resources carry the public https URL, failures become error states with the reason, and
 * stopping releases everything. Also `scimscope serve --tunnel localtunnel` end to end.
 */
import { existsSync, readFileSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudflaredProvider } from '../../server/tunnel/cloudflared-provider.js';
import { localtunnelProvider } from '../../server/tunnel/localtunnel-provider.js';
import { startCli } from '../helpers/cli-process.js';
import { request } from '../helpers/http.js';
import { socketsReach, startLocaltunnelServer, type LocaltunnelStandIn } from '../helpers/localtunnel-server.js';
import { closedPort } from '../helpers/ports.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { tempDir } from '../helpers/temp-dir.js';


describe('localtunnel', () => {
  let stand: LocaltunnelStandIn;
  let t: TestSandbox;
  beforeAll(async () => {
    stand = await startLocaltunnelServer(3);
    t = await startSandbox({ tunnelProviders: { localtunnel: localtunnelProvider(stand.url, { giveUpAfterMs: 500 }) } });
  });
  afterAll(async () => {
    await t.close();
    await stand.close();
  });

  it('opens as many sockets as the server allows, serves SCIM through them with the public URL, and stops', async () => {
    const res = await t.admin('POST', '/api/tunnel/start', { body: { provider: 'localtunnel' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'up', provider: 'localtunnel', url: stand.assignedUrl, error: null });
    await socketsReach(stand, 3);
    expect((await t.admin('GET', '/api/status')).body.publicScimUrl).toBe(`${stand.assignedUrl}/scim/v2`);

    // More requests at once than sockets: each socket carries one, and the client replaces it.
    const auth = { Authorization: `Bearer ${t.token}` };
    const results = await Promise.all(Array.from({ length: 7 }, () => request(`${stand.publicUrl}/scim/v2/Users?count=1`, { headers: auth })));
    for (const r of results) {
      expect(r.status).toBe(200);
      expect(r.body.Resources[0].meta.location).toMatch(/^https:\/\/quiet-lamp-42\.loca\.test\/scim\/v2\/Users\//);
    }
    const created = await request(`${stand.publicUrl}/scim/v2/Users`, { method: 'POST', headers: auth, body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'tunnel.user@example.com' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toMatch(/^https:\/\/quiet-lamp-42\.loca\.test\/scim\/v2\/Users\//);
    // Only the SCIM port is forwarded: the admin API is not behind the tunnel.
    expect((await request(`${stand.publicUrl}/api/status`, { headers: { Authorization: `Bearer ${t.adminToken}` } })).status).toBe(401);
    await socketsReach(stand, 3);

    const stopped = await t.admin('POST', '/api/tunnel/stop');
    expect(stopped.body).toMatchObject({ status: 'off', url: null });
    await socketsReach(stand, 0);
  });

  it('turns into an error state with the reason when the server goes away for good', async () => {
    expect((await t.admin('POST', '/api/tunnel/start', { body: { provider: 'localtunnel' } })).body.status).toBe('up');
    await socketsReach(stand, 3);
    const failed = new Promise<unknown>((resolve) => {
      const on = (e: { status: string }) => e.status === 'error' && (t.sandbox.bus.off('tunnel:changed', on), resolve(e));
      t.sandbox.bus.on('tunnel:changed', on);
    });
    await stand.dropTunnels();
    expect(await failed).toMatchObject({ status: 'error', url: null, error: expect.stringMatching(/^the tunnel closed: lost the connection to the localtunnel server \(127\.0\.0\.1:\d+\) for more than 1 s$/) });
    expect((await t.admin('GET', '/api/tunnel')).body).toMatchObject({ status: 'error', provider: 'localtunnel', url: null });
  });

  it("reports the server's refusal as an error state with its message", async () => {
    stand.refuse = { status: 503, message: 'no more tunnels for you today' };
    const res = await t.admin('POST', '/api/tunnel/start', { body: { provider: 'localtunnel' } });
    stand.refuse = null;
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ status: 'error', provider: 'localtunnel', url: null });
    expect(res.body.error).toBe(`the localtunnel server ${stand.url} refused a new tunnel (HTTP 503: no more tunnels for you today)`);
  });

  it('says the server cannot be reached when it is down', async () => {
    const server = `http://127.0.0.1:${await closedPort()}`;
    await expect(localtunnelProvider(server).open({ port: t.addresses.scimPort, authtoken: null, domain: null })).rejects.toThrow(`could not reach the localtunnel server ${server} (ECONNREFUSED)`);
  });

  it('serve --tunnel localtunnel prints the public URL in its ready line', async () => {
    const cli = await startCli(['--tunnel', 'localtunnel', '--data', ':memory:'], { SCIMSCOPE_LOCALTUNNEL_SERVER: stand.url });
    try {
      const info = cli.info as unknown as { publicScimUrl: string; tunnel: { status: string; provider: string } };
      expect(info.tunnel).toMatchObject({ status: 'up', provider: 'localtunnel' });
      expect(info.publicScimUrl).toBe(`${stand.assignedUrl}/scim/v2`);
      expect((await request(`${stand.publicUrl}/scim/v2/ServiceProviderConfig`, { headers: { Authorization: `Bearer ${cli.info.token}` } })).status).toBe(200);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
  });
});

/** A stand-in `cloudflared`: proxies to --url as Cloudflare's edge would, prints its URL on stderr like the real one. */
function standInCloudflared(dir: string, mode: 'ok' | 'rate-limited'): string {
  return `#!/usr/bin/env node
const fs = require('node:fs');
const http = require('node:http');
const args = process.argv.slice(2);
fs.writeFileSync(${JSON.stringify(path.join(dir, 'args.json'))}, JSON.stringify(args));
if (${JSON.stringify(mode)} === 'rate-limited') {
  console.error('2026-01-01T00:00:00Z INF Requesting new quick Tunnel on trycloudflare.com...');
  console.error('2026-01-01T00:00:01Z ERR Error unmarshaling QuickTunnel response: 429 Too Many Requests');
  process.exit(1);
}
const target = new URL(args[args.indexOf('--url') + 1]);
const server = http.createServer((req, res) => {
  const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: 'quiet-lake-1234.trycloudflare.com', 'x-forwarded-proto': 'https' } }, (r) => {
    res.writeHead(r.statusCode, r.headers);
    r.pipe(res);
  });
  req.pipe(up);
});
server.listen(0, '127.0.0.1', () => {
  fs.writeFileSync(${JSON.stringify(path.join(dir, 'pid'))}, String(process.pid));
  fs.writeFileSync(${JSON.stringify(path.join(dir, 'port'))}, String(server.address().port));
  console.error('2026-01-01T00:00:00Z INF Requesting new quick Tunnel on trycloudflare.com...');
  console.error('2026-01-01T00:00:03Z INF |  https://quiet-lake-1234.trycloudflare.com                                                |');
});
process.on('SIGTERM', () => {
  fs.writeFileSync(${JSON.stringify(path.join(dir, 'stopped'))}, 'SIGTERM');
  process.exit(0);
});
`;
}

describe('Cloudflare quick tunnel', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let t: TestSandbox;
  const binary = (name: string) => path.join(dir, name);
  beforeAll(async () => {
    ({ dir, remove } = await tempDir('scimscope-cloudflared-'));
    for (const mode of ['ok', 'rate-limited'] as const) {
      await writeFile(binary(mode), standInCloudflared(dir, mode));
      await chmod(binary(mode), 0o755);
    }
    t = await startSandbox({ tunnelProviders: { cloudflared: cloudflaredProvider({ binary: binary('ok') }) } });
  });
  afterAll(async () => {
    await t.close();
    await remove();
  });

  it('runs cloudflared on the SCIM port, takes the URL it prints, serves SCIM with it, and stops the process', async () => {
    const res = await t.admin('POST', '/api/tunnel/start', { body: { provider: 'cloudflared' } });
    expect(res.body).toEqual({ status: 'up', provider: 'cloudflared', url: 'https://quiet-lake-1234.trycloudflare.com', error: null });
    expect(JSON.parse(readFileSync(path.join(dir, 'args.json'), 'utf8'))).toEqual(['tunnel', '--no-autoupdate', '--url', `http://127.0.0.1:${t.addresses.scimPort}`]);
    const edge = `http://127.0.0.1:${readFileSync(path.join(dir, 'port'), 'utf8')}`;
    const users = await request(`${edge}/scim/v2/Users?count=1`, { headers: { Authorization: `Bearer ${t.token}` } });
    expect(users.status).toBe(200);
    expect(users.body.Resources[0].meta.location).toMatch(/^https:\/\/quiet-lake-1234\.trycloudflare\.com\/scim\/v2\/Users\//);

    await t.admin('POST', '/api/tunnel/stop');
    expect(readFileSync(path.join(dir, 'stopped'), 'utf8')).toBe('SIGTERM');
  });

  it('turns into an error state when cloudflared dies after the tunnel came up', async () => {
    expect((await t.admin('POST', '/api/tunnel/start', { body: { provider: 'cloudflared' } })).body.status).toBe('up');
    const failed = new Promise<unknown>((resolve) => {
      const on = (e: { status: string }) => e.status === 'error' && (t.sandbox.bus.off('tunnel:changed', on), resolve(e));
      t.sandbox.bus.on('tunnel:changed', on);
    });
    process.kill(Number(readFileSync(path.join(dir, 'pid'), 'utf8')), 'SIGKILL');
    expect(await failed).toMatchObject({ status: 'error', url: null, error: 'the tunnel closed: cloudflared exited (SIGKILL)' });
  });

  it('gives up at once when stopped before cloudflared printed its URL', async () => {
    const stop = new AbortController();
    const opening = cloudflaredProvider({ binary: binary('ok') }).open({ port: t.addresses.scimPort, authtoken: null, domain: null, signal: stop.signal });
    stop.abort();
    await expect(opening).rejects.toThrow('the tunnel was stopped before it was up');
  });

  it.each([
    ['not installed', () => binary('missing'), /^cloudflared is not installed \(no ".*missing" on PATH\)\. Install it from https:\/\/developers\.cloudflare\.com\/.*SCIMSCOPE_CLOUDFLARED/],
    ['refused by Cloudflare', () => binary('rate-limited'), /^cloudflared exited \(code 1\) before giving a URL: .*429 Too Many Requests/],
  ])('fails with the reason when cloudflared is %s', async (_name, bin, reason) => {
    await expect(cloudflaredProvider({ binary: bin() }).open({ port: t.addresses.scimPort, authtoken: null, domain: null })).rejects.toThrow(reason);
    expect(existsSync(bin())).toBe(_name !== 'not installed');
  });
});
