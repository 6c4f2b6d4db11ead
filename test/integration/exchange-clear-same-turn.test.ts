/**
 * A clear of the traffic made in the same turn of the event loop as the close of SCIM responses whose
 * capture still waits (deferred-captures.ts). Those exchanges closed before the clear, so they are
 * cleared with the rest, or kept with their records; never listed while their records were erased
 * from the file (a listed exchange that answers 404). Driven two ways: over real HTTP, the SCIM
 * requests and the DELETE /api/exchanges reaching the servers in the same poll of the sockets; and
 * through the exchange log's clear (what that route calls) right after a response's close listeners.
 */
import http from 'node:http';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { expectListedConsistent, listedIds } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';


interface Send {
  agent: http.Agent;
  url: string;
  method: string;
  headers: Record<string, string>;
}

/** One request on a keep-alive agent; resolves with its status once its body has been read. */
function send({ agent, url, method, headers }: Send): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent, method, headers }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
      res.once('error', reject);
    });
    req.once('error', reject);
    req.end();
  });
}

/** Calls `then` on the next tick after the close of the next SCIM response: after every close listener, before any setImmediate. */
function afterNextClose(t: TestSandbox, then: () => void): void {
  t.sandbox.scimServer.once('request', (_req, res: ServerResponse) => res.once('close', () => process.nextTick(then)));
}

describe('a clear in the turn that closed SCIM responses', () => {
  it('over real HTTP, requests and the DELETE arriving together: every listed exchange opens', async () => {
    const t = await startSandbox({ seed: 'empty' });
    const scimAgents = Array.from({ length: 6 }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
    const adminAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const scim = (agent: http.Agent): Send => ({ agent, url: `${t.addresses.scimUrl}/ServiceProviderConfig`, method: 'GET', headers: { Authorization: `Bearer ${t.token}` } });
      const clear: Send = { agent: adminAgent, url: `${t.addresses.adminUrl}/api/exchanges`, method: 'DELETE', headers: { Authorization: `Bearer ${t.adminToken}` } };
      for (let round = 0; round < 5; round++) {
        // Each connection open and served once, so the next requests are read as soon as they arrive.
        expect(await Promise.all([...scimAgents.map((a) => send(scim(a))), send({ ...clear, method: 'GET', url: `${t.addresses.adminUrl}/api/exchanges?limit=1` })])).toEqual([...scimAgents.map(() => 200), 200]);
        // Written in the same tick: the servers find them all readable in one poll, the DELETE last.
        const statuses = await Promise.all([...scimAgents.map((a) => send(scim(a))), send(clear)]);
        expect(statuses).toEqual([...scimAgents.map(() => 200), 204]);
        await t.sandbox.exchanges.flush();
        await expectListedConsistent(t, await listedIds(t));
      }
    } finally {
      for (const agent of [...scimAgents, adminAgent]) agent.destroy();
    }
  });

  it('through the exchange log, right after a response closed: that exchange is cleared with the rest', async () => {
    const t = await startSandbox({ seed: 'empty' });
    expect((await t.scim('GET', '/ServiceProviderConfig')).status).toBe(200);
    await t.sandbox.exchanges.flush();
    expect(await listedIds(t)).toHaveLength(1);
    const cleared = new Promise<void>((resolve, reject) => afterNextClose(t, () => t.sandbox.exchanges.clear().then(resolve, reject)));
    expect((await t.scim('GET', '/Users?count=1')).status).toBe(200);
    await cleared;
    await t.sandbox.exchanges.flush();
    // It closed before the clear was asked for: gone with the rest, not listed without its record.
    const ids = await listedIds(t);
    expect(ids).toEqual([]);
    await expectListedConsistent(t, ids);
    // The file agrees: a new server on the folder lists the same.
    await t.stop();
    const again = await startSandbox({ dataDir: t.dataDir });
    await again.sandbox.exchanges.whenLoaded();
    expect(await listedIds(again)).toEqual([]);
  });
});
