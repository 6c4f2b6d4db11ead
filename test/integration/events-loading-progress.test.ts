/**
 * While the exchange index loads after start-up, the live socket tells a client how far the load is
 * (`loading` messages) before its hello, so the inspector needs no polling of /api/status. Over a
 * real WebSocket against a real server whose load is stepped slice by slice through the
 * `exchangeLoadPause` door the load yields through: a client gets the progress on connecting, a new
 * message when the load moves on (and none while it stands still), the counts meanwhile, then the
 * hello with everything and no progress after it (exchanges recorded meanwhile included; those beyond
 * a client's `initial` counted as dropped in its first batch); a client connecting after the load
 * gets no `loading` message at all.
 */
import { describe, expect, it } from 'vitest';
import type { ExchangeSummary } from '../../server/contract/exchange.js';
import { openSocket, type OpenSocket } from '../helpers/event-socket.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

/** More than one slice of the load (512 KiB of index lines), so the load has steps to report. */
const EXCHANGES = 2000;

/** A load that stops at every pause until `step()` lets it go on to the next one; `release()` lets it finish. */
function steppedLoad() {
  let go: (() => void) | null = null;
  let released = false;
  let reached: (() => void) | null = null;
  let atPause = new Promise<void>((resolve) => (reached = resolve));
  return {
    pause: () =>
      released
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            go = resolve;
            reached?.();
          }),
    /** Resolves when the load stands at a pause. */
    held: () => atPause,
    step() {
      atPause = new Promise<void>((resolve) => (reached = resolve));
      const g = go;
      go = null;
      g?.();
    },
    release() {
      released = true;
      go?.();
    },
  };
}

const socketUrl = (t: TestSandbox) => `${t.addresses.adminUrl.replace('http', 'ws')}/api/events`;
const connect = (t: TestSandbox): Promise<OpenSocket> => openSocket(socketUrl(t), { Authorization: `Bearer ${t.adminToken}` });

describe('the live socket while the recorded traffic loads', () => {
  it('sends the progress on connecting and as the load moves on, then the hello and no more progress', async () => {
    const first = await startSandbox({ seed: 'demo' });
    const recorded = nextExchanges(first.sandbox, EXCHANGES);
    for (let i = 0; i < EXCHANGES; i += 50) await Promise.all(Array.from({ length: Math.min(50, EXCHANGES - i) }, (_, j) => first.scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "load${i + j}@example.com"`)}`)));
    await recorded;
    await first.stop();

    const load = steppedLoad();
    const second = await startSandbox({ dataDir: first.dataDir, exchangeLoadPause: load.pause });
    try {
      await load.held();
      const at = second.sandbox.exchanges.loadState;
      expect(at.loading).toBe(true);
      expect(at.loaded).toBeLessThan(at.expected);

      const socket = await connect(second);
      const firstProgress = await socket.next((m) => m.type === 'loading');
      expect(firstProgress.loading).toEqual({ loaded: at.loaded, expected: at.expected });
      const users = (await second.admin('GET', '/api/status')).body.counts.users as number;
      expect(firstProgress.counts).toEqual({ users, groups: expect.any(Number), exchanges: at.expected });

      // One slice further: a new message with the new figure.
      load.step();
      await load.held();
      const moved = second.sandbox.exchanges.loadState;
      expect(moved.loaded).toBeGreaterThan(at.loaded);
      const next = await socket.next((m) => m.type === 'loading' && m.loading.loaded === moved.loaded);
      expect(next.loading.expected).toBeGreaterThanOrEqual(moved.loaded);

      // Clients asking for fewer exchanges than are recorded while they wait: those beyond their hello's
      // list are counted as dropped in their first batch, so they know to refetch.
      const none = await openSocket(`${socketUrl(second)}?initial=0`, { Authorization: `Bearer ${second.adminToken}` });
      const two = await openSocket(`${socketUrl(second)}?initial=2`, { Authorization: `Bearer ${second.adminToken}` });
      await Promise.all([none.next((m) => m.type === 'loading'), two.next((m) => m.type === 'loading')]);
      const during = nextExchanges(second.sandbox, 3);
      for (let i = 0; i < 3; i++) await second.scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "during${i}@example.com"`)}`);
      const recordedDuring = await during;

      load.release();
      const hello = await socket.next((m) => m.type === 'hello');
      expect(hello.counts.exchanges).toBe(EXCHANGES + 3);
      expect((hello.exchanges as ExchangeSummary[]).at(-1)!.seq).toBe(EXCHANGES + 3);
      const helloAt = socket.messages.indexOf(hello);
      expect(socket.messages.slice(helloAt).filter((m) => m.type === 'loading')).toEqual([]);
      // Before the hello only progress, each further than the last (none repeats a point the load stood at).
      const before = socket.messages.slice(0, helloAt);
      expect(before.every((m) => m.type === 'loading')).toBe(true);
      const figures = before.map((m) => m.loading.loaded as number);
      expect(figures).toEqual([...new Set(figures)].sort((x, y) => x - y));

      expect((hello.exchanges as ExchangeSummary[]).slice(-3).map((e) => e.seq)).toEqual(recordedDuring.map((e) => e.seq));
      const noneHello = await none.next((m) => m.type === 'hello');
      expect(noneHello.exchanges).toEqual([]);
      // A batch also says how many exchanges the log holds: the count the inspector shows.
      expect(await none.next((m) => m.type === 'batch')).toMatchObject({ dropped: 3, exchanges: EXCHANGES + 3 });
      const twoHello = await two.next((m) => m.type === 'hello');
      expect((twoHello.exchanges as ExchangeSummary[]).map((e) => e.seq)).toEqual(recordedDuring.slice(-2).map((e) => e.seq));
      expect((await two.next((m) => m.type === 'batch')).dropped).toBe(1);

      // After the load, a new client gets its hello first, and never a progress message.
      const late = await connect(second);
      await late.next((m) => m.type === 'hello');
      expect(late.messages[0].type).toBe('hello');
      for (const s of [socket, late, none, two]) {
        s.ws.close();
        await s.closed;
      }
    } finally {
      load.release();
      await second.close();
      await first.close();
    }
  });
});
