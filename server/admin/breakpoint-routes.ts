/**
 * /api/breakpoints: the breakpoint rules (list, create, replace, delete), the workspace's default
 * release bound, and the exchanges paused now with the three ways to let one go (continue, respond,
 * drop). A paused exchange that was let go meanwhile (timed out, answered, client gone) is a 404.
 */
import { Router } from 'express';
import type { BreakpointList } from '../contract/breakpoints.js';
import type { BreakpointEngine } from '../breakpoints/breakpoint-engine.js';
import type { BreakpointStore } from '../breakpoints/breakpoint-store.js';
import { notFoundError } from './api-errors.js';

export interface BreakpointParts {
  store: BreakpointStore;
  engine: BreakpointEngine;
}

export function breakpointRoutes({ store, engine }: BreakpointParts): Router {
  const router = Router();
  const list = (): BreakpointList => ({ items: [...store.list()], total: store.list().length, defaultTimeoutMs: store.defaultTimeoutMs });

  router.get('/breakpoints', (_req, res) => {
    res.json(list());
  });

  router.post('/breakpoints', async (req, res) => {
    res.status(201).json(await store.add(req.body));
  });

  router.get('/breakpoints/settings', (_req, res) => {
    res.json({ defaultTimeoutMs: store.defaultTimeoutMs });
  });

  router.put('/breakpoints/settings', async (req, res) => {
    res.json({ defaultTimeoutMs: await store.setDefaultTimeout(req.body) });
  });

  router.get('/breakpoints/paused', (_req, res) => {
    const items = engine.paused();
    res.json({ items, total: items.length });
  });

  router.post('/breakpoints/paused/:id/continue', (req, res) => {
    res.json(engine.continue(req.params.id, req.body));
  });

  router.post('/breakpoints/paused/:id/respond', (req, res) => {
    res.json(engine.respond(req.params.id, req.body));
  });

  router.post('/breakpoints/paused/:id/drop', (req, res) => {
    res.json(engine.drop(req.params.id));
  });

  router.get('/breakpoints/:id', (req, res) => {
    const rule = store.get(req.params.id);
    if (!rule) throw notFoundError(`Breakpoint "${req.params.id}"`);
    res.json(rule);
  });

  router.put('/breakpoints/:id', async (req, res) => {
    const rule = await store.replace(req.params.id, req.body);
    if (!rule) throw notFoundError(`Breakpoint "${req.params.id}"`);
    res.json(rule);
  });

  router.delete('/breakpoints/:id', async (req, res) => {
    if (!(await store.remove(req.params.id))) throw notFoundError(`Breakpoint "${req.params.id}"`);
    res.status(204).end();
  });

  return router;
}
