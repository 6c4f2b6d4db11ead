/**
 * The Proxy mode section of Settings: the upstream SCIM server Scimscope forwards to (instead of
 * answering from its own store), how it authenticates there, and whether a self-signed certificate
 * is accepted. The upstream token is write-only: the server says only whether one is set.
 */
import { useEffect, useId, useState } from 'react';
import type { AdminClient, PublicSettings } from '../../api/admin-client.js';
import type { UpstreamAuthMode } from '../../../server/contract/settings.js';
import { saveSettings } from './settings-io.js';
import { Choices, Section, type Choice } from './settings-section.js';
import { Switch } from './switch.js';

const AUTH: Choice<UpstreamAuthMode>[] = [
  { value: 'token', title: 'Bearer token', description: 'Scimscope sends "Authorization: Bearer <token>". The IdP never holds it.' },
  { value: 'header', title: 'Custom header', description: 'Scimscope sends the token in a header you name (e.g. X-Api-Key).' },
  { value: 'passThrough', title: 'Pass-through', description: "The IdP's own Authorization goes on to your server (set the sandbox token to your server's)." },
  { value: 'none', title: 'No credential', description: 'Nothing is sent upstream for authentication.' },
];

function validUrl(text: string): string | null {
  try {
    const u = new URL(text);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'Starts with http:// or https://.';
    if (u.username || u.password) return 'No credentials in the URL; use the token.';
    return null;
  } catch {
    return 'Not a URL (e.g. http://localhost:3000/scim/v2).';
  }
}

export function UpstreamSection({ client, settings }: { client: AdminClient; settings: PublicSettings }) {
  const up = settings.upstream;
  const id = useId();
  const [url, setUrl] = useState(up.url ?? '');
  const [auth, setAuth] = useState<UpstreamAuthMode>(up.auth);
  const [token, setToken] = useState('');
  const [headerName, setHeaderName] = useState(up.headerName);
  const [saving, setSaving] = useState(false);
  useEffect(() => setUrl(up.url ?? ''), [up.url]);
  useEffect(() => setAuth(up.auth), [up.auth]);
  useEffect(() => setHeaderName(up.headerName), [up.headerName]);

  const urlError = url.trim() === '' ? null : validUrl(url.trim());
  const needsToken = (auth === 'token' || auth === 'header') && !up.tokenSet && token === '';
  const save = async (patch: Record<string, unknown>, message: string) => {
    setSaving(true);
    const next = await saveSettings(client, { upstream: patch }, message);
    if (next) setToken('');
    setSaving(false);
  };
  const connect = () => {
    const patch: Record<string, unknown> = { url: url.trim(), auth, ...(auth === 'header' ? { headerName: headerName.trim() } : {}) };
    if (token !== '') patch.token = token;
    void save(patch, `Proxy mode on: forwarding to ${url.trim()}`);
  };

  return (
    <Section
      id="settings-upstream"
      title="Proxy mode"
      lead={up.url ? <>SCIM traffic is forwarded to <code>{up.url}</code>: recording, lint and faults apply on the way; the local store is not used.</> : 'Forward SCIM traffic to your own SCIM server to watch what the IdP sends it, lint its answers, and break the path between the two.'}
    >
      <form
        className="settings-rows"
        aria-label="Upstream"
        onSubmit={(e) => {
          e.preventDefault();
          if (!urlError && url.trim() !== '' && !needsToken) connect();
        }}
      >
        <div className="settings-row">
          <label className="settings-row-label" htmlFor={`${id}-url`}>
            Upstream URL
          </label>
          <div className="settings-row-value">
            <input id={`${id}-url`} className="settings-input" type="url" placeholder="http://localhost:3000/scim/v2" value={url} disabled={saving} aria-invalid={!!urlError || undefined} aria-describedby={`${id}-url-desc`} onChange={(e) => setUrl(e.target.value)} />
            <span id={`${id}-url-desc`} className={urlError ? 'settings-error' : 'settings-note'}>
              {urlError ?? 'Your server’s SCIM base URL; requests to …/scim/v2/Users go to <URL>/Users.'}
            </span>
          </div>
        </div>
        <Choices label="Upstream authentication" options={AUTH} value={auth} onChange={setAuth} disabled={saving} columns={4} />
        {auth === 'header' && (
          <div className="settings-row">
            <label className="settings-row-label" htmlFor={`${id}-header`}>
              Header name
            </label>
            <div className="settings-row-value">
              <input id={`${id}-header`} className="settings-input" value={headerName} disabled={saving} onChange={(e) => setHeaderName(e.target.value)} />
            </div>
          </div>
        )}
        {(auth === 'token' || auth === 'header') && (
          <div className="settings-row">
            <label className="settings-row-label" htmlFor={`${id}-token`}>
              Upstream token
            </label>
            <div className="settings-row-value">
              <input id={`${id}-token`} className="settings-input" type="password" autoComplete="off" placeholder={up.tokenSet ? 'set (type to replace)' : 'your server’s API token'} value={token} disabled={saving} onChange={(e) => setToken(e.target.value)} />
              <span className="settings-note">Kept in the data folder; never shown again, redacted from traffic and exports.</span>
            </div>
          </div>
        )}
        <div className="settings-row">
          <span className="settings-row-label" id={`${id}-insecure`}>
            Self-signed certificate
          </span>
          <div className="settings-row-value">
            <Switch checked={up.insecure} labelledBy={`${id}-insecure`} disabled={saving} onChange={(v) => void save({ insecure: v }, v ? 'Accepting unverified certificates from the upstream' : 'Upstream certificates are verified')} />
            <span className="settings-note">Accept an https upstream whose certificate cannot be verified (local development only).</span>
          </div>
        </div>
        <div className="settings-actions">
          <button type="submit" className="button primary" disabled={saving || url.trim() === '' || !!urlError || needsToken}>
            {up.url ? 'Save upstream' : 'Switch to proxy mode'}
          </button>
          {up.url && (
            <button type="button" className="button" disabled={saving} onClick={() => void save({ url: null }, 'Proxy mode off: the sandbox answers from its store')}>
              Back to sandbox mode
            </button>
          )}
        </div>
      </form>
    </Section>
  );
}
