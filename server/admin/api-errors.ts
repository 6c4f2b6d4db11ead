/**
 * Admin API errors: JSON bodies `{ "error": { "status", "code", "message", "details"? } }` for
 * every failure, whether raised by a route, by input validation (zod), or by the SCIM services
 * underneath (whose scimType becomes the code).
 */
import type { NextFunction, Request, Response } from 'express';
import { ZodError } from 'zod';
import { isAppError, type AppErrorCode } from '../app-errors.js';
import { ScimError } from '../scim/errors.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFoundError = (what: string) => new ApiError(404, 'not_found', `${what} not found.`);

const CODE_BY_STATUS: Record<number, string> = { 400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed', 409: 'conflict', 412: 'precondition_failed', 413: 'too_large', 415: 'unsupported_media_type', 503: 'unavailable' };

/** Application errors that are the caller's to fix or a state to report, not a server fault. */
const STATUS_BY_APP_CODE: Partial<Record<AppErrorCode, number>> = { STORE_WRITE_FAILED: 503, SNAPSHOT_CORRUPT: 422, SNAPSHOT_TOO_NEW: 422, BUNDLE_INVALID: 400, BUNDLE_TOO_NEW: 400 };

export function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof ZodError) {
    const details = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    const first = details[0];
    return new ApiError(400, 'invalid_input', first ? `${first.path || 'body'}: ${first.message}` : 'Invalid input.', details);
  }
  if (error instanceof ScimError) return new ApiError(error.status, error.scimType ?? CODE_BY_STATUS[error.status] ?? 'error', error.detail);
  if (isAppError(error, 'STORE_CONFLICT')) return new ApiError(409, 'uniqueness', `${error.message}.`);
  if (isAppError(error)) return new ApiError(STATUS_BY_APP_CODE[error.code] ?? 500, error.code.toLowerCase(), error.message);
  const status = (error as { status?: unknown })?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const type = (error as { type?: unknown }).type;
    const message = type === 'entity.parse.failed' ? 'The request body is not valid JSON.' : (error as Error).message;
    return new ApiError(status, CODE_BY_STATUS[status] ?? 'bad_request', message);
  }
  return null;
}

export function apiErrorHandler(log: (m: string) => void) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const apiError = toApiError(error);
    if (!apiError) log(`Admin API error on ${req.method} ${req.path}: ${(error as Error)?.stack ?? String(error)}`);
    const e = apiError ?? new ApiError(500, 'internal', 'Unexpected error; see the Scimscope log.');
    if (res.headersSent) return void res.destroy();
    res.status(e.status).json({ error: { status: e.status, code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } });
  };
}
