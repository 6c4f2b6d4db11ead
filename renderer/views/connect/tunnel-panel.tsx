/**
 * Getting a public URL from the Connect view: the built-in tunnels in order of least effort, each
 * with its trade-offs and source, one click to start the chosen one (ngrok asks for its authtoken and
 * optional domain first), and the live state: starting, up with its URL, or the reason it failed.
 * Only the SCIM port is forwarded.
 */
import { useEffect, useId, useState } from 'react';
import type { AdminClient, PublicSettings, Status, TunnelState } from '../../api/admin-client.js';
import { CopyButton } from '../../components/copy-button.js';
import { refreshStatus } from '../../state/server-state.js';
import { attempt } from '../../state/toasts.js';
import { CLOUDFLARED_DOWNLOADS, TUNNEL_CHOICES, tunnelChoice, type TunnelChoice, type TunnelChoiceId } from './tunnel-choices.js';
import '../../styles/connect-tunnel.css';

function Facts({ choice, needs = false }: { choice: TunnelChoice; needs?: boolean }) {
  return (
    <dl className="tunnel-facts" aria-label={`${choice.title}: trade-offs`}>
      {needs && (
        <>
          <dt>Needs</dt>
          <dd>{choice.needs}</dd>
        </>
      )}
      <dt>Lifetime</dt>
      <dd>{choice.lifetime}</dd>
      <dt>Limits</dt>
      <dd>{choice.limits}</dd>
      <dt>Same URL after a restart</dt>
      <dd>{choice.stableUrl}</dd>
      <dt>Source</dt>
      <dd>
        <a href={choice.source.url} target="_blank" rel="noreferrer">
          {choice.source.label}
        </a>
      </dd>
    </dl>
  );
}

export function TunnelPanel({ client, status, settings }: { client: AdminClient; status: Status | null; settings: PublicSettings | null }) {
  const tunnel: TunnelState = status?.tunnel ?? { status: 'off', provider: null, url: null, error: null };
  const [chosen, setChosen] = useState<TunnelChoiceId>('localtunnel');
  const [authtoken, setAuthtoken] = useState('');
  const [domain, setDomain] = useState(settings?.tunnel.ngrokDomain ?? '');
  const [busy, setBusy] = useState(false);
  const tokenId = useId();
  const domainId = useId();
  const groupName = useId();
  useEffect(() => setDomain(settings?.tunnel.ngrokDomain ?? ''), [settings?.tunnel.ngrokDomain]);
  const tokenStored = settings?.tunnel.ngrokAuthtokenSet ?? false;
  const choice = tunnelChoice(chosen)!;
  const starting = busy || tunnel.status === 'starting';

  const start = async () => {
    setBusy(true);
    await attempt(async () => {
      if (chosen === 'ngrok') {
        const patch: Record<string, string | null> = { ngrokDomain: domain.trim() || null };
        if (authtoken.trim()) patch.ngrokAuthtoken = authtoken.trim();
        await client.updateSettings({ tunnel: patch });
        setAuthtoken('');
      }
      const state = await client.startTunnel(chosen);
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

  if (tunnel.status === 'up' && tunnel.url) {
    const running = tunnelChoice(tunnel.provider);
    return (
      <div className="connect-tunnel">
        <h3>Public URL from a built-in tunnel</h3>
        <div className="tunnel-up">
          <span className="pill pill-ok">{running ? running.title : tunnel.provider} tunnel up</span>
          <code>{tunnel.url}/scim/v2</code>
          <CopyButton text={`${tunnel.url}/scim/v2`} what="public SCIM URL" />
          <button type="button" className="button" disabled={busy} onClick={() => void stop()}>
            Stop
          </button>
        </div>
        {running && <Facts choice={running} needs />}
      </div>
    );
  }

  return (
    <form
      className="connect-tunnel"
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      <h3>Get a public URL: start a tunnel</h3>
      <div className="tunnel-choices" role="radiogroup" aria-label="Tunnel provider">
        {TUNNEL_CHOICES.map((c, index) => (
          <label key={c.id} className={c.id === chosen ? 'tunnel-choice selected' : 'tunnel-choice'}>
            <input type="radio" name={groupName} value={c.id} checked={c.id === chosen} onChange={() => setChosen(c.id)} disabled={starting} />
            <span className="tunnel-choice-title">
              {c.title}
              {index === 0 && <span className="pill pill-info">Least effort</span>}
            </span>
            <span className="tunnel-choice-needs">{c.needs}</span>
          </label>
        ))}
      </div>

      <Facts choice={choice} />

      {chosen === 'cloudflared' && (
        <p className="connect-hint">
          Install <code>cloudflared</code> from{' '}
          <a href={CLOUDFLARED_DOWNLOADS} target="_blank" rel="noreferrer">
            Cloudflare&apos;s downloads page
          </a>{' '}
          (or set <code>SCIMSCOPE_CLOUDFLARED</code> to its path), then start.
        </p>
      )}
      {chosen === 'ngrok' && (
        <div className="tunnel-ngrok-fields">
          <label htmlFor={tokenId}>Authtoken</label>
          <input
            id={tokenId}
            type="password"
            className="mono"
            autoComplete="off"
            placeholder={tokenStored ? 'Stored — leave empty to keep it' : 'From dashboard.ngrok.com'}
            value={authtoken}
            onChange={(e) => setAuthtoken(e.target.value)}
            disabled={starting}
          />
          <label htmlFor={domainId}>Domain (optional)</label>
          <input id={domainId} type="text" className="mono" placeholder="your-name.ngrok-free.app" value={domain} onChange={(e) => setDomain(e.target.value)} disabled={starting} />
        </div>
      )}

      <div className="tunnel-actions">
        <button type="submit" className="button primary" disabled={starting || (chosen === 'ngrok' && !tokenStored && !authtoken.trim())}>
          {starting ? 'Starting…' : `Start ${choice.title}`}
        </button>
        <span className="connect-hint">Forwards the SCIM port only; the admin API and inspector stay on this machine.</span>
      </div>
      {tunnel.status === 'error' && tunnel.error && (
        <p className="connect-hint connect-error" role="alert">
          {tunnel.provider ? `${tunnelChoice(tunnel.provider)?.title ?? tunnel.provider}: ` : ''}
          {tunnel.error}
        </p>
      )}
    </form>
  );
}
