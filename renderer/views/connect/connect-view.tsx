/** The Connect view: lays out the SCIM base URL, Okta and Entra ID cards with the live values to paste, beside the Okta setup checklist that ticks itself from the recorded traffic. */
import { useServices } from '../../app-services.js';
import { useStore } from '../../state/external-store.js';
import { serverState } from '../../state/server-state.js';
import { useCredentials, useSettings } from '../settings/settings-io.js';
import { ChecklistPanel } from './checklist-panel.js';
import { EntraSection } from './entra-section.js';
import { OAuthSection } from './oauth-section.js';
import { OktaSection } from './okta-section.js';
import { publicScimUrl } from './scim-urls.js';
import { UrlSection } from './url-section.js';
import { useChecklist } from './use-checklist.js';
import '../../styles/connect.css';

export { isHttpUrl, publicScimUrl } from './scim-urls.js';

export function ConnectView() {
  const { client, traffic } = useServices();
  const status = useStore(serverState).status;
  const settings = useSettings(client);
  const { creds } = useCredentials(client, settings);

  const localUrl = status?.scimUrl ?? null;
  const publicUrl = status?.publicScimUrl ?? publicScimUrl(settings?.tunnel.publicUrl);
  const baseUrl = publicUrl ?? localUrl;
  const mode = creds?.mode ?? settings?.auth.mode ?? status?.authMode ?? 'bearer';
  const checklist = useChecklist(useStore(traffic.state), mode === 'oauth');

  return (
    <div className="page connect-page">
      <header className="connect-header">
        <h1>Connect</h1>
        <p className="lead">Point Okta or Entra ID at this sandbox. Every value below is live: copy it straight into the identity provider.</p>
      </header>
      <div className="connect-layout">
        <div className="connect-main">
          <UrlSection client={client} status={status} settings={settings} localUrl={localUrl} publicUrl={publicUrl} />
          {mode === 'oauth' && <OAuthSection client={client} settings={settings} isPublic={publicUrl !== null} />}
          <OktaSection baseUrl={baseUrl} isPublic={publicUrl !== null} mode={mode} creds={creds} />
          <EntraSection baseUrl={baseUrl} isPublic={publicUrl !== null} mode={mode} creds={creds} />
        </div>
        <aside className="connect-aside">
          <ChecklistPanel steps={checklist} />
        </aside>
      </div>
    </div>
  );
}
