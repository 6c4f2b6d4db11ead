/**
 * The conformance runner's HTTP side: one client for a target SCIM base URL that sends the chosen
 * credentials, records every exchange (Authorization redacted, bodies cut) for the report, and
 * remembers every resource a check created so the run can remove it at the end. An interrupted run
 * stops it: from then on it refuses the checks' requests (RunStopped), lets those in flight finish
 * so an id they create is still learnt, and sends only the clean-up's.
 */
import type { ExchangeRecord } from './report-model.js';

export type AuthKind = 'bearer' | 'header' | 'basic';

const BODY_LIMIT = 4096;
const TIMEOUT_MS = 15_000;

/** The full Authorization value for a token in each mode (basic: the token is "user:password"). */
export function authorizationValue(kind: AuthKind, token: string): string {
  if (kind === 'bearer') return `Bearer ${token}`;
  if (kind === 'basic') return `Basic ${Buffer.from(token, 'utf8').toString('base64')}`;
  return token;
}

export interface ScimResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** Parsed JSON, or undefined when the body is empty or not JSON. */
  body: any;
  record: ExchangeRecord;
}

export interface SendOptions {
  body?: unknown;
  /** Raw text body (sent as is). */
  rawBody?: string;
  headers?: Record<string, string>;
  /** Replace the Authorization header (null: send none). */
  authorization?: string | null;
  /** Sent even after stop(): the clean-up's requests. */
  afterStop?: boolean;
}

export interface CreatedResource {
  resourceType: 'User' | 'Group';
  id: string;
}

function cut(text: string): string {
  return text.length > BODY_LIMIT ? `${text.slice(0, BODY_LIMIT)}… (${text.length} characters)` : text;
}

function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'authorization') out[name] = value;
    else out[name] = value.includes(' ') ? `${value.split(' ')[0]} [redacted]` : '[redacted]';
  }
  return out;
}

export class ScimClient {
  readonly created: CreatedResource[] = [];
  private readonly base: string;
  private stopReason: string | null = null;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Requests refused since stop() (a check that saw one was cut short). */
  refused = 0;

  constructor(
    baseUrl: string,
    readonly authorization: string,
    private readonly userAgent = 'Scimscope conformance runner',
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  get baseUrl(): string {
    return this.base;
  }

  /** From now on, refuse the checks' requests (`reason`: what stopped the run, e.g. "SIGINT"). */
  stop(reason: string): void {
    this.stopReason ??= reason;
  }

  get stopped(): string | null {
    return this.stopReason;
  }

  /** Requests sent and not yet answered. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Resolves once no request is in flight (those sent before stop() have their answers, and their ids are learnt). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** `path` is relative to the base URL ('/Users?...') or absolute (a Location header). */
  send(method: string, path: string, options: SendOptions = {}): Promise<ScimResponse> {
    if (this.stopReason !== null && !options.afterStop) {
      this.refused++;
      return Promise.reject(new RunStopped(this.stopReason, `${method} ${path}`));
    }
    const sending = this.exchange(method, path, options);
    this.inFlight.add(sending);
    void sending.then(
      () => this.inFlight.delete(sending),
      () => this.inFlight.delete(sending),
    );
    return sending;
  }

  private async exchange(method: string, path: string, options: SendOptions): Promise<ScimResponse> {
    const url = new URL(/^https?:\/\//.test(path) ? path : `${this.base}${path}`).href;
    const headers: Record<string, string> = { Accept: 'application/scim+json, application/json', 'User-Agent': this.userAgent };
    const auth = options.authorization === undefined ? this.authorization : options.authorization;
    if (auth !== null) headers.Authorization = auth;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['Content-Type'] = 'application/scim+json';
    Object.assign(headers, options.headers ?? {});
    const started = performance.now();
    const record: ExchangeRecord = { method, url, requestHeaders: redactHeaders(headers), ...(body !== undefined ? { requestBody: cut(body) } : {}), status: null, responseHeaders: {}, durationMs: 0 };
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
      text = await response.text();
    } catch (error) {
      record.durationMs = Math.round(performance.now() - started);
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      record.error = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new ExchangeFailed(record);
    }
    record.durationMs = Math.round(performance.now() - started);
    record.status = response.status;
    response.headers.forEach((value, name) => (record.responseHeaders[name] = value));
    if (text !== '') record.responseBody = cut(text);
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    this.noteCreated(method, url, response.status, parsed);
    return { status: response.status, headers: record.responseHeaders, text, body: parsed, record };
  }

  /** Any 2xx POST to /Users or /Groups that answers an id is remembered for clean-up. */
  private noteCreated(method: string, url: string, status: number, body: unknown): void {
    if (status < 200 || status >= 300) return;
    const deleted = method.toUpperCase() === 'DELETE' ? /\/(Users|Groups)\/([^/?]+)$/.exec(url) : null;
    if (deleted) return this.forget(deleted[1] === 'Users' ? 'User' : 'Group', decodeURIComponent(deleted[2]!));
    if (method.toUpperCase() !== 'POST') return;
    const match = /\/(Users|Groups)\/?(\?.*)?$/.exec(url);
    const id = (body as { id?: unknown } | undefined)?.id;
    if (!match || typeof id !== 'string' || id === '') return;
    const resourceType = match[1] === 'Users' ? 'User' : 'Group';
    if (!this.created.some((c) => c.resourceType === resourceType && c.id === id)) this.created.push({ resourceType, id });
  }

  /** A resource removed by a check (DELETE answered 2xx) needs no clean-up. */
  forget(resourceType: 'User' | 'Group', id: string): void {
    const index = this.created.findIndex((c) => c.resourceType === resourceType && c.id === id);
    if (index >= 0) this.created.splice(index, 1);
  }
}

/** A request refused because the run was stopped (nothing was sent). */
export class RunStopped extends Error {
  constructor(
    readonly reason: string,
    readonly call: string,
  ) {
    super(`Not sent: the run was interrupted (${reason}) before ${call}.`);
  }
}

/** No HTTP response at all: the record says why. */
export class ExchangeFailed extends Error {
  constructor(readonly record: ExchangeRecord) {
    super(`${record.method} ${record.url} got no response: ${record.error}`);
  }
}
