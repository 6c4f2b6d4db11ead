/**
 * Interrupting `scimscope test` (the built CLI, a real child process) against a real sandbox: the
 * signal comes while the sandbox holds the run's first POST /Users (an "after" breakpoint: the user
 * exists, the answer is not sent yet), so the request is in flight when the run is stopped. The
 * run must let that request finish (to learn the id), send no new check, delete everything it
 * created, write the partial report (terminal, --json, --junit, --html) saying it was interrupted,
 * and exit 130 (SIGINT) or 143 (SIGTERM); the same for a Runscope file with the emulated Okta org.
 * A second signal during the clean-up exits at once and names what is still on the target.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PausedExchange } from '../../server/contract/breakpoints.js';
import { CLI } from '../helpers/cli-process.js';
import { junitProblems } from '../helpers/junit-structure.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { tempDir } from '../helpers/temp-dir.js';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'runscope');
let sb: TestSandbox;
let out: { dir: string; remove: () => Promise<void> };
const children = new Set<ChildProcess>();

beforeAll(async () => {
  sb = await startSandbox();
  out = await tempDir('scimscope-interrupt-');
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await sb?.close();
  await out?.remove();
});

interface TestRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves when stderr has matched `pattern` (an event on the child's output, no polling). */
  untilStderr: (pattern: RegExp) => Promise<void>;
  exited: Promise<number | null>;
}

function startTest(args: string[]): TestRun {
  const child = spawn(process.execPath, [CLI, 'test', '--target', sb.addresses.scimUrl, '--token', sb.token, '--no-color', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = once(child, 'exit').then(([code]) => {
    children.delete(child);
    return code as number | null;
  });
  const untilStderr = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!pattern.test(stderr)) return;
        child.stderr!.off('data', check);
        resolve();
      };
      child.stderr!.on('data', check);
      void exited.then(() => reject(new Error(`scimscope test exited before stderr matched ${pattern}:\n${stderr}\n${stdout}`)));
      check();
    });
  return { child, stdout: () => stdout, stderr: () => stderr, untilStderr, exited };
}

function nextPaused(): Promise<PausedExchange> {
  return new Promise((resolve) => sb.sandbox.bus.once('breakpoint:paused', resolve));
}

async function setBreakpoints(rules: Array<Record<string, unknown>>): Promise<void> {
  for (const r of (await sb.admin('GET', '/api/breakpoints')).body.items) await sb.admin('DELETE', `/api/breakpoints/${r.id}`);
  for (const rule of rules) {
    const res = await sb.admin('POST', '/api/breakpoints', { body: rule });
    expect(res.status, res.text).toBe(201);
  }
}

const counts = () => sb.sandbox.store.counts();
const HOLD_CREATE = { name: 'hold the first create', phase: 'after', match: { methods: ['POST'], path: '/Users' } };

/** Starts a run, waits until the sandbox holds its first POST /Users, interrupts it, then lets the POST answer. */
async function interruptAtFirstCreate(args: string[], signal: NodeJS.Signals, hold: Record<string, unknown> = HOLD_CREATE): Promise<{ run: TestRun; paused: PausedExchange }> {
  await setBreakpoints([hold]);
  const held = nextPaused();
  const run = startTest(args);
  const paused = await held;
  run.child.kill(signal);
  await run.untilStderr(new RegExp(`Interrupted \\(${signal}\\)`));
  await setBreakpoints([]);
  const released = await sb.admin('POST', `/api/breakpoints/paused/${paused.id}/continue`, { body: {} });
  expect(released.status, released.text).toBe(200);
  return { run, paused };
}

describe('scimscope test, interrupted', () => {
  it('SIGINT: the request in flight finishes, no new check runs, everything created is removed, the partial reports say so, exit 130', async () => {
    const before = counts();
    const junit = path.join(out.dir, 'interrupted.xml');
    const html = path.join(out.dir, 'interrupted.html');
    const { run } = await interruptAtFirstCreate(['--junit', junit, '--html', html], 'SIGINT');
    expect(await run.exited, run.stderr()).toBe(130);
    expect(counts()).toEqual(before);
    const text = run.stdout();
    expect(text).toMatch(/INTERRUPTED \(SIGINT\) after \d+ of \d+ checks: the results are partial/);
    // The held POST is the last request of the okta profile's create check: it ends, and the run stops after it.
    expect(text).toContain('Note: The run was interrupted (SIGINT) after 6 of 97 checks; 91 were not run.');
    expect(text).toContain('okta  (6/6 passed)');
    // The user the held POST created was learnt from its answer and deleted.
    expect(text).toMatch(/Clean-up: [1-9]\d* deleted, 0 deactivated \(DELETE unsupported\), 0 already gone\n/);
    expect(text).not.toContain('NOT removed');
    const xml = await readFile(junit, 'utf8');
    expect(junitProblems(xml)).toEqual([]);
    expect(xml).toMatch(/<property name="interrupted" value="The run was interrupted \(SIGINT\) after \d+ of \d+ checks/);
    expect(await readFile(html, 'utf8')).toMatch(/INTERRUPTED \(SIGINT\) after \d+ of \d+ checks: partial results/);
  }, 90_000);

  it('SIGTERM with --json: the partial report on stdout, interrupted and cleaned up, exit 143', async () => {
    const before = counts();
    // Held: the creation of the run's shared test user, which the check that asked for it then reads.
    const { run } = await interruptAtFirstCreate(['--json', '--profile', 'rfc'], 'SIGTERM', { ...HOLD_CREATE, match: { ...HOLD_CREATE.match, bodyContains: '-fixture-' } });
    expect(await run.exited, run.stderr()).toBe(143);
    expect(counts()).toEqual(before);
    const report = JSON.parse(run.stdout());
    // rfc.create.uniqueness asked for that user; its next request was refused, so it is cut short, and no later check ran.
    expect(report.interrupted).toEqual({ signal: 'SIGTERM', completed: 5, planned: 17, cutShort: 'rfc.create.uniqueness' });
    expect(report.results.map((r: { id: string }) => r.id).at(-1)).toBe('rfc.create.uniqueness');
    expect(report.results.find((r: { id: string }) => r.id === report.interrupted.cutShort)).toMatchObject({ outcome: 'skip', message: 'Cut short: the run was interrupted (SIGTERM) before this check finished.' });
    expect(report.cleanup.complete).toBe(true);
    expect(report.cleanup.entries.length).toBeGreaterThan(0);
    expect(report.cleanup.entries.every((e: { action: string }) => e.action === 'deleted')).toBe(true);
  }, 90_000);

  it('a Runscope file with --emulate-okta: the emulated provisioning in flight finishes, its user is removed, exit 130', async () => {
    const before = counts();
    const { run } = await interruptAtFirstCreate(['--runscope', path.join(FIXTURES, 'scimscope-crud-test.json'), '--initial-script', path.join(FIXTURES, 'crud-initial-script.js'), '--emulate-okta'], 'SIGINT');
    expect(await run.exited, run.stderr()).toBe(130);
    expect(counts()).toEqual(before);
    const text = run.stdout();
    expect(text).toMatch(/INTERRUPTED \(SIGINT\) after 3 of 14 checks: the results are partial/);
    expect(text).toContain('Note: The run was interrupted (SIGINT) after 3 of 14 checks; 11 were not run.');
    expect(text).toContain('Clean-up: 1 deleted, 0 deactivated (DELETE unsupported), 0 already gone');
  }, 90_000);

  it('a second signal during the clean-up exits at once, naming what is still on the target', async () => {
    const before = counts();
    await setBreakpoints([HOLD_CREATE]);
    const held = nextPaused();
    const run = startTest([]);
    const paused = await held;
    run.child.kill('SIGINT');
    await run.untilStderr(/Interrupted \(SIGINT\)/);
    // Hold the clean-up's first DELETE, then let the create answer.
    await setBreakpoints([{ name: 'hold the clean-up', phase: 'before', match: { methods: ['DELETE'] } }]);
    const cleanupHeld = nextPaused();
    expect((await sb.admin('POST', `/api/breakpoints/paused/${paused.id}/continue`, { body: {} })).status).toBe(200);
    expect((await cleanupHeld).method).toBe('DELETE');
    run.child.kill('SIGINT');
    expect(await run.exited, run.stderr()).toBe(130);
    await setBreakpoints([]);
    const listed = [...run.stderr().matchAll(/^ {2}(User|Group) (\S+)$/gm)].map((m) => ({ type: m[1]!, id: m[2]! }));
    expect(run.stderr()).toContain(`SIGINT again: exiting without finishing the clean-up. Still on the target ${sb.addresses.scimUrl}:`);
    expect(listed.length).toBeGreaterThan(0);
    // The held DELETE had no answer: said, since the list cannot account for it.
    expect(run.stderr()).toContain('1 request(s) had not been answered yet');
    // Exactly what the run left: each one there, and nothing else.
    for (const r of listed) expect((await sb.scim('GET', `/${r.type}s/${r.id}`)).status).toBe(200);
    const users = listed.filter((r) => r.type === 'User').length;
    expect(counts().users).toBe(before.users + users);
    expect(counts().groups).toBe(before.groups + listed.length - users);
    expect(run.stdout()).toBe('');
    for (const r of listed) await sb.scim('DELETE', `/${r.type}s/${r.id}`);
  }, 90_000);
});
