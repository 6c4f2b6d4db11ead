/**
 * Starting an ngrok tunnel from the inspector: the authtoken (write-only) and optional reserved
 * domain, start and stop, and the live state (starting, up with its URL, or the reason it failed).
 * Only the SCIM port is forwarded.
 */
import { useEffect, useId, useState } from 'react';
import type { AdminClient, PublicSettings, Status, TunnelState } from '../../api/admin-client.js';
import { CopyButton } from '../../components/copy-button.js';
import { refreshStatus } from '../../state/server-state.js';
import { attempt } from '../../state/toasts.js';

export function NgrokTunnel({ client, status, settings }: { client: AdminClient; status: Status | null; settings: PublicSettings | null }) {
  const tunnel: TunnelState = status?.tunnel ?? { status: 'off', provider: null, url: null, error: null };
  const [authtoken, setAuthtoken] = useState('');
  const [domain, setDomain] = useState(settings?.tunnel.ngrokDomain ?? '');
  const [busy, setBusy] = useState(false);
  const tokenId = useId();
  const domainId = useId();
  useEffect(() => setDomain(settings?.tunnel.ngrokDomain ?? ''), [settings?.tunnel.ngrokDomain]);
  const tokenStored = settings?.tunnel.ngrokAuthtokenSet ?? false;

  const start = async () => {
    setBusy(true);
    await attempt(async () => {
      const patch: Record<string, string | null> = { ngrokDomain: domain.trim() || null };
      if (authtoken.trim()) patch.ngrokAuthtoken = authtoken.trim();
      await client.updateSettings({ tunnel: patch });
      setAuthtoken('');
      const state = await client.startTunnel('ngrok');
      await refreshStatus(client);
      if (state.status === 'error') throw new Error(`The tunnel did not start: ${state.error}`);
    }, 'Tunnel is up');
    setBusy(false);
  };

  const stop = async () => {
    setBusy(true);
    await attempt(async () => {
      await client.stopTunnel();
      await refreshStatus(client);
    }, 'Tunnel stopped');
    setBusy(false);
  };

  return (
    <div className="connect-ngrok">
      <h3>Start an ngrok tunnel</h3>
      {tunnel.status === 'up' && tunnel.url ? (
        <div className="connect-ngrok-up">
          <span className="pill pill-ok">Tunnel up</span>
          <code>{tunnel.url}/scim/v2</code>
          <CopyButton text={`${tunnel.url}/scim/v2`} what="public SCIM URL" />
          <button type="button" className="button" disabled={busy} onClick={() => void stop()}>
            Stop
          </button>
        </div>
      ) : (
        <form
          className="connect-ngrok-form"
          onSubmit={(e) => {
            e.preventDefault();
            void start();
          }}
        >
          <label htmlFor={tokenId}>Authtoken</label>
          <input
            id={tokenId}
            type="password"
            className="mono"
            autoComplete="off"
            placeholder={tokenStored ? 'Stored — leave empty to keep it' : 'From dashboard.ngrok.com'}
            value={authtoken}
            onChange={(e) => setAuthtoken(e.target.value)}
            disabled={busy}
          />
          <label htmlFor={domainId}>Domain (optional)</label>
          <input id={domainId} type="text" className="mono" placeholder="your-name.ngrok.app" value={domain} onChange={(e) => setDomain(e.target.value)} disabled={busy} />
          <div className="connect-ngrok-actions">
            <button type="submit" className="button primary" disabled={busy || tunnel.status === 'starting' || (!tokenStored && !authtoken.trim())}>
              {tunnel.status === 'starting' || busy ? 'Starting…' : 'Start tunnel'}
            </button>
            <span className="connect-hint">Forwards the SCIM port only; the admin API and inspector stay on this machine.</span>
          </div>
          {tunnel.status === 'error' && tunnel.error && (
            <p className="connect-hint connect-error" role="alert">
              {tunnel.error}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
