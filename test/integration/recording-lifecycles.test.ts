/**
 * Every exchange of a scripted Okta and Entra lifecycle is recorded with the right client,
 * lifecycle label, plain-words summary, store changes and lint, and reaches the resource history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../../server/contract/exchange.js';
import { entraLifecycle, oktaLifecycle } from '../fixtures/idp-requests.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { runSteps } from '../helpers/spec-runner.js';

async function record(t: TestSandbox, steps: typeof oktaLifecycle): Promise<Exchange[]> {
  const recorded = nextExchanges(t.sandbox, steps.length);
  await runSteps(t.addresses.scimUrl, steps, { auth: `Bearer ${t.token}` });
  const summaries = await recorded;
  return Promise.all(summaries.map(async (s) => (await t.admin('GET', `/api/exchanges/${s.id}`)).body as Exchange));
}

describe('recording an Okta lifecycle', () => {
  let t: TestSandbox;
  let exchanges: Exchange[];
  beforeAll(async () => {
    t = await startSandbox({ seed: 'empty' });
    exchanges = await record(t, oktaLifecycle);
  });
  afterAll(() => t.close());

  it('labels every exchange as Okta and in lifecycle order', () => {
    expect(exchanges.every((e) => e.client === 'okta')).toBe(true);
    const kinds = exchanges.map((e) => e.operation.kind);
    expect(kinds[0]).toBe('connection.test');
    const order = ['user.lookup', 'user.create', 'user.update', 'user.deactivate', 'user.reactivate', 'group.create', 'group.members.add', 'group.delete'];
    let at = -1;
    for (const kind of order) {
      const index = kinds.indexOf(kind as Exchange['operation']['kind'], at + 1);
      expect(index, `${kind} after position ${at} in ${kinds.join(', ')}`).toBeGreaterThan(at);
      at = index;
    }
  });

  it('summarises in plain words naming the user', () => {
    const deactivate = exchanges.find((e) => e.operation.kind === 'user.deactivate')!;
    expect(deactivate.operation.summary).toMatch(/^Okta deactivated \S+@/);
    const create = exchanges.find((e) => e.operation.kind === 'user.create')!;
    expect(create.operation.summary).toMatch(/^Okta created \S+@/);
  });

  it('records the before and after of each write, group membership side effects included', () => {
    const deactivate = exchanges.find((e) => e.operation.kind === 'user.deactivate')!;
    expect(deactivate.changes).toHaveLength(1);
    expect(deactivate.changes[0]!.before!.active).toBe(true);
    expect(deactivate.changes[0]!.after!.active).toBe(false);
    const add = exchanges.find((e) => e.operation.kind === 'group.members.add')!;
    const userChange = add.changes.find((c) => c.resourceType === 'User');
    expect(userChange?.after?.groups).toBeDefined();
    const lookups = exchanges.filter((e) => e.operation.kind === 'user.lookup');
    expect(lookups.every((e) => e.changes.length === 0)).toBe(true);
  });

  it("builds the user's timeline: created, updated, deactivated, reactivated", async () => {
    const create = exchanges.find((e) => e.operation.kind === 'user.create')!;
    const history = await t.admin('GET', `/api/users/${create.operation.resourceId}/history`);
    const kinds = history.body.items.map((h: { kind: string }) => h.kind);
    expect(kinds.slice(0, 4)).toEqual(['user.create', 'user.update', 'user.deactivate', 'user.reactivate']);
    expect(history.body.items[0].source).toBe('scim');
    expect(history.body.items[0].exchangeId).toBe(create.id);
  });

  it('records timing, sizes, remote address and response headers', () => {
    const create = exchanges.find((e) => e.operation.kind === 'user.create')!;
    expect(create.durationMs).toBeGreaterThan(0);
    expect(create.request.bodySize).toBeGreaterThan(10);
    expect(create.request.remoteAddress).toMatch(/127\.0\.0\.1/);
    expect(create.response.status).toBe(201);
    expect(create.response.headers.location).toContain('/Users/');
    expect(create.outcome).toBe('completed');
  });
});

describe('recording an Entra lifecycle', () => {
  let t: TestSandbox;
  let exchanges: Exchange[];
  beforeAll(async () => {
    t = await startSandbox({ seed: 'empty' });
    exchanges = await record(t, entraLifecycle);
  });
  afterAll(() => t.close());

  it("recognises Entra and uses Entra's words", () => {
    expect(exchanges.filter((e) => e.client === 'entra').length).toBeGreaterThan(exchanges.length * 0.8);
    expect(exchanges[0]!.operation.kind).toBe('connection.test');
    const disable = exchanges.find((e) => e.operation.kind === 'user.deactivate');
    expect(disable?.operation.summary).toMatch(/^Entra( ID)? disabled /);
  });

  it("teaches with lint where Entra deviates from the RFC", () => {
    const codes = new Set(exchanges.flatMap((e) => e.lint.map((l) => l.code)));
    for (const code of ['patch.op.capitalized', 'patch.boolean.string']) expect(codes, [...codes].join(', ')).toContain(code);
    const capitalised = exchanges.flatMap((e) => e.lint).find((l) => l.code === 'patch.op.capitalized')!;
    expect(capitalised.message).toMatch(/RFC 7644/);
    expect(capitalised.level).toBe('warning');
  });
});
