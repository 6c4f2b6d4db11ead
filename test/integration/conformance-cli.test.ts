/**
 * `scimscope test` as a real process (the built CLI): exit 0 when no must-check fails (against
 * `scimscope serve` in another process), 1 when one does (a broken server), 2 on usage errors with
 * nothing sent; JUnit and HTML files written and valid; --json on stdout.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokenScimServer, type BrokenScimServer } from '../fixtures/broken-scim-server.js';
import { runCli, startCli, type CliProcess } from '../helpers/cli-process.js';
import { junitProblems } from '../helpers/junit-structure.js';
import { tempDir } from '../helpers/temp-dir.js';

let serve: CliProcess;
let broken: BrokenScimServer;
let out: { dir: string; remove: () => Promise<void> };
let data: { dir: string; remove: () => Promise<void> };

beforeAll(async () => {
  out = await tempDir('scimscope-report-');
  data = await tempDir();
  serve = await startCli(['--data', data.dir]);
  broken = await startBrokenScimServer(['missingLocation', 'notFoundForEmptyList']);
});
afterAll(async () => {
  serve?.child.kill('SIGTERM');
  await serve?.exited;
  await broken?.close();
  await out?.remove();
  await data?.remove();
});

describe('scimscope test (process)', () => {
  it('exits 0 against the sandbox and writes JUnit and HTML reports', async () => {
    const junit = path.join(out.dir, 'report.xml');
    const html = path.join(out.dir, 'report.html');
    const run = await runCli(['test', '--target', serve.info.scimUrl, '--token', serve.info.token, '--profile', 'okta,entra,rfc', '--junit', junit, '--html', html, '--no-color'], {}, 110_000);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toContain('PASSED: every must-check passed.');
    expect(run.stdout).toMatch(/Clean-up: \d+ deleted/);
    expect(junitProblems(await readFile(junit, 'utf8'))).toEqual([]);
    expect(await readFile(html, 'utf8')).toContain('PASSED: every must-check passed');
  }, 120_000);

  it('exits 1 when a must-check fails, naming it', async () => {
    const run = await runCli(['test', '--target', broken.url, '--token', broken.token, '--profile', 'rfc', '--no-color'], {}, 60_000);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAIL MUST   POST /Users answers 201 with Location and meta.location (rfc.create.location)');
    expect(run.stdout).toContain('FAILED:');
  }, 90_000);

  it('--json prints the report on stdout', async () => {
    const run = await runCli(['test', '--target', broken.url, '--token', broken.token, '--profile', 'rfc', '--json'], {}, 60_000);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.format).toBe('scimscope-conformance-report/1');
    expect(report.results.find((r: any) => r.id === 'rfc.list.empty-filter').outcome).toBe('fail');
  }, 90_000);

  it.each([
    [['test'], '--target is required'],
    [['test', '--target', 'http://127.0.0.1:1/scim/v2'], '--token is required'],
    [['test', '--target', 'ftp://x', '--token', 't'], 'http(s) URL'],
    [['test', '--target', 'http://127.0.0.1:1', '--token', 't', '--profile', 'okta,nope'], '--profile takes'],
    [['test', '--target', 'http://127.0.0.1:1', '--token', 't', '--auth', 'magic'], '--auth must be'],
    [['test', '--target', 'http://127.0.0.1:1', '--token', 't', '--bogus'], "Unknown option '--bogus'"],
    [['test', '--target', 'http://127.0.0.1:1', '--token', 't', '--runscope', '/nonexistent/file.json'], 'Cannot read the Runscope file'],
    [['test', '--target', 'http://127.0.0.1:1', '--token', 't', '--var', 'x=1'], '--initial-script, --var and --emulate-okta go with --runscope'],
    [['test', '--target', 'http://127.0.0.1:1', '--token', 't', '--junit', '/nonexistent/dir/r.xml'], 'Cannot write /nonexistent/dir/r.xml'],
  ])('exits 2 on a usage error: %j', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });
});
