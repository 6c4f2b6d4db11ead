/** The OAuth client values (URLs, client ID and secret, token counts), refetched when the settings change and on demand. */
import { useEffect, useState } from 'react';
import type { AdminClient, OAuthCredentials, PublicSettings } from '../../api/admin-client.js';

export function useOAuthCredentials(client: AdminClient, settings: PublicSettings | null, enabled: boolean): { oauth: OAuthCredentials | null; refresh: () => void } {
  const [oauth, setOAuth] = useState<OAuthCredentials | null>(null);
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    client.oauthCredentials().then(
      (c) => live && setOAuth(c),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, settings, nonce, enabled]);
  return { oauth: enabled ? oauth : null, refresh: () => setNonce((n) => n + 1) };
}
