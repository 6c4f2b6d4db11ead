/**
 * The `scimscope` command-line contract: the --json ready line, loopback admin binding, a clean
 * exit 0 on SIGINT/SIGTERM after finishing writes, one-line errors for a port in use, a locked or a
 * corrupt data folder, usage errors, and the desktop fallback where Electron cannot start.
 */
import net from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { CLI, runCli, startCli } from '../helpers/cli-process.js';
import { request } from '../helpers/http.js';
import { tempDir } from '../helpers/temp-dir.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});
async function folder(): Promise<string> {
  const t = await tempDir();
  cleanups.push(t.remove);
  return t.dir;
}

describe('scimscope serve', () => {
  it('prints one JSON line with everything a script needs, and the servers answer', async () => {
    const dir = await folder();
    const cli = await startCli(['--data', dir]);
    try {
      expect(Object.keys(cli.info).sort()).toEqual(['adminToken', 'adminUrl', 'authMode', 'dataDir', 'inspectorUrl', 'publicScimUrl', 'scimUrl', 'token', 'version', 'workspaces'].sort());
      expect(cli.info.workspaces).toBe(1);
      expect(cli.info.publicScimUrl).toBeNull();
      expect(cli.info.scimUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
      expect(cli.info.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(cli.info.inspectorUrl).toBe(`${cli.info.adminUrl}/#token=${cli.info.adminToken}`);
      expect(cli.info.dataDir).toBe(dir);
      const scim = await request(`${cli.info.scimUrl}/Users?count=1`, { headers: { Authorization: `Bearer ${cli.info.token}` } });
      expect(scim.status).toBe(200);
      const status = await request(`${cli.info.adminUrl}/api/status`, { headers: { Authorization: `Bearer ${cli.info.adminToken}` } });
      expect(status.body.counts.users).toBe(7);
    } finally {
      cli.child.kill('SIGTERM');
    }
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('exits 0 on %s after in-flight writes, and they are kept', async (signal) => {
    const dir = await folder();
    const cli = await startCli(['--data', dir, '--seed', 'empty']);
    const writes = Array.from({ length: 20 }, (_, i) =>
      request(`${cli.info.scimUrl}/Users`, { method: 'POST', headers: { Authorization: `Bearer ${cli.info.token}` }, body: { userName: `sig${i}@x.y` } }).then((r) => r.status, () => 0),
    );
    const first = await writes[0];
    expect(first).toBe(201);
    cli.child.kill(signal);
    const statuses = await Promise.all(writes);
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    const stored = JSON.parse(await readFile(path.join(dir, 'store.json'), 'utf8')) as { users: { userName: string }[] };
    const acknowledged = statuses.map((s, i) => (s === 201 ? `sig${i}@x.y` : null)).filter(Boolean);
    expect(stored.users.map((u) => u.userName)).toEqual(expect.arrayContaining(acknowledged));
  });

  it('uses --token and --auth for this run only', async () => {
    const dir = await folder();
    const cli = await startCli(['--data', dir, '--token', 'my-own-token-123', '--auth', 'header']);
    try {
      expect(cli.info.token).toBe('my-own-token-123');
      expect(cli.info.authMode).toBe('header');
      const res = await request(`${cli.info.scimUrl}/Users?count=1`, { headers: { Authorization: 'my-own-token-123' } });
      expect(res.status).toBe(200);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
    const settings = JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8'));
    expect(settings.settings.auth.token).not.toBe('my-own-token-123');
  });

  it('binds the admin API to loopback even with --host 0.0.0.0', async () => {
    const dir = await folder();
    const cli = await startCli(['--data', dir, '--host', '0.0.0.0']);
    try {
      expect(cli.info.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:/);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
  });

  describe('refuses to start, with one line that says why', () => {
    let blocker: net.Server;
    let port: number;
    beforeAll(async () => {
      blocker = net.createServer();
      await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
      port = (blocker.address() as net.AddressInfo).port;
    });
    afterAll(() => new Promise<void>((r) => blocker.close(() => r())));

    it('when the SCIM port is in use', async () => {
      const res = await runCli(['serve', '--port', String(port), '--admin-port', '0', '--data', await folder()]);
      expect(res.code).not.toBe(0);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(res.stderr).toContain('--port');
    });

    it('when the admin port is in use', async () => {
      const res = await runCli(['serve', '--port', '0', '--admin-port', String(port), '--data', await folder()]);
      expect(res.code).not.toBe(0);
      expect(res.stderr).toContain('--admin-port');
    });
  });

  it('when the data folder is in use by another live process', async () => {
    const dir = await folder();
    const first = await startCli(['--data', dir]);
    try {
      const second = await runCli(['serve', '--port', '0', '--admin-port', '0', '--data', dir]);
      expect(second.code).not.toBe(0);
      expect(second.stderr).toContain(`in use by another Scimscope (process ${first.child.pid})`);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
  });

  it('when store.json is corrupt, naming the file and leaving it untouched', async () => {
    const dir = await folder();
    const file = path.join(dir, 'store.json');
    await writeFile(file, '{"users": [');
    const res = await runCli(['serve', '--port', '0', '--admin-port', '0', '--data', dir]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain(file);
    expect(res.stderr).toContain('left untouched');
    expect(await readFile(file, 'utf8')).toBe('{"users": [');
  });

  it.each([
    [['serve', '--port', 'abc'], '--port must be a port number'],
    [['serve', '--auth', 'magic'], '--auth must be bearer, header, basic, none or oauth'],
    [['serve', '--bogus'], "Unknown option '--bogus'"],
    [['launch'], 'Unknown command'],
  ])('exits 2 on usage errors: %j', async (args, message) => {
    const res = await runCli(args);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(message);
    expect(res.stderr).toContain('Usage: scimscope');
  });

  it('prints help and version', async () => {
    expect((await runCli(['--help'])).stdout).toContain('Usage: scimscope');
    expect((await runCli(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('falls back to serving in the browser when the desktop app cannot start, and says why', async () => {
    const dir = await folder();
    // Without a command it tries the desktop app first; with no display it serves, and says that is why.
    const child = spawn(process.execPath, [CLI, '--port', '0', '--admin-port', '0', '--data', dir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    // stdout and stderr are separate pipes: wait until both have said their part, whichever comes first.
    await new Promise<void>((resolve) => {
      const check = () => out.includes('Press Ctrl+C') && /instead/.test(err) && resolve();
      child.stdout.on('data', check);
      child.stderr.on('data', check);
    });
    expect(err).toMatch(/desktop app could not start: there is no graphical display .*\nServing the inspector in your browser instead/);
    expect(out).toContain('Inspector');
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  });
});
