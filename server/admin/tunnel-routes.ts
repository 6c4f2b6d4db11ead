/**
 * /api/tunnel: start and stop the tunnel to the SCIM port (with any provider in tunnel/providers.ts;
 * ngrok when none is named), and read its state. The ngrok authtoken comes from settings (or
 * NGROK_AUTHTOKEN) and is never returned.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { SettingsStore } from '../config/settings-store.js';
import type { TunnelManager } from '../tunnel/tunnel-manager.js';
import { TUNNEL_PROVIDER_NAMES } from '../tunnel/providers.js';
import { ApiError } from './api-errors.js';

export const tunnelStartSchema = z.object({ provider: z.enum(TUNNEL_PROVIDER_NAMES).default('ngrok') }).strict();

export function tunnelRoutes(tunnel: TunnelManager, settings: SettingsStore, scimPort: () => number | null): Router {
  const router = Router();

  router.get('/tunnel', (_req, res) => {
    res.json(tunnel.snapshot);
  });

  router.post('/tunnel/start', async (req, res) => {
    const { provider } = tunnelStartSchema.parse(req.body ?? {});
    const port = scimPort();
    if (port === null) throw new ApiError(409, 'not_listening', 'The SCIM server is not listening yet.');
    const { ngrokAuthtoken, ngrokDomain } = settings.current.tunnel;
    const state = await tunnel.start(provider, port, ngrokAuthtoken, ngrokDomain);
    res.status(state.status === 'up' ? 200 : 502).json(state);
  });

  router.post('/tunnel/stop', async (_req, res) => {
    res.json(await tunnel.stop());
  });

  return router;
}
