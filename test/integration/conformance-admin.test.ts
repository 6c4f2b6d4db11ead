/**
 * POST /api/conformance-runs over the real admin API: with no target it checks the sandbox itself
 * with its own credentials and answers the JSON report; with a target it checks that server; runs
 * are listed and read back; bad input is refused; the admin token guards it like every route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokenScimServer, type BrokenScimServer } from '../fixtures/broken-scim-server.js';
import { request } from '../helpers/http.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sb: TestSandbox;
let broken: BrokenScimServer;
beforeAll(async () => {
  sb = await startSandbox();
  broken = await startBrokenScimServer(['missingLocation']);
});
afterAll(async () => {
  await broken?.close();
  await sb?.close();
});

describe('admin API: conformance runs', { timeout: 90_000 }, () => {
  it('checks the sandbox itself by default and answers the report', async () => {
    const res = await sb.admin('POST', '/api/conformance-runs', { body: { profiles: ['rfc'] } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ format: 'scimscope-conformance-report/1', target: sb.addresses.scimUrl, profiles: ['rfc'], summary: { mustFailed: 0 } });
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.text).not.toContain(sb.token);
    const listed = await sb.admin('GET', '/api/conformance-runs');
    expect(listed.body.items[0]).toMatchObject({ id: res.body.id, profiles: ['rfc'] });
    const one = await sb.admin('GET', `/api/conformance-runs/${res.body.id}`);
    expect(one.body.results).toHaveLength(res.body.results.length);
  });

  it('checks another server with the token given, and keeps the token out of the report', async () => {
    const res = await sb.admin('POST', '/api/conformance-runs', { body: { profiles: ['rfc'], target: broken.url, token: broken.token } });
    expect(res.status).toBe(201);
    expect(res.body.results.find((r: any) => r.id === 'rfc.create.location').outcome).toBe('fail');
    expect(res.text).not.toContain(broken.token);
  });

  it.each([
    [{ profiles: ['nope'] }, 'profiles.0'],
    [{ target: 'http://127.0.0.1:1/scim/v2' }, 'token'],
    [{ target: 'file:///etc/passwd', token: 'x' }, 'target'],
    [{ extra: true }, ''],
  ])('refuses %j', async (body, path) => {
    const res = await sb.admin('POST', '/api/conformance-runs', { body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_input');
    expect(JSON.stringify(res.body.error.details)).toContain(path);
  });

  it('needs the admin token', async () => {
    const res = await request(`${sb.addresses.adminUrl}/api/conformance-runs`, { method: 'POST', body: {} });
    expect(res.status).toBe(401);
  });

  it('an unknown run is 404', async () => {
    expect((await sb.admin('GET', '/api/conformance-runs/nope')).status).toBe(404);
  });
});
