/**
 * The Okta setup checklist worked out from recorded traffic (which exchange ticks which step, and
 * when a step is only "tried"), and the Connect view's URLs, values to paste and masked token.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExchangeSummary, OperationKind } from '../../server/contract/index.js';
import type { AdminClient, Credentials, Status } from '../../renderer/api/admin-client.js';
import type { LiveSocket } from '../../renderer/api/live-socket.js';
import { ServicesContext } from '../../renderer/app-services.js';
import { serverState } from '../../renderer/state/server-state.js';
import { TrafficStore } from '../../renderer/state/traffic-store.js';
import { ConnectView, isHttpUrl, publicScimUrl } from '../../renderer/views/connect/connect-view.js';
import { maskSecret } from '../../renderer/views/connect/secret-value.js';
import { ChecklistScan, OAUTH_STEPS, OKTA_STEPS, setupChecklist, type StepId } from '../../renderer/views/connect/setup-checklist.js';
import { publicSettings } from './settings-fixtures.js';
import { summary } from './traffic-fixtures.js';

/** An exchange of the given lifecycle kind (the checklist reads kind, client, status and time). */
function ex(kind: OperationKind, over: Partial<ExchangeSummary> = {}): ExchangeSummary {
  return summary({ durationMs: 2, operation: { kind, resourceType: 'User', resourceId: null, summary: kind }, ...over });
}

type States = Partial<Record<StepId, 'done' | 'tried' | 'pending'>>;
const ALL_PENDING: Record<Exclude<StepId, `oauth${string}`>, 'pending'> = { connection: 'pending', import: 'pending', lookup: 'pending', create: 'pending', update: 'pending', deactivate: 'pending', groupPush: 'pending' };
const states = (items: ExchangeSummary[]) => Object.fromEntries(setupChecklist(items).map((s) => [s.id, s.state]));

describe('setupChecklist', () => {
  it.each<[string, ExchangeSummary[], States]>([
    ['no traffic', [], {}],
    ['an Okta connection test', [ex('connection.test')], { connection: 'done' }],
    ['any Okta GET on /Users counts as a connection test', [ex('user.import', { path: '/scim/v2/Users/' })], { connection: 'done', import: 'done' }],
    ['a lookup is a GET on /Users too', [ex('user.lookup')], { connection: 'done', lookup: 'done' }],
    ['a GET of one user is not a connection test', [ex('user.read', { path: '/scim/v2/Users/abc' })], {}],
    ['a refused connection test is only tried', [ex('auth.failed', { status: 401 })], { connection: 'tried' }],
    ['group import counts as an import', [ex('group.import', { path: '/scim/v2/Groups' })], { import: 'done' }],
    ['a create that failed with 409', [ex('user.create', { method: 'POST', status: 409 })], { create: 'tried' }],
    ['a create dropped by a fault', [ex('user.create', { method: 'POST', status: 0, outcome: 'dropped' })], { create: 'tried' }],
    ['a failed create, then a good one', [ex('user.create', { method: 'POST', status: 429 }), ex('user.create', { method: 'POST', status: 201 })], { create: 'done' }],
    ['a password sync counts as an update', [ex('user.password', { method: 'PATCH' })], { update: 'done' }],
    ['a deactivation', [ex('user.deactivate', { method: 'PATCH', status: 204 })], { deactivate: 'done' }],
    ['a reactivation is not a deactivation', [ex('user.reactivate', { method: 'PATCH' })], {}],
    ['a group create', [ex('group.create', { method: 'POST', path: '/scim/v2/Groups', status: 201 })], { groupPush: 'done' }],
    ['a membership change', [ex('group.members.replace', { method: 'PATCH', path: '/scim/v2/Groups/g' })], { groupPush: 'done' }],
    ['a rename alone is not a group push', [ex('group.rename', { method: 'PATCH', path: '/scim/v2/Groups/g' })], {}],
    ['Entra traffic does not tick the Okta checklist', [ex('connection.test', { client: 'entra' }), ex('user.create', { client: 'entra', method: 'POST', status: 201 })], {}],
    ['traffic from unknown clients does not either', [ex('user.create', { client: 'unknown', method: 'POST', status: 201 })], {}],
  ])('%s', (_, items, expected) => {
    expect(states(items)).toEqual({ ...ALL_PENDING, ...expected });
  });

  it('links each step to the first exchange that succeeded, or the latest that failed', () => {
    const items = [ex('user.lookup', { status: 429 }), ex('user.lookup', { status: 503 }), ex('user.lookup'), ex('user.lookup'), ex('user.create', { method: 'POST', status: 409 }), ex('user.create', { method: 'POST', status: 500 })];
    const steps = setupChecklist(items);
    const lookup = steps.find((s) => s.id === 'lookup')!;
    const create = steps.find((s) => s.id === 'create')!;
    expect(lookup).toMatchObject({ state: 'done', exchangeId: items[2]!.id, status: 200, at: items[2]!.startedAt });
    expect(create).toMatchObject({ state: 'tried', exchangeId: items[5]!.id, status: 500 });
    expect(steps.find((s) => s.id === 'groupPush')).toMatchObject({ state: 'pending', exchangeId: null, at: null });
  });

  it('keeps the steps in setup order, each with a hint', () => {
    const steps = setupChecklist([]);
    expect(steps.map((s) => s.id)).toEqual(['connection', 'import', 'lookup', 'create', 'update', 'deactivate', 'groupPush']);
    for (const step of steps) expect(step.hint.length).toBeGreaterThan(20);
  });

  it('gives the same answer scanned batch by batch as all at once', () => {
    const items = [ex('user.lookup', { status: 429 }), ex('connection.test'), ex('user.create', { method: 'POST', status: 409 }), ex('user.lookup'), ex('user.create', { method: 'POST', status: 201 }), ex('user.deactivate', { status: 500 })];
    const scan = new ChecklistScan();
    for (let n = 1; n <= items.length; n++) scan.add(items.slice(0, n), n - 1);
    expect(scan.results()).toEqual(setupChecklist(items));
  });

  it('can follow another client', () => {
    expect(setupChecklist([ex('connection.test', { client: 'entra' })], 'entra')[0]!.state).toBe('done');
  });
});

describe('URL helpers', () => {
  it.each([
    ['https://abc.ngrok.app', 'https://abc.ngrok.app/scim/v2'],
    ['https://abc.ngrok.app/', 'https://abc.ngrok.app/scim/v2'],
    ['https://abc.ngrok.app/scim/v2/', 'https://abc.ngrok.app/scim/v2'],
    ['https://host/prefix', 'https://host/prefix/scim/v2'],
    [null, null],
    ['', null],
  ])('public %s → %s', (input, expected) => {
    expect(publicScimUrl(input)).toBe(expected);
  });

  it('accepts only absolute http(s) URLs', () => {
    expect(['https://a.b', 'http://localhost:7171', 'ftp://x', 'abc.ngrok.app', ''].map(isHttpUrl)).toEqual([true, true, false, false, false]);
  });

  it('masks a token but keeps its prefix and last four characters', () => {
    expect(maskSecret('scim_abcdefghijklmnopqrstuvwxyz')).toBe(`scim_${'•'.repeat(16)}wxyz`);
    expect(maskSecret('short')).toBe('•'.repeat(8));
  });
});

// ---- The view ----

const settings = publicSettings();
const status = { scimUrl: 'http://127.0.0.1:7171/scim/v2', publicScimUrl: null, authMode: 'bearer' } as Status;
const creds: Credentials = { mode: 'bearer', token: 'scim_SECRETtoken1234567890', basic: { username: 'okta', password: 'pw_password123' }, authorizationHeader: 'Bearer scim_SECRETtoken1234567890' };

function renderConnect(traffic = new TrafficStore(100, (f) => f())) {
  const client = {
    credentials: vi.fn(async () => creds),
    settings: vi.fn(async () => settings),
    updateSettings: vi.fn(async (patch: { tunnel: { publicUrl: string | null } }) => ({ ...settings, tunnel: { ...settings.tunnel, ...patch.tunnel } })),
    status: vi.fn(async () => ({ ...status, publicScimUrl: 'https://abc.ngrok.app/scim/v2' })),
  };
  render(
    <ServicesContext.Provider value={{ client: client as unknown as AdminClient, traffic, socket: {} as LiveSocket }}>
      <ConnectView />
    </ServicesContext.Provider>,
  );
  return client;
}

describe('ConnectView', () => {
  beforeEach(() => serverState.set((s) => ({ ...s, status, settings })));
  afterEach(cleanup);

  it('shows the local URL, warns that Okta cannot reach it, and hides the token until asked', async () => {
    renderConnect();
    expect(screen.getAllByText('http://127.0.0.1:7171/scim/v2').length).toBeGreaterThan(1);
    expect(screen.getByText('Not set yet')).toBeTruthy();
    expect(screen.getByText(/which Okta cannot reach/)).toBeTruthy();
    await waitFor(() => expect(screen.getAllByText(`scim_${'•'.repeat(16)}7890`).length).toBeGreaterThan(0));
    expect(screen.queryByText(creds.token)).toBeNull();
    fireEvent.click(screen.getAllByRole('button', { name: 'Show token' })[0]!);
    expect(screen.getByText(creds.token)).toBeTruthy();
    expect(screen.getByText('userName')).toBeTruthy();
    expect(screen.getByText('HTTP Header')).toBeTruthy();
  });

  it('switches to the Header Auth test app and to Basic credentials', async () => {
    renderConnect();
    fireEvent.click(screen.getByRole('button', { name: 'SCIM 2.0 Test App (Header Auth)' }));
    expect(screen.getByText('API Token')).toBeTruthy();
    act(() => serverState.set((s) => ({ ...s, settings: { ...settings, auth: { ...settings.auth, mode: 'basic' } } })));
    expect(await screen.findByText(/the sandbox expects Basic credentials/)).toBeTruthy();
  });

  it('saves a public URL from a tunnel tool and refuses one that is not a URL', async () => {
    const client = renderConnect();
    const input = screen.getByLabelText('Public URL from your tunnel tool');
    fireEvent.change(input, { target: { value: 'abc.ngrok.app' } });
    expect(screen.getByText(/Enter a full URL/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(input, { target: { value: 'https://abc.ngrok.app' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(client.updateSettings).toHaveBeenCalledWith({ tunnel: { publicUrl: 'https://abc.ngrok.app' } }));
    await waitFor(() => expect(screen.getAllByText('https://abc.ngrok.app/scim/v2').length).toBeGreaterThan(0));
  });

  it('ticks the checklist as Okta traffic arrives, linking to the exchange', async () => {
    const traffic = new TrafficStore(100, (f) => f());
    renderConnect(traffic);
    const list = screen.getByRole('progressbar', { name: 'Okta setup progress' });
    expect(list.getAttribute('aria-valuenow')).toBe('0');
    const create = ex('user.create', { method: 'POST', status: 201 });
    act(() => traffic.add([ex('connection.test'), create]));
    expect(list.getAttribute('aria-valuenow')).toBe('2');
    const step = screen.getByText('First create').closest('li')!;
    expect(within(step).getByRole('link', { name: 'View exchange' }).getAttribute('href')).toBe(`#/traffic/${create.id}`);
  });

  it('keeps a ticked step when the live list drops its exchange at the cap, and starts over when traffic is cleared', () => {
    const traffic = new TrafficStore(3, (f) => f());
    renderConnect(traffic);
    const list = screen.getByRole('progressbar', { name: 'Okta setup progress' });
    act(() => traffic.add([ex('user.create', { method: 'POST', status: 201 }), ex('user.lookup')]));
    act(() => traffic.add([ex('user.lookup'), ex('user.lookup')]));
    expect(traffic.state.get().evicted).toBe(1);
    // create (its exchange dropped from the list), connection test and lookup
    expect(list.getAttribute('aria-valuenow')).toBe('3');
    act(() => traffic.clear());
    expect(list.getAttribute('aria-valuenow')).toBe('0');
  });
});

describe('setupChecklist in auth mode oauth', () => {
  const steps = [...OAUTH_STEPS, ...OKTA_STEPS];
  const oauthStates = (items: ExchangeSummary[]) => Object.fromEntries(setupChecklist(items, 'okta', steps).map((s) => [s.id, s.state]));
  it.each<[string, ExchangeSummary[], States]>([
    ['the browser consented (302 with a code), from any client', [ex('oauth.consent', { client: 'unknown', status: 302 })], { oauthConsent: 'done' }],
    ['the admin denied', [ex('oauth.denied', { client: 'unknown', status: 302 })], { oauthConsent: 'tried' }],
    ['a consent form refused (400)', [ex('oauth.consent', { client: 'unknown', status: 400 })], { oauthConsent: 'tried' }],
    ['code exchanged, then refreshed', [ex('oauth.token', { client: 'unknown', status: 200 }), ex('oauth.refresh', { client: 'okta', status: 200, method: 'POST', path: '/oauth2/token' })], { oauthToken: 'done', oauthRefresh: 'done' }],
    ['refresh refused', [ex('oauth.refresh', { client: 'unknown', status: 400 })], { oauthRefresh: 'tried' }],
  ])('%s', (_name, items, expected) => {
    expect(oauthStates(items)).toEqual({ oauthConsent: 'pending', oauthToken: 'pending', oauthRefresh: 'pending', ...ALL_PENDING, ...expected });
  });
});
