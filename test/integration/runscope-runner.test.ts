/**
 * The Runscope runner against a real sandbox, on a fixture written in the format of Okta's Runscope
 * exports: the initial script's variables, --target/--token as SCIMBaseURL and auth, extractors
 * feeding later steps, Runscope's assertion kinds, before and post-response scripts, pauses
 * shortened by speed, a failing assertion and a failing script reported as failures, a skipped
 * step, an unsupported step kind noted, a runaway script stopped, and the created user removed; and
 * Runscope's order on a fidelity fixture: post-response scripts before assertions, the live request a
 * before-script edits (url, body, headers), --var set before the initial script runs.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunscopeExport, RunscopeFileError } from '../../server/conformance/runscope/runscope-file.js';
import { runRunscope } from '../../server/conformance/runscope/runscope-runner.js';
import type { ConformanceReport } from '../../server/conformance/report-model.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const DIR = path.resolve(import.meta.dirname, '..', 'fixtures', 'runscope');
let sb: TestSandbox;
let report: ConformanceReport;
const pauses: number[] = [];

beforeAll(async () => {
  sb = await startSandbox();
  const tests = parseRunscopeExport(await readFile(path.join(DIR, 'scimscope-runscope-test.json'), 'utf8'), 'scimscope-runscope-test.json');
  const initialScript = await readFile(path.join(DIR, 'initial-script.js'), 'utf8');
  report = await runRunscope({
    tests,
    fileName: 'scimscope-runscope-test.json',
    target: sb.addresses.scimUrl,
    token: sb.token,
    auth: 'bearer',
    initialScript,
    speed: 50,
    sleep: async (ms) => void pauses.push(ms),
  });
}, 90_000);
afterAll(async () => {
  await sb?.close();
});

describe('Runscope runner', () => {
  it('runs every request step in order, one result each', () => {
    expect(report.results.map((r) => [r.id, r.outcome])).toEqual([
      ['runscope.01', 'pass'],
      ['runscope.02', 'pass'],
      ['runscope.03', 'pass'],
      ['runscope.04', 'pass'],
      ['runscope.05', 'fail'],
      ['runscope.06', 'fail'],
      ['runscope.07', 'skip'],
    ]);
  });

  it('a failing assertion says what it expected and what came back', () => {
    expect(report.results[4]!.message).toBe('json totalResults equal 2: got 1');
    expect(report.results[4]!.exchanges[0]!.url).toContain('filter=userName%20eq%20%22runscope-fixture-');
  });

  it('a failing script assertion is a failure with its message', () => {
    expect(report.results[5]!.message).toContain('post-response script 1: the script expects a 500');
  });

  it('scripts log, and the initial script and extractors feed later steps', () => {
    expect(report.results[0]!.actual).toMatch(/log: users \d+/);
    const created = report.results[1]!.exchanges[0]!;
    expect(created.requestBody).toMatch(/"userName":"runscope-fixture-\d+@example.com"/);
    expect(report.results[2]!.exchanges[0]!.url).toContain(JSON.parse(created.responseBody!).id);
  });

  it('pauses are shortened by speed', () => {
    expect(pauses).toEqual([100, 200]);
  });

  it('notes the step kind it did not run, and sends auth and the target as variables', () => {
    expect(report.notes.join(' ')).toContain('A "condition" step');
    expect(report.results[0]!.exchanges[0]!.requestHeaders.Authorization).toBe('Bearer [redacted]');
    expect(report.results[3]!.exchanges[0]!.status).toBe(401);
  });

  it('removes the user the file created', async () => {
    expect(report.cleanup.entries).toEqual([expect.objectContaining({ resourceType: 'User', action: 'deleted' })]);
    const gone = await sb.scim('GET', `/Users/${report.cleanup.entries[0]!.id}`);
    expect(gone.status).toBe(404);
  });

  it('stops a runaway script', async () => {
    const tests = parseRunscopeExport(JSON.stringify({ name: 'loop', steps: [{ step_type: 'request', method: 'GET', url: '{{SCIMBaseURL}}/ServiceProviderConfig', headers: { Authorization: '{{auth}}' }, assertions: [], scripts: ['while (true) {}'] }] }));
    const looped = await runRunscope({ tests, fileName: 'loop.json', target: sb.addresses.scimUrl, token: sb.token, auth: 'bearer' });
    expect(looped.results[0]!.outcome).toBe('fail');
    expect(looped.results[0]!.message).toContain('ran longer than 1000 ms');
  });

  it('a script cannot reach this process', async () => {
    const tests = parseRunscopeExport(JSON.stringify({ name: 'escape', steps: [{ step_type: 'request', method: 'GET', url: '{{SCIMBaseURL}}/ServiceProviderConfig', headers: { Authorization: '{{auth}}' }, scripts: ["assert.equal(typeof process, 'undefined'); assert.equal(typeof require, 'undefined'); assert.equal(typeof fetch, 'undefined');"] }] }));
    const result = await runRunscope({ tests, fileName: 'escape.json', target: sb.addresses.scimUrl, token: sb.token, auth: 'bearer' });
    expect(result.results[0]!.outcome, result.results[0]!.message).toBe('pass');
  });

  it("runs as Runscope does: scripts before assertions, the request a before-script edits, --var before the initial script", async () => {
    const fidelity = await runRunscope({
      tests: parseRunscopeExport(await readFile(path.join(DIR, 'runscope-fidelity.json'), 'utf8')),
      fileName: 'runscope-fidelity.json',
      target: sb.addresses.scimUrl,
      token: sb.token,
      auth: 'bearer',
      initialScript: await readFile(path.join(DIR, 'fidelity-initial-script.js'), 'utf8'),
      vars: { fromVar: 'X', setTwice: 'by --var' },
    });
    expect(fidelity.results.map((r) => [r.title, r.outcome, r.message])).toEqual(fidelity.results.map((r) => [r.title, 'pass', 'Passed.']));
    expect(fidelity.results).toHaveLength(5);
    expect(fidelity.notes.join(' ')).not.toContain('never set');
    // What the before-scripts left is what went over the wire.
    expect(fidelity.results[1]!.exchanges[0]!.url).toBe(`${sb.addresses.scimUrl}/ServiceProviderConfig`);
    expect(JSON.parse(fidelity.results[2]!.exchanges[0]!.requestBody!).userName).toMatch(/^runscope-fidelity-\d+@example.com$/);
    expect(fidelity.results[3]!.exchanges[0]!.requestHeaders.Authorization).toBe('Bearer [redacted]');
    // The user the edited body created is removed.
    expect(fidelity.cleanup.entries).toEqual([expect.objectContaining({ resourceType: 'User', action: 'deleted' })]);
    expect((await sb.scim('GET', `/Users/${fidelity.cleanup.entries[0]!.id}`)).status).toBe(404);
  });

  it.each([
    ['not JSON', '{', 'is not JSON'],
    ['no steps', '{"name":"x"}', 'is not a Runscope API-test export (steps'],
    ['a request without url', '{"steps":[{"step_type":"request","method":"GET"}]}', 'is not a Runscope API-test export'],
  ])('refuses a file that is %s', (_label, text, message) => {
    expect(() => parseRunscopeExport(text, 'f.json')).toThrow(RunscopeFileError);
    expect(() => parseRunscopeExport(text, 'f.json')).toThrow(message);
  });
});
