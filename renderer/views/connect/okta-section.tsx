/** The Connect view's Okta card: the values to paste for the App Integration Wizard / OIN app or the "SCIM 2.0 Test App (Header Auth)", matching the current auth mode. */
import { useState } from 'react';
import type { Credentials, Status } from '../../api/admin-client.js';
import { CopyValue, Notice, ValueRow } from './paste-values.js';
import { SecretValue } from './secret-value.js';

const AUTH_NAMES: Record<Status['authMode'], string> = { bearer: 'Bearer token', header: 'Header token', basic: 'Basic', none: 'None', oauth: 'OAuth 2.0' };

const OKTA_ACTIONS = ['Push New Users', 'Push Profile Updates', 'Push Groups', 'Import New Users and Profile Updates', 'Import Groups'];

type OktaFlavour = 'aiw' | 'header-app';

export function OktaSection({ baseUrl, isPublic, mode, creds }: { baseUrl: string | null; isPublic: boolean; mode: Status['authMode']; creds: Credentials | null }) {
  const [flavour, setFlavour] = useState<OktaFlavour>('aiw');
  const token = creds?.token ?? null;
  return (
    <section className="card section connect-section" aria-labelledby="connect-okta">
      <div className="connect-section-head">
        <h2 id="connect-okta">Okta</h2>
        <span className="connect-auth-pill">Auth: {AUTH_NAMES[mode]}</span>
      </div>
      <div className="segmented connect-tabs" role="group" aria-label="Okta app type">
        <button type="button" aria-pressed={flavour === 'aiw'} onClick={() => setFlavour('aiw')}>
          App Integration Wizard / OIN
        </button>
        <button type="button" aria-pressed={flavour === 'header-app'} onClick={() => setFlavour('header-app')}>
          SCIM 2.0 Test App (Header Auth)
        </button>
      </div>
      {!isPublic && <Notice tone="warn">These values use the local URL, which Okta cannot reach. Set a public URL above first.</Notice>}

      {flavour === 'aiw' ? (
        <>
          <p className="connect-path">
            Your app → <strong>General</strong> → Provisioning: <strong>SCIM</strong>; then <strong>Provisioning</strong> → <strong>Integration</strong> → Edit.
          </p>
          <dl className="connect-rows">
            <ValueRow label="SCIM connector base URL">
              <CopyValue value={baseUrl} what="base URL" />
            </ValueRow>
            <ValueRow label="Unique identifier field for users">
              <CopyValue value="userName" what="identifier field" />
            </ValueRow>
            <ValueRow label="Supported provisioning actions" hint="Tick these.">
              <ul className="connect-actions-list">
                {OKTA_ACTIONS.map((a) => (
                  <li key={a}>{a}</li>
                ))}
              </ul>
            </ValueRow>
            {mode === 'oauth' ? (
              <ValueRow label="Authentication mode" hint="Authorize endpoint, token endpoint, client ID and secret: see the OAuth 2.0 client card above.">
                <strong>OAuth 2</strong>
              </ValueRow>
            ) : mode === 'basic' ? (
              <>
                <ValueRow label="Authentication Mode">
                  <strong>Basic Auth</strong>
                </ValueRow>
                <ValueRow label="Username">
                  <CopyValue value={creds?.basic.username ?? null} what="username" />
                </ValueRow>
                <ValueRow label="Password">
                  <SecretValue value={creds?.basic.password ?? null} what="password" />
                </ValueRow>
              </>
            ) : (
              <>
                <ValueRow label="Authentication Mode">
                  <strong>HTTP Header</strong>
                </ValueRow>
                <ValueRow label="Authorization: Bearer" hint="Okta adds “Bearer ” itself: paste the token only.">
                  <SecretValue value={token} what="token" />
                </ValueRow>
              </>
            )}
          </dl>
        </>
      ) : (
        <>
          <p className="connect-path">
            Applications → Browse App Catalog → <strong>SCIM 2.0 Test App (Header Auth)</strong> → Provisioning → Configure API Integration → Enable API Integration.
          </p>
          {mode === 'oauth' && <Notice tone="warn">This app sends a static token, but the sandbox expects an OAuth access token. Use the App Integration Wizard / OIN tab with OAuth 2, or switch the auth mode in Settings.</Notice>}
          {mode === 'basic' && <Notice tone="warn">This app sends a token, but the sandbox expects Basic credentials. Switch to Bearer or Header in Settings, or use “SCIM 2.0 Test App (Basic Auth)” with the username and password.</Notice>}
          <dl className="connect-rows">
            <ValueRow label="Base URL">
              <CopyValue value={baseUrl} what="base URL" />
            </ValueRow>
            <ValueRow label="API Token" hint="Sent as the whole Authorization header; accepted in Bearer and Header modes.">
              <SecretValue value={token} what="token" />
            </ValueRow>
          </dl>
          <p className="connect-hint">Then click “Test API Credentials”, save, and enable Create Users, Update User Attributes and Deactivate Users under To App.</p>
        </>
      )}
      {mode === 'none' && <Notice tone="warn">Authentication is off: the sandbox accepts any credentials, so whatever Okta sends will work.</Notice>}
    </section>
  );
}
