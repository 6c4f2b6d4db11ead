/**
 * /api/exchanges: the recorded traffic — paged and filtered lists, one exchange in full, clearing,
 * HAR export, copy-as-curl and replay. Lists are summaries from memory; a full exchange is read from
 * the exchanges file (server/recorder/exchange-log.ts). `search` matches summaries and the bodies'
 * identifiers; `bodies=true` also reads full records from disk within a time budget and says how
 * far it got (`bodySearch`), so a client can continue with `beforeSeq`; it reads in slices that
 * yield to other requests, and stops when the client closes the request. The HAR export is written exchange batch by exchange batch as it is read.
 * During the start-up load of the index the exchange log's query methods wait for it, so an answer is
 * never a partial list.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { ExchangeQuery } from '../recorder/exchange-log.js';
import { toCurl } from '../recorder/curl.js';
import { harPlaceholder, writeHarText } from '../recorder/har.js';
import type { AdminContext } from './admin-context.js';
import { ApiError, notFoundError } from './api-errors.js';
import { streamJson } from './text-stream.js';

/** An edited replay: the body as text (null: none) and the full set of headers to send. */
export const replayEditSchema = z
  .object({
    body: z.string().max(1024 * 1024).nullable().optional(),
    headers: z.record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'not a valid header name'), z.string().max(8_192).regex(/^[^\r\n]*$/, 'a header value cannot span lines')).optional(),
  })
  .strict();

const csv = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean)));
const flag = z.enum(['true', 'false', '1', '0']).optional().transform((v) => (v === undefined ? undefined : v === 'true' || v === '1'));

const querySchema = z.object({
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(0).max(5000).optional(),
  search: z.string().max(500).optional(),
  q: z.string().max(500).optional(),
  bodies: flag,
  beforeSeq: z.coerce.number().int().min(0).optional(),
  budgetMs: z.coerce.number().int().min(10).max(5000).optional(),
  method: csv,
  status: csv,
  kind: csv,
  client: csv,
  faulted: flag,
  linted: flag,
  resourceId: z.string().optional(),
  full: flag,
})
  // A key this route does not know (a typo, a `cursor` it never had) is a 400, not a list of everything.
  .strict();

function parseQuery(req: Request): ExchangeQuery & { full?: boolean } {
  const q = querySchema.parse(req.query);
  return {
    offset: q.offset,
    limit: q.limit,
    search: q.search ?? q.q,
    bodies: q.bodies,
    beforeSeq: q.beforeSeq,
    budgetMs: q.budgetMs,
    methods: q.method,
    statuses: q.status,
    kinds: q.kind,
    clients: q.client,
    faulted: q.faulted,
    linted: q.linted,
    resourceId: q.resourceId,
    full: q.full,
  };
}

/** Where recorded paths hang off: they are relative to the workspace's mount (`/w/<name>`, '' for default). */
const scimOrigin = (ctx: AdminContext) => {
  const url = ctx.addresses().scimUrl;
  return `${url ? new URL(url).origin : 'http://127.0.0.1:7171'}${ctx.mountPath}`;
};

export function exchangesRoutes(ctx: AdminContext): Router {
  const router = Router();

  router.get('/exchanges', async (req, res) => {
    // A client that goes away (the inspector aborts a search on every keystroke) stops its body search:
    // the next search's requests no longer wait behind a page nobody reads.
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    const q = { ...parseQuery(req), signal: gone.signal, watch: ctx.bodySearchWatch };
    const { items, total, bodySearch, covered } = await ctx.exchanges.search(q);
    if (gone.signal.aborted) return;
    res.json({ items: q.full ? (await Promise.all(items.map((s) => ctx.exchanges.get(s.id)))).filter((e) => e !== undefined) : items, total, ...(bodySearch ? { bodySearch } : {}), ...(covered ? { covered } : {}) });
  });

  router.get('/exchanges.har', async (req, res) => {
    const q = parseQuery(req);
    const options = { origin: scimOrigin(ctx), version: ctx.version };
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    res.setHeader('Content-Disposition', `attachment; filename="scimscope-${stamp}.har"`);
    await streamJson(res, (sink) => writeHarText(sink, JSON.stringify(harPlaceholder(options)), ctx.exchanges.fullMatchingBatches(q), options));
  });

  router.delete('/exchanges', async (req, res) => {
    // The list's filters do not narrow a clear: refusing them beats erasing everything that was asked to be kept.
    const given = Object.keys(req.query);
    if (given.length > 0) throw new ApiError(400, 'invalid_input', `DELETE /api/exchanges clears every recorded exchange and takes no query parameters (got ${given.map((k) => `"${k}"`).join(', ')}); nothing was cleared.`);
    await ctx.exchanges.clear();
    ctx.bus.emit('exchanges:cleared');
    res.status(204).end();
  });

  router.get('/exchanges/:id', async (req, res) => {
    const exchange = await ctx.exchanges.get(req.params.id);
    if (!exchange) throw notFoundError(`Exchange "${req.params.id}"`);
    res.json(exchange);
  });

  router.get('/exchanges/:id/curl', async (req, res) => {
    const exchange = await ctx.exchanges.get(req.params.id);
    if (!exchange) throw notFoundError(`Exchange "${req.params.id}"`);
    res.json({ curl: toCurl(exchange, scimOrigin(ctx), ctx.settings.current.auth.mode) });
  });

  router.post('/exchanges/:id/replay', async (req, res) => {
    const original = await ctx.exchanges.get(req.params.id);
    if (!original) throw notFoundError(`Exchange "${req.params.id}"`);
    const edit = replayEditSchema.parse(req.body ?? {});
    if (original.request.bodyTruncated && edit.body === undefined) throw new ApiError(409, 'body_truncated', 'This exchange cannot be replayed: its request body was larger than the recording limit and was cut.');
    const id = await ctx.replay(original.id, edit);
    const replayed = ctx.exchanges.summary(id);
    res.status(201).json(replayed ?? { id });
  });

  return router;
}
