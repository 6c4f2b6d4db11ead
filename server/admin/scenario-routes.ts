/**
 * /api/scenarios and /api/scenario-runs: the Scenarios view plays the IdP through these. A run is
 * created against this sandbox (default) or any SCIM URL with its credentials, then advanced one
 * request at a time (Step) or to the end (Run). The emulated IdP is an HTTP client: it reaches this
 * sandbox through its own SCIM port, so each step is recorded like any other traffic. Credentials
 * given for an external target stay in this process and are never sent back.
 */
import crypto from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { PROFILE_IDS, PROFILES, type ProfileId } from '../idp/profiles.js';
import { ScenarioRun } from '../idp/scenario-runner.js';
import { findScenario, SCENARIOS, scenarioSteps } from '../idp/scenarios.js';
import { ApiError, notFoundError } from './api-errors.js';

const MAX_RUNS = 20;

export const scenarioRunInput = z
  .object({
    scenario: z.string(),
    profile: z.enum(PROFILE_IDS as [ProfileId, ...ProfileId[]]).default('okta'),
    speed: z.number().positive().max(1_000_000).default(60),
    target: z
      .object({
        url: z.string().regex(/^https?:\/\/\S+$/, 'an http(s) URL'),
        auth: z.enum(['bearer', 'header', 'basic', 'none']).default('bearer'),
        token: z.string().optional(),
        username: z.string().optional(),
        password: z.string().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export interface ScenarioRoutesContext {
  scimUrl: () => string | null;
  /** The Authorization value that opens this sandbox's SCIM port now (in oauth mode, a fresh short-lived token). */
  authorization: () => Promise<string | null>;
}

interface StoredRun {
  id: string;
  run: ScenarioRun;
  target: string;
  targetIsSandbox: boolean;
  busy: Promise<unknown> | null;
}

function view(r: StoredRun) {
  return {
    id: r.id,
    scenario: r.run.scenario,
    profile: r.run.profile,
    target: r.target,
    targetIsSandbox: r.targetIsSandbox,
    done: r.run.done,
    passed: r.run.passed,
    outcomes: r.run.outcomes,
    remaining: r.run.remaining,
  };
}

function externalAuthorization(target: z.infer<typeof scenarioRunInput>['target'] & object): string | null {
  switch (target.auth) {
    case 'none':
      return null;
    case 'basic':
      if (!target.username || !target.password) throw new ApiError(400, 'invalid_input', 'Basic auth needs a username and a password.');
      return `Basic ${Buffer.from(`${target.username}:${target.password}`).toString('base64')}`;
    default:
      if (!target.token) throw new ApiError(400, 'invalid_input', `${target.auth} auth needs a token.`);
      return target.auth === 'bearer' ? `Bearer ${target.token}` : target.token;
  }
}

export function scenarioRoutes(context: ScenarioRoutesContext): Router {
  const router = Router();
  const runs = new Map<string, StoredRun>();
  const found = (id: string): StoredRun => {
    const r = runs.get(id);
    if (!r) throw notFoundError(`Scenario run "${id}"`);
    return r;
  };
  /** Stops a run (a request in flight is cut, a pending Run answers with what was played) and forgets it. */
  const forget = (id: string) => {
    runs.get(id)?.run.stop();
    runs.delete(id);
  };
  /** One request at a time per run: a second Step waits for the first. */
  const advance = async (r: StoredRun, all: boolean) => {
    while (r.busy) await r.busy;
    const work = all ? r.run.runAll() : r.run.next();
    r.busy = work;
    try {
      await work;
    } finally {
      r.busy = null;
    }
  };

  router.get('/scenarios', (_req, res) => {
    const items = SCENARIOS.map((s) => ({
      ...s,
      steps: Object.fromEntries(s.profiles.map((p) => [p, scenarioSteps(s.id, p)!.map((step) => ({ name: step.request.name, why: step.why, kind: step.kind, method: step.request.method }))])),
    }));
    res.json({ items, total: items.length, profiles: Object.values(PROFILES) });
  });

  router.post('/scenario-runs', async (req, res) => {
    const input = scenarioRunInput.parse(req.body ?? {});
    const scenario = findScenario(input.scenario);
    if (!scenario) throw new ApiError(404, 'not_found', `No scenario "${input.scenario}"; GET /api/scenarios lists them.`);
    if (!scenario.profiles.includes(input.profile)) throw new ApiError(400, 'invalid_input', `"${scenario.id}" has no ${PROFILES[input.profile].label} version.`);
    let url: string;
    let authorization: string | null;
    if (input.target) {
      url = input.target.url;
      authorization = externalAuthorization(input.target);
    } else {
      const own = context.scimUrl();
      if (!own) throw new ApiError(409, 'not_listening', 'The SCIM port is not listening yet.');
      url = own;
      authorization = await context.authorization();
    }
    const id = crypto.randomUUID();
    const stored: StoredRun = { id, run: new ScenarioRun(scenario.id, input.profile, { scimUrl: url, authorization }, { speed: input.speed }), target: url, targetIsSandbox: !input.target, busy: null };
    runs.set(id, stored);
    // The oldest run is stopped before it is forgotten: nobody could stop it afterwards.
    while (runs.size > MAX_RUNS) forget(runs.keys().next().value!);
    res.status(201).json(view(stored));
  });

  router.get('/scenario-runs/:id', (req, res) => {
    res.json(view(found(req.params.id)));
  });

  router.post('/scenario-runs/:id/step', async (req, res) => {
    const r = found(req.params.id);
    if (r.run.done) throw new ApiError(409, 'finished', 'This run has played every step; start a new one.');
    await advance(r, false);
    res.json(view(r));
  });

  router.post('/scenario-runs/:id/run', async (req, res) => {
    const r = found(req.params.id);
    await advance(r, true);
    res.json(view(r));
  });

  router.delete('/scenario-runs/:id', (req, res) => {
    found(req.params.id);
    forget(req.params.id);
    res.status(204).end();
  });

  return router;
}
