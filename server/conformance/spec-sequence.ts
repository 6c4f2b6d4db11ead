/**
 * Turns a recorded IdP request sequence (server/idp/request-shapes.ts: Okta's SPEC test, Okta's
 * and Entra's provisioning lifecycles) into conformance checks, one per step, sharing the
 * sequence's variables through the run. The requests are sent exactly as the emulated IdP sends
 * them (headers, bodies, encodings), with fresh identities per run; a step whose earlier step did
 * not capture what it needs is skipped with that reason.
 */
import { EMULATED_HEADER } from '../recorder/exchange-assembly.js';
import { checkPasses, fillTemplate, getPath, type Ctx, type SpecStep } from '../idp/request-shapes.js';
import { RunIdentities } from '../idp/run-identities.js';
import { describeResponse, type Check, type CheckRun } from './check-run.js';
import type { CheckLevel, CheckSource } from './report-model.js';

export interface SequenceOptions {
  /** Key of this sequence's state in the run (one context per sequence per run). */
  key: string;
  idPrefix: string;
  steps: SpecStep[];
  /** The emulated client named on each request (so a Scimscope target records it as emulated). */
  emulate: 'okta' | 'entra';
  /** Builds the starting variables; `auth` (the Authorization value) is added. */
  initialContext: () => Ctx;
  level: (step: SpecStep) => CheckLevel;
  source: (step: SpecStep, index: number) => CheckSource;
  /**
   * Accept 204 (no body) where the recording expects a PATCH to answer 200: RFC 7644 3.5.2 allows
   * both and Microsoft suggests 204. The step's checks are then run on a GET of the same resource.
   */
  patchMayAnswer204?: boolean;
  /** Extra lines per step name (what the IdP is doing), optional. */
  describe?: (step: SpecStep) => string | undefined;
}

interface SequenceState {
  ctx: Ctx;
  identities: RunIdentities;
}

function fillSafe(value: unknown, ctx: Ctx): unknown {
  if (typeof value === 'string') return value.includes('{{') ? fillTemplate(value, ctx) : value;
  if (Array.isArray(value)) return value.map((v) => fillSafe(v, ctx));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillSafe(v, ctx)]));
  return value;
}

function expectationOf(step: SpecStep): string {
  const checks = (step.expect.checks ?? []).map((c) => `${c.path} ${c.op}${c.value !== undefined ? ` ${JSON.stringify(c.value)}` : ''}${c.type ? ` (a ${c.type})` : ''}`);
  return [`HTTP ${step.expect.status}`, ...checks, ...(step.expect.maxResponseMs ? [`answered within ${step.expect.maxResponseMs} ms`] : [])].join('; ');
}

export function sequenceChecks(options: SequenceOptions): Check[] {
  const stateOf = (t: CheckRun): SequenceState => {
    let state = t.fixtures.state.get(options.key) as SequenceState | undefined;
    if (!state) {
      state = { ctx: { ...options.initialContext(), auth: t.client.authorization }, identities: new RunIdentities() };
      t.fixtures.state.set(options.key, state);
    }
    return state;
  };
  return options.steps.map((step, index) => ({
    id: `${options.idPrefix}.${String(index + 1).padStart(2, '0')}`,
    title: step.name,
    level: options.level(step),
    source: options.source(step, index),
    expected: [options.describe?.(step), expectationOf(step)].filter(Boolean).join(' — '),
    async run(t: CheckRun) {
      const { ctx, identities } = stateOf(t);
      let path: string;
      let body: unknown;
      const headers: Record<string, string> = {};
      try {
        path = identities.path(step.pathFrom ? step.pathFrom(ctx) : step.path);
        for (const [name, value] of Object.entries(step.headers ?? {})) headers[name] = fillTemplate(value, ctx);
        const raw = step.body === undefined ? undefined : typeof step.body === 'function' ? (step.body as (c: Ctx) => unknown)(ctx) : step.body;
        body = raw === undefined ? undefined : identities.value(fillSafe(raw, ctx));
      } catch (error) {
        return t.skip(`An earlier step of this sequence did not give what this one needs (${(error as Error).message}).`);
      }
      const authorization = Object.entries(headers).find(([n]) => n.toLowerCase() === 'authorization')?.[1] ?? null;
      headers[EMULATED_HEADER] = options.emulate;
      let res = await t.send(step.method, path, { headers, authorization, ...(body !== undefined ? { rawBody: JSON.stringify(body) } : {}) });
      const may204 = options.patchMayAnswer204 === true && step.method === 'PATCH' && step.expect.status === 200;
      t.expect(res.status === step.expect.status || (may204 && res.status === 204), () => describeResponse(res), `Expected HTTP ${step.expect.status}${may204 ? ' or 204' : ''}, got ${res.status}.`);
      if (res.status === 204 && may204 && (step.expect.checks ?? []).length > 0) {
        const getHeaders = Object.fromEntries(Object.entries(headers).filter(([n]) => n.toLowerCase() !== 'content-type'));
        res = await t.send('GET', path, { headers: getHeaders, authorization });
        t.expect(res.status === 200, () => describeResponse(res), `The PATCH answered 204; reading the resource back answered ${res.status}.`);
      }
      const failures: string[] = [];
      for (const check of step.expect.checks ?? []) {
        const expected = { ...check, value: identities.value(check.value) };
        if (!checkPasses(expected, res.body, ctx)) {
          failures.push(`${check.path} ${check.op}${check.value !== undefined ? ` ${JSON.stringify(expected.value)}` : ''}${check.type ? ` (a ${check.type})` : ''}: got ${JSON.stringify(getPath(res.body, check.path))?.slice(0, 120) ?? 'nothing'}`);
        }
      }
      if (step.expect.maxResponseMs !== undefined && res.record.durationMs >= step.expect.maxResponseMs) failures.push(`answered in ${res.record.durationMs} ms, expected under ${step.expect.maxResponseMs} ms`);
      for (const [key, jsonPath] of Object.entries(step.capture ?? {})) {
        const value = getPath(res.body, jsonPath);
        if (value !== undefined && value !== null) ctx[key] = String(value);
      }
      t.expect(failures.length === 0, () => describeResponse(res), failures.join('; '));
    },
  }));
}
