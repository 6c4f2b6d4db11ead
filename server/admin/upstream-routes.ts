/**
 * /api/upstream: in proxy mode the local store does not hold the directory, so the Users and
 * Groups views browse the upstream instead, read-only, through SCIM GETs made with the upstream's
 * credentials (server/proxy/upstream-client.ts). What the upstream answers leaves through the admin
 * API, so it is redacted as a recorded answer is: secret members (password...) and this workspace's
 * configured secrets, wherever they appear.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { SettingsStore } from '../config/settings-store.js';
import type { JsonObject } from '../contract/scim.js';
import { readUpstream } from '../proxy/upstream-client.js';
import { redactBody, scrubSecrets, scrubStrings } from '../recorder/redact.js';

const querySchema = z
  .object({
    filter: z.string().max(2_000).optional(),
    startIndex: z.coerce.number().int().min(1).optional(),
    count: z.coerce.number().int().min(0).max(1_000).optional(),
  })
  .strict();

export function upstreamRoutes(settings: SettingsStore, secrets: () => readonly string[]): Router {
  const router = Router();
  router.get('/upstream/:type', async (req, res) => {
    const type = z.enum(['Users', 'Groups']).parse(req.params.type);
    const query = querySchema.parse(req.query);
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params[k] = String(v);
    const page = await readUpstream(settings.current, type, params);
    const known = secrets();
    res.json({
      ...page,
      resources: page.resources.map((r) => scrubStrings(redactBody(r), known) as JsonObject),
      error: page.error === null ? null : scrubSecrets(page.error, known),
    });
  });
  return router;
}
