/**
 * /api/conformance-runs: run `scimscope test` from the inspector. With no target it checks this
 * sandbox's own SCIM endpoint with its own credentials; with a target it checks that server (the
 * caller supplies its credential, which never appears in the report). The last few reports stay in
 * memory for the Scenarios view; they are plain data (see conformance/report-model.ts).
 */
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import type { Settings } from '../contract/settings.js';
import { DEFAULT_PROFILES, PROFILE_NAMES } from '../conformance/profiles.js';
import type { ConformanceReport } from '../conformance/report-model.js';
import { JSON_REPORT_FORMAT } from '../conformance/reports/json-report.js';
import { runConformance } from '../conformance/runner.js';
import type { AuthKind } from '../conformance/scim-client.js';
import { ApiError, notFoundError } from './api-errors.js';

const KEPT_RUNS = 10;

export const conformanceRunInput = z
  .object({
    profiles: z.array(z.enum(['all', ...PROFILE_NAMES] as [string, ...string[]])).min(1).default(DEFAULT_PROFILES),
    target: z.string().url().refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL').optional(),
    token: z.string().min(1).optional(),
    auth: z.enum(['bearer', 'header', 'basic']).optional(),
  })
  .strict()
  .refine((v) => v.target === undefined || v.token !== undefined, { message: 'a target needs its token', path: ['token'] });

export interface ConformanceRoutesOptions {
  /** This sandbox's SCIM base URL, or null before it listens. */
  scimUrl: () => string | null;
  auth: () => Settings['auth'];
  /** In auth mode oauth: a short-lived access token for this sandbox (the static token opens nothing there). */
  oauthToken?: () => Promise<string>;
}

/** The sandbox's own credential as the runner sends it. */
export function sandboxCredential(auth: Settings['auth']): { token: string; auth: AuthKind } {
  if (auth.mode === 'basic') return { token: `${auth.basic.username}:${auth.basic.password}`, auth: 'basic' };
  if (auth.mode === 'header') return { token: auth.token, auth: 'header' };
  return { token: auth.token, auth: 'bearer' };
}

export function conformanceRoutes(options: ConformanceRoutesOptions): Router {
  const router = Router();
  const runs: Array<{ id: string; report: ConformanceReport }> = [];

  router.post('/conformance-runs', async (req, res) => {
    const input = conformanceRunInput.parse(req.body ?? {});
    let target = input.target;
    let credential: { token: string; auth: AuthKind };
    if (target !== undefined) credential = { token: input.token!, auth: input.auth ?? 'bearer' };
    else {
      const own = options.scimUrl();
      if (own === null) throw new ApiError(409, 'not_listening', 'The SCIM server is not listening yet.');
      target = own;
      const auth = options.auth();
      credential = auth.mode === 'oauth' && options.oauthToken ? { token: await options.oauthToken(), auth: 'bearer' } : sandboxCredential(auth);
    }
    const report = await runConformance({ target, ...credential, profiles: input.profiles as Array<ConformanceReport['profiles'][number] | 'all'> });
    const id = randomUUID();
    runs.unshift({ id, report });
    runs.splice(KEPT_RUNS);
    res.status(201).json({ id, format: JSON_REPORT_FORMAT, ...report });
  });

  router.get('/conformance-runs', (_req, res) => {
    res.json({ items: runs.map(({ id, report }) => ({ id, target: report.target, profiles: report.profiles, startedAt: report.startedAt, summary: report.summary })), total: runs.length });
  });

  router.get('/conformance-runs/:id', (req, res) => {
    const run = runs.find((r) => r.id === req.params.id);
    if (!run) throw notFoundError('Conformance run');
    res.json({ id: run.id, format: JSON_REPORT_FORMAT, ...run.report });
  });

  return router;
}
