/**
 * The Connect view's tunnel chooser: the built-in tunnels in order of least effort with their
 * trade-offs and sources, one click for localtunnel, ngrok's authtoken saved before it starts, the
 * reason a start failed, and the running tunnel's URL with Stop.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AdminClient, Status, TunnelState } from '../../renderer/api/admin-client.js';
import { TunnelPanel } from '../../renderer/views/connect/tunnel-panel.js';
import { TUNNEL_CHOICES } from '../../renderer/views/connect/tunnel-choices.js';
import { TUNNEL_PROVIDER_NAMES } from '../../server/tunnel/providers.js';
import { publicSettings } from './settings-fixtures.js';

const off: TunnelState = { status: 'off', provider: null, url: null, error: null };
const statusWith = (tunnel: TunnelState) => ({ scimUrl: 'http://127.0.0.1:7171/scim/v2', publicScimUrl: null, authMode: 'bearer', tunnel }) as unknown as Status;

function renderPanel(tunnel: TunnelState = off, result: TunnelState = { status: 'up', provider: 'localtunnel', url: 'https://quiet-lamp-42.loca.lt', error: null }, settings = publicSettings()) {
  const client = {
    startTunnel: vi.fn(async () => result),
    stopTunnel: vi.fn(async () => off),
    updateSettings: vi.fn(async () => settings),
    status: vi.fn(async () => statusWith(result)),
  };
  render(<TunnelPanel client={client as unknown as AdminClient} status={statusWith(tunnel)} settings={settings} />);
  return client;
}

afterEach(cleanup);

describe('TunnelPanel', () => {
  it('offers the providers the server knows, least effort first, each with its trade-offs and source', () => {
    expect(TUNNEL_CHOICES.map((c) => c.id)).toEqual([...TUNNEL_PROVIDER_NAMES]);
    renderPanel();
    const radios = within(screen.getByRole('radiogroup', { name: 'Tunnel provider' })).getAllByRole('radio');
    expect(radios.map((r) => (r as HTMLInputElement).value)).toEqual(['localtunnel', 'cloudflared', 'ngrok']);
    expect((radios[0] as HTMLInputElement).checked).toBe(true);
    for (const [index, choice] of TUNNEL_CHOICES.entries()) {
      fireEvent.click(radios[index]!);
      const facts = screen.getByLabelText(`${choice.title}: trade-offs`);
      for (const term of ['Lifetime', 'Limits', 'Same URL after a restart', 'Source']) expect(within(facts).getByText(term)).toBeTruthy();
      expect(within(facts).getByRole('link').getAttribute('href')).toBe(choice.source.url);
    }
  });

  it('starts localtunnel in one click, with nothing to fill in', async () => {
    const client = renderPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Start localtunnel' }));
    await waitFor(() => expect(client.startTunnel).toHaveBeenCalledWith('localtunnel'));
    expect(client.updateSettings).not.toHaveBeenCalled();
  });

  it('asks for the ngrok authtoken and saves it before starting ngrok', async () => {
    const client = renderPanel(off, { status: 'up', provider: 'ngrok', url: 'https://me.ngrok-free.app', error: null });
    fireEvent.click(screen.getByRole('radio', { name: /ngrok/ }));
    const start = screen.getByRole('button', { name: 'Start ngrok' }) as HTMLButtonElement;
    expect(start.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Authtoken'), { target: { value: 'tok_123' } });
    fireEvent.change(screen.getByLabelText('Domain (optional)'), { target: { value: 'me.ngrok-free.app' } });
    fireEvent.click(start);
    await waitFor(() => expect(client.startTunnel).toHaveBeenCalledWith('ngrok'));
    expect(client.updateSettings).toHaveBeenCalledWith({ tunnel: { ngrokAuthtoken: 'tok_123', ngrokDomain: 'me.ngrok-free.app' } });
  });

  it('says why the last start failed, and which provider failed', () => {
    renderPanel({ status: 'error', provider: 'cloudflared', url: null, error: 'cloudflared is not installed (no "cloudflared" on PATH).' });
    expect(screen.getByRole('alert').textContent).toBe('Cloudflare quick tunnel: cloudflared is not installed (no "cloudflared" on PATH).');
  });

  it('shows the running tunnel with its public SCIM URL and trade-offs, and stops it', async () => {
    const client = renderPanel({ status: 'up', provider: 'localtunnel', url: 'https://quiet-lamp-42.loca.lt', error: null });
    expect(screen.getByText('https://quiet-lamp-42.loca.lt/scim/v2')).toBeTruthy();
    expect(screen.getByText('localtunnel tunnel up')).toBeTruthy();
    expect(screen.getByLabelText('localtunnel: trade-offs')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(client.stopTunnel).toHaveBeenCalled());
  });
});
