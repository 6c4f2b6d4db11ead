/**
 * Breakpoints: rules that pause a matching SCIM exchange so a trainer can look at it, edit it, and
 * let it go. Shared by the server (engine, admin API) and the renderer (Breakpoints view).
 */
import type { ClientKind, OperationKind } from './exchange.js';
import type { JsonValue } from './scim.js';
import type { FaultMatch } from './faults.js';

export type BreakpointPhase = 'before' | 'after';

export interface BreakpointRule {
  id: string;
  name: string;
  enabled: boolean;
  /** `before`: the backend (store or upstream) has not seen the request; `after`: it answered, the client has not. */
  phase: BreakpointPhase;
  /** The same match as fault rules. */
  match: FaultMatch;
  /** Release bound for this rule (ms); the workspace default when absent. */
  timeoutMs?: number;
  /** Times the rule paused a request. */
  hits: number;
  lastHitAt: string | null;
}

/** `GET /api/breakpoints`. */
export interface BreakpointList {
  items: BreakpointRule[];
  total: number;
  /** The release bound of rules that set none (ms). */
  defaultTimeoutMs: number;
}

/** A request or response as a paused exchange shows it: secrets redacted, the body parsed when it is JSON. */
export interface PausedMessage {
  headers: Record<string, string>;
  /** Parsed JSON, the text when it is not JSON, or null when there is none. */
  body: JsonValue;
  /** Whether `body` is the text of a body that is not JSON. */
  bodyIsText: boolean;
}

/** `GET /api/breakpoints/paused` items and the `breakpoint:paused` event. */
export interface PausedExchange {
  id: string;
  /** The exchange it will be recorded as (null when recording is off). */
  exchangeId: string | null;
  rule: { id: string; name: string };
  phase: BreakpointPhase;
  pausedAt: string;
  timeoutMs: number;
  /** When it is let go unchanged if nobody acts. */
  releaseAt: string;
  method: string;
  path: string;
  query: string;
  client: ClientKind;
  operation: OperationKind;
  request: PausedMessage;
  /** The backend's answer (after phase), else null. */
  response: (PausedMessage & { status: number }) | null;
}
