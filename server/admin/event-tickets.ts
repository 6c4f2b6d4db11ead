/**
 * Single-use, short-lived tickets that open the live event WebSocket. A browser cannot put an
 * Authorization header on a WebSocket, and a token in the URL shows up in the browser console, the
 * DevTools network list and any proxy log. So the inspector asks for a ticket with its token in a
 * header (`POST /api/events/ticket`) and puts only the ticket in the socket URL: once used, or after
 * TICKET_TTL_MS, it opens nothing. Tickets are kept by their SHA-256, so no lookup compares secrets.
 */
import crypto from 'node:crypto';

export const TICKET_TTL_MS = 30_000;
/** Outstanding tickets kept at most; the oldest are forgotten first (a client that asks and never connects). */
const MAX_OUTSTANDING = 64;

const digest = (ticket: string) => crypto.createHash('sha256').update(ticket).digest('base64url');

export class EventTickets {
  /** digest -> expiry time (ms since epoch); Map keeps insertion order, oldest first. */
  private readonly outstanding = new Map<string, number>();

  constructor(
    private readonly ttlMs = TICKET_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  issue(): { ticket: string; expiresInMs: number } {
    this.forgetExpired();
    while (this.outstanding.size >= MAX_OUTSTANDING) this.outstanding.delete(this.outstanding.keys().next().value!);
    const ticket = `evt_${crypto.randomBytes(24).toString('base64url')}`;
    this.outstanding.set(digest(ticket), this.now() + this.ttlMs);
    return { ticket, expiresInMs: this.ttlMs };
  }

  /** True once for a ticket issued less than the TTL ago; false for an unknown, used or expired one. */
  redeem(ticket: string): boolean {
    const key = digest(ticket);
    const expires = this.outstanding.get(key);
    this.outstanding.delete(key);
    return expires !== undefined && this.now() < expires;
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [key, expires] of this.outstanding) if (expires <= now) this.outstanding.delete(key);
  }
}
