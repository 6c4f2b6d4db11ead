/**
 * The admin API's guard. The API can read every recorded exchange, change credentials and wipe the
 * store, so it must only ever be driven by the inspector or the user's own scripts:
 * - it listens on loopback only, and refuses any peer that is not loopback;
 * - the Host header must name a loopback host, which defeats DNS-rebinding pages;
 * - a browser Origin, when present, must be the admin origin itself, which defeats other sites and
 *   other local servers (CSRF), since browsers always send Origin on cross-origin requests;
 * - every /api call carries the admin token in `Authorization: Bearer`, compared in constant time.
 *   The token never travels in a URL (URLs end up in consoles and logs): the WebSocket, whose browser
 *   API cannot set headers, takes either that header (scripts) or a single-use ticket (event-tickets.ts).
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

export function tokenFrom(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
  return match ? match[1]! : null;
}

/** Where the request comes from: loopback peer, loopback Host, own Origin. */
function placeRefusal(req: IncomingMessage, adminPort: () => number | null): ApiError | null {
  if (!isLoopbackPeer(req)) return new ApiError(403, 'not_loopback', 'The admin API only answers on the loopback interface.');
  if (!hostAllowed(req)) return new ApiError(403, 'bad_host', 'The Host header must name 127.0.0.1 or localhost.');
  if (!originAllowed(req, adminPort)) return new ApiError(403, 'foreign_origin', `Requests from ${req.headers.origin} are refused; only the inspector's own origin may call the admin API.`);
  return null;
}

function tokenRefusal(token: string | null, adminToken: () => string): ApiError | null {
  if (token === null) return new ApiError(401, 'token_required', 'The admin API needs "Authorization: Bearer <admin token>". The token is printed by `scimscope serve` and is in the inspector URL.');
  if (!secretsEqual(token, adminToken())) return new ApiError(401, 'token_invalid', 'The admin token is wrong.');
  return null;
}

/** Checks a request against all four rules; returns the refusal, or null when allowed. */
export function refusal(req: IncomingMessage, adminToken: () => string, adminPort: () => number | null): ApiError | null {
  return placeRefusal(req, adminPort) ?? tokenRefusal(tokenFrom(req), adminToken);
}

/**
 * The WebSocket's guard: the same place rules, then the admin token in the Authorization header
 * (scripts) or `?ticket=` redeemed once (browsers). A `?token=` alone is refused with a pointer to
 * the ticket, so an old client learns why rather than just failing.
 */
export function socketRefusal(req: IncomingMessage, adminToken: () => string, adminPort: () => number | null, redeemTicket: (ticket: string) => boolean): ApiError | null {
  const place = placeRefusal(req, adminPort);
  if (place) return place;
  const token = tokenFrom(req);
  if (token !== null) return tokenRefusal(token, adminToken);
  const query = new URL(req.url ?? '/', 'http://local').searchParams;
  const ticket = query.get('ticket');
  if (ticket !== null) return redeemTicket(ticket) ? null : new ApiError(401, 'ticket_invalid', 'The ticket is unknown, used or expired; ask for a new one with POST /api/events/ticket.');
  if (query.has('token')) return new ApiError(401, 'token_in_url', 'The admin token is not accepted in the URL (it would show in consoles and logs): send it as "Authorization: Bearer <admin token>", or connect with ?ticket= from POST /api/events/ticket.');
  return tokenRefusal(null, adminToken);
}

/** Express middleware for /api. */
export function guardApi(adminToken: () => string, adminPort: () => number | null) {
  return (req: Request, res: Response, next: NextFunction) => {
    const refused = refusal(req, adminToken, adminPort);
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
