/**
 * /oauth2/token (RFC 6749 §4.1.3, §4.4, §6) and /oauth2/revoke (RFC 7009). The token endpoint
 * answers the authorization_code, refresh_token and client_credentials grants; errors use RFC 6749
 * §5.2's codes. A PKCE verifier is checked against the code's S256 challenge (RFC 7636 §4.6). A
 * code exchange refused after the code was looked up leaves the code as it was.
 */
import crypto from 'node:crypto';
import type { OAuthSettings } from '../contract/settings.js';
import type { ScimRequest, ScimResponse } from '../scim/http/pipeline.js';
import { DEFAULT_SCOPE } from './authorize-endpoint.js';
import type { AuthorizationRequest, GrantStore } from './grant-store.js';
import { authenticateClient, formParams, invalidGrant, invalidRequest, OAuthError, sendOAuthJson } from './oauth-http.js';
import type { IssuedTokens, TokenStore } from './token-store.js';

const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

function tokenResponse(t: IssuedTokens): Record<string, unknown> {
  return { access_token: t.accessToken, token_type: 'Bearer', expires_in: t.expiresIn, ...(t.refreshToken ? { refresh_token: t.refreshToken } : {}), scope: t.scope };
}

function required(params: Map<string, string>, name: string): string {
  const value = params.get(name);
  if (value === undefined) throw invalidRequest(`The parameter "${name}" is missing.`);
  return value;
}

async function authorizationCodeGrant(params: Map<string, string>, client: OAuthSettings, grants: GrantStore, tokens: TokenStore): Promise<IssuedTokens> {
  const code = required(params, 'code');
  const redeemed = grants.redeemCode(code);
  if (!redeemed.ok) {
    if (redeemed.reason === 'replayed') {
      // RFC 6749 §4.1.2: a code used twice SHOULD revoke the tokens issued from it.
      if (redeemed.familyId) await tokens.revokeFamily(redeemed.familyId);
      throw invalidGrant('The authorization code was already used; the tokens issued for it are revoked.');
    }
    throw invalidGrant(redeemed.reason === 'expired' ? 'The authorization code expired; codes live for one minute.' : 'The authorization code is not valid.');
  }
  try {
    return await exchangeCode(redeemed.request, params, client, tokens, redeemed.settle);
  } catch (error) {
    // Refused (or failed) after all: the code is left as it was, redeemable once by its client.
    redeemed.release();
    throw error;
  }
}

/** The checks of RFC 6749 §4.1.3 and RFC 7636 §4.6 on a redeemed code, then the tokens. */
async function exchangeCode(request: AuthorizationRequest, params: Map<string, string>, client: OAuthSettings, tokens: TokenStore, settle: (familyId: string) => void): Promise<IssuedTokens> {
  if (request.clientId !== client.clientId) throw invalidGrant('The authorization code was issued to another client.');
  // RFC 6749 §4.1.3: redirect_uri is REQUIRED when it was in the authorization request, and must be identical.
  if (params.get('redirect_uri') !== request.redirectUri) throw invalidGrant('redirect_uri does not match the one in the authorization request.');
  if (request.codeChallenge !== null) {
    const verifier = params.get('code_verifier');
    if (verifier === undefined || !VERIFIER.test(verifier)) throw invalidGrant('The code was issued with a PKCE challenge; send a valid code_verifier.');
    const computed = crypto.createHash('sha256').update(verifier).digest('base64url');
    const [a, b] = [Buffer.from(computed), Buffer.from(request.codeChallenge)];
    if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) throw invalidGrant('The code_verifier does not match the code_challenge.');
  } else if (params.has('code_verifier')) {
    throw invalidGrant('A code_verifier was sent, but the authorization request had no code_challenge.');
  }
  const issued = await tokens.issue(client.clientId, request.scope, client.accessTokenTtlSeconds, { refresh: true });
  settle(issued.familyId);
  return issued;
}

async function refreshGrant(params: Map<string, string>, client: OAuthSettings, tokens: TokenStore): Promise<IssuedTokens> {
  const outcome = await tokens.rotate(required(params, 'refresh_token'), client.clientId, client.accessTokenTtlSeconds);
  if (outcome.ok) return outcome.tokens;
  const why: Record<typeof outcome.reason, string> = {
    unknown: 'The refresh token is not valid.',
    expired: 'The refresh token expired.',
    revoked: 'The refresh token was revoked.',
    reused: 'The refresh token was already used (it rotates on every refresh). Treating this as a replay: every token of this grant is now revoked.',
    'wrong-client': 'The refresh token was issued to another client.',
  };
  throw invalidGrant(why[outcome.reason]);
}

export async function handleToken(req: ScimRequest, res: ScimResponse, client: OAuthSettings, grants: GrantStore, tokens: TokenStore): Promise<void> {
  const params = formParams(req, res, 'body');
  authenticateClient(req, params, client);
  const grantType = required(params, 'grant_type');
  let issued: IssuedTokens;
  switch (grantType) {
    case 'authorization_code':
      issued = await authorizationCodeGrant(params, client, grants, tokens);
      break;
    case 'refresh_token':
      issued = await refreshGrant(params, client, tokens);
      break;
    case 'client_credentials':
      // RFC 6749 §4.4.3: a refresh token SHOULD NOT be included.
      issued = await tokens.issue(client.clientId, params.get('scope') ?? DEFAULT_SCOPE, client.accessTokenTtlSeconds, { refresh: false });
      break;
    default:
      throw new OAuthError(400, 'unsupported_grant_type', `grant_type "${grantType}" is not supported; use authorization_code, refresh_token or client_credentials.`);
  }
  sendOAuthJson(res, 200, tokenResponse(issued));
}

export async function handleRevoke(req: ScimRequest, res: ScimResponse, client: OAuthSettings, tokens: TokenStore): Promise<void> {
  const params = formParams(req, res, 'body');
  authenticateClient(req, params, client);
  const token = required(params, 'token');
  await tokens.revoke(token, client.clientId);
  // RFC 7009 §2.2: 200 whether or not the token was valid.
  res.statusCode = 200;
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', '0');
  res.locals.responseBytes = 0;
  res.end();
}
