/**
 * The live socket's hello while the recorded traffic loads: an exchange recorded in the turn between
 * the load's end (the hello's list is read then) and the hello going out is neither in that list nor
 * forgotten: the first batch brings it (before the fix it was counted as neither, so the client never
 * saw it). Over a real WebSocket against a real server whose load is held through the
 * `exchangeLoadPause` door; the exchange is announced on the sandbox's bus, the door through which the
 * recorder tells the socket of every exchange it records, from a reaction to the load's end that runs
 * after the socket's read of the list and before its hello (reactions run in the order they were
 * registered: the socket's first, on connecting).
 */
import { describe, expect, it } from 'vitest';
import type { ExchangeSummary } from '../../server/contract/exchange.js';
import { openSocket } from '../helpers/event-socket.js';
import { holdLoad } from '../helpers/held-load.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox } from '../helpers/sandbox.js';

const lookup = (name: string) => `/Users?filter=${encodeURIComponent(`userName eq "${name}@example.com"`)}`;

describe('the live socket hello at the end of the load', () => {
  it.each([
    ['the default list', ''],
    ['initial=2', '?initial=2'],
    ['initial=0', '?initial=0'],
  ])('delivers an exchange recorded between the list and the hello (%s)', async (_name, query) => {
    const first = await startSandbox({ seed: 'empty' });
    const recorded = nextExchanges(first.sandbox, 3);
    for (let i = 0; i < 3; i++) await first.scim('GET', lookup(`before${i}`));
    const before = await recorded;
    await first.stop();

    const load = holdLoad();
    const second = await startSandbox({ dataDir: first.dataDir, exchangeLoadPause: load.pause });
    try {
      await load.held;
      const socket = await openSocket(`${second.addresses.adminUrl.replace('http', 'ws')}/api/events${query}`, { Authorization: `Bearer ${second.adminToken}` });
      // The socket has asked for its list (it waits for the load): the reaction below comes after it.
      await socket.next((m) => m.type === 'loading');
      const newest = before.at(-1)!;
      const raced: ExchangeSummary = { ...newest, id: `${newest.id}-raced`, seq: newest.seq + 1 };
      const announced = second.sandbox.exchanges.whenLoaded().then(() => second.sandbox.bus.emit('exchange:recorded', raced));
      load.open();
      await announced;
      const hello = await socket.next((m) => m.type === 'hello');
      expect((hello.exchanges as ExchangeSummary[]).map((e) => e.id)).not.toContain(raced.id);

      // A real exchange after the hello: every batch up to the one bringing it.
      const after = nextExchanges(second.sandbox, 1);
      await second.scim('GET', lookup('after'));
      const [later] = await after;
      await socket.next((m) => m.type === 'batch' && m.events.some((e: { type: string; exchange?: ExchangeSummary }) => e.exchange?.id === later!.id));
      const batches = socket.messages.filter((m) => m.type === 'batch');
      const delivered = batches.flatMap((m) => m.events.filter((e: { type: string }) => e.type === 'exchange').map((e: { exchange: ExchangeSummary }) => e.exchange.id));
      expect(delivered).toEqual([raced.id, later!.id]);
      // Delivered, so not counted as dropped (those loaded, not recorded while the client waited, never are).
      expect(batches.reduce((sum, m) => sum + (m.dropped ?? 0), 0)).toBe(0);
      socket.ws.close();
      await socket.closed;
    } finally {
      load.open();
      await second.close();
      await first.close();
    }
  });
});
