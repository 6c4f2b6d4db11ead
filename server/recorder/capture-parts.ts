/**
 * Capturing an exchange from the request and response at hand: ids, header records, and the two
 * captures made without interpretation: the one taken when the full capture threw (the facts at hand,
 * bodies as text, secrets scrubbed), and the one for a request the HTTP parser refused. Split from
 * recorder.ts so the recorder itself stays about when to capture and where the record goes.
 */
import crypto from 'node:crypto';
import type { BreakpointHit, Exchange, FaultHit, UpstreamLeg } from '../contract/exchange.js';
import type { RefusedRequest } from '../scim/client-error.js';
import type { ScimRequest, ScimResponse } from '../scim/http/pipeline.js';
import { contextOf } from '../scim/request-context.js';
import type { ResponseRecord } from './recorded-body.js';
import type { CapturedExchange } from './recording-wire.js';
import { redactHeaders, redactHeaderValue, scrubbedUrlText, scrubJsonText, scrubSecrets } from './redact.js';

/** What the recorder knows of an exchange when the response closes. */
export interface CaptureFacts {
  id: string;
  startedAt: string;
  started: number;
  /** From the request's start to its response's close (taken then: the capture itself may come later). */
  durationMs: number;
  /** The client's address, read at the close (a socket that has closed since may no longer tell). */
  remoteAddress: string;
  outcome: Exchange['outcome'];
  /** The secrets to scrub, read at the close (a token rotated before the capture still scrubs what the old one left); null if reading them failed. */
  secrets: string[] | null;
  hints: { fault: FaultHit | null; replayOf: string | null; upstream?: UpstreamLeg | null; breakpoint?: BreakpointHit | null };
  limit: number;
}

const PROCESS_TAG = crypto.randomBytes(3).toString('hex');
let idCounter = 0;

/** A short unique id: time in base36, a per-process random tag, a counter (no syscall per request). */
export function newExchangeId(): string {
  return `${Date.now().toString(36)}${PROCESS_TAG}${(idCounter++ % 1_679_616).toString(36).padStart(4, '0')}`;
}

export function headerRecord(rawHeaders: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    out[name] = name in out ? `${out[name]}, ${rawHeaders[i + 1]}` : rawHeaders[i + 1]!;
  }
  return out;
}

/** headerRecord and redactHeaders in one pass (one object per request instead of two). */
export function redactedHeaderRecord(rawHeaders: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const value = rawHeaders[i + 1]!;
    // Joined before redaction, as headerRecord then redactHeaders did: a repeated secret header is one [redacted].
    out[name] = redactHeaderValue(name, name in out ? joinedRaw(rawHeaders, name) : value);
  }
  return out;
}

/** Every value of a header (by exact name) joined with ", ", as headerRecord joins them. */
function joinedRaw(rawHeaders: string[], name: string): string {
  const values: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) if (rawHeaders[i] === name) values.push(rawHeaders[i + 1]!);
  return values.join(', ');
}

/** stringHeaders and redactHeaders in one pass. */
export function redactedResponseHeaders(headers: ReturnType<ScimResponse['getHeaders']>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key in headers) {
    const v = headers[key];
    if (v !== undefined) out[key] = redactHeaderValue(key, Array.isArray(v) ? v.join(', ') : String(v));
  }
  return out;
}

export function stringHeaders(headers: ReturnType<ScimResponse['getHeaders']>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key in headers) {
    const v = headers[key];
    if (v !== undefined) out[key] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/** The facts at hand without any interpretation: no parsing, no walking of bodies, secrets scrubbed as text. */
export function degradedCapture(req: ScimRequest, res: ScimResponse, f: CaptureFacts, error: unknown, secrets: string[], seq: number): CapturedExchange {
  const ctx = contextOf(res);
  const scrub = (text: string) => scrubSecrets(text, secrets);
  // A target or header may carry a secret percent-encoded (redact.ts scrubbedUrlText), a body escaped (`\u0073ecret`, `a\/b`).
  const scrubUrl = (text: string) => scrubbedUrlText(text, secrets);
  const sent = f.outcome === 'completed' || res.headersSent;
  const locals = res.locals as ResponseRecord & { responseText?: string };
  const rawBody = ctx.rawBody ?? (ctx.bodyChunks.length > 0 ? Buffer.concat(ctx.bodyChunks) : null);
  const path = scrubUrl(req.path);
  const small: CapturedExchange['parts'] = {
    id: f.id,
    seq,
    startedAt: f.startedAt,
    durationMs: f.durationMs,
    outcome: f.outcome,
    method: req.method,
    path,
    query: {},
    requestHeaders: redactHeaders(headerRecord(req.rawHeaders.map(scrubUrl))),
    remoteAddress: f.remoteAddress,
    status: sent ? res.statusCode : 0,
    responseHeaders: sent ? redactHeaders(stringHeaders(res.getHeaders())) : {},
    changes: [],
    fault: f.hints.fault,
    retryOf: null,
    replayOf: f.hints.replayOf,
    ...(f.hints.breakpoint ? { breakpoint: f.hints.breakpoint } : {}),
  };
  const requestText = rawBody === null ? null : scrubJsonText(scrub(rawBody.subarray(0, f.limit).toString('utf8')), secrets);
  const responseText = sent && locals.responseText !== undefined ? scrub(locals.responseText.slice(0, f.limit)) : null;
  const wire: CapturedExchange = {
    parts: small,
    request: { data: requestText, json: false, size: Math.max(rawBody?.length ?? 0, ctx.receivedBytes) },
    response: { data: responseText, json: false, size: sent ? (locals.responseBytes ?? 0) : 0 },
    inputs: { leniencies: [], resourceType: ctx.resourceType, resourceId: ctx.resourceId, error: ctx.error, lookups: {}, rawQuery: '' },
    limit: f.limit,
    captureError: `${(error as Error)?.name ?? 'Error'}: ${(error as Error)?.message ?? String(error)}`,
  };
  return wire;
}

/** The capture of a request Node's HTTP parser refused (see scim/client-error.ts). */
export function refusedCapture(r: RefusedRequest, secrets: string[], seq: number, limit: number): CapturedExchange {
  const scrub = (text: string) => scrubSecrets(text, secrets);
  const headers: Record<string, string> = {};
  for (const [name, value] of r.headers) headers[name] = name in headers ? `${headers[name]}, ${scrub(value)}` : scrub(value);
  const query = r.path.indexOf('?');
  const small: CapturedExchange['parts'] = {
    id: newExchangeId(),
    seq,
    startedAt: new Date().toISOString(),
    durationMs: 0,
    outcome: 'completed',
    method: r.method,
    path: scrub(query >= 0 ? r.path.slice(0, query) : r.path),
    query: {},
    requestHeaders: redactHeaders(headers),
    remoteAddress: r.remoteAddress,
    status: r.status,
    responseHeaders: { 'content-type': 'application/scim+json', connection: 'close' },
    changes: [],
    fault: null,
    retryOf: null,
    replayOf: null,
  };
  const wire: CapturedExchange = {
    parts: small,
    request: { data: null, json: false, size: r.size },
    response: { data: r.responseText, json: false, size: Buffer.byteLength(r.responseText) },
    inputs: { leniencies: [], resourceType: null, resourceId: null, error: null, lookups: {}, rawQuery: '' },
    limit,
    captureError: r.reason,
    captureLint: { code: 'request.unparsable', message: `Node's HTTP parser refused this request before it reached the SCIM server (${r.reason}); it was answered ${r.status} with a SCIM error. Headers are as far as they could be read.` },
  };
  return wire;
}
