/**
 * The Settings view over a fake admin client: auth mode (and the loud warning for none), token
 * regeneration behind a confirmation, Basic credentials, recording limits, PATCH answers, theme,
 * the desktop-only "Open data folder", the store reset, and failures surfacing as toasts.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiFailure, type AdminClient, type Credentials, type PublicSettings, type Status } from '../../renderer/api/admin-client.js';
import type { LiveSocket } from '../../renderer/api/live-socket.js';
import { ServicesContext } from '../../renderer/app-services.js';
import { serverState } from '../../renderer/state/server-state.js';
import { theme } from '../../renderer/state/theme.js';
import { toasts } from '../../renderer/state/toasts.js';
import { TrafficStore } from '../../renderer/state/traffic-store.js';
import { SettingsView } from '../../renderer/views/settings/settings-view.js';
import { publicSettings } from './settings-fixtures.js';

const base = publicSettings();
const status = { scimUrl: 'http://127.0.0.1:7171/scim/v2', dataDir: '/home/me/.scimscope', storeFile: '/home/me/.scimscope/store.json', authMode: 'bearer', counts: { users: 5, groups: 1, exchanges: 0 } } as Status;

function makeClient(initial: PublicSettings = base) {
  let current = initial;
  let creds: Credentials = { mode: current.auth.mode, token: 'scim_OLDtoken000000001111', basic: { username: 'okta', password: 'pw_secret-password' }, authorizationHeader: null };
  return {
    settings: vi.fn(async () => current),
    credentials: vi.fn(async () => ({ ...creds, mode: current.auth.mode })),
    updateSettings: vi.fn(async (patch: Record<string, Record<string, unknown>>) => {
      if (patch.recording?.retention === 123) throw new ApiFailure(400, 'invalid_input', 'recording.retention: Too small');
      current = {
        ...current,
        ...(patch.patchReturnsResource !== undefined ? { patchReturnsResource: patch.patchReturnsResource as unknown as boolean } : {}),
        auth: { ...current.auth, ...(patch.auth as object), basic: { ...current.auth.basic } },
        recording: { ...current.recording, ...(patch.recording as object) },
      };
      if (patch.auth?.basic) creds = { ...creds, basic: { ...creds.basic, ...(patch.auth.basic as object) } };
      return current;
    }),
    regenerateToken: vi.fn(async () => {
      creds = { ...creds, token: 'scim_NEWtoken999999998888' };
      return { token: creds.token };
    }),
    resetStore: vi.fn(async (seed: 'demo' | 'empty') => ({ counts: seed === 'demo' ? { users: 5, groups: 1 } : { users: 0, groups: 0 } })),
    snapshots: vi.fn(async () => ({ items: [], total: 0 })),
    status: vi.fn(async () => ({ ...status, authMode: current.auth.mode })),
  };
}

function renderSettings(client = makeClient()) {
  render(
    <ServicesContext.Provider value={{ client: client as unknown as AdminClient, traffic: new TrafficStore(10, (f) => f()), socket: {} as LiveSocket }}>
      <SettingsView />
    </ServicesContext.Provider>,
  );
  return client;
}

describe('SettingsView', () => {
  beforeEach(() => {
    HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
      this.setAttribute('open', '');
    };
    HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
      this.removeAttribute('open');
    };
    serverState.set((s) => ({ ...s, settings: base, status }));
    toasts.set([]);
    delete window.scimscope;
  });
  afterEach(cleanup);

  it('switches auth mode to none with a loud warning, and the status follows', async () => {
    const client = renderSettings();
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(screen.getByRole('radio', { name: /^None/ }));
    await waitFor(() => expect(client.updateSettings).toHaveBeenCalledWith({ auth: { mode: 'none' } }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Authentication is off/);
    await waitFor(() => expect(serverState.get().status?.authMode).toBe('none'));
  });

  it('regenerates the token only after confirming', async () => {
    const client = renderSettings();
    await waitFor(() => expect(client.credentials).toHaveBeenCalled());
    // The button appears once the credentials have arrived, not when they were asked for.
    fireEvent.click(await screen.findByRole('button', { name: 'Show token' }));
    expect(await screen.findByText('scim_OLDtoken000000001111')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Regenerate/ }));
    const dialog = screen.getByRole('dialog', { name: 'Regenerate the SCIM token?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(client.regenerateToken).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: /Regenerate/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Regenerate token' }));
    await waitFor(() => expect(screen.getByText('scim_NEWtoken999999998888')).toBeTruthy());
  });

  it('edits Basic credentials, refusing a short password', async () => {
    const client = renderSettings(makeClient({ ...base, auth: { ...base.auth, mode: 'basic' } }));
    serverState.set((s) => ({ ...s, settings: { ...base, auth: { ...base.auth, mode: 'basic' } } }));
    const password = (await screen.findByLabelText('Password')) as HTMLInputElement;
    await waitFor(() => expect(password.value).toBe('pw_secret-password'));
    expect(password.type).toBe('password');
    fireEvent.change(password, { target: { value: 'short' } });
    expect(screen.getByText('Use at least 8 characters.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Save credentials' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(password, { target: { value: 'a-longer-password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save credentials' }));
    await waitFor(() => expect(client.updateSettings).toHaveBeenCalledWith({ auth: { basic: { password: 'a-longer-password' } } }));
  });

  it('keeps Basic credentials being typed when another setting changes', async () => {
    const client = renderSettings(makeClient({ ...base, auth: { ...base.auth, mode: 'basic' } }));
    serverState.set((s) => ({ ...s, settings: { ...base, auth: { ...base.auth, mode: 'basic' } } }));
    const username = (await screen.findByLabelText('Username')) as HTMLInputElement;
    await waitFor(() => expect(username.value).toBe('okta'));
    fireEvent.change(username, { target: { value: 'okta-provisioner' } });
    fireEvent.click(screen.getByRole('switch', { name: 'Record exchanges' }));
    await waitFor(() => expect(client.updateSettings).toHaveBeenCalledWith({ recording: { enabled: false } }));
    await waitFor(() => expect(client.credentials.mock.calls.length).toBeGreaterThan(1));
    await act(() => Promise.resolve());
    expect(username.value).toBe('okta-provisioner');
  });

  it('saves recording limits, and shows a refusal as a toast', async () => {
    const client = renderSettings();
    const retention = screen.getByLabelText('Keep at most');
    const save = screen.getByRole('button', { name: 'Save limits' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.change(retention, { target: { value: '50' } });
    expect(screen.getByText('A whole number from 100 to 1,000,000.')).toBeTruthy();
    fireEvent.change(retention, { target: { value: '5000' } });
    fireEvent.change(screen.getByLabelText('Body size limit'), { target: { value: '128' } });
    const history = screen.getByLabelText('Timeline history');
    fireEvent.change(history, { target: { value: '99' } });
    expect(save.disabled).toBe(true);
    expect(history.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(history, { target: { value: '500' } });
    fireEvent.click(save);
    await waitFor(() => expect(client.updateSettings).toHaveBeenCalledWith({ recording: { retention: 5000, maxBodyBytes: 131_072, historyCap: 500 } }));
    await waitFor(() => expect(serverState.get().settings?.recording.retention).toBe(5000));
    fireEvent.change(retention, { target: { value: '123' } });
    await waitFor(() => expect(save.disabled).toBe(false));
    fireEvent.submit(save.closest('form')!); // jsdom submits a form on a button click only once
    await waitFor(() => expect(toasts.get().some((t) => t.kind === 'error' && /retention/.test(t.message))).toBe(true));
  });

  it('toggles recording, PATCH answers and the theme', async () => {
    const client = renderSettings();
    fireEvent.click(screen.getByRole('switch', { name: 'Record exchanges' }));
    await waitFor(() => expect(client.updateSettings).toHaveBeenCalledWith({ recording: { enabled: false } }));
    fireEvent.click(screen.getByRole('radio', { name: /204 No Content/ }));
    await waitFor(() => expect(client.updateSettings).toHaveBeenCalledWith({ patchReturnsResource: false }));
    fireEvent.click(screen.getByRole('radio', { name: /^Dark/ }));
    expect(theme.get()).toBe('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it('shows where the data lives, with "Open data folder" only in the desktop app', async () => {
    renderSettings();
    expect(screen.getByText('/home/me/.scimscope')).toBeTruthy();
    expect(screen.getByText('/home/me/.scimscope/store.json')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Open data folder/ })).toBeNull();
    cleanup();
    const openDataFolder = vi.fn(async () => undefined);
    window.scimscope = { openDataFolder };
    renderSettings();
    fireEvent.click(screen.getByRole('button', { name: /Open data folder/ }));
    expect(openDataFolder).toHaveBeenCalled();
  });

  it('empties the store after confirming', async () => {
    const client = renderSettings();
    fireEvent.click(screen.getByRole('button', { name: 'Empty the store…' }));
    const dialog = screen.getByRole('dialog', { name: 'Empty the store?' });
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Empty the store' })));
    expect(client.resetStore).toHaveBeenCalledWith('empty');
    await waitFor(() => expect(serverState.get().counts.users).toBe(0));
  });
});
