/**
 * Breakpoints: a step of the SCIM pipeline, after the fault engine, that pauses a request matching
 * an enabled rule (the fault rules' matcher), either before the backend (store or upstream) sees it
 * or after the backend answered and before the client gets the answer (response-hold.ts). While it
 * is paused, the inspector sees it (`breakpoint:paused`, GET /api/breakpoints/paused) and the
 * trainer lets it go: unchanged, with an edited request, with an edited (or direct) answer, or by
 * dropping the connection. Every pause has a release bound, after which it goes on unchanged, so the
 * IdP never hangs; close() releases every paused request unchanged too. The exchange records the
 * breakpoint, how it was let go and what the edit replaced (redacted).
 */
import crypto from 'node:crypto';
import type { BreakpointRule, PausedExchange, PausedMessage } from '../contract/breakpoints.js';
import type { BreakpointHit, BreakpointResolution } from '../contract/exchange.js';
import type { JsonValue } from '../contract/scim.js';
import type { EventBus } from '../events/event-bus.js';
import { anyEnabled, matches } from '../faults/fault-matcher.js';
import { requestViewOf } from '../faults/request-view.js';
import { holdResponse, type HeldAnswer } from '../faults/response-hold.js';
import { isOAuthPath } from '../oauth/oauth-http.js';
import { headerRecord, stringHeaders } from '../recorder/capture-parts.js';
import type { RecordingHints } from '../recorder/recorder.js';
import { mentionsAny, redactBody, redactHeaders, scrubStrings } from '../recorder/redact.js';
import type { Next, ScimRequest, ScimResponse, Step } from '../scim/http/pipeline.js';
import { tooDeep } from '../scim/json-depth.js';
import { contextOf } from '../scim/request-context.js';
import type { Repository } from '../store/repository.js';
import { applyBodyEdit, applyHeaderEdits, BreakpointError, checkHeaderNames, editedBody, restoreRedacted, writeAnswer } from './breakpoint-edits.js';
import { continueSchema, respondSchema } from './breakpoint-schema.js';
import type { BreakpointStore } from './breakpoint-store.js';

export interface BreakpointEngineOptions {
  store: BreakpointStore;
  repo: Repository;
  bus: EventBus;
  /** Configured secrets, scrubbed from what is shown and recorded. */
  secrets: () => string[];
}

interface Pause {
  view: PausedExchange;
  req: ScimRequest;
  res: ScimResponse;
  hit: BreakpointHit;
  started: number;
  timer: NodeJS.Timeout;
  /** Before phase: lets the request on to the backend. */
  next?: Next;
  /** After phase: the backend's answer, held. */
  held?: HeldAnswer;
  /** The backend's answer as parsed (after phase), for putting redacted values back into an edit. */
  responseBody?: unknown;
}

/** Response headers that describe the bytes as the backend sent them, not an edited body. */
const BODY_FRAMING = ['content-length', 'content-encoding', 'transfer-encoding'];

export class BreakpointEngine {
  private readonly pauses = new Map<string, Pause>();
  private closed = false;

  constructor(private readonly options: BreakpointEngineOptions) {}

  step(): Step {
    return (req, res, next) => {
      if (this.closed) return next();
      const rules = this.options.store.list();
      if (!anyEnabled(rules) || isOAuthPath(req.path)) return next();
      const view = requestViewOf(req, res, this.options.repo);
      const rule = rules.find((r) => r.enabled && matches(r.match, view));
      if (!rule) return next();
      const classified = view.classify();
      if (rule.phase === 'before') return this.pause(rule, classified, req, res, { next });
      holdResponse(res, (held) => {
        if (this.closed || res.destroyed) return held.release();
        this.pause(rule, classified, req, res, { held });
      });
      next();
    };
  }

  /** The exchanges paused now, oldest first. */
  paused(): PausedExchange[] {
    return [...this.pauses.values()].map((p) => p.view);
  }

  /** Lets a paused exchange go on, with the request edited (before phase only). */
  continue(id: string, input: unknown): PausedExchange {
    const p = this.find(id);
    const edit = continueSchema.parse(input ?? {});
    const request = edit.request;
    if (request && p.view.phase === 'after') throw new BreakpointError(409, 'This exchange is paused after the backend answered: its request can no longer be edited. Edit the answer with /respond.');
    checkHeaderNames(request?.headers);
    const body = request ? editedBody(request, 'request') : undefined;
    // Everything that can refuse the edit has run: from here on the exchange changes.
    const ctx = contextOf(p.res);
    const original: NonNullable<BreakpointHit['original']>['request'] = {};
    if (request?.headers) {
      const changed = applyHeaderEdits(p.req, request.headers);
      if (Object.keys(changed).length > 0) original.headers = changed;
    }
    if (body !== undefined) {
      const restored = body === null ? null : restoreRedacted(body, ctx.body);
      if (JSON.stringify(restored ?? null) !== JSON.stringify(ctx.body ?? null)) {
        original.body = p.view.request.body;
        applyBodyEdit(p.req, ctx, restored);
      }
    }
    const edited = Object.keys(original).length > 0;
    this.settle(p, edited ? 'edited' : 'continued', edited ? { request: original } : null);
    this.release(p);
    return p.view;
  }

  /** Answers a paused exchange with the given response: instead of the backend (before) or of its answer (after). */
  respond(id: string, input: unknown): PausedExchange {
    const p = this.find(id);
    const answer = respondSchema.parse(input);
    checkHeaderNames(answer.headers);
    const edited = editedBody(answer, 'response');
    const body = edited === undefined || edited === null ? edited : restoreRedacted(edited, p.responseBody);
    let headers = answer.headers ?? {};
    if (p.held) {
      // The backend's headers stay unless the edit names them; those that framed its bytes go.
      const kept = stringHeaders(p.res.getHeaders());
      for (const name of BODY_FRAMING) delete kept[name];
      headers = { ...kept, ...headers };
      p.held.discard();
    }
    this.settle(p, 'responded', p.view.response ? { response: { status: p.view.response.status, headers: p.view.response.headers, body: p.view.response.body } } : null);
    writeAnswer(p.res, answer.status, headers, body);
    return p.view;
  }

  /** Destroys the client's connection, as the drop fault does; in the before phase the backend never sees the request. */
  drop(id: string): PausedExchange {
    const p = this.find(id);
    this.settle(p, 'dropped', null);
    const hints = p.res.locals.recording as RecordingHints | undefined;
    if (hints) hints.dropped = true;
    p.req.socket.destroy();
    return p.view;
  }

  /** Stops pausing and lets every paused exchange go on unchanged (recorded as `released-on-close`). */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of [...this.pauses.values()]) {
      this.settle(p, 'released-on-close', null);
      this.release(p);
    }
    await this.options.store.close();
  }

  private find(id: string): Pause {
    const p = this.pauses.get(id);
    if (!p) throw new BreakpointError(404, `No paused exchange "${id}": it was let go already (timed out, answered, or the client left), or never existed.`);
    return p;
  }

  private pause(rule: BreakpointRule, classified: ReturnType<ReturnType<typeof requestViewOf>['classify']>, req: ScimRequest, res: ScimResponse, how: { next?: Next; held?: HeldAnswer }): void {
    this.options.store.count(rule);
    const ctx = contextOf(res);
    const timeoutMs = rule.timeoutMs ?? this.options.store.defaultTimeoutMs;
    const pausedAt = new Date();
    const q = req.originalUrl.indexOf('?');
    const hit: BreakpointHit = { ruleId: rule.id, name: rule.name, phase: rule.phase, resolution: 'aborted', pausedMs: 0, original: null };
    const hints = res.locals.recording as RecordingHints | undefined;
    if (hints) hints.breakpoint = hit;
    let response: PausedExchange['response'] = null;
    let responseBody: unknown;
    if (how.held) {
      const text = typeof res.locals.responseText === 'string' ? res.locals.responseText : how.held.body.toString('utf8');
      const shown = this.message(text);
      responseBody = shown.parsed;
      response = { status: how.held.status, ...shown.message, headers: this.scrub(redactHeaders(stringHeaders(res.getHeaders()))) };
    }
    const view: PausedExchange = {
      id: crypto.randomUUID(),
      exchangeId: ctx.exchangeId,
      rule: { id: rule.id, name: rule.name },
      phase: rule.phase,
      pausedAt: pausedAt.toISOString(),
      timeoutMs,
      releaseAt: new Date(pausedAt.getTime() + timeoutMs).toISOString(),
      method: req.method,
      path: req.path,
      query: q < 0 ? '' : req.originalUrl.slice(q + 1),
      client: classified.client,
      operation: classified.kind,
      request: {
        headers: this.scrub(redactHeaders(headerRecord(req.rawHeaders))),
        ...(ctx.body !== undefined ? { body: this.scrub(redactBody(ctx.body as JsonValue)), bodyIsText: false } : this.message(ctx.rawBody?.toString('utf8') ?? '').message),
      },
      response,
    };
    const p: Pause = { view, req, res, hit, started: performance.now(), timer: setTimeout(() => this.timedOut(p), timeoutMs), ...how, responseBody };
    p.timer.unref();
    // Prepended, so the hit is final before the recorder (an earlier 'close' listener) records the exchange.
    res.prependOnceListener('close', () => {
      if (this.pauses.get(view.id) === p) this.settle(p, 'aborted', null);
    });
    this.pauses.set(view.id, p);
    this.options.bus.emit('breakpoint:paused', view);
  }

  private timedOut(p: Pause): void {
    if (this.pauses.get(p.view.id) !== p) return;
    this.settle(p, 'timed-out', null);
    this.release(p);
  }

  /** Ends the pause: the hit takes its final form and the inspector is told. */
  private settle(p: Pause, resolution: BreakpointResolution, original: BreakpointHit['original']): void {
    clearTimeout(p.timer);
    this.pauses.delete(p.view.id);
    p.hit.resolution = resolution;
    p.hit.pausedMs = Math.round(performance.now() - p.started);
    p.hit.original = original && this.scrub(original);
    this.options.bus.emit('breakpoint:released', { id: p.view.id, exchangeId: p.view.exchangeId, resolution });
  }

  /** Lets the exchange go on as it is now. */
  private release(p: Pause): void {
    if (p.next) p.next();
    else p.held?.release();
  }

  /** A body as shown: parsed and redacted when it is JSON, else its text. */
  private message(text: string): { message: Omit<PausedMessage, 'headers'>; parsed: unknown } {
    if (text === '') return { message: { body: null, bodyIsText: false }, parsed: undefined };
    // Nested past the SCIM bound (an upstream may answer anything): shown as text, never walked.
    if (tooDeep(text)) return { message: { body: this.scrub(text), bodyIsText: true }, parsed: undefined };
    try {
      const parsed = JSON.parse(text) as JsonValue;
      return { message: { body: this.scrub(redactBody(parsed)), bodyIsText: false }, parsed };
    } catch {
      return { message: { body: this.scrub(text), bodyIsText: true }, parsed: undefined };
    }
  }

  /** Any configured secret still present, replaced (as the recorder does as its last line of defence). */
  private scrub<T>(value: T): T {
    const secrets = this.options.secrets();
    // In its strings only: scrubbed as text, a secret of digits would also hit a number and break the JSON.
    // Searched in its serialized form, where a secret holding `"` or `\` is escaped (mentionsAny tries both forms).
    return mentionsAny(JSON.stringify(value), secrets) ? (scrubStrings(value as JsonValue, secrets) as T) : value;
  }
}
