/**
 * The Connect view's OAuth card (auth mode `oauth`): the authorize and token URLs, client ID and
 * secret under the names Okta's OIN wizard and Entra's gallery onboarding use for them, the redirect
 * URIs the sandbox accepts, and the levers that show how the IdP reacts (expire, revoke all).
 * Field names: Okta "Authorize endpoint / Token endpoint / Client ID / Client secret"
 * (developer.okta.com/docs/guides/submit-oin-app/scim/main); Entra "Authorization URL / Token exchange
 * URL / Client ID / Client secret" (learn.microsoft.com/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups).
 */
import { useState } from 'react';
import type { AdminClient, PublicSettings } from '../../api/admin-client.js';
import { attempt } from '../../state/toasts.js';
import { useOAuthCredentials } from '../oauth/use-oauth-credentials.js';
import { CopyValue, Notice, ValueRow } from './paste-values.js';
import { SecretValue } from './secret-value.js';

export function OAuthSection({ client, settings, isPublic }: { client: AdminClient; settings: PublicSettings | null; isPublic: boolean }) {
  const { oauth, refresh } = useOAuthCredentials(client, settings, true);
  const [busy, setBusy] = useState(false);
  const authorizeUrl = oauth ? (oauth.publicAuthorizeUrl ?? oauth.authorizeUrl) : null;
  const tokenUrl = oauth ? (oauth.publicTokenUrl ?? oauth.tokenUrl) : null;
  const placeholder = oauth?.redirectUris.some((u) => u.includes('${appName}') || u.includes('%7BappName%7D')) ?? false;

  const lever = async (run: () => Promise<unknown>, message: string) => {
    setBusy(true);
    await attempt(run, message);
    refresh();
    setBusy(false);
  };

  return (
    <section className="card section connect-section" aria-labelledby="connect-oauth">
      <div className="connect-section-head">
        <h2 id="connect-oauth">OAuth 2.0 client</h2>
        <span className="connect-auth-pill">Auth: OAuth 2.0</span>
      </div>
      {!isPublic && <Notice tone="warn">These URLs are local: the admin’s browser can open them, but Okta and Entra ID call the token URL from the internet. Set a public URL above first.</Notice>}

      <h3 className="connect-subhead">Okta (OIN Wizard → Authentication mode: OAuth 2)</h3>
      <dl className="connect-rows">
        <ValueRow label="Authorize endpoint">
          <CopyValue value={authorizeUrl} what="authorize endpoint" />
        </ValueRow>
        <ValueRow label="Token endpoint">
          <CopyValue value={tokenUrl} what="token endpoint" />
        </ValueRow>
        <ValueRow label="Client ID">
          <CopyValue value={oauth?.clientId ?? null} what="client ID" />
        </ValueRow>
        <ValueRow label="Client secret">
          <SecretValue value={oauth?.clientSecret ?? null} what="client secret" />
        </ValueRow>
      </dl>
      <p className="connect-hint">Then, on the app’s Provisioning tab, click “Authenticate with …”: your browser comes here to consent and goes back to Okta with a code.</p>

      <h3 className="connect-subhead">Microsoft Entra ID (gallery app → Admin Credentials → Authorize)</h3>
      <dl className="connect-rows">
        <ValueRow label="Authorization URL">
          <CopyValue value={authorizeUrl} what="authorization URL" />
        </ValueRow>
        <ValueRow label="Token exchange URL">
          <CopyValue value={tokenUrl} what="token exchange URL" />
        </ValueRow>
        <ValueRow label="Client ID" hint="Same client as above.">
          <CopyValue value={oauth?.clientId ?? null} what="client ID" />
        </ValueRow>
      </dl>

      <dl className="connect-rows">
        <ValueRow label="Accepted redirect URIs" hint="Exact match. Edit them in Settings → SCIM authentication.">
          <ul className="connect-actions-list" data-testid="oauth-redirect-uris">
            {(oauth?.redirectUris ?? []).map((u) => (
              <li key={u}>
                <code>{u}</code>
              </li>
            ))}
          </ul>
        </ValueRow>
        <ValueRow label="Live tokens">
          <span data-testid="oauth-token-counts">
            {oauth ? `${oauth.counts.accessTokens} access, ${oauth.counts.refreshTokens} refresh · access tokens live ${oauth.accessTokenTtlSeconds} s${oauth.requirePkce ? ' · PKCE required' : ''}` : '—'}
          </span>
        </ValueRow>
      </dl>
      {placeholder && <Notice tone="info">Replace <code>{'${appName}'}</code> in Okta’s callback URL with your app’s name (the part between /app/ and /instance/ in its Admin Console URL).</Notice>}
      <div className="settings-actions">
        <button type="button" className="button" disabled={busy} onClick={() => void lever(() => client.expireOAuthAccessTokens(), 'Access tokens expired: the IdP’s next SCIM call gets 401 invalid_token and should refresh.')}>
          Expire access tokens now
        </button>
        <button type="button" className="button danger" disabled={busy} onClick={() => void lever(() => client.revokeAllOAuthTokens(), 'All tokens revoked: the IdP must authorize again.')}>
          Revoke all tokens
        </button>
      </div>
    </section>
  );
}
