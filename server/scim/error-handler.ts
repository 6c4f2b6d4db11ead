/**
 * The SCIM pipeline's single error handler: whatever a handler threw becomes a SCIM Error response
 * (RFC 7644 §3.12) with the right status, and the failure is noted on the request context for
 * the recorder. Unexpected errors are logged and answered 500 without internals.
 */
import type { ScimRequest, ScimResponse } from './http/pipeline.js';
import { isAppError } from '../app-errors.js';
import { ScimError, errorBody } from './errors.js';
import { contextOf } from './request-context.js';
import { sendScim } from './send.js';

export function scimErrorHandler(log: (message: string) => void) {
  return (error: unknown, req: ScimRequest, res: ScimResponse) => {
    const scimError = toScimError(error);
    if (!scimError) log(`Unexpected error on ${req.method} ${req.originalUrl}: ${(error as Error)?.stack ?? String(error)}`);
    const e = scimError ?? new ScimError(500, 'The server hit an unexpected error; it is in the Scimscope log.');
    const ctx = res.locals.scim ? contextOf(res) : null;
    if (ctx) ctx.error = { status: e.status, ...(e.scimType ? { scimType: e.scimType } : {}), detail: e.detail };
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const headers = { ...e.headers };
    if (e.status === 413) headers.Connection = 'close';
    sendScim(res, e.status, errorBody(e.status, e.detail, e.scimType), headers);
  };
}

function toScimError(error: unknown): ScimError | null {
  if (error instanceof ScimError) return error;
  if (isAppError(error, 'STORE_CONFLICT')) return new ScimError(409, `${error.message}.`, 'uniqueness');
  if (isAppError(error, 'STORE_WRITE_FAILED')) return new ScimError(503, error.message, undefined, { 'Retry-After': '5' });
  // Errors raised by Express or Node for malformed requests carry a 4xx status (e.g. a bad %-escape in the path).
  const status = (error as { status?: unknown; statusCode?: unknown })?.status ?? (error as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const detail = status === 400 ? `The request could not be read: ${(error as Error).message}.` : (error as Error).message;
    return new ScimError(status, detail);
  }
  return null;
}
