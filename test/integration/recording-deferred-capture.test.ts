/**
 * When the recorder captures an exchange (deferred-captures.ts): not in the response's close event,
 * where it would hold up the requests that arrived with it, but after that turn's I/O; and a flush
 * of the exchange log made before then still includes it. The names an exchange's summary gives are
 * those at its close, not after a change made between its close and its capture. A capture that
 * throws past the recorder's own catch (its log throws too) costs only that exchange: the others
 * closed with it are recorded, the process goes on, and the workspace still closes cleanly. The
 * secrets scrubbed from an exchange are those at its close too: a token rotated before its capture
 * still has the old one scrubbed wherever the request carried it.
 */
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExchangeSummary } from '../../server/contract/exchange.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Calls `then` on the next tick after the close of the next SCIM response the server sends: after every close listener, before any setImmediate. */
function afterNextClose(t: TestSandbox, then: () => void): void {
  t.sandbox.scimServer.once('request', (_req, res: ServerResponse) => res.once('close', () => process.nextTick(then)));
}

describe('the capture of an exchange', () => {
  it('waits until the turn that closed its response is over, and an exchange-log flush in that turn includes it', async () => {
    const t = await startSandbox();
    try {
      const created = await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'deferred@example.com' } });
      expect(created.status).toBe(201);
      await t.sandbox.exchanges.flush();
      const before = t.sandbox.exchanges.seq;
      const seen = new Promise<{ seqAtClose: number; flushed: ExchangeSummary[] }>((resolve, reject) => {
        afterNextClose(t, () => {
          const seqAtClose = t.sandbox.exchanges.seq;
          t.sandbox.exchanges
            .flush()
            .then(async () => resolve({ seqAtClose, flushed: (await t.admin('GET', '/api/exchanges?limit=5')).body.items }))
            .catch(reject);
        });
      });
      const read = await t.scim('GET', `/Users/${created.body.id}`);
      expect(read.status).toBe(200);
      const { seqAtClose, flushed } = await seen;
      // Not captured yet when every close listener had run: no sequence number taken.
      expect(seqAtClose).toBe(before);
      // Yet the flush asked for then waited for it: it is listed, interpreted.
      expect(flushed.find((s) => s.seq === before + 1)).toMatchObject({ method: 'GET', status: 200, operation: expect.objectContaining({ kind: 'user.read' }) });
    } finally {
      await t.close();
    }
  });

  it("names a group's new member as the member was at the response's close, although it is deleted before the capture runs", async () => {
    const t = await startSandbox();
    try {
      const user = await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'named.at.close@example.com' } });
      const group = await t.scim('POST', '/Groups', { body: { schemas: [GROUP], displayName: 'Closers' } });
      expect([user.status, group.status]).toEqual([201, 201]);
      const userId = user.body.id as string;
      const recorded = nextExchanges(t.sandbox, 1);
      // Between the PATCH's close and its capture the user goes, as a DELETE served in the same turn would take it
      // (a commit applies its mutations before its first await: store.ts).
      afterNextClose(t, () => void t.sandbox.store.commit([{ kind: 'delete', type: 'User', id: userId }], { source: 'inspector' }));
      const patch = await t.scim('PATCH', `/Groups/${group.body.id}`, { body: { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: userId }] }] } });
      expect(patch.status).toBeLessThan(300);
      const [summary] = await recorded;
      expect(t.sandbox.store.get('User', userId)).toBeUndefined();
      expect(summary!.operation.summary).toContain('named.at.close@example.com');
      expect(summary!.operation.summary).not.toContain(userId);
    } finally {
      await t.close();
    }
  });

  afterEach(() => vi.restoreAllMocks());

  it('loses only the exchange whose capture throws past its own catch; the others closed with it are recorded', async () => {
    const lines: string[] = [];
    // The recorder's log fails exactly when it would say the capture failed: the throw leaves the capture.
    const t = await startSandbox({
      seed: 'empty',
      keepDir: true,
      log: (line) => {
        if (line.startsWith('Could not interpret')) throw new Error('the log is gone');
        lines.push(line);
      },
    });
    const nextSeq = t.sandbox.exchanges.nextSeq.bind(t.sandbox.exchanges);
    let calls = 0;
    vi.spyOn(t.sandbox.exchanges, 'nextSeq').mockImplementation(() => {
      if (++calls === 1) throw new RangeError('the capture fails');
      return nextSeq();
    });
    const count = 4;
    const recorded = nextExchanges(t.sandbox, count - 1);
    const statuses = await Promise.all(Array.from({ length: count }, () => t.scim('GET', '/ServiceProviderConfig')));
    expect(statuses.map((r) => r.status)).toEqual(Array(count).fill(200));
    const summaries = await recorded;
    await t.sandbox.exchanges.flush();
    const listed = (await t.admin('GET', '/api/exchanges?limit=10')).body.items as ExchangeSummary[];
    expect(listed.map((s) => s.id).sort()).toEqual(summaries.map((s) => s!.id).sort());
    expect(lines.some((l) => l.startsWith('A capture failed') && l.includes('the log is gone'))).toBe(true);
    // The workspace closed cleanly: a new server on the folder lists the same.
    vi.restoreAllMocks();
    await t.stop();
    const again = await startSandbox({ dataDir: t.dataDir });
    await again.sandbox.exchanges.whenLoaded();
    expect(((await again.admin('GET', '/api/exchanges?limit=10')).body.items as ExchangeSummary[]).length).toBe(count - 1);
  });

  it('scrubs the token the request carried outside Authorization, although it is rotated before the capture runs', async () => {
    // In memory mode a settings update takes effect at once (no settings file to write first).
    const t = await startSandbox({ dataDir: ':memory:' });
    const old = t.token;
    const rotated = 'rotated-scim-token-0123456789';
    const recorded = nextExchanges(t.sandbox, 1);
    afterNextClose(t, () => void t.sandbox.settings.update({ auth: { token: rotated } }));
    const res = await t.scim('GET', `/Users?count=1&access_token=${encodeURIComponent(old)}`, { headers: { Authorization: `Bearer ${old}`, 'X-Api-Key': old } });
    expect(res.status).toBe(200);
    const [summary] = await recorded;
    expect(t.sandbox.settings.current.auth.token).toBe(rotated);
    const exchange = await t.admin('GET', `/api/exchanges/${summary!.id}`);
    expect(exchange.status).toBe(200);
    expect(exchange.body.request.query.count).toBe('1');
    expect(JSON.stringify(exchange.body)).not.toContain(old);
    expect(JSON.stringify(exchange.body)).not.toContain(encodeURIComponent(old));
    const har = await t.admin('GET', '/api/exchanges.har');
    expect(JSON.stringify(har.body)).not.toContain(old);
  });
});
