/**
 * The Scenarios view's admin API over real HTTP: list scenarios, start a run against this sandbox
 * or another SCIM server, Step one request at a time, Run to the end, and never echo credentials.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

/** Resolves once the recorder has stored the exchange (recording finishes after the response). */
function recorded(t: TestSandbox, id: string): Promise<void> {
  if (t.sandbox.exchanges.summary(id)) return Promise.resolve();
  return new Promise((resolve) => {
    const on = (summary: { id: string }) => {
      if (summary.id !== id) return;
      t.sandbox.bus.off('exchange:recorded', on);
      resolve();
    };
    t.sandbox.bus.on('exchange:recorded', on);
  });
}

describe('/api/scenarios and /api/scenario-runs', () => {
  let t: TestSandbox;
  let other: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox({ seed: 'demo' });
    other = await startSandbox({ seed: 'empty' });
  });
  afterAll(async () => {
    await t.close();
    await other.close();
  });

  it('lists every scenario with its steps per IdP, each explained', async () => {
    const res = await t.admin('GET', '/api/scenarios');
    expect(res.status).toBe(200);
    const jml = res.body.items.find((s: { id: string }) => s.id === 'joiner-mover-leaver');
    expect(jml.steps.okta[0]).toMatchObject({ kind: 'user.lookup', method: 'GET', why: expect.stringMatching(/never creates a duplicate/) });
    expect(res.body.profiles.map((p: { id: string }) => p.id)).toEqual(['okta', 'okta-aiw', 'entra', 'entra-flag']);
  });

  it('steps through a run against this sandbox, each step linked to its recorded exchange', async () => {
    const created = await t.admin('POST', '/api/scenario-runs', { body: { scenario: 'leaver', profile: 'okta' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ scenario: 'leaver', targetIsSandbox: true, done: false, outcomes: [] });
    expect(created.body.remaining.map((s: { kind: string }) => s.kind)).toEqual(['user.lookup', 'user.create', 'user.deactivate']);
    const first = await t.admin('POST', `/api/scenario-runs/${created.body.id}/step`);
    expect(first.body.outcomes).toHaveLength(1);
    expect(first.body.outcomes[0]).toMatchObject({ kind: 'user.lookup', ok: true, status: 200 });
    await recorded(t, first.body.outcomes[0].exchangeId);
    const exchange = await t.admin('GET', `/api/exchanges/${first.body.outcomes[0].exchangeId}`);
    expect(exchange.body).toMatchObject({ emulated: 'okta', operation: { kind: 'user.lookup' } });
    const rest = await t.admin('POST', `/api/scenario-runs/${created.body.id}/run`);
    expect(rest.body).toMatchObject({ done: true, passed: true, remaining: [] });
    expect(rest.body.outcomes.map((o: { kind: string }) => o.kind)).toEqual(['user.lookup', 'user.create', 'user.deactivate']);
    const over = await t.admin('POST', `/api/scenario-runs/${created.body.id}/step`);
    expect(over.status).toBe(409);
  });

  it('plays against another SCIM server with its own credentials, and never sends them back', async () => {
    const created = await t.admin('POST', '/api/scenario-runs', { body: { scenario: 'joiner', profile: 'entra', target: { url: other.addresses.scimUrl, auth: 'bearer', token: other.token } } });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain(other.token);
    const done = await t.admin('POST', `/api/scenario-runs/${created.body.id}/run`);
    expect(done.body).toMatchObject({ passed: true, targetIsSandbox: false, target: other.addresses.scimUrl });
    expect(JSON.stringify(done.body)).not.toContain(other.token);
    expect(other.sandbox.store.count('User')).toBe(2);
  });

  it.each([
    [{ scenario: 'nope' }, 404],
    [{ scenario: 'password-sync', profile: 'entra' }, 400],
    [{ scenario: 'joiner', profile: 'onelogin' }, 400],
    [{ scenario: 'joiner', target: { url: 'ftp://x' } }, 400],
    [{ scenario: 'joiner', target: { url: 'http://127.0.0.1:1/scim/v2', auth: 'bearer' } }, 400],
    [{ scenario: 'joiner', extra: true }, 400],
  ])('refuses %j with %i', async (body, status) => {
    const res = await t.admin('POST', '/api/scenario-runs', { body });
    expect(res.status).toBe(status);
  });

  it('answers 404 for an unknown run', async () => {
    expect((await t.admin('POST', '/api/scenario-runs/nope/step')).status).toBe(404);
  });
});
