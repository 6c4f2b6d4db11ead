/**
 * A CRUD test in the shape of Okta's (Okta API calls, then reads of the SCIM app) run with
 * --emulate-okta against a real sandbox: the emulated org answers the Okta calls and provisions the
 * sandbox as Okta's engine does (create, PUT profile update, PATCH deactivate/reactivate), the
 * sandbox records that traffic as emulated Okta, a call the emulator does not emulate is a skip
 * that says so, the wrong SSWS token is refused, the provisioned user is removed afterwards, and an
 * interrupted run stops after its step under way, closes the emulated org and still cleans up.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunscopeExport } from '../../server/conformance/runscope/runscope-file.js';
import { runRunscope, type RunscopeOptions } from '../../server/conformance/runscope/runscope-runner.js';
import { exitCodeOf, type ConformanceReport } from '../../server/conformance/report-model.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const DIR = path.resolve(import.meta.dirname, '..', 'fixtures', 'runscope');
let sb: TestSandbox;
let report: ConformanceReport;
const WANTED = ['user.lookup', 'user.create', 'user.update', 'user.deactivate', 'user.reactivate'];
let emulatedKinds: Promise<Set<string>>;

/** The fixture's CRUD test, run with --emulate-okta against the sandbox (`extra`: how this run waits or stops). */
async function runCrudTest(extra: Partial<RunscopeOptions>): Promise<ConformanceReport> {
  return runRunscope({
    tests: parseRunscopeExport(await readFile(path.join(DIR, 'scimscope-crud-test.json'), 'utf8')),
    fileName: 'scimscope-crud-test.json',
    target: sb.addresses.scimUrl,
    token: sb.token,
    auth: 'bearer',
    initialScript: await readFile(path.join(DIR, 'crud-initial-script.js'), 'utf8'),
    emulateOkta: true,
    ...extra,
  });
}

beforeAll(async () => {
  sb = await startSandbox();
  // Collect, by event, the lifecycle kinds of the exchanges the sandbox records as emulated Okta.
  emulatedKinds = new Promise((resolve, reject) => {
    const kinds = new Set<string>();
    const timer = setTimeout(() => reject(new Error(`only ${[...kinds].join(', ')} were recorded`)), 20_000);
    sb.sandbox.bus.on('exchange:recorded', (summary) => {
      if (/Okta \(emulated\)/.test(summary.operation?.summary ?? '')) kinds.add(summary.operation.kind);
      if (WANTED.every((k) => kinds.has(k))) {
        clearTimeout(timer);
        resolve(kinds);
      }
    });
  });
  report = await runCrudTest({ sleep: async () => undefined });
}, 90_000);
afterAll(async () => {
  await sb?.close();
});

describe('emulated Okta org for the CRUD test', () => {
  it('answers the Okta calls and provisions the target so every SCIM verification passes', () => {
    const outcomes = report.results.map((r) => `${r.outcome} ${r.title}`);
    expect(outcomes.slice(0, -1).every((o) => o.startsWith('pass')), outcomes.join('\n')).toBe(true);
    expect(report.notes.join(' ')).toMatch(/emulated Okta org answered .* sent \d+ SCIM requests/);
  });

  it('a call the emulator does not emulate is skipped, saying so, not failed and not invented', () => {
    const last = report.results.at(-1)!;
    expect([last.outcome, last.message]).toEqual(['skip', 'The emulated Okta org does not emulate GET /api/v1/groups; run against a real Okta org to check this step.']);
    expect(last.exchanges[0]!.status).toBe(501);
    expect(report.notes.join(' ')).toContain(`Skipped, not passed: ${last.id} (GET /api/v1/groups) called Okta APIs the emulated org does not emulate`);
    expect(exitCodeOf(report)).toBe(0);
  });

  it("the sandbox saw Okta's provisioning requests, marked emulated", async () => {
    expect([...(await emulatedKinds)]).toEqual(expect.arrayContaining(WANTED));
  });

  it('removes the provisioned user at the end', async () => {
    expect(report.cleanup.entries).toEqual([expect.objectContaining({ resourceType: 'User', action: 'deleted' })]);
    expect((await sb.scim('GET', `/Users/${report.cleanup.entries[0]!.id}`)).status).toBe(404);
  });

  it('an interrupted run stops after the step under way, closes the emulated org and removes what it provisioned', async () => {
    const before = sb.sandbox.store.counts();
    const controller = new AbortController();
    const run = await runCrudTest({
      // Stopped once the assignment (step 3) has provisioned the user: the 20 s pause after it ends at once.
      onResult: (r) => r.id === 'runscope.03' && controller.abort('SIGINT'),
      signal: controller.signal,
    });
    expect(run.results.map((r) => [r.id, r.outcome])).toEqual([['runscope.01', 'pass'], ['runscope.02', 'pass'], ['runscope.03', 'pass']]);
    expect(run.interrupted).toEqual({ signal: 'SIGINT', completed: 3, planned: 14, cutShort: null });
    expect(run.cleanup.entries).toEqual([expect.objectContaining({ resourceType: 'User', action: 'deleted' })]);
    expect(sb.sandbox.store.counts()).toEqual(before);
    const oktaUrl = run.results[0]!.exchanges[0]!.url;
    await expect(fetch(oktaUrl)).rejects.toThrow();
  });

  it('refuses a wrong SSWS token', async () => {
    const tests = parseRunscopeExport(JSON.stringify({ name: 'bad token', steps: [{ step_type: 'request', method: 'GET', url: '{{oktaOrgUrl}}/api/v1/apps/{{oktaAppId}}', headers: { Authorization: 'SSWS wrong' }, assertions: [{ source: 'response_status', comparison: 'equal_number', value: 401 }] }] }));
    const run = await runRunscope({ tests, fileName: 'bad.json', target: sb.addresses.scimUrl, token: sb.token, auth: 'bearer', emulateOkta: true });
    expect(run.results[0]!.outcome, run.results[0]!.message).toBe('pass');
  });
});
