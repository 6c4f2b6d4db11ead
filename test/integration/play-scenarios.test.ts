/**
 * Playing the IdP against a real sandbox over HTTP: every scenario, as every IdP profile that has
 * it, gets what it expects at each step, and the recorder labels each exchange as the scenario says
 * (kind, client, "(emulated)"). Okta's back-off on 429 is played against a real fault rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExchangeSummary } from '../../server/contract/exchange.js';
import { PROFILES, type ProfileId } from '../../server/idp/profiles.js';
import { ScenarioRun } from '../../server/idp/scenario-runner.js';
import { SCENARIOS, scenarioSteps } from '../../server/idp/scenarios.js';
import { closedPort } from '../helpers/ports.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const CASES = SCENARIOS.flatMap((s) => s.profiles.map((p) => [s.id, p] as [string, ProfileId]));

/** Resolves once the exchanges with these ids have all been recorded. */
function recordedExchanges(t: TestSandbox, ids: string[]): Promise<Map<string, ExchangeSummary>> {
  const wanted = new Set(ids);
  const found = new Map<string, ExchangeSummary>();
  for (const id of ids) {
    const e = t.sandbox.exchanges.summary(id);
    if (e) found.set(id, e);
  }
  if (found.size === wanted.size) return Promise.resolve(found);
  return new Promise((resolve) => {
    const on = (summary: ExchangeSummary) => {
      if (!wanted.has(summary.id)) return;
      found.set(summary.id, summary);
      if (found.size === wanted.size) {
        t.sandbox.bus.off('exchange:recorded', on);
        resolve(found);
      }
    };
    t.sandbox.bus.on('exchange:recorded', on);
  });
}

describe('playing scenarios against the sandbox', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox({ seed: 'demo' });
  });
  afterAll(() => t.close());

  it('offers every scenario to at least one profile, and the trainers\' story to Okta and Entra', () => {
    for (const s of SCENARIOS) expect(s.profiles.length, s.id).toBeGreaterThan(0);
    expect(SCENARIOS.find((s) => s.id === 'joiner-mover-leaver')!.profiles).toEqual(expect.arrayContaining(['okta', 'okta-aiw', 'entra', 'entra-flag']));
  });

  it.each(CASES)('%s as %s: every step gets what the IdP expects, recorded as the step says', async (scenario, profile) => {
    const run = new ScenarioRun(scenario, profile, { scimUrl: t.addresses.scimUrl, authorization: `Bearer ${t.token}` });
    const outcomes = await run.runAll();
    expect(outcomes.filter((o) => !o.ok).map((o) => `${o.name}: ${o.failures.join('; ')}`)).toEqual([]);
    expect(outcomes.length).toBeGreaterThanOrEqual(scenarioSteps(scenario, profile)!.length);
    expect(outcomes.every((o) => o.exchangeId !== null)).toBe(true);
    const recorded = await recordedExchanges(t, outcomes.map((o) => o.exchangeId!));
    for (const outcome of outcomes) {
      const exchange = recorded.get(outcome.exchangeId!)!;
      expect({ step: outcome.name, kind: exchange.operation.kind }).toEqual({ step: outcome.name, kind: outcome.kind });
      expect(exchange.client).toBe(PROFILES[profile].client);
      expect(exchange.emulated).toBe(profile);
      expect(exchange.operation.summary).toMatch(/^(Okta|Entra ID|Entra) \(emulated\) /);
    }
  });

  it('pages a full import until totalResults is reached', async () => {
    await t.admin('POST', '/api/users/generate', { body: { count: 230 } });
    const run = new ScenarioRun('import', 'okta', { scimUrl: t.addresses.scimUrl, authorization: `Bearer ${t.token}` });
    const outcomes = await run.runAll();
    const userPages = outcomes.filter((o) => o.kind === 'user.import').map((o) => /startIndex=(\d+)/.exec(o.path)![1]);
    const total = t.sandbox.store.count('User');
    expect(userPages).toEqual(Array.from({ length: Math.ceil(total / 100) }, (_, i) => String(1 + i * 100)));
  });

  it('gives every run fresh identities, so a scenario can be played again', async () => {
    for (let i = 0; i < 2; i++) {
      const run = new ScenarioRun('joiner', 'entra', { scimUrl: t.addresses.scimUrl, authorization: `Bearer ${t.token}` });
      const outcomes = await run.runAll();
      expect(outcomes.every((o) => o.ok), JSON.stringify(outcomes.map((o) => o.failures))).toBe(true);
    }
  });

  it('refuses a scenario an IdP does not have', () => {
    expect(() => new ScenarioRun('password-sync', 'entra', { scimUrl: t.addresses.scimUrl, authorization: null })).toThrow(/no Entra ID version/);
  });

  it('reports an unreachable target as a failed step, not a crash', async () => {
    const port = await closedPort();
    const run = new ScenarioRun('connection-test', 'okta', { scimUrl: `http://127.0.0.1:${port}/scim/v2`, authorization: 'Bearer x' }, { timeoutMs: 5_000 });
    const first = await run.next();
    expect(first!.ok).toBe(false);
    expect(first!.status).toBe(0);
    expect(first!.failures[0]).toMatch(/no answer: ECONNREFUSED/);
  });
});

describe("Okta's 429 back-off", () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox({ seed: 'empty' });
  });
  afterAll(() => t.close());

  it.each([
    // Retry-After as the fault sends it, waits before the speed factor
    [1, 2, [1_000, 1_000]],
    ['http-date', 2, [300_000, 600_000]],
    [null, 3, [300_000, 600_000, 1_200_000]],
  ] as const)('Retry-After %s on %i attempts: waits %j and then succeeds', async (retryAfter, times, expectedWaits) => {
    const rule = await t.admin('POST', '/api/faults', { body: { name: `429 ${retryAfter}`, match: { operations: ['user.create'] }, when: { times }, action: { type: 'rateLimit', retryAfter } } });
    expect(rule.status).toBe(201);
    const waits: number[] = [];
    const run = new ScenarioRun('okta-429-backoff', 'okta', { scimUrl: t.addresses.scimUrl, authorization: `Bearer ${t.token}` }, {
      speed: 1000,
      sleep: async (ms) => {
        waits.push(ms * 1000);
      },
    });
    const outcomes = await run.runAll();
    const create = outcomes.find((o) => o.kind === 'user.create')!;
    expect(create.ok).toBe(true);
    expect(create.attempts).toBe(times + 1);
    expect(waits.map(Math.round)).toEqual(expectedWaits);
    await t.admin('DELETE', `/api/faults/${rule.body.id}`);
  });

  it('Entra does not retry (its 429 behaviour is undocumented)', async () => {
    const rule = await t.admin('POST', '/api/faults', { body: { name: 'entra 429', match: { operations: ['user.lookup'] }, when: { times: 1 }, action: { type: 'rateLimit', retryAfter: 1 } } });
    const run = new ScenarioRun('joiner', 'entra', { scimUrl: t.addresses.scimUrl, authorization: `Bearer ${t.token}` });
    const first = await run.next();
    expect(first).toMatchObject({ status: 429, attempts: 1, ok: false });
    await t.admin('DELETE', `/api/faults/${rule.body.id}`);
  });
});
