/**
 * Replays a sequence of recorded IdP requests (test/fixtures/idp-requests.ts) against a running
 * SCIM server and reports every step whose status or checks differ from what the IdP expects.
 */
import { checkPasses, fillTemplate, fillValue, getPath, type Ctx, type SpecStep } from '../fixtures/idp-requests.js';
import { request } from './http.js';

export interface StepOutcome {
  step: string;
  status: number;
  failures: string[];
  body: unknown;
}

export async function runSteps(scimUrl: string, steps: SpecStep[], ctx: Ctx): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  for (const step of steps) {
    const path = step.pathFrom ? step.pathFrom(ctx) : step.path;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(step.headers ?? {})) headers[name] = fillTemplate(value, ctx);
    const rawBody = step.body === undefined ? undefined : typeof step.body === 'function' ? (step.body as (c: Ctx) => unknown)(ctx) : fillValue(step.body, ctx);
    const res = await request(`${scimUrl}${path}`, { method: step.method, headers, rawBody: rawBody === undefined ? undefined : JSON.stringify(rawBody) });
    const failures: string[] = [];
    if (res.status !== step.expect.status) failures.push(`status ${res.status}, expected ${step.expect.status}: ${res.text.slice(0, 300)}`);
    for (const check of step.expect.checks ?? []) {
      if (!checkPasses(check, res.body, ctx)) failures.push(`check ${check.op} ${check.path}${check.value !== undefined ? ` ${JSON.stringify(check.value)}` : ''} failed; got ${JSON.stringify(getPath(res.body, check.path))?.slice(0, 200)}`);
    }
    for (const [key, jsonPath] of Object.entries(step.capture ?? {})) {
      const value = getPath(res.body, jsonPath);
      if (value !== undefined && value !== null) ctx[key] = String(value);
    }
    outcomes.push({ step: step.name, status: res.status, failures, body: res.body });
  }
  return outcomes;
}
