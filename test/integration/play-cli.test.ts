/**
 * `scimscope play` as a user runs it, as a real process: against the running sandbox of a data
 * folder (found through server.json), against a sandbox it starts itself, against any --target,
 * with its exit codes (0 every step passed, 1 one did not, 2 usage).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli-process.js';
import { request } from '../helpers/http.js';
import { tempDir } from '../helpers/temp-dir.js';

const folders: Array<{ remove: () => Promise<void> }> = [];
async function folder(): Promise<string> {
  const t = await tempDir();
  folders.push(t);
  return t.dir;
}
afterAll(async () => {
  for (const f of folders) await f.remove();
});

describe('scimscope play', () => {
  it('lists the scenarios and the IdPs that play them', async () => {
    const res = await runCli(['play', '--list', '--json']);
    expect(res.code).toBe(0);
    const { scenarios } = JSON.parse(res.stdout);
    expect(scenarios.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining(['connection-test', 'joiner', 'mover', 'leaver', 'rehire', 'password-sync', 'group-push', 'import', 'incremental-import', 'okta-429-backoff', 'joiner-mover-leaver']));
    const text = await runCli(['play', '--list']);
    expect(text.stdout).toMatch(/joiner-mover-leaver +Joiner → mover → leaver/);
  });

  it('drives the running sandbox of the data folder, and the traffic shows it as emulated', async () => {
    const dir = await folder();
    const cli = await startCli(['--data', dir]);
    try {
      expect(existsSync(path.join(dir, 'server.json'))).toBe(true);
      const res = await runCli(['play', 'joiner-mover-leaver', '--data', dir, '--json'], {}, 30_000);
      expect(res.code, res.stderr).toBe(0);
      const run = JSON.parse(res.stdout);
      expect(run).toMatchObject({ scenario: 'joiner-mover-leaver', profile: 'okta', passed: true, target: cli.info.scimUrl });
      expect(run.steps.map((s: { kind: string }) => s.kind)).toEqual(['user.lookup', 'user.create', 'user.read', 'user.update', 'group.create', 'group.lookup', 'group.members.add', 'user.deactivate']);
      const exchange = await request(`${cli.info.adminUrl}/api/exchanges/${run.steps[1].exchangeId}`, { headers: { Authorization: `Bearer ${cli.info.adminToken}` } });
      expect(exchange.body).toMatchObject({ client: 'okta', emulated: 'okta', operation: { kind: 'user.create' } });
      expect(exchange.body.operation.summary).toMatch(/^Okta \(emulated\) created test\.user\.\w+@okta\.local/);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
    expect(existsSync(path.join(dir, 'server.json'))).toBe(false);
  });

  it('starts a sandbox on the data folder for the run when none is running, and leaves it unlocked', async () => {
    const dir = await folder();
    const res = await runCli(['play', 'leaver', '--as', 'entra', '--data', dir], {}, 30_000);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/Playing "Leaver" as Entra ID \(emulated\) against the sandbox in .* \(started for this run\)/);
    expect(res.stdout).toMatch(/ok +\d+\. user\.deactivate +PATCH \/Users\//);
    expect(res.stdout).toMatch(/All \d+ steps got what Entra ID expects/);
    expect(existsSync(path.join(dir, 'scimscope.lock'))).toBe(false);
    expect(existsSync(path.join(dir, 'store.json'))).toBe(true);
  });

  it('exits 1 and says why when the target answers what the IdP does not expect', async () => {
    const dir = await folder();
    const cli = await startCli(['--data', dir]);
    try {
      const res = await runCli(['play', 'joiner', '--target', cli.info.scimUrl, '--token', 'not-the-token'], {}, 30_000);
      expect(res.code).toBe(1);
      expect(res.stdout).toMatch(/FAIL +1\. user\.lookup/);
      expect(res.stdout).toMatch(/answered 401, expected 200/);
      const ok = await runCli(['play', 'connection-test', '--target', cli.info.scimUrl, '--token', cli.info.token, '--auth', 'header', '--json'], {}, 30_000);
      expect(ok.code).toBe(0);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
  });

  it.each([
    [['play'], /Name a scenario/],
    [['play', 'nope'], /No scenario "nope"/],
    [['play', 'joiner', '--as', 'onelogin'], /--as takes okta, okta-aiw, entra, entra-flag/],
    [['play', 'password-sync', '--as', 'entra'], /has no Entra ID version/],
    [['play', 'joiner', '--target', 'http://127.0.0.1:1/scim/v2'], /--target needs --token/],
    [['play', 'joiner', '--speed', '0'], /--speed must be a positive number/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const res = await runCli(args as string[]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message as RegExp);
  });
});
