/**
 * The rule editor's form model (rule → form → rule round trips, the rule each form field produces,
 * and the messages for what cannot be saved), and the Faults view driving a fake admin client:
 * toggling, reordering, the editor saving and showing the server's refusal.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FaultPreset, FaultRule } from '../../server/contract/index.js';
import { ApiFailure, type AdminClient, type PublicSettings } from '../../renderer/api/admin-client.js';
import type { LiveSocket } from '../../renderer/api/live-socket.js';
import { ServicesContext } from '../../renderer/app-services.js';
import { serverState } from '../../renderer/state/server-state.js';
import { TrafficStore } from '../../renderer/state/traffic-store.js';
import { FaultsView } from '../../renderer/views/faults/faults-view.js';
import { emptyForm, formToRule, parseRuleJson, ruleDefinition, ruleToForm, type RuleDefinition, type RuleForm } from '../../renderer/views/faults/rule-form.js';
import { publicSettings } from './settings-fixtures.js';

const def = (over: Partial<RuleDefinition>): RuleDefinition => ({ name: 'r', enabled: true, match: {}, when: {}, action: { type: 'drop' }, ...over });

describe('rule ↔ form', () => {
  it.each<[string, RuleDefinition]>([
    ['empty match, drop', def({})],
    ['Okta 429 every 2nd create', def({ name: 'Okta 429', match: { operations: ['user.create'], clients: ['okta'] }, when: { everyNth: 2 }, action: { type: 'rateLimit', retryAfter: 120 }, preset: 'okta-rate-limit' })],
    ['HTTP-date retry', def({ action: { type: 'rateLimit', retryAfter: 'http-date', httpDateSeconds: 300 } })],
    ['HTTP-date retry, default offset', def({ action: { type: 'rateLimit', retryAfter: 'http-date' } })],
    ['no Retry-After', def({ action: { type: 'rateLimit', retryAfter: null } })],
    ['latency with jitter, all match fields', def({ match: { methods: ['GET', 'POST'], path: '/Users*', operations: ['group.members.*'], clients: ['entra'], bodyContains: 'x', headerContains: 'User-Agent: Okta' }, when: { probability: 0.25, nth: 3, times: 1 }, action: { type: 'latency', ms: 3000, jitterMs: 500 } })],
    ['error with every field and extra headers', def({ enabled: false, action: { type: 'error', status: 409, scimType: 'uniqueness', detail: 'User already exists.', headers: { 'X-Why': 'test' } } })],
    ['timeout, default', def({ action: { type: 'timeout' } })],
    ['timeout, 150 ms', def({ action: { type: 'timeout', maxMs: 150 } })],
    ['malformed with status', def({ action: { type: 'malformed', status: 500 } })],
    ['empty body, default status', def({ action: { type: 'emptyBody' } })],
    ['empty body 201', def({ action: { type: 'emptyBody', status: 201 } })],
    ['wrong content type', def({ action: { type: 'wrongContentType', contentType: 'application/json' } })],
    ['wrong content type, default', def({ action: { type: 'wrongContentType' } })],
    ['probability with decimals', def({ when: { probability: 0.333 } })],
  ])('%s survives a round trip', (_, rule) => {
    expect(formToRule(ruleToForm(rule))).toEqual({ ok: true, rule });
  });

  const build = (over: Partial<RuleForm>) => formToRule({ ...emptyForm(), name: 'n', ...over });

  it.each<[string, Partial<RuleForm>, Partial<RuleDefinition>]>([
    ['blank fields are left out', { actionType: 'drop' }, { match: {}, when: {}, action: { type: 'drop' } }],
    ['trimmed path, chips as arrays', { path: '  /Groups/* ', methods: ['PATCH'], operations: ['group.rename'], clients: ['okta'], actionType: 'drop' }, { match: { path: '/Groups/*', methods: ['PATCH'], operations: ['group.rename'], clients: ['okta'] } }],
    ['chance in percent', { probabilityPercent: '20', actionType: 'drop' }, { when: { probability: 0.2 } }],
    ['numbers for the when fields', { nth: '3', everyNth: '2', times: '5', actionType: 'drop' }, { when: { nth: 3, everyNth: 2, times: 5 } }],
    ['the default error', {}, { action: { type: 'error', status: 503 } }],
    ['error with a scimType', { errorStatus: '400', scimType: ' invalidValue ', detail: 'Nope' }, { action: { type: 'error', status: 400, scimType: 'invalidValue', detail: 'Nope' } }],
    ['Retry-After seconds', { actionType: 'rateLimit', retryAfterMode: 'seconds', retryAfterSeconds: '30' }, { action: { type: 'rateLimit', retryAfter: 30 } }],
    ['Retry-After date', { actionType: 'rateLimit', retryAfterMode: 'http-date', httpDateSeconds: '60' }, { action: { type: 'rateLimit', retryAfter: 'http-date', httpDateSeconds: 60 } }],
    ['Retry-After none', { actionType: 'rateLimit', retryAfterMode: 'none' }, { action: { type: 'rateLimit', retryAfter: null } }],
    ['timeout in seconds', { actionType: 'timeout', timeoutSeconds: '2.5' }, { action: { type: 'timeout', maxMs: 2500 } }],
    ['latency', { actionType: 'latency', latencyMs: '250', jitterMs: '' }, { action: { type: 'latency', ms: 250 } }],
    ['blank content type means the default', { actionType: 'wrongContentType', contentType: ' ' }, { action: { type: 'wrongContentType' } }],
  ])('%s', (_, form, expected) => {
    const result = build(form);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.rule).toMatchObject(expected);
  });

  it.each<[Partial<RuleForm>, keyof RuleForm, RegExp]>([
    [{ name: '  ' }, 'name', /name/],
    [{ probabilityPercent: '120' }, 'probabilityPercent', /0 to 100/],
    [{ probabilityPercent: 'abc' }, 'probabilityPercent', /percentage/],
    [{ nth: '0' }, 'nth', /whole number from 1/],
    [{ everyNth: '1.5' }, 'everyNth', /whole number/],
    [{ times: '-1' }, 'times', /whole number/],
    [{ errorStatus: '200' }, 'errorStatus', /400 to 599/],
    [{ errorStatus: '' }, 'errorStatus', /required/],
    [{ actionType: 'latency', latencyMs: '' }, 'latencyMs', /required/],
    [{ actionType: 'latency', latencyMs: '700000' }, 'latencyMs', /600,000/],
    [{ actionType: 'rateLimit', retryAfterMode: 'seconds', retryAfterSeconds: '90000' }, 'retryAfterSeconds', /86,400/],
    [{ actionType: 'timeout', timeoutSeconds: '0.01' }, 'timeoutSeconds', /0\.1 to 600/],
    [{ actionType: 'emptyBody', emptyBodyStatus: '404' }, 'emptyBodyStatus', /200 to 299/],
  ])('refuses %j', (form, field, message) => {
    const result = formToRule({ ...emptyForm(), name: 'n', ...form });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[field]).toMatch(message);
  });

  it('strips the id and counters of a stored rule', () => {
    const stored: FaultRule = { id: 'x', matched: 3, hits: 1, lastHitAt: 'now', ...def({ name: 'kept' }) };
    expect(ruleDefinition(stored)).toEqual(def({ name: 'kept' }));
  });

  it('parses the JSON tab, with readable refusals', () => {
    expect(parseRuleJson('{"name":"a","action":{"type":"drop"}}')).toEqual({ ok: true, rule: { name: 'a', action: { type: 'drop' } } });
    expect(parseRuleJson('{"name":')).toMatchObject({ ok: false, error: expect.stringMatching(/Not valid JSON/) });
    expect(parseRuleJson('[]')).toMatchObject({ ok: false, error: expect.stringMatching(/object/) });
    expect(parseRuleJson('{"name":"a"}')).toMatchObject({ ok: false, error: expect.stringMatching(/"action"/) });
    expect(parseRuleJson('{"action":{"type":"explode"}}')).toMatchObject({ ok: false, error: expect.stringMatching(/Unknown action type "explode"/) });
  });
});

// ---- The view, over a fake admin client ----

const settings = publicSettings({ quirks: { stringTotalResults: true } });

const stored = (id: string, over: Partial<FaultRule> = {}): FaultRule => ({ id, name: `Rule ${id}`, enabled: true, match: {}, when: {}, action: { type: 'drop' }, matched: 0, hits: 0, lastHitAt: null, ...over });
const presetList: FaultPreset[] = [{ id: 'flaky-503', name: 'Flaky server (20% 503)', description: 'One in five fails.', rule: { name: 'Flaky server (20% 503)', match: {}, when: { probability: 0.2 }, action: { type: 'error', status: 503 }, preset: 'flaky-503' } }];

function fakeClient(rules: FaultRule[]) {
  let list = [...rules];
  const client = {
    faults: vi.fn(async () => ({ items: list, total: list.length })),
    presets: vi.fn(async () => ({ items: presetList, total: 1 })),
    patchFault: vi.fn(async (id: string, patch: Partial<FaultRule>) => {
      list = list.map((r) => (r.id === id ? { ...r, ...patch } : r));
      return list.find((r) => r.id === id)!;
    }),
    reorderFaults: vi.fn(async (ids: string[]) => {
      list = ids.map((id) => list.find((r) => r.id === id)!);
      return { items: list, total: list.length };
    }),
    addFault: vi.fn(async (): Promise<FaultRule> => {
      throw new ApiFailure(400, 'invalid_input', 'action.status: Too small: expected number to be >=400');
    }),
    replaceFault: vi.fn(async (id: string, body: RuleDefinition) => {
      list = list.map((r) => (r.id === id ? { ...r, ...body } : r));
      return list.find((r) => r.id === id)!;
    }),
    addPreset: vi.fn(async () => stored('p', { preset: 'flaky-503' })),
    deleteFault: vi.fn(async () => undefined),
    resetFaultCounters: vi.fn(async () => ({ items: list, total: list.length })),
    updateSettings: vi.fn(async (patch: Partial<PublicSettings>) => ({ ...settings, ...patch, quirks: { ...settings.quirks, ...(patch.quirks ?? {}) } })),
    settings: vi.fn(async () => settings),
    status: vi.fn(async () => {
      throw new Error('not needed');
    }),
  };
  return client;
}

function renderView(client: ReturnType<typeof fakeClient>) {
  const services = { client: client as unknown as AdminClient, traffic: new TrafficStore(100, (f) => f()), socket: {} as LiveSocket };
  return render(
    <ServicesContext.Provider value={services}>
      <FaultsView />
    </ServicesContext.Provider>,
  );
}

describe('FaultsView', () => {
  beforeEach(() => {
    // jsdom has no modal dialogs.
    HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
      this.setAttribute('open', '');
    };
    HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
      this.removeAttribute('open');
    };
    serverState.set((s) => ({ ...s, settings, faultsRevision: 0 }));
  });
  afterEach(cleanup);

  it('lists the rules in plain words with their counters, and toggles one', async () => {
    const client = fakeClient([stored('a', { name: 'Slow lookups', match: { operations: ['user.lookup'] }, action: { type: 'latency', ms: 3000 }, hits: 4, matched: 9 }), stored('b', { enabled: false })]);
    renderView(client);
    expect(await screen.findByText('On user.lookup, every time: delay the answer by 3 s')).toBeTruthy();
    const first = screen.getByText('Slow lookups').closest('li')!;
    expect(within(first).getByText('4')).toBeTruthy();
    expect(within(first).getByText('9')).toBeTruthy();
    const toggle = screen.getByRole('switch', { name: 'Enable rule “Rule b”' });
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    fireEvent.click(toggle);
    await waitFor(() => expect(client.patchFault).toHaveBeenCalledWith('b', { enabled: true }));
    await waitFor(() => expect(screen.getByRole('switch', { name: 'Enable rule “Rule b”' }).getAttribute('aria-checked')).toBe('true'));
  });

  it('moves a rule down and refetches when the server says rules changed', async () => {
    const client = fakeClient([stored('a'), stored('b')]);
    renderView(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Move “Rule a” down' }));
    await waitFor(() => expect(client.reorderFaults).toHaveBeenCalledWith(['b', 'a']));
    expect((screen.getByRole('button', { name: 'Move “Rule b” up' }) as HTMLButtonElement).disabled).toBe(true);
    const calls = client.faults.mock.calls.length;
    act(() => serverState.set((s) => ({ ...s, faultsRevision: s.faultsRevision + 1 })));
    await waitFor(() => expect(client.faults.mock.calls.length).toBeGreaterThan(calls));
  });

  it('shows the server’s validation message when a new rule is refused', async () => {
    const client = fakeClient([]);
    renderView(client);
    expect(await screen.findByText('No fault rules yet')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'New rule' }));
    const dialog = screen.getByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add rule' }));
    expect(within(dialog).getByRole('alert').textContent).toMatch(/Give the rule a name/);
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Creates fail' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'user.create' }));
    expect(within(dialog).getByText('On user.create, every time: 503 Service Unavailable')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add rule' }));
    await waitFor(() => expect(within(dialog).getByRole('alert').textContent).toMatch(/The server refused the rule: action\.status: Too small/));
    expect(client.addFault).toHaveBeenCalledWith({ name: 'Creates fail', enabled: true, match: { operations: ['user.create'] }, when: {}, action: { type: 'error', status: 503 } });
  });

  it('edits a rule through the form and saves it with PUT', async () => {
    const client = fakeClient([stored('a', { name: 'Rate limit', action: { type: 'rateLimit', retryAfter: 120 } })]);
    renderView(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit “Rate limit”' }));
    const dialog = screen.getByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Every nth'), { target: { value: '2' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Okta' }));
    expect(within(dialog).getByText('On any request from Okta, every 2nd request: 429 with Retry-After 120 s')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save rule' }));
    await waitFor(() => expect(client.replaceFault).toHaveBeenCalledWith('a', { name: 'Rate limit', enabled: true, match: { clients: ['okta'] }, when: { everyNth: 2 }, action: { type: 'rateLimit', retryAfter: 120 } }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('adds a preset in one click and flips a quirk', async () => {
    const client = fakeClient([]);
    renderView(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Add preset: Flaky server (20% 503)' }));
    await waitFor(() => expect(client.addPreset).toHaveBeenCalledWith('flaky-503'));
    const quirk = screen.getByRole('switch', { name: 'totalResults as a string' });
    expect(quirk.getAttribute('aria-checked')).toBe('true');
    fireEvent.click(quirk);
    await waitFor(() => expect(client.updateSettings).toHaveBeenCalledWith({ quirks: { stringTotalResults: false } }));
  });

  it('saves the random seed, and clears it back to truly random', async () => {
    const client = fakeClient([]);
    renderView(client);
    const seed = await screen.findByLabelText('Random seed');
    fireEvent.change(seed, { target: { value: '42' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(client.updateSettings).toHaveBeenCalledWith({ faults: { seed: 42 } }));
    fireEvent.change(seed, { target: { value: 'x' } });
    expect(screen.getByText('The seed must be a whole number.')).toBeTruthy();
  });
});
