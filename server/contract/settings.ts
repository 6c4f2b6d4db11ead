/** Settings persisted in the data folder and edited through the admin API. */

export type AuthMode = 'bearer' | 'header' | 'basic' | 'none' | 'oauth';

export interface AuthSettings {
  mode: AuthMode;
  /** Bearer / Okta header token. Secret: never leaves the process unredacted. */
  token: string;
  basic: { username: string; password: string };
  /** The OAuth 2.0 client the built-in authorization server knows (auth mode `oauth`). */
  oauth: OAuthSettings;
}

/** The one registered OAuth client and the authorization server's rules (server/oauth/). */
export interface OAuthSettings {
  clientId: string;
  /** Secret: never leaves the process unredacted, except to the Connect view for pasting. */
  clientSecret: string;
  /** Exact-match redirect URIs (RFC 6749 §3.1.2); pre-filled with Okta's and Entra's callback forms. */
  redirectUris: string[];
  /** Access token lifetime in seconds (default 3600; a few seconds for a demo of expiry). */
  accessTokenTtlSeconds: number;
  /** Refuse authorization requests without a PKCE S256 code_challenge (RFC 7636). */
  requirePkce: boolean;
}

/** Server behaviours that imitate common broken SCIM servers; all off by default. */
export interface QuirkSettings {
  duplicateAs400: boolean;
  conflictWithoutScimType: boolean;
  rejectMembersReplace: boolean;
  ignoreExcludedAttributes: boolean;
  plainJsonContentType: boolean;
  zeroBasedStartIndex: boolean;
  stringTotalResults: boolean;
}

export interface TunnelSettings {
  /** A public URL the user already has from any tunnel tool, forwarded to the SCIM port. */
  publicUrl: string | null;
  /** ngrok authtoken. Secret. */
  ngrokAuthtoken: string | null;
  ngrokDomain: string | null;
}

/** How Scimscope authenticates to the upstream SCIM server in proxy mode. */
export type UpstreamAuthMode = 'token' | 'header' | 'passThrough' | 'none';

/** Proxy mode: the SCIM server Scimscope forwards to instead of answering from its store. */
export interface UpstreamSettings {
  /** The upstream's SCIM base URL (http or https); null: sandbox mode. */
  url: string | null;
  /** token: `Authorization: Bearer <token>`; header: `<headerName>: <token>`; passThrough: the IdP's own Authorization; none. */
  auth: UpstreamAuthMode;
  /** The upstream credential. Secret: never leaves the process unredacted. */
  token: string | null;
  headerName: string;
  /** Accept a self-signed or otherwise unverifiable certificate from an https upstream. */
  insecure: boolean;
  connectTimeoutMs: number;
  /** Time allowed for the upstream's response headers (and between body chunks). */
  responseTimeoutMs: number;
}

export interface Settings {
  auth: AuthSettings;
  /** `retention`: exchanges kept; `historyCap`: resource-history entries kept (the workspace's newest changes). */
  recording: { enabled: boolean; retention: number; maxBodyBytes: number; historyCap: number };
  quirks: QuirkSettings;
  faults: { seed: number | null };
  tunnel: TunnelSettings;
  /** Whether a PATCH without `attributes` answers 200 with the resource (default) or 204. */
  patchReturnsResource: boolean;
  upstream: UpstreamSettings;
}
