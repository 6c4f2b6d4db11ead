/**
 * The conformance runner against a deliberately broken SCIM server: each flaw makes exactly the
 * checks that name it fail, with a message a developer can act on, while the same checks pass
 * against the same server without the flaw. Clean-up leaves the server as it was, and falls back
 * to deactivation where DELETE is refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runConformance } from '../../server/conformance/runner.js';
import type { ConformanceReport, ProfileId } from '../../server/conformance/report-model.js';
import { startBrokenScimServer, type BrokenFlaw, type BrokenScimServer } from '../fixtures/broken-scim-server.js';

interface Row {
  flaw: BrokenFlaw;
  profiles: ProfileId[];
  /** check id -> a fragment of its failure message */
  fails: Record<string, string>;
}

const ROWS: Row[] = [
  {
    flaw: 'notFoundForEmptyList',
    profiles: ['rfc', 'okta', 'entra'],
    fails: {
      'rfc.list.empty-filter': 'expected HTTP 200, got 404',
      'okta.spec.03': 'Expected HTTP 200, got 404',
      'okta.spec.05': 'Expected HTTP 200, got 404',
      'entra.lifecycle.01': 'Expected HTTP 200, got 404',
    },
  },
  { flaw: 'missingLocation', profiles: ['rfc'], fails: { 'rfc.create.location': 'No Location header' } },
  {
    flaw: 'conflictWithoutScimType',
    profiles: ['rfc', 'interop'],
    fails: { 'rfc.create.uniqueness': '409 without "scimType": "uniqueness"', 'interop.6.9.1.uniqueness': 'scimType is undefined'},
  },
  {
    flaw: 'stringTotalResults',
    profiles: ['rfc', 'okta'],
    fails: { 'rfc.list.shape': 'not an integer', 'okta.spec.01': 'totalResults exists (a number)', 'okta.spec.03': 'totalResults equals 0' },
  },
  {
    flaw: 'wrongContentType',
    profiles: ['rfc', 'interop', 'entra'],
    fails: { 'rfc.media-type': 'text/plain', 'interop.6.2.media-type': 'text/plain', 'entra.response.media-type': 'text/plain' },
  },
];

let server: BrokenScimServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function run(flaws: BrokenFlaw[], profiles: ProfileId[]): Promise<ConformanceReport> {
  server = await startBrokenScimServer(flaws);
  return runConformance({ target: server.url, token: server.token, auth: 'bearer', profiles });
}

const byId = (report: ConformanceReport, id: string) => {
  const result = report.results.find((r) => r.id === id);
  if (!result) throw new Error(`no check ${id} in the report`);
  return result;
};

describe('conformance runner against a broken SCIM server', { timeout: 90_000 }, () => {
  it.each(ROWS)('$flaw: the checks that name it fail, with a useful message', async ({ flaw, profiles, fails }) => {
    const report = await run([flaw], profiles);
    for (const [id, fragment] of Object.entries(fails)) {
      const result = byId(report, id);
      expect(result.outcome, `${id}: ${result.message}`).toBe('fail');
      expect(result.message).toContain(fragment);
      expect(result.exchanges.length, `${id} records what it sent`).toBeGreaterThan(0);
      expect(result.source.document).not.toBe('');
    }
  });

  it.each(ROWS)('$flaw: without the flaw the same checks pass', async ({ profiles, fails }) => {
    const report = await run([], profiles);
    for (const id of Object.keys(fails)) {
      const result = byId(report, id);
      expect(result.outcome, `${id}: ${result.message} ${result.actual}`).toBe('pass');
    }
  });

  it('the failure says what was sent, expected and got', async () => {
    const report = await run(['missingLocation'], ['rfc']);
    const result = byId(report, 'rfc.create.location');
    expect(result.level).toBe('must');
    expect(result.expected).toContain('Location');
    expect(result.actual).toContain('headers');
    expect(result.exchanges[0]).toMatchObject({ method: 'POST', status: 201 });
    expect(result.exchanges[0]!.requestHeaders.Authorization).toBe('Bearer [redacted]');
    expect(JSON.stringify(report)).not.toContain(server!.token);
    expect(report.summary.mustFailed).toBeGreaterThan(0);
  });

  it('clean-up leaves the server as it was', async () => {
    const report = await run([], ['rfc', 'okta', 'interop']);
    expect(report.cleanup.entries.length).toBeGreaterThan(0);
    expect(report.cleanup.complete).toBe(true);
    expect([...server!.users.keys()]).toEqual(['seed-0001']);
  });

  it('where DELETE is refused, clean-up deactivates and says so', async () => {
    const report = await run(['deleteUnsupported'], ['rfc']);
    const deactivated = report.cleanup.entries.filter((e) => e.action === 'deactivated');
    expect(deactivated.length).toBeGreaterThan(0);
    expect(deactivated[0]!.detail).toContain('405');
    for (const entry of deactivated) expect(server!.users.get(entry.id)?.active).toBe(false);
  });

  it('an unreachable target is an error for every check, not a pass', async () => {
    server = await startBrokenScimServer();
    const url = server.url;
    await server.close();
    server = null;
    const report = await runConformance({ target: url, token: 'x', auth: 'bearer', profiles: ['rfc'] });
    expect(report.results.filter((r) => r.outcome === 'pass')).toEqual([]);
    expect(report.results.filter((r) => r.level === 'must').every((r) => r.outcome === 'error')).toBe(true);
    expect(report.results[0]!.actual).toContain('ECONNREFUSED');
    expect(report.summary.mustFailed).toBeGreaterThan(0);
  });
});
