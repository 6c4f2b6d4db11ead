/**
 * `GET /api/openapi.json`: the admin API's OpenAPI 3.1 description (openapi/assemble.ts), for
 * trainers' and CI scripts' clients. Under the /api guard like every other endpoint: it holds no
 * secret, but the admin API answers nothing to a caller without the token (docs/decisions.md).
 * The fragments are loaded on the first request, not at start (building their schemas takes a
 * moment that a starting app should not pay), and the document is kept per admin port.
 */
import { Router } from 'express';
import type { OpenapiDocument } from './openapi/assemble.js';

export function openapiRoutes(adminPort: () => number | null): Router {
  const router = Router();
  let cached: { port: number | null; document: OpenapiDocument } | null = null;
  router.get('/openapi.json', async (_req, res) => {
    const port = adminPort();
    if (cached?.port !== port) {
      const { assembleOpenapi } = await import('./openapi/assemble.js');
      cached = { port, document: assembleOpenapi({ adminPort: port }) };
    }
    res.json(cached.document);
  });
  return router;
}
