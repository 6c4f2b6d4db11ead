/**
 * The recorded exchange: one request that reached the SCIM port and what came of it.
 * This is the shape the admin API, the WebSocket, the HAR export and the renderer share.
 */
import type { JsonValue } from './scim.js';
import type { ResourceChange } from './store.js';

export type ClientKind = 'okta' | 'entra' | 'onelogin' | 'jumpcloud' | 'pingone' | 'google' | 'scimscope' | 'curl' | 'unknown';

export type OperationKind =
  | 'connection.test'
  | 'user.import'
  | 'user.lookup'
  | 'user.read'
  | 'user.create'
  | 'user.update'
  | 'user.deactivate'
  | 'user.reactivate'
  | 'user.password'
  | 'user.delete'
  | 'group.import'
  | 'group.lookup'
  | 'group.read'
  | 'group.create'
  | 'group.rename'
  | 'group.update'
  | 'group.members.add'
  | 'group.members.remove'
  | 'group.members.replace'
  | 'group.delete'
  | 'discovery'
  | 'auth.failed'
  | 'oauth.authorize'
  | 'oauth.consent'
  | 'oauth.token'
  | 'oauth.refresh'
  | 'oauth.denied'
  | 'oauth.revoke'
  | 'unknown';

export interface ExchangeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: JsonValue;
  bodySize: number;
  bodyTruncated: boolean;
  remoteAddress: string;
}

export interface ExchangeResponse {
  /** 0 when no response was sent (dropped, aborted by the client). */
  status: number;
  headers: Record<string, string>;
  body: JsonValue;
  bodySize: number;
  bodyTruncated: boolean;
}

export type LintLevel = 'info' | 'warning' | 'error';

/** Where a lint rule comes from: the RFCs, the SCIM interoperability profile (an IETF draft), or an IdP's documentation. */
export type LintSourceKind = 'rfc' | 'interop-draft' | 'okta' | 'entra';

export interface LintSource {
  kind: LintSourceKind;
  /** e.g. "RFC 7644 §3.3", "draft-zollner-scim-interop-profile (draft)", "Okta: SCIM 2.0 reference". */
  ref: string;
  url?: string;
}

export interface LintFinding {
  code: string;
  level: LintLevel;
  message: string;
  /** The documents the finding rests on (response checks always say). */
  sources?: LintSource[];
}

export interface Operation {
  kind: OperationKind;
  resourceType: 'User' | 'Group' | null;
  resourceId: string | null;
  summary: string;
}

export interface FaultHit {
  ruleId: string;
  name: string;
  action: string;
  /** When the rule acted: before the backend (default) or after it had answered. */
  phase?: 'before' | 'after';
  /** Latency added by latency rules (ms), stacked with the action. */
  latencyMs?: number;
}

/** How a paused exchange (a breakpoint) was let go. */
export type BreakpointResolution = 'continued' | 'edited' | 'responded' | 'dropped' | 'timed-out' | 'released-on-close' | 'aborted';

/** A breakpoint that paused the exchange, and what the trainer did with it. */
export interface BreakpointHit {
  ruleId: string;
  name: string;
  /** Paused before the backend (store or upstream) saw the request, or after it answered. */
  phase: 'before' | 'after';
  resolution: BreakpointResolution;
  /** How long the exchange was held (ms). */
  pausedMs: number;
  /**
   * What the trainer replaced, as it was before the edit (secrets redacted): the request headers
   * that were changed and/or the request body (resolution `edited`), or the backend's answer that an
   * edited answer replaced (`responded` in the after phase). Null when nothing was edited.
   */
  original: {
    request?: { headers?: Record<string, string | null>; body?: JsonValue };
    response?: { status: number; headers: Record<string, string>; body: JsonValue };
  } | null;
}

export interface Exchange {
  id: string;
  seq: number;
  startedAt: string;
  durationMs: number;
  client: ClientKind;
  /** Set when Scimscope's emulated IdP sent the request (the profile id, e.g. "okta"): a rehearsal, not a live tenant. */
  emulated?: string;
  request: ExchangeRequest;
  response: ExchangeResponse;
  operation: Operation;
  changes: ResourceChange[];
  fault: FaultHit | null;
  lint: LintFinding[];
  /** How the exchange ended: answered, or cut short. */
  outcome: 'completed' | 'aborted' | 'dropped';
  /** Set when this exchange repeats an earlier faulted one. */
  retryOf?: { exchangeId: string; delayMs: number; attempt: number } | null;
  /** Set when this exchange was replayed from the inspector. */
  replayOf?: string | null;
  /** Proxy mode: where the request was forwarded and how the upstream answered. */
  upstream?: UpstreamLeg | null;
  /** Set when a breakpoint paused the exchange. */
  breakpoint?: BreakpointHit | null;
}

/** The forwarded leg of a proxied exchange. `durationMs` is the upstream's share of the exchange's `durationMs`. */
export interface UpstreamLeg {
  /** The upstream URL requested (no credentials). */
  url: string;
  /** From sending the request to the upstream's last body byte; null when it never answered. */
  durationMs: number | null;
  status: number | null;
  /** Why the upstream leg failed (refused, timeout, bad answer), else null. */
  error: string | null;
}

/** The compact form pushed live and listed; the full record is fetched on request. */
export interface ExchangeSummary {
  id: string;
  seq: number;
  startedAt: string;
  durationMs: number;
  client: ClientKind;
  /** The emulated IdP profile, when Scimscope's own emulator sent it. */
  emulated?: string;
  method: string;
  path: string;
  /** The query as people read it (`filter=userName eq "jane"&count=100`), '' when none. */
  query: string;
  status: number;
  outcome: Exchange['outcome'];
  operation: Operation;
  changeCount: number;
  fault: FaultHit | null;
  lintCount: number;
  lintLevel: LintLevel | null;
  retryOf: Exchange['retryOf'];
  replayOf: string | null;
  /** Set when a breakpoint paused the exchange (the edits are in the full record). */
  breakpoint?: Pick<BreakpointHit, 'ruleId' | 'name' | 'phase' | 'resolution' | 'pausedMs'> | null;
}
