/**
 * How an exchange is put together, shared by the main thread and the recording worker so both
 * produce the same record: the parts captured from the request and response, the interpretation
 * (client, lifecycle operation, lint) computed from them, and the Exchange that joins the two.
 */
import type { BreakpointHit, ClientKind, Exchange, FaultHit, LintFinding, Operation, UpstreamLeg } from '../contract/exchange.js';
import type { Leniency } from '../contract/scim.js';
import type { ResourceChange } from '../contract/store.js';
import { scimPathOf } from '../scim/base-path.js';
import { detectClient } from './client-detect.js';
import { lintExchange } from './lint-rules.js';
import { clientName } from './operation-summary.js';
import { classifyOperation, type ExchangeFacts } from './operation-classify.js';
import type { BodyRecord } from './recorded-body.js';

/** Everything an exchange holds except its interpretation. Bodies are already bounded and redacted. */
export interface ExchangeParts {
  id: string;
  seq: number;
  startedAt: string;
  durationMs: number;
  outcome: Exchange['outcome'];
  method: string;
  path: string;
  query: Record<string, string>;
  /** Original-case request headers, Authorization redacted. */
  requestHeaders: Record<string, string>;
  remoteAddress: string;
  requestBody: BodyRecord;
  status: number;
  responseHeaders: Record<string, string>;
  responseBody: BodyRecord;
  changes: ResourceChange[];
  fault: FaultHit | null;
  retryOf: Exchange['retryOf'];
  replayOf: string | null;
  /** Proxy mode: the forwarded leg. */
  upstream?: UpstreamLeg | null;
  /** The breakpoint that paused the exchange, already redacted. */
  breakpoint?: BreakpointHit | null;
}

/** What interpretation needs beyond the parts. */
export interface InterpretationInputs {
  /** The request body as parsed by the server (before redaction), when it was JSON. */
  parsedBody: unknown;
  leniencies: Leniency[];
  resourceType: 'User' | 'Group' | null;
  resourceId: string | null;
  error: { status: number; scimType?: string; detail: string } | null;
  /** Names and state of the resources the request concerns, keyed `User:<id>` / `Group:<id>`. */
  lookups: Record<string, Record<string, unknown>>;
  rawQuery: string;
}

export interface Interpretation {
  client: ClientKind;
  operation: Operation;
  lint: LintFinding[];
  /** The emulated IdP profile that sent the request (Scimscope's own `play`/`test`), or null for real traffic. */
  emulated: string | null;
}

/**
 * The header Scimscope's emulated IdP puts on every request it sends (server/idp/). No real IdP
 * sends it, so an exchange from a rehearsal is never mistaken for a live tenant.
 */
export const EMULATED_HEADER = 'x-scimscope-emulated';
const PROFILE_ID = /^[a-z][a-z0-9-]{0,31}$/;

/** Header names lower-cased (a name sent in two spellings joined as one); read only, so names already all lower-case are read in place. */
function lowerCaseHeaders(headers: Record<string, string>): Record<string, string> {
  let lowered = true;
  for (const key in headers) {
    if (key !== key.toLowerCase()) {
      lowered = false;
      break;
    }
  }
  if (lowered) return headers;
  const out: Record<string, string> = {};
  for (const key in headers) {
    const lower = key.toLowerCase();
    out[lower] = lower in out ? `${out[lower]}, ${headers[key]}` : headers[key]!;
  }
  return out;
}

export function interpret(parts: ExchangeParts, inputs: InterpretationInputs): Interpretation {
  const scimPath = scimPathOf(parts.path);
  const headers = lowerCaseHeaders(parts.requestHeaders);
  const facts: ExchangeFacts = {
    method: parts.method,
    scimPath,
    query: parts.query,
    headers,
    body: inputs.parsedBody ?? parts.requestBody.body ?? undefined,
    status: parts.status,
    responseBody: parts.responseBody.body ?? undefined,
    resourceType: inputs.resourceType,
    resourceId: inputs.resourceId,
    changes: parts.changes,
    lookup: (type, id) => inputs.lookups[`${type}:${id}`],
    authFailed: parts.status === 401,
    error: inputs.error,
    rawQuery: inputs.rawQuery,
    path: parts.path,
    responseHeaders: lowerCaseHeaders(parts.responseHeaders),
  };
  const client = detectClient(headers, facts.body, facts);
  const marker = headers[EMULATED_HEADER]?.trim().toLowerCase() ?? '';
  const emulated = PROFILE_ID.test(marker) ? marker : null;
  const operation = classifyOperation(facts, client);
  if (emulated !== null) {
    // "Okta deactivated jane" becomes "Okta (emulated) deactivated jane".
    const who = clientName(client);
    if (operation.summary.startsWith(who)) operation.summary = `${who} (emulated)${operation.summary.slice(who.length)}`;
  }
  // SCIM's lint rules do not apply to the OAuth endpoints (form bodies, redirects, HTML pages).
  const oauth = scimPath === null && /^\/oauth2(\/|$)/i.test(parts.path);
  return { client, operation, lint: oauth ? [] : lintExchange(facts, client, inputs.leniencies), emulated };
}

export function assemble(p: ExchangeParts, i: Interpretation): Exchange {
  const request = { method: p.method, path: p.path, query: p.query, headers: p.requestHeaders, body: p.requestBody.body, bodySize: p.requestBody.size, bodyTruncated: p.requestBody.truncated, remoteAddress: p.remoteAddress };
  const response = { status: p.status, headers: p.responseHeaders, body: p.responseBody.body, bodySize: p.responseBody.size, bodyTruncated: p.responseBody.truncated };
  const exchange: Exchange = { id: p.id, seq: p.seq, startedAt: p.startedAt, durationMs: p.durationMs, client: i.client, request, response, operation: i.operation, changes: p.changes, fault: p.fault, lint: i.lint, outcome: p.outcome, retryOf: p.retryOf, replayOf: p.replayOf };
  // The usual exchange (not emulated, not proxied, not paused) is that one literal: no empty objects spread in.
  // The rare ones keep the recorded key order: `emulated` after `client`, `upstream` and `breakpoint` last.
  if (i.emulated === null && !p.upstream && !p.breakpoint) return exchange;
  const tail = { ...(p.upstream ? { upstream: p.upstream } : {}), ...(p.breakpoint ? { breakpoint: p.breakpoint } : {}) };
  if (i.emulated === null) return { ...exchange, ...tail };
  const { id, seq, startedAt, durationMs, client, ...rest } = exchange;
  return { id, seq, startedAt, durationMs, client, emulated: i.emulated, ...rest, ...tail };
}
