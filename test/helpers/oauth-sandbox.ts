/**
 * A sandbox in auth mode `oauth` whose authorization server knows the loopback IdP's redirect URI, with
 * what an OAuth client of it needs: the server's origin, its token URL and the client's credentials
 * (as the Connect view shows them). Several OAuth suites start one the same way.
 */
import type { SandboxOptions } from '../../server/sandbox.js';
import type { LoopbackIdp } from './oauth-idp.js';
import { startSandbox, type TestSandbox } from './sandbox.js';

export interface OAuthSandbox {
  t: TestSandbox;
  origin: string;
  tokenUrl: string;
  client: { id: string; secret: string };
}

export async function startOAuthSandbox(
  idp: LoopbackIdp,
  options: Partial<SandboxOptions> & { dataDir?: string; redirectUris?: string[] } = {},
): Promise<OAuthSandbox> {
  const { redirectUris = [idp.redirectUri], ...sandboxOptions } = options;
  const t = await startSandbox({ ...sandboxOptions, auth: 'oauth' });
  await t.sandbox.settings.update({ auth: { oauth: { redirectUris } } });
  const origin = t.addresses.scimUrl.replace(/\/scim\/v2$/, '');
  const { oauth } = t.sandbox.settings.current.auth;
  return { t, origin, tokenUrl: `${origin}/oauth2/token`, client: { id: oauth.clientId, secret: oauth.clientSecret } };
}
