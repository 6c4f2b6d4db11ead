/**
 * The live socket's hello while the recorded traffic loads: an exchange recorded in the turn between
 * the load's end (the hello's list is read then) and the hello going out is neither in that list nor
 * forgotten: the first batch brings it (before the fix it was counted as neither, so the client never
 * saw it). Over a real WebSocket against a real server whose load is held through the
 * `exchangeLoadPause` door. The raced exchange is a real SCIM request to a named workspace (which
 * records on the main thread), answered while the load is held; its recording waits for a quiet
 * moment (deferred-captures.ts), here made long through the recorder's own knob
 * (SCIMSCOPE_RECORDING_QUIET_MS), and runs from a reaction to the load's end, through
 * `capturePending` (the door a flush uses): after the socket's read of the list and before its hello
 * (reactions run in the order they were registered: the socket's first, on connecting). The real
 * recorder then captures, writes and announces it on the workspace's bus, in that turn.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ExchangeSummary } from '../../server/contract/exchange.js';
import { openSocket } from '../helpers/event-socket.js';
import { holdLoad } from '../helpers/held-load.js';
import { startSandbox } from '../helpers/sandbox.js';
import { tempDir } from '../helpers/temp-dir.js';
import { createWorkspace, recordedOn, scimAs } from '../helpers/workspaces.js';

const lookup = (name: string) => `/Users?filter=${encodeURIComponent(`userName eq "${name}@example.com"`)}`;

/** The recorder's quiet wait (read when a workspace's recorder starts): an hour, so recording runs only when asked to. */
const QUIET = { SCIMSCOPE_RECORDING_QUIET_MS: '3600000', SCIMSCOPE_RECORDING_MAX_WAIT_MS: '3600000' };
const saved = Object.fromEntries(Object.keys(QUIET).map((k) => [k, process.env[k]]));
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('the live socket hello at the end of the load', () => {
  it.each([
    ['the default list', ''],
    ['initial=2', '?initial=2'],
    ['initial=0', '?initial=0'],
  ])('delivers an exchange recorded between the list and the hello (%s)', async (_name, query) => {
    const temp = await tempDir();
    const first = await startSandbox({ dataDir: temp.dir, seed: 'empty' });
    const { token } = await createWorkspace(first, 'race', 'empty');
    const recorded = recordedOn(first.sandbox.workspaces.loaded('race')!.bus, 3);
    for (let i = 0; i < 3; i++) await scimAs(first, 'race', token, 'GET', lookup(`before${i}`));
    const before = await recorded;
    await first.stop();

    Object.assign(process.env, QUIET);
    const load = holdLoad();
    const second = await startSandbox({ dataDir: temp.dir, exchangeLoadPause: load.pause });
    try {
      const socket = await openSocket(`${second.addresses.adminUrl.replace('http', 'ws')}/api/w/race/events${query}`, { Authorization: `Bearer ${second.adminToken}` });
      await load.held;
      // The socket has asked for its list (it waits for the load): the reaction below comes after it.
      await socket.next((m) => m.type === 'loading');
      const race = second.sandbox.workspaces.loaded('race')!;
      expect(race.exchanges.loadState.loading).toBe(true);
      // Answered while the load is held; its recording waits (the quiet wait is an hour).
      expect((await scimAs(second, 'race', token, 'GET', lookup('raced'))).status).toBe(200);
      const raced = new Promise<ExchangeSummary>((resolve) => race.bus.once('exchange:recorded', resolve));
      let listedWhenRecorded: boolean | null = null;
      const announced = race.exchanges.whenLoaded().then(() => {
        race.exchanges.capturePending();
        listedWhenRecorded = socket.messages.some((m) => m.type === 'hello');
      });
      load.open();
      await announced;
      const racedSummary = await raced;
      // Recorded in that turn: after the list was read (newer than all of it), before the hello went out.
      expect(listedWhenRecorded).toBe(false);
      expect(racedSummary.seq).toBeGreaterThan(before.at(-1)!.seq);
      const hello = await socket.next((m) => m.type === 'hello');
      expect((hello.exchanges as ExchangeSummary[]).map((e) => e.id)).toEqual(query === '?initial=0' ? [] : before.slice(query === '?initial=2' ? 1 : 0).map((e) => e.id));

      // A real exchange after the hello: every batch up to the one bringing it.
      const after = new Promise<ExchangeSummary>((resolve) => race.bus.once('exchange:recorded', resolve));
      expect((await scimAs(second, 'race', token, 'GET', lookup('after'))).status).toBe(200);
      race.exchanges.capturePending();
      const later = await after;
      await socket.next((m) => m.type === 'batch' && m.events.some((e: { type: string; exchange?: ExchangeSummary }) => e.exchange?.id === later.id));
      const batches = socket.messages.filter((m) => m.type === 'batch');
      const delivered = batches.flatMap((m) => m.events.filter((e: { type: string }) => e.type === 'exchange').map((e: { exchange: ExchangeSummary }) => e.exchange.id));
      expect(delivered).toEqual([racedSummary.id, later.id]);
      // Delivered, so not counted as dropped (those loaded, not recorded while the client waited, never are).
      expect(batches.reduce((sum, m) => sum + (m.dropped ?? 0), 0)).toBe(0);
      socket.ws.close();
      await socket.closed;
    } finally {
      load.open();
      await second.stop();
      await first.stop();
      await temp.remove();
    }
  });
});
