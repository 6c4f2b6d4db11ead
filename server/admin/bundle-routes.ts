/**
 * /api/bundle: export the workspace as a lab bundle (one JSON file, no secrets, traffic as HAR on
 * request) and import one over it. An import without `confirm: true` changes nothing and answers
 * 409 with what would be replaced; a corrupt or newer bundle is refused with 400 naming the problem.
 */
import { Router } from 'express';
import { z } from 'zod';
import { applyBundle, previewImport } from '../bundles/bundle-apply.js';
import { writeBundle, type BundleParts } from '../bundles/bundle-export.js';
import { parseBundle } from '../bundles/bundle-format.js';
import type { ExchangeLog } from '../recorder/exchange-log.js';
import { ApiError } from './api-errors.js';
import { streamJson } from './text-stream.js';

export interface BundleRouteParts extends BundleParts {
  exchanges: ExchangeLog;
  version: string;
  /** The workspace's name, written into the bundle (informative). */
  workspace?: string;
  /** Origin the SCIM port is reached at, for the HAR's URLs. */
  scimOrigin: () => string;
}

const flag = z.enum(['true', 'false', '1', '0']).optional().transform((v) => v === 'true' || v === '1');
const importBody = z.object({ bundle: z.unknown().refine((b) => b !== undefined, 'bundle is required: the lab bundle (its JSON, or its file text as a string).'), confirm: z.boolean().optional() }).strict();

export function bundleRoutes(parts: BundleRouteParts): Router {
  const router = Router();

  router.get('/bundle', async (req, res) => {
    const { traffic } = z.object({ traffic: flag }).parse(req.query);
    // Right after start-up the exchange index may still be loading: a bundle with traffic is taken once it has
    // (writeBundle waits too), so its directory, traffic and time are of one moment.
    if (traffic) await parts.exchanges.whenLoaded();
    // The file name carries the export time, so it is set before the bundle (which says the same time) is written.
    const exportedAt = new Date();
    const stamp = exportedAt.toISOString().replace(/[:.]/g, '-');
    res.setHeader('Content-Disposition', `attachment; filename="scimscope-lab-${parts.workspace ?? 'default'}-${stamp}.json"`);
    res.setHeader('Cache-Control', 'no-store');
    await streamJson(res, (sink) => writeBundle(parts, { version: parts.version, workspace: parts.workspace, exportedAt, traffic: traffic ? { exchanges: parts.exchanges, origin: parts.scimOrigin() } : null }, sink));
  });

  router.post('/bundle/import', async (req, res) => {
    const body = importBody.parse(req.body ?? {});
    const bundle = parseBundle(body.bundle);
    if (body.confirm !== true) {
      const preview = previewImport(parts, bundle);
      const { users, groups, faultRules } = preview.replaces;
      throw new ApiError(409, 'confirm_required', `Importing this bundle replaces this workspace's ${users} users, ${groups} groups and ${faultRules} fault rules${preview.replaces.settings.length ? ` and its ${preview.replaces.settings.join(', ')} settings` : ''}.${(preview.warnings ?? []).map((w) => ` ${w}`).join('')} Send it again with "confirm": true to import it.`, preview);
    }
    res.json({ imported: await applyBundle(parts, bundle) });
  });

  return router;
}
