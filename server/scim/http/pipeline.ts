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
function prepare(req: ScimRequest, res: ScimResponse): void {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  req.originalUrl = url;
  req.path = q < 0 ? url : url.slice(0, q);
  req.query = q < 0 ? {} : (querystring.parse(url.slice(q + 1)) as Record<string, string | string[]>);
  req.params = {};
  res.locals = {};
}

/** Answers with the error handler; if even that throws, the connection is cut. */
function fail(onError: ErrorHandler, error: unknown, req: ScimRequest, res: ScimResponse): void {
  try {
    onError(error, req, res);
  } catch {
    res.destroy();
  }
}

/** Stands for a thrown or rejected `undefined`, which must reach the error handler, not move on. */
const UNDEFINED_ERROR = Symbol('undefined error');
const failure = (error: unknown) => (error === undefined ? UNDEFINED_ERROR : error);

export function createPipeline(steps: Step[], onError: ErrorHandler): (req: IncomingMessage, res: ServerResponse) => void {
  return (rawReq, rawRes) => {
    const req = rawReq as ScimRequest;
    const res = rawRes as ScimResponse;
    prepare(req, res);
    // Per request: one closure (`next`) over the position and whether the error handler ran.
    let index = 0;
    let failed = false;
    const next: Next = (error) => {
      if (error !== undefined) {
        if (failed) return;
        failed = true;
        return fail(onError, error === UNDEFINED_ERROR ? undefined : error, req, res);
      }
      const step = steps[index++];
      if (!step) return next(new Error(`no step answered ${req.method} ${req.path}`));
      try {
        const result = step(req, res, next);
        if (result && typeof (result as Promise<void>).catch === 'function') (result as Promise<void>).catch((e: unknown) => next(failure(e)));
      } catch (error) {
        next(failure(error));
      }
    };
    next();
  };
}
