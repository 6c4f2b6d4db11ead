/**
 * A client that closes its request stops the body search it asked for, over real HTTP: the abort
 * travels from the client's socket through the admin route's signal into the search, which reads no
 * further slice. The search is held part-way through the sandbox's `bodySearchWatch` door (the one
 * every body search of the admin API passes between slices, here with slices of one record), so the
 * abort lands mid-way whatever the machine's speed; the watch also says where the search ended.
 * The same search left alone reads every record and answers.
 */
import { describe, expect, it } from 'vitest';
import type { BodySearch, BodySearchWatch } from '../../server/recorder/exchange-query.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox } from '../helpers/sandbox.js';

const RECORDS = 6;
/** In no record: the search reads all of them unless it is stopped. */
const NEEDLE = 'no-such-term-5e0c7';

/** A watch that holds the search at its first pause until the search's own signal is aborted, and notes every pause and the end. */
function holdingWatch(hold: boolean) {
  const pauses: number[] = [];
  let paused!: (signal: AbortSignal | undefined) => void;
  let ended!: (progress: BodySearch) => void;
  const firstPause = new Promise<AbortSignal | undefined>((resolve) => (paused = resolve));
  const end = new Promise<BodySearch>((resolve) => (ended = resolve));
  const watch: BodySearchWatch = {
    sliceMs: 0,
    between(progress, signal) {
      pauses.push(progress.read);
      if (pauses.length > 1 || !hold) return new Promise((resolve) => setImmediate(resolve));
      paused(signal);
      if (!signal) return Promise.resolve();
      return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    },
    ended: (progress) => ended(progress),
  };
  return { watch, pauses, firstPause, end };
}

describe('a body search whose client goes away', () => {
  it('stops at the slice where the abort reached it, and the same search left alone reads every record', async () => {
    for (const abort of [true, false]) {
      const held = holdingWatch(abort);
      const t = await startSandbox({ seed: 'empty', bodySearchWatch: held.watch });
      const recorded = nextExchanges(t.sandbox, RECORDS);
      for (let i = 0; i < RECORDS; i++) await t.scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "abort${i}@example.com"`)}`);
      await recorded;

      const client = new AbortController();
      const asked = fetch(`${t.addresses.adminUrl}/api/exchanges?bodies=true&budgetMs=5000&search=${NEEDLE}`, { headers: { Authorization: `Bearer ${t.adminToken}` }, signal: client.signal });
      if (abort) {
        asked.catch(() => undefined);
        // Held after its first slice (one record read), with the signal the route gave it.
        const signal = await held.firstPause;
        expect(signal).toBeInstanceOf(AbortSignal);
        expect(signal!.aborted).toBe(false);
        client.abort();
        await expect(asked).rejects.toThrow();
        const end = await held.end;
        expect(signal!.aborted).toBe(true);
        // No slice after the abort: it ended where it was held, with most records unread.
        expect({ pauses: held.pauses, read: end.read, complete: end.complete }).toEqual({ pauses: [1], read: 1, complete: false });
      } else {
        const res = await asked;
        expect(res.status).toBe(200);
        const page = (await res.json()) as { items: unknown[]; bodySearch: BodySearch };
        expect(page.items).toEqual([]);
        expect(page.bodySearch).toMatchObject({ complete: true, read: RECORDS });
        expect((await held.end).read).toBe(RECORDS);
        // One slice per record: a pause between each two.
        expect(held.pauses).toEqual(Array.from({ length: RECORDS - 1 }, (_, i) => i + 1));
      }
      await t.close();
    }
  });
});
