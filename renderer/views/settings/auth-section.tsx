/** The SCIM authentication section of Settings: the mode the SCIM port demands, a loud warning when it is off, and the token or Basic credentials to hand out. */
import { RefreshCw, TriangleAlert } from 'lucide-react';
import { useState } from 'react';
import type { AdminClient, PublicSettings, Status } from '../../api/admin-client.js';
import { attempt } from '../../state/toasts.js';
import { SecretValue } from '../connect/secret-value.js';
import { BasicCredentials } from './basic-credentials.js';
import { OAuthSettings } from './oauth-settings.js';
import { saveSettings, useCredentials } from './settings-io.js';
import { Choices, Section, type Ask, type Choice } from './settings-section.js';
import { hashFor } from '../../state/route.js';

type AuthMode = Status['authMode'];

const MODE_CHOICES: Choice<AuthMode>[] = [
  { value: 'bearer', title: 'Bearer token', description: '“Bearer <token>”, as Okta’s HTTP Header mode and Entra ID send it.' },
  { value: 'header', title: 'Header token', description: 'The bare token as the header, as Okta’s Header Auth test app sends it.' },
  { value: 'basic', title: 'Basic', description: 'Username and password, for Okta’s Basic Auth mode.' },
  { value: 'oauth', title: 'OAuth 2.0', description: 'Access tokens from this sandbox’s /oauth2 server: consent, code exchange, refresh.' },
  { value: 'none', title: 'None', description: 'No credentials: every request is accepted.', danger: true },
];

export function AuthSection({ client, settings, ask }: { client: AdminClient; settings: PublicSettings; ask: Ask }) {
  const mode = settings.auth.mode;
  const [saving, setSaving] = useState(false);
  const { creds, refresh: refreshCredentials } = useCredentials(client, settings);

  const setMode = async (next: AuthMode) => {
    if (next === mode) return;
    setSaving(true);
    await saveSettings(client, { auth: { mode: next } }, `Authentication: ${MODE_CHOICES.find((m) => m.value === next)?.title}`);
    setSaving(false);
  };

  const regenerate = async () => {
    setSaving(true);
    if (await attempt(() => client.regenerateToken(), 'New token generated. Paste it into Okta or Entra ID.')) refreshCredentials();
    setSaving(false);
  };

  return (
    <Section id="settings-auth" title="SCIM authentication" lead="What the SCIM port asks of Okta, Entra ID or any client. Wrong or missing credentials get 401 with a SCIM error.">
      <Choices label="Authentication mode" options={MODE_CHOICES} value={mode} onChange={(next) => void setMode(next)} disabled={saving} columns={3} />

      {mode === 'none' && (
        <div className="settings-alarm" role="alert">
          <TriangleAlert size={22} aria-hidden="true" />
          <div>
            <strong>Authentication is off.</strong> Anyone who can reach the SCIM port, including through a public tunnel URL, can read, create and delete every user and group. Use it only on a private network, and switch it back after testing.
          </div>
        </div>
      )}

      {(mode === 'bearer' || mode === 'header') && (
        <div className="settings-rows">
          <div className="settings-row">
            <span className="settings-row-label">Token</span>
            <div className="settings-row-value">
              <SecretValue value={creds?.token ?? null} what="token" />
              <button type="button" className="button small" disabled={saving} onClick={() =>
                  ask({
                    title: 'Regenerate the SCIM token?',
                    message: 'The current token stops working at once: Okta and Entra ID get 401 until you paste the new one into them.',
                    confirmLabel: 'Regenerate token',
                    run: () => void regenerate(),
                  })
                }
              >
                <RefreshCw size={14} aria-hidden="true" />
                Regenerate…
              </button>
            </div>
          </div>
          <p className="settings-note">
            {mode === 'bearer' ? 'Clients send “Authorization: Bearer <token>” (the bare token works too).' : 'Clients send the token as the whole Authorization header (“Bearer <token>” works too).'} The <a href={hashFor('connect')}>Connect</a> view shows what to paste where.
          </p>
        </div>
      )}

      {mode === 'basic' && <BasicCredentials client={client} creds={creds} disabled={saving} />}

      {mode === 'oauth' && <OAuthSettings client={client} settings={settings} ask={ask} />}

    </Section>
  );
}
