/**
 * The sandbox's OAuth 2.0 authorization server, used when the auth mode is `oauth` (design §9). It
 * lives on the SCIM port under /oauth2 so the IdP and the admin's browser reach it through the same
 * tunnel, and it runs inside the SCIM pipeline (after the recorder and the fault engine), so every
 * OAuth request is recorded and can be faulted like a SCIM one. The SCIM auth step asks it whether a
 * bearer token is valid.
 */
import type { Settings } from '../contract/settings.js';
import type { Next, ScimRequest, ScimResponse, Step } from '../scim/http/pipeline.js';
import { handleAuthorizeGet, handleAuthorizePost, type InjectedOAuthError } from './authorize-endpoint.js';
import { GrantStore } from './grant-store.js';
import { isOAuthPath, OAUTH_BASE_PATH, OAuthError, sendOAuthError } from './oauth-http.js';
import { handleRevoke, handleToken } from './token-endpoint.js';
import { TokenStore, type AccessCheck } from './token-store.js';

export { isOAuthPath, OAUTH_BASE_PATH };

/** Where an IdP is told to go, relative to the SCIM port's origin. */
export const OAUTH_PATHS = { authorize: `${OAUTH_BASE_PATH}/authorize`, token: `${OAUTH_BASE_PATH}/token`, revoke: `${OAUTH_BASE_PATH}/revoke` } as const;

export interface OAuthServerOptions {
  settings: () => Settings;
  /** Data folder for the token file (null: memory only). */
  dir: string | null;
  /** The clock; tests inject one to make tokens expire without waiting. */
  now?: () => number;
}

export interface OAuthServer {
  /** The pipeline step answering /oauth2/*; passes anything else on. */
  step: Step;
  checkAccessToken(token: string): AccessCheck;
  /** A one-minute access token for the inspector's own requests (replay), never handed out. */
  issueInternalToken(): Promise<string>;
  revokeAll(): Promise<number>;
  expireAccessTokens(): Promise<number>;
  counts(): { accessTokens: number; refreshTokens: number };
  close(): Promise<void>;
}

export async function createOAuthServer(options: OAuthServerOptions): Promise<OAuthServer> {
  const now = options.now ?? Date.now;
  const tokens = await TokenStore.open(options.dir, now);
  const grants = new GrantStore(now);

  const step: Step = async (req: ScimRequest, res: ScimResponse, next: Next) => {
    if (!isOAuthPath(req.path)) return next();
    const settings = options.settings();
    const client = settings.auth.oauth;
    const injected = (res.locals.oauthFault as InjectedOAuthError | undefined) ?? null;
    const endpoint = req.path.slice(OAUTH_BASE_PATH.length).toLowerCase();
    try {
      if (settings.auth.mode !== 'oauth') throw new OAuthError(404, 'invalid_request', 'OAuth is off on this sandbox: choose the "oauth" auth mode in Settings (or start with --auth oauth).');
      const allow = (...methods: string[]) => {
        if (!methods.includes(req.method)) throw new OAuthError(405, 'invalid_request', `${req.method} is not allowed on ${req.path}; use ${methods.join(' or ')}.`, { Allow: methods.join(', ') });
      };
      switch (endpoint) {
        case '/authorize':
          allow('GET', 'POST');
          return req.method === 'GET' ? handleAuthorizeGet(req, res, client, grants, injected) : handleAuthorizePost(req, res, grants, injected);
        case '/token':
          allow('POST');
          if (injected) throw new OAuthError(injected.status, injected.error, injected.description, injected.headers);
          return await handleToken(req, res, client, grants, tokens);
        case '/revoke':
          allow('POST');
          if (injected) throw new OAuthError(injected.status, injected.error, injected.description, injected.headers);
          return await handleRevoke(req, res, client, tokens);
        default:
          throw new OAuthError(404, 'invalid_request', `No OAuth endpoint at ${req.path}; this server offers ${Object.values(OAUTH_PATHS).join(', ')}.`);
      }
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      sendOAuthError(res, error);
    }
  };

  return {
    step,
    checkAccessToken: (token) => tokens.checkAccess(token),
    issueInternalToken: async () => (await tokens.issue(options.settings().auth.oauth.clientId, 'scim', 60, { refresh: false })).accessToken,
    revokeAll: () => tokens.revokeAll(),
    expireAccessTokens: () => tokens.expireAccessTokens(),
    counts: () => tokens.counts(),
    close: () => tokens.close(),
  };
}
