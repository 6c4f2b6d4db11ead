/**
 * Plays a scenario as an IdP: sends each step's recorded request over HTTP to any SCIM base URL
 * (the sandbox's own or a developer's server), one at a time so a trainer can talk over each, and
 * judges the answer against what the IdP expects. It is a client only: it never touches a store.
 * Every request carries the emulated-IdP header, so the recorder labels it "(emulated)".
 */
import type { StepOutcome } from '../contract/scenarios.js';
import { EMULATED_HEADER } from '../recorder/exchange-assembly.js';
import { EXCHANGE_ID_HEADER } from '../recorder/replay.js';
import { oktaRetryDelayMs, OKTA_MAX_ATTEMPTS } from './okta-backoff.js';
import { PROFILES, type ProfileId } from './profiles.js';
import { checkPasses, fillTemplate, getPath, type Ctx } from './request-shapes.js';
import { RunIdentities } from './run-identities.js';
import type { ScenarioStep } from './scenario-step.js';
import { scenarioSteps } from './scenarios.js';

export interface PlayTarget {
  /** SCIM base URL, e.g. http://127.0.0.1:7171/scim/v2 (no trailing slash needed). */
  scimUrl: string;
  /** The whole Authorization header value, or null to send none. */
  authorization: string | null;
}

export interface PlayOptions {
  /** Divides every wait (Okta's back-off): 60 shows a minute of waiting in a second. Default 1. */
  speed?: number;
  /** Per-request bound, in ms (default 30 s). */
  timeoutMs?: number;
  /** How waits happen; tests and the UI may pass their own (the signal ends the wait when the run is stopped). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export type { StepOutcome };

/** A step, and for a paged import's later pages the startIndex to ask and the one the last page answered. */
type PageStep = ScenarioStep & { startIndex?: number; answeredStart?: number };

/** A wait that ends early when the run is stopped. */
const sleeper = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * A backstop on a paged import, Scimscope's own (not a claim about Okta): 10,000 pages is a million
 * users at the scenario's 100 a page. A target that keeps reporting more is stopped here, and told so.
 */
export const MAX_IMPORT_PAGES = 10_000;

export class ScenarioRun {
  readonly identities = new RunIdentities();
  private readonly queue: Array<PageStep>;
  private readonly ctx: Ctx;
  readonly outcomes: StepOutcome[] = [];
  private readonly stopper = new AbortController();
  private pagesQueued = 0;

  constructor(
    readonly scenario: string,
    readonly profile: ProfileId,
    private readonly target: PlayTarget,
    private readonly options: PlayOptions = {},
  ) {
    const steps = scenarioSteps(scenario, profile);
    if (!steps) throw new Error(`The scenario "${scenario}" has no ${PROFILES[profile].label} version.`);
    this.queue = [...steps];
    this.ctx = { auth: target.authorization ?? '' };
  }

  get done(): boolean {
    return this.queue.length === 0;
  }

  /**
   * Ends the run: nothing more is sent, a request in flight is cut, a back-off wait ends. The admin
   * API calls it when a run is deleted or evicted, so a forgotten run never goes on in the background.
   */
  stop(): void {
    this.queue.length = 0;
    this.stopper.abort();
  }

  get stopped(): boolean {
    return this.stopper.signal.aborted;
  }

  /** What is still to be sent (paged imports may add pages as they go). */
  get remaining(): ReadonlyArray<Pick<ScenarioStep, 'why' | 'kind'> & { name: string; method: string }> {
    return this.queue.map((s) => ({ name: s.request.name, why: s.why, kind: s.kind, method: s.request.method }));
  }

  get passed(): boolean {
    return this.outcomes.every((o) => o.ok);
  }

  /** Sends the next step and judges its answer; null when the scenario is over. */
  async next(): Promise<StepOutcome | null> {
    const step = this.queue.shift();
    if (!step || this.stopped) return null;
    const outcome = await this.send(step);
    this.outcomes.push(outcome);
    return outcome;
  }

  async runAll(onStep?: (outcome: StepOutcome) => void): Promise<StepOutcome[]> {
    for (let o = await this.next(); o !== null; o = await this.next()) onStep?.(o);
    return this.outcomes;
  }

  private async send(step: PageStep): Promise<StepOutcome> {
    const request = step.request;
    let path = this.identities.path(request.pathFrom ? request.pathFrom(this.ctx) : request.path);
    if (step.startIndex !== undefined) path = path.replace(/startIndex=\d+/, `startIndex=${step.startIndex}`);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      if (name.toLowerCase() === 'authorization' && this.target.authorization === null) continue;
      headers[name] = fillTemplate(value, this.ctx);
    }
    headers[EMULATED_HEADER] = this.profile;
    const rawBody = request.body === undefined ? undefined : typeof request.body === 'function' ? (request.body as (c: Ctx) => unknown)(this.ctx) : request.body;
    const body = rawBody === undefined ? undefined : JSON.stringify(this.identities.value(fillValueSafe(rawBody, this.ctx)));
    const started = performance.now();
    const base = this.target.scimUrl.replace(/\/+$/, '');
    const isOkta = PROFILES[this.profile].client === 'okta';
    let attempts = 0;
    let waitedMs = 0;
    let status = 0;
    let text = '';
    let parsed: unknown = null;
    let exchangeId: string | null = null;
    let transportError: string | null = null;
    for (;;) {
      attempts++;
      transportError = null;
      let retryAfter: string | null = null;
      try {
        const signal = AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs ?? 30_000), this.stopper.signal]);
        const res = await fetch(`${base}${path}`, { method: request.method, headers, body, signal });
        status = res.status;
        retryAfter = res.headers.get('retry-after');
        exchangeId = res.headers.get(EXCHANGE_ID_HEADER);
        text = await res.text();
        parsed = parseJson(text);
      } catch (error) {
        status = 0;
        transportError = this.stopped ? 'the run was stopped' : describeFailure(error);
      }
      // Okta backs off on 429 (okta-backoff.ts); Entra's behaviour is undocumented, so it does not retry.
      if (status !== 429 || !isOkta || attempts >= OKTA_MAX_ATTEMPTS || this.stopped) break;
      const wait = oktaRetryDelayMs(retryAfter, attempts) / Math.max(this.options.speed ?? 1, 1e-6);
      waitedMs += wait;
      await (this.options.sleep ?? sleeper)(wait, this.stopper.signal);
      if (this.stopped) break;
    }
    const failures: string[] = [];
    if (transportError) failures.push(`no answer: ${transportError}`);
    else if (status !== request.expect.status) failures.push(`answered ${status}, expected ${request.expect.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
    if (!transportError && status === request.expect.status) {
      for (const check of request.expect.checks ?? []) {
        const expected = { ...check, value: this.identities.value(check.value) };
        if (!checkPasses(expected, parsed, this.ctx)) {
          failures.push(`${check.path} ${check.op}${check.value !== undefined ? ` ${JSON.stringify(expected.value)}` : ''}${check.type ? ` (a ${check.type})` : ''}: got ${JSON.stringify(getPath(parsed, check.path))?.slice(0, 120) ?? 'nothing'}`);
        }
      }
      for (const [key, jsonPath] of Object.entries(request.capture ?? {})) {
        const value = getPath(parsed, jsonPath);
        if (value !== undefined && value !== null) this.ctx[key] = String(value);
      }
      if (step.paged) {
        const stoppedPaging = this.queueNextPage(step, parsed);
        if (stoppedPaging) failures.push(stoppedPaging);
      }
    }
    return {
      index: this.outcomes.length,
      name: request.name,
      why: step.why,
      kind: step.kind,
      method: request.method,
      path,
      status,
      expectedStatus: request.expect.status,
      ok: failures.length === 0,
      failures,
      exchangeId,
      attempts,
      waitedMs: Math.round(waitedMs),
      durationMs: Math.round(performance.now() - started),
    };
  }

  /**
   * Okta asks for the next page while startIndex + itemsPerPage is within totalResults ([O9]). A
   * target whose answers would page for ever is stopped, and the reason returned as a failure: a page
   * with no Resources before the total, an answer for the same startIndex as the last page's, or the backstop.
   */
  private queueNextPage(step: PageStep, body: unknown): string | null {
    const total = getPath(body, 'totalResults');
    const perPage = getPath(body, 'itemsPerPage');
    const start = step.startIndex ?? 1;
    if (typeof total !== 'number' || typeof perPage !== 'number' || perPage <= 0) return null;
    const next = start + perPage;
    if (next > total) return null;
    const resources = getPath(body, 'Resources');
    if (!Array.isArray(resources) || resources.length === 0) {
      return `the page at startIndex ${start} holds no Resources while totalResults says ${total}: Scimscope stops paging here (it would ask for ever)`;
    }
    // The answer's own startIndex must move on from the last page's (a zero-based server is off by one, and still moves).
    const answeredStart = getPath(body, 'startIndex');
    if (typeof answeredStart === 'number' && answeredStart === step.answeredStart) {
      return `asked for startIndex ${start}, the answer is again for startIndex ${answeredStart}: Scimscope stops paging here (the same page would come back for ever)`;
    }
    if (++this.pagesQueued >= MAX_IMPORT_PAGES) {
      return `${MAX_IMPORT_PAGES.toLocaleString('en-US')} pages read and totalResults still says ${total}: Scimscope stops paging here (its own backstop)`;
    }
    this.queue.unshift({ ...step, startIndex: next, ...(typeof answeredStart === 'number' ? { answeredStart } : {}) });
    return null;
  }
}

function fillValueSafe(value: unknown, ctx: Ctx): unknown {
  if (typeof value === 'string') return value.includes('{{') ? fillTemplate(value, ctx) : value;
  if (Array.isArray(value)) return value.map((v) => fillValueSafe(v, ctx));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillValueSafe(v, ctx)]));
  return value;
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describeFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if ((error as Error).name === 'TimeoutError') return 'the request timed out';
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
