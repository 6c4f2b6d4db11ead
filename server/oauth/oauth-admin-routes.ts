/**
 * /api/oauth: what the Connect view shows for auth mode `oauth` (the authorize and token URLs, the
 * client ID and secret), and the levers that show how an IdP copes: revoke every token, make every
 * access token expire now, issue a new client secret. Admin API guards apply (loopback, token).
 */
import { Router } from 'express';
import type { OAuthCredentials } from '../contract/admin.js';
import type { SettingsStore } from '../config/settings-store.js';
import { generateToken } from '../config/settings-file.js';
import { publicScimUrl, scimOriginOf } from '../scim/base-path.js';
import type { TunnelManager } from '../tunnel/tunnel-manager.js';
import { OAUTH_PATHS, type OAuthServer } from './oauth-server.js';

const originOf = (scimUrl: string | null) => (scimUrl ? scimOriginOf(scimUrl) : null);

/** `mountPath`: the workspace's prefix on the SCIM port ('' for default), which its OAuth URLs carry too. */
export function oauthAdminRoutes(oauth: OAuthServer, settings: SettingsStore, tunnel: TunnelManager, scimUrl: () => string | null, mountPath = ''): Router {
  const router = Router();

  router.get('/oauth/credentials', (_req, res) => {
    const { auth, tunnel: tunnelSettings } = settings.current;
    const local = originOf(scimUrl());
    const publicOrigin = originOf(publicScimUrl(tunnel.snapshot.url, tunnelSettings.publicUrl, mountPath));
    const body: OAuthCredentials = {
      mode: auth.mode,
      authorizeUrl: local && `${local}${OAUTH_PATHS.authorize}`,
      tokenUrl: local && `${local}${OAUTH_PATHS.token}`,
      revokeUrl: local && `${local}${OAUTH_PATHS.revoke}`,
      publicAuthorizeUrl: publicOrigin && `${publicOrigin}${OAUTH_PATHS.authorize}`,
      publicTokenUrl: publicOrigin && `${publicOrigin}${OAUTH_PATHS.token}`,
      clientId: auth.oauth.clientId,
      clientSecret: auth.oauth.clientSecret,
      redirectUris: auth.oauth.redirectUris,
      accessTokenTtlSeconds: auth.oauth.accessTokenTtlSeconds,
      requirePkce: auth.oauth.requirePkce,
      counts: oauth.counts(),
    };
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });

  router.post('/oauth/revoke-all', async (_req, res) => {
    res.json({ revoked: await oauth.revokeAll() });
  });

  router.post('/oauth/expire-access-tokens', async (_req, res) => {
    res.json({ expired: await oauth.expireAccessTokens() });
  });

  router.post('/oauth/client-secret/regenerate', async (_req, res) => {
    await settings.update({ auth: { oauth: { clientSecret: generateToken('cs') } } });
    res.setHeader('Cache-Control', 'no-store');
    res.json({ clientSecret: settings.current.auth.oauth.clientSecret });
  });

  return router;
}
