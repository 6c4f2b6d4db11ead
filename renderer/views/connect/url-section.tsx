/** The Connect view's SCIM base URL card: the local and public URLs, the form for a public URL from any tunnel tool, and the built-in tunnels. */
import { useEffect, useId, useState } from 'react';
import type { AdminClient, PublicSettings, Status } from '../../api/admin-client.js';
import { saveSettings } from '../settings/settings-io.js';
import { CopyValue, Notice, ValueRow } from './paste-values.js';
import { isHttpUrl } from './scim-urls.js';
import { TunnelPanel } from './tunnel-panel.js';

export function UrlSection({ client, status, settings, localUrl, publicUrl }: { client: AdminClient; status: Status | null; settings: PublicSettings | null; localUrl: string | null; publicUrl: string | null }) {
  const saved = settings?.tunnel.publicUrl ?? '';
  const [text, setText] = useState(saved);
  const [saving, setSaving] = useState(false);
  const inputId = useId();
  useEffect(() => setText(saved), [saved]);
  const trimmed = text.trim();
  const valid = trimmed === '' || isHttpUrl(trimmed);
  const dirty = valid && trimmed !== saved;
  const port = localUrl ? new URL(localUrl).port : null;
  const tunnelUp = status?.tunnel?.status === 'up' && status.tunnel.url;

  const save = async (value: string | null) => {
    setSaving(true);
    await saveSettings(client, { tunnel: { publicUrl: value } }, value ? 'Public URL saved' : 'Public URL cleared');
    setSaving(false);
  };

  return (
    <section className="card section connect-section" aria-labelledby="connect-urls">
      <h2 id="connect-urls">SCIM base URL</h2>
      <dl className="connect-rows">
        <ValueRow label="Local" hint="This machine only: curl, scripts, local test runners.">
          <CopyValue value={localUrl} what="local SCIM URL" />
        </ValueRow>
        <ValueRow label="Public" hint="What Okta and Entra ID use: they run in the cloud and need a public HTTPS URL.">
          {publicUrl ? <CopyValue value={publicUrl} what="public SCIM URL" /> : <span className="connect-missing">Not set yet</span>}
        </ValueRow>
      </dl>

      <TunnelPanel client={client} status={status} settings={settings} />

      <form
        className="connect-public-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (dirty) void save(trimmed === '' ? null : trimmed);
        }}
      >
        <label htmlFor={inputId}>Public URL from your tunnel tool</label>
        <div className="connect-public-input">
          <input
            id={inputId}
            type="url"
            className="mono"
            placeholder="https://example.ngrok.app"
            value={text}
            disabled={!settings || saving}
            aria-invalid={!valid || undefined}
            aria-describedby={`${inputId}-hint`}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="button primary" disabled={!dirty || saving}>
            Save
          </button>
          <button type="button" className="button" disabled={!saved || saving} onClick={() => void save(null)}>
            Clear
          </button>
        </div>
        <p id={`${inputId}-hint`} className={valid ? 'connect-hint' : 'connect-hint connect-error'}>
          {valid ? (
            <>
              Any tunnel works (ngrok, cloudflared, Tailscale Funnel…): forward it to port <strong>{port ?? '7171'}</strong>. <code>/scim/v2</code> is added when the URL does not end with it.
            </>
          ) : (
            'Enter a full URL starting with https:// (or http://).'
          )}
        </p>
        {tunnelUp && (
          <Notice tone="info">
            A tunnel is running at <code>{status!.tunnel!.url}</code>; it takes precedence over the URL entered here.
          </Notice>
        )}
      </form>

    </section>
  );
}
