/** The Connect view's Microsoft Entra ID card: where to go in Entra and the tenant URL and secret token to paste there. */
import type { Credentials, Status } from '../../api/admin-client.js';
import { CopyValue, Notice, ValueRow } from './paste-values.js';
import { SecretValue } from './secret-value.js';

export function EntraSection({ baseUrl, isPublic, mode, creds }: { baseUrl: string | null; isPublic: boolean; mode: Status['authMode']; creds: Credentials | null }) {
  return (
    <section className="card section connect-section" aria-labelledby="connect-entra">
      <h2 id="connect-entra">Microsoft Entra ID</h2>
      <p className="connect-path">
        Enterprise applications → New application → Create your own application → <strong>Provisioning</strong> → Mode: Automatic → <strong>Admin Credentials</strong>.
      </p>
      {!isPublic && <Notice tone="warn">Entra ID needs a public HTTPS URL; set one above.</Notice>}
      {mode === 'basic' && <Notice tone="warn">Entra ID sends a bearer token, not Basic credentials: switch authentication to Bearer in Settings.</Notice>}
      {mode === 'oauth' && <Notice tone="info">Entra ID offers OAuth (authorization code grant) only for gallery apps; a non-gallery app takes a Secret Token. For a quick test, paste an access token from the token URL as the Secret Token (it expires).</Notice>}
      <dl className="connect-rows">
        <ValueRow label="Tenant URL">
          <CopyValue value={baseUrl} what="tenant URL" />
        </ValueRow>
        <ValueRow label="Secret Token">
          <SecretValue value={creds?.token ?? null} what="secret token" />
        </ValueRow>
      </dl>
      <p className="connect-hint">
        Then “Test Connection”: Entra looks up a random GUID userName and expects an empty list. Append <code>?aadOptscim062020</code> to the Tenant URL for the RFC-compliant PATCH shapes (lowercase ops, real booleans).
      </p>
    </section>
  );
}
