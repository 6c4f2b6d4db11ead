/** Tickets for the live event socket: single-use, short-lived, unguessable, bounded in number. */
import { describe, expect, it } from 'vitest';
import { EventTickets, TICKET_TTL_MS } from '../../server/admin/event-tickets.js';

describe('EventTickets', () => {
  const clock = () => {
    const c = { now: 1_000_000, read: () => c.now };
    return c;
  };

  it('redeems a ticket once', () => {
    const tickets = new EventTickets();
    const { ticket } = tickets.issue();
    expect(tickets.redeem(ticket)).toBe(true);
    expect(tickets.redeem(ticket)).toBe(false);
  });

  it.each([
    ['just before it expires', TICKET_TTL_MS - 1, true],
    ['when it expires', TICKET_TTL_MS, false],
    ['long after', TICKET_TTL_MS * 10, false],
  ])('redeems a ticket %s: %s', (_name, elapsed, accepted) => {
    const c = clock();
    const tickets = new EventTickets(TICKET_TTL_MS, c.read);
    const { ticket, expiresInMs } = tickets.issue();
    expect(expiresInMs).toBe(TICKET_TTL_MS);
    c.now += elapsed;
    expect(tickets.redeem(ticket)).toBe(accepted);
  });

  it('refuses tickets it never issued, and issues different ones each time', () => {
    const tickets = new EventTickets();
    const issued = new Set(Array.from({ length: 50 }, () => tickets.issue().ticket));
    expect(issued.size).toBe(50);
    expect(tickets.redeem('evt_made_up')).toBe(false);
    expect(tickets.redeem('')).toBe(false);
  });

  it('forgets the oldest outstanding tickets beyond 64', () => {
    const tickets = new EventTickets();
    const all = Array.from({ length: 65 }, () => tickets.issue().ticket);
    expect(tickets.redeem(all[0]!)).toBe(false);
    expect(tickets.redeem(all[64]!)).toBe(true);
  });
});
