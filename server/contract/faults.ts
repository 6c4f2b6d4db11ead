/**
 * Fault rules: what makes the sandbox misbehave on purpose. Shared by the server (engine, admin
 * API) and the renderer (Faults view).
 */
import type { ClientKind, OperationKind } from './exchange.js';

export type FaultAction =
  | { type: 'latency'; ms: number; jitterMs?: number }
  | { type: 'error'; status: number; scimType?: string; detail?: string; headers?: Record<string, string> }
  /** Retry-After as whole seconds, as an HTTP-date that many seconds ahead (`httpDateSeconds`), or absent. */
  | { type: 'rateLimit'; retryAfter: number | 'http-date' | null; httpDateSeconds?: number }
  | { type: 'drop' }
  | { type: 'timeout'; maxMs?: number }
  | { type: 'malformed'; status?: number }
  | { type: 'emptyBody'; status?: number }
  | { type: 'wrongContentType'; contentType?: string };

export type FaultActionType = FaultAction['type'];

export interface FaultMatch {
  methods?: string[];
  /** Glob on the path relative to the SCIM base (`/Users*`, `/Groups/*`); `*` any run of characters, `?` one. */
  path?: string;
  /** Lifecycle labels; a label ending in `.*` matches a family (`group.members.*`). */
  operations?: (OperationKind | `${string}.*`)[];
  clients?: ClientKind[];
  bodyContains?: string;
  headerContains?: string;
}

export interface FaultWhen {
  /** Fire with this probability (0-1), from a seeded generator when the settings give a seed. */
  probability?: number;
  /** Fire only on the nth matching request (1-based). */
  nth?: number;
  /** Fire on every nth matching request. */
  everyNth?: number;
  /** Fire at most this many times, then stop. */
  times?: number;
}

/** When a rule acts: `before` the backend (it never sees the request) or `after` it (it applied the request, the client is told otherwise). */
export type FaultPhase = 'before' | 'after';

export interface FaultRule {
  id: string;
  name: string;
  enabled: boolean;
  /** Default 'before'. */
  phase?: FaultPhase;
  match: FaultMatch;
  when: FaultWhen;
  action: FaultAction;
  /** Requests that matched `match` (whether or not `when` let the rule fire). */
  matched: number;
  /** Times the rule fired. */
  hits: number;
  lastHitAt: string | null;
  /** The preset it was created from, if any. */
  preset?: string;
}

export interface FaultPreset {
  id: string;
  name: string;
  description: string;
  rule: Omit<FaultRule, 'id' | 'matched' | 'hits' | 'lastHitAt' | 'enabled'>;
}
