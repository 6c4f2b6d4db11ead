/**
 * The admin API's guard. The API can read every recorded exchange, change credentials and wipe the
 * store, so it must only ever be driven by the inspector or the user's own scripts:
 * - it listens on loopback only, and refuses any peer that is not loopback;
 * - the Host header must name a loopback host, which defeats DNS-rebinding pages;
 * - a browser Origin, when present, must be the admin origin itself, which defeats other sites and
 *   other local servers (CSRF), since browsers always send Origin on cross-origin requests;
 * - every /api call carries the admin token (Authorization: Bearer, or ?token= for the WebSocket,
 *   whose browser API cannot set headers), compared in constant time.
 */
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { secretsEqual } from '../scim/auth.js';
import { ApiError } from './api-errors.js';

const LOOPBACK_PEERS = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const LOOPBACK_HOSTS = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i;

export function isLoopbackPeer(req: IncomingMessage): boolean {
  return LOOPBACK_PEERS.has(req.socket.remoteAddress ?? '');
}

export function hostAllowed(req: IncomingMessage): boolean {
  const host = req.headers.host;
  return host !== undefined && LOOPBACK_HOSTS.test(host);
}

/** An Origin is allowed when absent (scripts, curl) or a loopback origin on the admin port. */
export function originAllowed(req: IncomingMessage, adminPort: () => number | null): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const port = adminPort();
  return url.protocol === 'http:' && LOOPBACK_HOSTS.test(url.host) && port !== null && Number(url.port) === port;
}

export function tokenFrom(req: IncomingMessage, allowQuery: boolean): string | null {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
  if (match) return match[1]!;
  if (allowQuery) {
    const url = new URL(req.url ?? '/', 'http://local');
    return url.searchParams.get('token');
  }
  return null;
}

/** Checks a request against all four rules; returns the refusal, or null when allowed. */
export function refusal(req: IncomingMessage, adminToken: () => string, adminPort: () => number | null, allowQueryToken: boolean): ApiError | null {
  if (!isLoopbackPeer(req)) return new ApiError(403, 'not_loopback', 'The admin API only answers on the loopback interface.');
  if (!hostAllowed(req)) return new ApiError(403, 'bad_host', 'The Host header must name 127.0.0.1 or localhost.');
  if (!originAllowed(req, adminPort)) return new ApiError(403, 'foreign_origin', `Requests from ${req.headers.origin} are refused; only the inspector's own origin may call the admin API.`);
  const token = tokenFrom(req, allowQueryToken);
  if (token === null) return new ApiError(401, 'token_required', 'The admin API needs "Authorization: Bearer <admin token>". The token is printed by `scimscope serve` and is in the inspector URL.');
  if (!secretsEqual(token, adminToken())) return new ApiError(401, 'token_invalid', 'The admin token is wrong.');
  return null;
}

/** Express middleware for /api. */
export function guardApi(adminToken: () => string, adminPort: () => number | null) {
  return (req: Request, res: Response, next: NextFunction) => {
    const refused = refusal(req, adminToken, adminPort, false);
    if (refused) {
      if (refused.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="Scimscope admin"');
      return next(refused);
    }
    next();
  };
}

/** For static files: loopback peer and Host only (the bundle holds no secret; the token is in the URL fragment). */
export function guardStatic(req: Request, _res: Response, next: NextFunction): void {
  if (!isLoopbackPeer(req) || !hostAllowed(req)) return next(new ApiError(403, 'forbidden', 'The inspector is only served to this machine.'));
  next();
}
