/**
 * The SCIM port's request pipeline over plain node:http. Express costs about 80% of the
 * throughput of a bare Node server on this port's hot path (measured: docs/decisions.md), and the
 * SCIM server needs none of its features, so requests run through this small chain instead:
 * ordered steps with `next`, thrown or passed errors going to one error handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import querystring from 'node:querystring';

export interface ScimRequest extends IncomingMessage {
  method: string;
  /** The request target as received (path and query). */
  originalUrl: string;
  /** The path, not decoded. */
  path: string;
  query: Record<string, string | string[]>;
  params: Record<string, string>;
}

export interface ScimResponse extends ServerResponse {
  locals: Record<string, unknown>;
}

export type Next = (error?: unknown) => void;
export type Step = (req: ScimRequest, res: ScimResponse, next: Next) => void | Promise<void>;
export type ErrorHandler = (error: unknown, req: ScimRequest, res: ScimResponse) => void;

/** Adds the fields the steps rely on to Node's request and response objects. */
function prepare(raw: IncomingMessage, rawRes: ServerResponse): { req: ScimRequest; res: ScimResponse } {
  const req = raw as ScimRequest;
  const res = rawRes as ScimResponse;
  const url = raw.url ?? '/';
  const q = url.indexOf('?');
  req.originalUrl = url;
  req.path = q < 0 ? url : url.slice(0, q);
  req.query = q < 0 ? {} : (querystring.parse(url.slice(q + 1)) as Record<string, string | string[]>);
  req.params = {};
  res.locals = {};
  return { req, res };
}

export function createPipeline(steps: Step[], onError: ErrorHandler): (req: IncomingMessage, res: ServerResponse) => void {
  return (rawReq, rawRes) => {
    const { req, res } = prepare(rawReq, rawRes);
    let index = 0;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      try {
        onError(error, req, res);
      } catch {
        res.destroy();
      }
    };
    const next: Next = (error) => {
      if (error !== undefined) return fail(error);
      const step = steps[index++];
      if (!step) return fail(new Error(`no step answered ${req.method} ${req.path}`));
      try {
        const result = step(req, res, next);
        if (result && typeof (result as Promise<void>).catch === 'function') (result as Promise<void>).catch(fail);
      } catch (error) {
        fail(error);
      }
    };
    next();
  };
}
