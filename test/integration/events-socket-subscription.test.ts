/**
 * The live socket listens to the recorded exchanges only while a client is connected (events-socket.ts),
 * so with no client the recorder makes no summary (recorder.ts asks the bus whether anyone listens).
 * Over real HTTP and real WebSockets: with no client the bus has no listener and the exchanges are
 * still recorded and listed; a client gets every exchange recorded while it is connected, and so does
 * one that connects after every earlier client has gone (the listener is added again).
 */
import { describe, expect, it } from 'vitest';
import type { ExchangeSummary } from '../../server/contract/exchange.js';
import { openSocket } from '../helpers/event-socket.js';
import { startSandbox } from '../helpers/sandbox.js';
import { tempDir } from '../helpers/temp-dir.js';
import { adminJson, createWorkspace, scimAs } from '../helpers/workspaces.js';

const lookup = (name: string) => `/Users?filter=${encodeURIComponent(`userName eq "${name}@example.com"`)}`;

describe('the live socket and the recorded exchanges', () => {
  it('listens only while a client is connected; every client still gets what is recorded while it is', async () => {
    const temp = await tempDir();
    const t = await startSandbox({ dataDir: temp.dir, seed: 'empty' });
    try {
      const { token } = await createWorkspace(t, 'live', 'empty');
      const workspace = t.sandbox.workspaces.loaded('live')!;
      expect(workspace.bus.listenerCount('exchange:recorded')).toBe(0);
      expect((await scimAs(t, 'live', token, 'GET', lookup('nobody'))).status).toBe(200);
      await workspace.exchanges.flush();
      const listed = await adminJson<{ items: ExchangeSummary[] }>(t, 'GET', '/api/w/live/exchanges');
      expect(listed.body.items.map((e) => e.query)).toEqual(['filter=userName eq "nobody@example.com"']);

      for (const client of ['first', 'second', 'third']) {
        const socket = await openSocket(`${t.addresses.adminUrl.replace('http', 'ws')}/api/w/live/events`, { Authorization: `Bearer ${t.adminToken}` });
        await socket.next((m) => m.type === 'hello');
        expect(workspace.bus.listenerCount('exchange:recorded')).toBe(1);
        expect((await scimAs(t, 'live', token, 'GET', lookup(client))).status).toBe(200);
        await workspace.exchanges.flush();
        const batch = await socket.next((m) => m.type === 'batch' && m.events.some((e: { exchange?: ExchangeSummary }) => e.exchange?.query.includes(client)));
        expect(batch.events.filter((e: { type: string }) => e.type === 'exchange')).toHaveLength(1);
        socket.ws.close();
        await socket.closed;
      }
    } finally {
      await t.stop();
      await temp.remove();
    }
  });
});
