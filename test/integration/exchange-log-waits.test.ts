/**
 * The exchange log's query methods wait for the background load of the index themselves (so no
 * route or socket can forget to): asked while the load is held, `search`, `get`, `latest`,
 * `fullMatching` and the HAR batches answer only once it ends, with the loaded exchanges in them;
 * `summary` and `loadState` answer at once. Real files from a first server, a second one holding its
 * load open through the `exchangeLoadPause` door.
 */
import { describe, expect, it } from 'vitest';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

describe('the exchange log while its index loads', () => {
  it('answers every query once the load is over, never from part of it', async () => {
    const first = await startSandbox({ seed: 'empty' });
    const recorded = nextExchanges(first.sandbox, 3);
    for (let i = 0; i < 3; i++) await first.scim('POST', '/Users', { body: { schemas: [USER], userName: `waits${i}@example.com` } });
    const ids = (await recorded).map((e) => e.id);
    await first.stop();

    let open!: () => void;
    let held!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    const reached = new Promise<void>((resolve) => (held = resolve));
    const second = await startSandbox({ dataDir: first.dataDir, exchangeLoadPause: async () => (held(), await opened) });
    await reached;
    const log = second.sandbox.exchanges;
    expect(log.loadState.loading).toBe(true);
    expect(log.summary(ids[0]!)).toBeUndefined();

    const answered: string[] = [];
    const asked = {
      search: log.search({ search: 'waits1', bodies: true }).then((r) => (answered.push('search'), r.items.map((e) => e.id))),
      get: log.get(ids[0]!).then((e) => (answered.push('get'), e?.id)),
      latest: log.latest(10).then((r) => (answered.push('latest'), r.map((e) => e.id))),
      full: log.fullMatching().then((r) => (answered.push('full'), r.map((e) => e.id))),
      batches: (async () => {
        const seen: string[] = [];
        for await (const batch of log.fullMatchingBatches()) seen.push(...batch.map((e) => e.id));
        answered.push('batches');
        return seen;
      })(),
    };
    // Other work runs meanwhile; none of them has answered while the load is held.
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toEqual([]);
    open();
    expect(await asked.search).toEqual([ids[1]]);
    expect(await asked.get).toBe(ids[0]);
    expect(await asked.latest).toEqual(ids);
    expect(await asked.full).toEqual(ids);
    expect(await asked.batches).toEqual(ids);
    expect(log.summary(ids[0]!)?.id).toBe(ids[0]);
    await second.close();
    await first.close();
  });
});
