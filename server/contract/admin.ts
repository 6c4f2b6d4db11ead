/**
 * What the admin API and its WebSocket answer, shared by the server that builds these shapes and the
 * inspector that reads them, so the two cannot drift apart. Type-only.
 */
import type { PausedExchange } from './breakpoints.js';
import type { BreakpointResolution, ClientKind, Exchange, ExchangeSummary } from './exchange.js';
import type { JsonObject, ResourceTypeName } from './scim.js';
import type { AuthMode, OAuthSettings, QuirkSettings, Settings, UpstreamSettings } from './settings.js';

export interface TunnelState {
  status: 'off' | 'starting' | 'up' | 'error';
  provider: string | null;
  /** Public origin of the tunnel (the SCIM base URL is this + /scim/v2). */
  url: string | null;
  error: string | null;
}

/** `GET /api/status`. */
export interface StatusReport {
  name: 'Scimscope';
  /** The workspace this status describes (`default` for plain /api/status). */
  workspace?: string;
  version: string;
  running: boolean;
  startedAt: string;
  uptimeMs: number;
  scimUrl: string | null;
  publicScimUrl: string | null;
  tunnel: TunnelState;
  adminUrl: string | null;
  dataDir: string;
  storeFile: string | null;
  authMode: AuthMode;
  recording: boolean;
  counts: { users: number; groups: number; exchanges: number };
  /** Right after start-up the recorded exchanges load in the background: `loaded` of about `expected` (null once loaded). */
  exchangesLoading: { loaded: number; expected: number } | null;
  warnings: string[];
}

/** Settings as they leave the process: secrets replaced by whether they are set. */
export interface PublicSettings {
  auth: { mode: AuthMode; tokenSet: boolean; basic: { username: string; passwordSet: boolean }; oauth: Omit<OAuthSettings, 'clientSecret'> & { clientSecretSet: boolean } };
  recording: Settings['recording'];
  quirks: QuirkSettings;
  faults: Settings['faults'];
  tunnel: { publicUrl: string | null; ngrokDomain: string | null; ngrokAuthtokenSet: boolean };
  patchReturnsResource: boolean;
  /** Proxy mode; the upstream token is never shown, only whether it is set. */
  upstream: Omit<UpstreamSettings, 'token'> & { tokenSet: boolean };
}

/** `GET /api/upstream/:type`: a page of the upstream's Users or Groups, read through SCIM. */
export interface UpstreamPage {
  url: string;
  status: number;
  totalResults: number | null;
  resources: JsonObject[];
  /** Set when the upstream could not be read or did not answer a ListResponse. */
  error: string | null;
}

/** `GET /api/settings/credentials`: the SCIM credentials to paste into an IdP. */
export interface Credentials {
  mode: AuthMode;
  token: string;
  basic: { username: string; password: string };
  authorizationHeader: string | null;
}

/** `GET /api/oauth/credentials`: what to paste into the IdP for auth mode `oauth` (Cache-Control: no-store). */
export interface OAuthCredentials {
  mode: AuthMode;
  /** On the SCIM port's local origin, and through the tunnel when one is up or configured. */
  authorizeUrl: string | null;
  tokenUrl: string | null;
  revokeUrl: string | null;
  publicAuthorizeUrl: string | null;
  publicTokenUrl: string | null;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  accessTokenTtlSeconds: number;
  requirePkce: boolean;
  /** Live (unexpired, unrevoked) tokens. */
  counts: { accessTokens: number; refreshTokens: number };
}

/** One step of a resource's timeline (`GET /api/users/:id/history`). */
export interface HistoryEntry {
  at: string;
  resourceType: ResourceTypeName;
  id: string;
  source: 'scim' | 'inspector' | 'seed' | 'reset';
  exchangeId: string | null;
  client: ClientKind | null;
  /** The lifecycle label of the exchange (or the inspector action). */
  kind: string;
  /** The inspector action that made the change ("create", "snapshot.restore"...), for inspector changes. */
  action?: string;
  summary: string;
  before: JsonObject | null;
  after: JsonObject | null;
}

/** A history entry as the admin API returns it: the change with its place in the workspace's history. */
export interface TimelineEntry extends HistoryEntry {
  /** Increases with every change recorded in the workspace (kept across restarts); the `before` cursor of a page. */
  seq: number;
}

/**
 * `GET /api/users/:id/history`. Without `count` or `before`: the whole timeline, oldest first. With
 * them: the `count` newest entries below `before`, newest first, and `nextBefore`, the `before` of
 * the next (older) page, or null when there is none.
 */
export interface HistoryPage {
  items: TimelineEntry[];
  /** Entries in the whole timeline (every page). */
  total: number;
  nextBefore: number | null;
}

/** Events inside a `batch` message of /api/events. */
export type LiveEvent =
  | { type: 'exchange'; exchange: ExchangeSummary }
  | { type: 'exchanges:cleared' }
  | { type: 'store'; counts: { users: number; groups: number }; origin: string; changed: { resourceType: string; id: string; deleted: boolean }[] }
  | { type: 'settings'; settings: PublicSettings }
  | { type: 'faults'; reason: string }
  | { type: 'tunnel'; status: TunnelState['status']; url: string | null; error: string | null }
  | { type: 'breakpoints'; reason: string }
  | { type: 'breakpoint:paused'; paused: PausedExchange }
  | { type: 'breakpoint:released'; id: string; exchangeId: string | null; resolution: BreakpointResolution };

/** Messages the server sends on /api/events. */
export type LiveMessage =
  | { type: 'hello'; counts: { users: number; groups: number; exchanges: number }; settings: PublicSettings; exchanges: ExchangeSummary[] }
  /**
   * Before the hello, while the server loads its recorded exchanges after start-up: how far the load
   * is (`loaded` of about `expected`, never above 100%) and the counts meanwhile. Sent on connecting
   * and then whenever the load moved on, at most once per batch interval; the hello ends it.
   */
  | { type: 'loading'; loading: { loaded: number; expected: number }; counts: { users: number; groups: number; exchanges: number } }
  /** `exchanges`: how many exchanges the log holds as the batch is sent (the count to show; evictions included). */
  | { type: 'batch'; events: LiveEvent[]; dropped?: number; exchanges: number }
  | { type: 'exchange:full'; exchange: Exchange }
  | { type: 'error'; message: string };
