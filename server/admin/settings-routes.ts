/**
 * /api/status, /api/settings and /api/store: what the sandbox is and how it is set. Settings are
 * returned with secrets masked; the SCIM credentials the Connect view must show for pasting into
 * Okta come from /api/settings/credentials only.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Credentials, PublicSettings, StatusReport } from '../contract/admin.js';
import type { Settings } from '../contract/settings.js';
import type { AdminContext } from './admin-context.js';
import { ApiError } from './api-errors.js';
import { DATASET_NAMES } from '../snapshots/datasets.js';
import { publicScimUrl } from '../scim/base-path.js';
import { oauthSettingsPatch, publicOAuth } from '../oauth/oauth-settings.js';
import { historyCapSchema, upstreamUrlSchema } from '../config/settings-file.js';
import type { LoadState } from '../recorder/exchange-log.js';

/** Settings as they may leave the process: secrets replaced by whether they are set. */
export function publicSettings(settings: Settings): PublicSettings {
  return {
    auth: { mode: settings.auth.mode, tokenSet: settings.auth.token.length > 0, basic: { username: settings.auth.basic.username, passwordSet: settings.auth.basic.password.length > 0 }, oauth: publicOAuth(settings.auth.oauth) },
    recording: settings.recording,
    quirks: settings.quirks,
    faults: settings.faults,
    tunnel: { publicUrl: settings.tunnel.publicUrl, ngrokDomain: settings.tunnel.ngrokDomain, ngrokAuthtokenSet: Boolean(settings.tunnel.ngrokAuthtoken) },
    patchReturnsResource: settings.patchReturnsResource,
    upstream: publicUpstream(settings.upstream),
  };
}

function publicUpstream({ token, ...rest }: Settings['upstream']): PublicSettings['upstream'] {
  return { ...rest, tokenSet: token !== null && token.length > 0 };
}

const quirks = z
  .object({
    duplicateAs400: z.boolean(),
    conflictWithoutScimType: z.boolean(),
    rejectMembersReplace: z.boolean(),
    ignoreExcludedAttributes: z.boolean(),
    plainJsonContentType: z.boolean(),
    zeroBasedStartIndex: z.boolean(),
    stringTotalResults: z.boolean(),
  })
  .partial()
  .strict();

export const settingsPatchSchema = z
  .object({
    auth: z
      .object({
        mode: z.enum(['bearer', 'header', 'basic', 'none', 'oauth']),
        token: z.string().min(8, 'A token needs at least 8 characters.').max(512),
        basic: z.object({ username: z.string().min(1).max(256), password: z.string().min(8).max(512) }).partial().strict(),
        oauth: oauthSettingsPatch,
      })
      .partial()
      .strict(),
    recording: z.object({ enabled: z.boolean(), retention: z.number().int().min(100).max(1_000_000), maxBodyBytes: z.number().int().min(1024).max(10 * 1024 * 1024), historyCap: historyCapSchema }).partial().strict(),
    quirks,
    faults: z.object({ seed: z.number().int().nullable() }).partial().strict(),
    tunnel: z.object({ publicUrl: z.string().url().nullable(), ngrokAuthtoken: z.string().min(1).nullable(), ngrokDomain: z.string().min(1).nullable() }).partial().strict(),
    patchReturnsResource: z.boolean(),
    upstream: z
      .object({
        url: upstreamUrlSchema.nullable(),
        auth: z.enum(['token', 'header', 'passThrough', 'none']),
        token: z.string().min(1).max(4096).nullable(),
        headerName: z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'not a valid header name'),
        insecure: z.boolean(),
        connectTimeoutMs: z.number().int().min(100).max(120_000),
        responseTimeoutMs: z.number().int().min(100).max(600_000),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();

/** `dataset` names any dataset (GET /api/datasets); `seed` is its older spelling, kept working. */
export const storeResetSchema = z.object({ dataset: z.enum(DATASET_NAMES).optional(), seed: z.enum(['demo', 'empty']).optional() }).strict();

/** The status's view of the exchange index's background load. */
function loadingOf(state: LoadState): StatusReport['exchangesLoading'] {
  return state.loading ? { loaded: state.loaded, expected: Math.max(state.expected, state.loaded) } : null;
}

export function settingsRoutes(ctx: AdminContext): Router {
  const router = Router();

  router.get('/status', (_req, res) => {
    const settings = ctx.settings.current;
    const { scimUrl, adminUrl } = ctx.addresses();
    const report: StatusReport = {
      name: 'Scimscope',
      workspace: ctx.workspace,
      version: ctx.version,
      running: true,
      startedAt: new Date(ctx.startedAt).toISOString(),
      uptimeMs: Date.now() - ctx.startedAt,
      scimUrl,
      publicScimUrl: publicScimUrl(ctx.tunnel.snapshot.url, settings.tunnel.publicUrl, ctx.mountPath),
      tunnel: ctx.tunnel.snapshot,
      adminUrl,
      dataDir: ctx.dataDir,
      storeFile: ctx.store.location,
      authMode: settings.auth.mode,
      recording: settings.recording.enabled,
      counts: { ...ctx.store.counts(), exchanges: ctx.exchanges.size },
      exchangesLoading: loadingOf(ctx.exchanges.loadState),
      warnings: ctx.warnings(),
    };
    res.json(report);
  });

  router.get('/settings', (_req, res) => {
    res.json(publicSettings(ctx.settings.current));
  });

  router.put('/settings', async (req, res) => {
    const patch = settingsPatchSchema.parse(req.body);
    // The workspace applies the recording limits as the change is announced (workspace-core.ts).
    const next = await ctx.settings.update(patch);
    res.json(publicSettings(next));
  });

  router.get('/settings/credentials', (_req, res) => {
    const { auth } = ctx.settings.current;
    const header = auth.mode === 'basic' ? `Basic ${Buffer.from(`${auth.basic.username}:${auth.basic.password}`).toString('base64')}` : auth.mode === 'header' ? auth.token : auth.mode === 'bearer' ? `Bearer ${auth.token}` : null;
    res.setHeader('Cache-Control', 'no-store');
    const credentials: Credentials = { mode: auth.mode, token: auth.token, basic: auth.basic, authorizationHeader: header };
    res.json(credentials);
  });

  router.post('/settings/token/regenerate', async (_req, res) => {
    await ctx.settings.regenerateToken();
    res.setHeader('Cache-Control', 'no-store');
    res.json({ token: ctx.settings.current.auth.token });
  });

  router.post('/store/reset', async (req, res) => {
    const body = storeResetSchema.parse(req.body ?? {});
    if (body.dataset && body.seed && body.dataset !== body.seed) throw new ApiError(400, 'invalid_input', 'Send "dataset" or "seed", not both.');
    const dataset = body.dataset ?? body.seed ?? 'demo';
    await ctx.resetStore(dataset);
    res.json({ dataset, seed: dataset, counts: ctx.store.counts() });
  });

  return router;
}
