/** Settings persisted in the data folder and edited through the admin API. */

export type AuthMode = 'bearer' | 'header' | 'basic' | 'none';

export interface AuthSettings {
  mode: AuthMode;
  /** Bearer / Okta header token. Secret: never leaves the process unredacted. */
  token: string;
  basic: { username: string; password: string };
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
  recording: { enabled: boolean; retention: number; maxBodyBytes: number };
  quirks: QuirkSettings;
  faults: { seed: number | null };
  tunnel: TunnelSettings;
  /** Whether a PATCH without `attributes` answers 200 with the resource (default) or 204. */
  patchReturnsResource: boolean;
  upstream: UpstreamSettings;
}
