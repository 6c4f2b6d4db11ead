/**
 * The OAuth part of the SCIM authentication section (auth mode `oauth`): the generated client ID
 * and secret, the exact redirect URIs accepted (pre-filled with Okta's and Entra's callback forms),
 * the access-token lifetime (seconds, so expiry can be watched live) and whether PKCE is required.
 */
import { RefreshCw } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import type { AdminClient, PublicSettings } from '../../api/admin-client.js';
import { CopyButton } from '../../components/copy-button.js';
import { attempt } from '../../state/toasts.js';
import { SecretValue } from '../connect/secret-value.js';
import { useOAuthCredentials } from '../oauth/use-oauth-credentials.js';
import type { Ask } from './settings-section.js';
import { saveSettings } from './settings-io.js';
import { Switch } from './switch.js';

const isUrl = (s: string) => {
  try {
    return /^https?:$/.test(new URL(s).protocol) && !s.includes('#');
  } catch {
    return false;
  }
};

export function OAuthSettings({ client, settings, ask }: { client: AdminClient; settings: PublicSettings; ask: Ask }) {
  const { oauth, refresh } = useOAuthCredentials(client, settings, true);
  const stored = settings.auth.oauth;
  const [uris, setUris] = useState(stored.redirectUris.join('\n'));
  const [ttl, setTtl] = useState(String(stored.accessTokenTtlSeconds));
  const [saving, setSaving] = useState(false);
  const id = useId();
  const storedUris = stored.redirectUris.join('\n');
  useEffect(() => setUris(storedUris), [storedUris]);
  useEffect(() => setTtl(String(stored.accessTokenTtlSeconds)), [stored.accessTokenTtlSeconds]);

  const list = uris.split('\n').map((u) => u.trim()).filter((u) => u !== '');
  const badUri = list.find((u) => !isUrl(u));
  const ttlNumber = Number(ttl);
  const ttlError = Number.isInteger(ttlNumber) && ttlNumber >= 1 && ttlNumber <= 2_592_000 ? null : 'A whole number of seconds, 1 to 2,592,000 (30 days).';
  const changed = list.join('\n') !== storedUris || ttl !== String(stored.accessTokenTtlSeconds);

  const save = async () => {
    if (badUri || ttlError) return;
    setSaving(true);
    await saveSettings(client, { auth: { oauth: { redirectUris: list, accessTokenTtlSeconds: ttlNumber } } }, 'OAuth settings saved.');
    setSaving(false);
  };
  const regenerate = async () => {
    setSaving(true);
    if (await attempt(() => client.regenerateOAuthSecret(), 'New client secret issued. Paste it into Okta or Entra ID.')) refresh();
    setSaving(false);
  };

  return (
    <form
      className="settings-rows"
      aria-label="OAuth client"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="settings-row">
        <span className="settings-row-label">Client ID</span>
        <div className="settings-row-value">
          <code className="mono">{stored.clientId}</code>
          <CopyButton text={stored.clientId} what="client ID" />
        </div>
      </div>
      <div className="settings-row">
        <span className="settings-row-label">Client secret</span>
        <div className="settings-row-value">
          <SecretValue value={oauth?.clientSecret ?? null} what="client secret" />
          <button type="button" className="button small" disabled={saving} onClick={() => ask({ title: 'Issue a new client secret?', message: 'The IdP’s next token request fails with invalid_client until you paste the new secret into it. Tokens already issued keep working.', confirmLabel: 'New secret', run: () => void regenerate() })}>
            <RefreshCw size={14} aria-hidden="true" />
            Regenerate…
          </button>
        </div>
      </div>
      <div className="settings-row">
        <label className="settings-row-label" htmlFor={`${id}-uris`}>
          Redirect URIs
        </label>
        <div className="settings-row-value">
          <textarea id={`${id}-uris`} className="settings-input settings-textarea mono" rows={4} spellCheck={false} value={uris} disabled={saving} aria-invalid={!!badUri || undefined} aria-describedby={`${id}-uris-note`} onChange={(e) => setUris(e.target.value)} />
          <span id={`${id}-uris-note`} className={badUri ? 'settings-error' : 'settings-note'}>
            {badUri ? `Not an absolute http(s) URL without a fragment: ${badUri}` : 'One per line, matched exactly. Replace ${appName} with your Okta app’s name.'}
          </span>
        </div>
      </div>
      <div className="settings-row">
        <label className="settings-row-label" htmlFor={`${id}-ttl`}>
          Access token lifetime (s)
        </label>
        <div className="settings-row-value">
          <input id={`${id}-ttl`} type="number" min={1} className="settings-input mono" value={ttl} disabled={saving} aria-invalid={!!ttlError || undefined} onChange={(e) => setTtl(e.target.value)} />
          {ttlError ? <span className="settings-error">{ttlError}</span> : <span className="settings-note">3600 is an hour; a few seconds shows the IdP refreshing.</span>}
        </div>
      </div>
      <div className="settings-row">
        <span className="settings-row-label" id={`${id}-pkce`}>
          Require PKCE (S256)
        </span>
        <div className="settings-row-value">
          <Switch checked={stored.requirePkce} labelledBy={`${id}-pkce`} disabled={saving} onChange={(next) => void saveSettings(client, { auth: { oauth: { requirePkce: next } } }, next ? 'PKCE is now required.' : 'PKCE is optional.')} />
        </div>
      </div>
      <div className="settings-actions">
        <button type="submit" className="button primary" disabled={saving || !changed || !!badUri || !!ttlError}>
          {saving ? 'Saving…' : 'Save OAuth settings'}
        </button>
      </div>
    </form>
  );
}
