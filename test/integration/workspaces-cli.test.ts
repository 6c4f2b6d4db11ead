/**
 * `scimscope workspaces` as a trainer runs it, as real processes: a running `scimscope serve` found
 * through its data folder, a class of workspaces created in one command with each SCIM URL and token
 * printed, listing, renaming, deleting, clear errors with their exit codes (1 refused or no server,
 * 2 usage), and `serve` reporting the workspaces it serves after a restart.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli-process.js';
import { request } from '../helpers/http.js';
import { tempDir } from '../helpers/temp-dir.js';

const folders: Array<{ remove: () => Promise<void> }> = [];
afterAll(async () => {
  for (const f of folders) await f.remove();
});

describe('scimscope workspaces', () => {
  it('creates a class in one command, lists, renames and deletes through the running server', async () => {
    const temp = await tempDir();
    folders.push(temp);
    const dir = temp.dir;
    let cli = await startCli(['--data', dir]);
    try {
      expect(cli.info).toMatchObject({ workspaces: 1 });
      const made = await runCli(['workspaces', 'create', '--prefix', 'class-', '--count', '3', '--from', 'empty', '--data', dir, '--json']);
      expect(made.code, made.stderr).toBe(0);
      const created = JSON.parse(made.stdout);
      expect(created.items.map((w: { name: string }) => w.name)).toEqual(['class-01', 'class-02', 'class-03']);
      const origin = new URL(cli.info.scimUrl).origin;
      for (const w of created.items) {
        expect(w.scimUrl).toBe(`${origin}/w/${w.name}/scim/v2`);
        const users = await request(`${w.scimUrl}/Users`, { headers: { Authorization: `Bearer ${w.token}` } });
        expect(users.status).toBe(200);
        expect(users.body.totalResults).toBe(0);
      }

      const text = await runCli(['workspaces', 'create', 'alpha', 'beta', '--data', dir]);
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toContain('Created 2 workspaces:');
      expect(text.stdout).toMatch(new RegExp(`alpha +${origin}/w/alpha/scim/v2 +scim_\\S+`));
      // A copy of a workspace in proxy mode is made without the upstream token, and the command says so.
      const proxied = await request(`${cli.info.adminUrl}/api/settings`, { method: 'PUT', headers: { Authorization: `Bearer ${cli.info.adminToken}`, 'Content-Type': 'application/json' }, body: { upstream: { url: 'http://127.0.0.1:9/scim/v2', auth: 'token', token: 'upstream-secret-123456' } } });
      expect(proxied.status).toBe(200);
      const copied = await runCli(['workspaces', 'create', 'copy', '--from', 'default', '--data', dir]);
      expect(copied.code, copied.stderr).toBe(0);
      expect(copied.stdout).toMatch(/Created 1 workspace:[\s\S]*\nWarning: The upstream token of "default" is not copied/);
      expect(copied.stdout).not.toContain('upstream-secret-123456');
      expect((await runCli(['workspaces', 'delete', 'copy', '--data', dir])).code).toBe(0);
      await request(`${cli.info.adminUrl}/api/settings`, { method: 'PUT', headers: { Authorization: `Bearer ${cli.info.adminToken}`, 'Content-Type': 'application/json' }, body: { upstream: { url: null } } });
      const listed = await runCli(['workspaces', 'list', '--data', dir]);
      expect(listed.stdout.split('\n').slice(1, 7).map((l) => l.split(/ +/)[0])).toEqual(['default', 'alpha', 'beta', 'class-01', 'class-02', 'class-03']);

      const renamed = await runCli(['workspaces', 'rename', 'beta', 'gamma', '--data', dir]);
      expect(renamed.code, renamed.stderr).toBe(0);
      expect(renamed.stdout).toContain(`${origin}/w/gamma/scim/v2`);
      const deleted = await runCli(['workspaces', 'delete', 'class-02', '--data', dir]);
      expect(deleted.code, deleted.stderr).toBe(0);
      expect(existsSync(path.join(dir, 'workspaces', 'class-02'))).toBe(false);

      const again = await runCli(['workspaces', 'create', 'alpha', '--data', dir]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('A workspace named "alpha" already exists. (409)');
      const bad = await runCli(['workspaces', 'create', '--count', '3', '--data', dir]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--prefix and --count go together');
      const wrongToken = await runCli(['workspaces', 'list', '--data', dir, '--admin-token', 'not-the-admin-token']);
      expect(wrongToken.code).toBe(1);
      expect(wrongToken.stderr).toContain('The admin token is wrong. (401)');
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }

    const none = await runCli(['workspaces', 'list', '--data', dir]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('No running Scimscope found for the data folder');

    cli = await startCli(['--data', dir]);
    try {
      expect(cli.info).toMatchObject({ workspaces: 5 });
      const list = JSON.parse((await runCli(['workspaces', 'list', '--data', dir, '--json'])).stdout);
      expect(list.items.map((w: { name: string; loaded: boolean }) => [w.name, w.loaded])).toEqual([['default', true], ['alpha', false], ['class-01', false], ['class-03', false], ['gamma', false]]);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
  }, 120_000);
});
