/** The public settings a fresh sandbox reports, for renderer tests that fake the admin client; quirks merge field by field. */
import type { PublicSettings, QuirkSettings } from '../../server/contract/index.js';

export function publicSettings(over: Partial<Omit<PublicSettings, 'quirks'>> & { quirks?: Partial<QuirkSettings> } = {}): PublicSettings {
  const { quirks, ...rest } = over;
  return {
    auth: {
      mode: 'bearer',
      tokenSet: true,
      basic: { username: 'okta', passwordSet: true },
      oauth: { clientId: 'scimscope-abc123', clientSecretSet: true, redirectUris: ['https://system-admin.okta.com/admin/app/cpc/${appName}/oauth/callback', 'https://portal.azure.com/TokenAuthorize'], accessTokenTtlSeconds: 3600, requirePkce: false },
    },
    recording: { enabled: true, retention: 10_000, maxBodyBytes: 65_536, historyCap: 20_000 },
    faults: { seed: null },
    tunnel: { publicUrl: null, ngrokDomain: null, ngrokAuthtokenSet: false },
    patchReturnsResource: true,
    upstream: { url: null, auth: 'token', tokenSet: false, headerName: 'Authorization', insecure: false, connectTimeoutMs: 5_000, responseTimeoutMs: 60_000 },
    ...rest,
    quirks: { duplicateAs400: false, conflictWithoutScimType: false, rejectMembersReplace: false, ignoreExcludedAttributes: false, plainJsonContentType: false, zeroBasedStartIndex: false, stringTotalResults: false, ...quirks },
  };
}
