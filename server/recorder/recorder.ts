/**
 * The recorder: an observer at the front of the SCIM app that turns every request into an exchange,
 * whatever became of it (served, refused by auth, faulted, malformed, dropped, or abandoned by the
 * client). It captures the response as it is written, then interprets the exchange (client,
 * lifecycle operation, lint), redacts it, stores it, adds its changes to the resource history, and
 * announces it on the event bus. All of that happens after the response is sent.
 */
import crypto from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Exchange, FaultHit } from '../contract/exchange.js';
import type { Settings } from '../contract/settings.js';
import type { EventBus } from '../events/event-bus.js';
import { contextOf } from '../scim/request-context.js';
import { SCIM_BASE_PATH } from '../scim/scim-app.js';
import type { Repository } from '../store/repository.js';
import { detectClient } from './client-detect.js';
import { toSummary, type ExchangeLog } from './exchange-log.js';
import { lintExchange } from './lint-rules.js';
import { classifyOperation, type ExchangeFacts } from './operation-classify.js';
import { recordRawBody, recordResponseBody } from './recorded-body.js';
import { EXCHANGE_ID_HEADER, REPLAY_HEADER, verifyReplayHeader } from './replay.js';
import { redactHeaders, scrubSecrets } from './redact.js';
import type { ResourceHistory } from './resource-history.js';

export interface RecorderOptions {
  exchanges: ExchangeLog;
  history: ResourceHistory;
  bus: EventBus;
  repo: Repository;
  settings: () => Settings;
  /** Secrets to scrub from every record as a last line of defence. */
  secrets: () => string[];
  /** Hook for the fault engine's retry detection: links an exchange to an earlier faulted one. */
  annotate?: (exchange: Exchange) => void;
  log?: (message: string) => void;
}

/** Per-request state the fault engine can set on res.locals.recording. */
export interface RecordingHints {
  fault: FaultHit | null;
  /** The fault engine destroyed the socket on purpose. */
  dropped: boolean;
  replayOf: string | null;
}

/** A short, sortable, unique id: time in base36 then randomness. */
export function newExchangeId(): string {
  return `${Date.now().toString(36)}${crypto.randomBytes(5).toString('hex')}`;
}

function headerRecord(rawHeaders: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    out[name] = name in out ? `${out[name]}, ${rawHeaders[i + 1]}` : rawHeaders[i + 1]!;
  }
  return out;
}

function lowerHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function flatQuery(query: Request['query']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) out[k] = Array.isArray(v) ? v.join(',') : String(v);
  return out;
}

export function createRecorder(options: RecorderOptions): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const settings = options.settings();
    if (!settings.recording.enabled) return next();
    const started = process.hrtime.bigint();
    const startedAt = new Date().toISOString();
    const ctx = contextOf(res);
    const id = newExchangeId();
    ctx.exchangeId = id;
    const replayHeader = req.headers[REPLAY_HEADER];
    const replayOf = verifyReplayHeader(typeof replayHeader === 'string' ? replayHeader : undefined);
    const hints: RecordingHints = { fault: null, dropped: false, replayOf };
    res.locals.recording = hints;
    if (replayOf) res.setHeader(EXCHANGE_ID_HEADER, id);

    // Capture the response as it is written, up to the body limit.
    const limit = settings.recording.maxBodyBytes;
    const captured: Buffer[] = [];
    let capturedBytes = 0;
    let responseBytes = 0;
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
      responseBytes += buf.length;
      if (capturedBytes < limit) {
        captured.push(buf.subarray(0, limit - capturedBytes));
        capturedBytes += Math.min(buf.length, limit - capturedBytes);
      }
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as Response['write'];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return end(chunk, ...rest);
    }) as Response['end'];

    let done = false;
    const finish = (outcome: Exchange['outcome']) => {
      if (done) return;
      done = true;
      try {
        const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
        record({ req, res, id, startedAt, durationMs, outcome, hints, captured, responseBytes, limit }, options);
      } catch (error) {
        options.log?.(`Could not record ${req.method} ${req.originalUrl}: ${(error as Error).stack ?? String(error)}`);
      }
    };
    res.on('finish', () => finish('completed'));
    res.on('close', () => finish(res.writableFinished ? 'completed' : hints.dropped ? 'dropped' : 'aborted'));
    next();
  };
}

interface Finished {
  req: Request;
  res: Response;
  id: string;
  startedAt: string;
  durationMs: number;
  outcome: Exchange['outcome'];
  hints: RecordingHints;
  captured: Buffer[];
  responseBytes: number;
  limit: number;
}

function record(f: Finished, options: RecorderOptions): void {
  const { req, res } = f;
  const ctx = contextOf(res);
  const url = new URL(req.originalUrl, 'http://local');
  const basePrefix = SCIM_BASE_PATH.toLowerCase();
  const scimPath = url.pathname.toLowerCase().startsWith(basePrefix) ? url.pathname.slice(SCIM_BASE_PATH.length) || '/' : null;
  const requestBody = recordRawBody(ctx.rawBody, f.limit, ctx.body);
  const sent = f.outcome === 'completed' || res.headersSent;
  const responseBody = sent ? recordResponseBody(res.locals.responseJson, f.captured, f.responseBytes, f.limit) : { body: null, size: 0, truncated: false };
  const headers = lowerHeaders(req.headers);
  const query = flatQuery(req.query);
  const status = sent ? res.statusCode : 0;
  const responseHeaders = sent ? Object.fromEntries(Object.entries(res.getHeaders()).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)])) : {};

  const facts: ExchangeFacts = {
    method: req.method,
    scimPath,
    query,
    headers,
    body: ctx.body ?? requestBody.body ?? undefined,
    status,
    responseBody: responseBody.body ?? undefined,
    resourceType: ctx.resourceType,
    resourceId: ctx.resourceId,
    changes: ctx.changes,
    lookup: (type, rid) => options.repo.view(type, rid),
    authFailed: status === 401,
    error: ctx.error,
    rawQuery: url.search.slice(1),
    path: url.pathname,
    responseHeaders,
  };
  const client = detectClient(headers, facts.body, facts);
  const operation = classifyOperation(facts, client);
  const lint = lintExchange(facts, client, ctx.leniencies);

  let exchange: Exchange = {
    id: f.id,
    seq: options.exchanges.nextSeq(),
    startedAt: f.startedAt,
    durationMs: Math.round(f.durationMs * 100) / 100,
    client,
    request: {
      method: req.method,
      path: url.pathname,
      query,
      headers: redactHeaders(headerRecord(req.rawHeaders)),
      body: requestBody.body,
      bodySize: requestBody.size,
      bodyTruncated: requestBody.truncated,
      remoteAddress: req.socket.remoteAddress ?? '',
    },
    response: {
      status,
      headers: redactHeaders(responseHeaders),
      body: responseBody.body,
      bodySize: responseBody.size,
      bodyTruncated: responseBody.truncated,
    },
    operation,
    changes: ctx.changes,
    fault: f.hints.fault,
    lint,
    outcome: f.outcome,
    retryOf: null,
    replayOf: f.hints.replayOf,
  };
  options.annotate?.(exchange);

  let line = JSON.stringify(exchange);
  const scrubbed = scrubSecrets(line, options.secrets());
  if (scrubbed !== line) {
    line = scrubbed;
    exchange = JSON.parse(line) as Exchange;
  }
  options.exchanges.append(exchange, line);
  if (exchange.changes.length > 0) {
    options.history.append(
      exchange.changes.map((c) => ({ at: f.startedAt, resourceType: c.resourceType, id: c.id, source: 'scim' as const, exchangeId: exchange.id, client, kind: operation.kind, summary: operation.summary, before: c.before, after: c.after })),
    );
  }
  options.bus.emit('exchange:recorded', toSummary(exchange));
}
