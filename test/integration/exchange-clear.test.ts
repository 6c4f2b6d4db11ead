/**
 * Clearing the traffic while exchanges are still on their way to the exchanges file: captured but
 * still queued for the recording worker, sent to the worker but not answered, or sent to a worker
 * that dies before it answers the clear. Whatever the moment, everything captured before the clear
 * is gone (listed nowhere, in no HAR, not back after a restart), what comes after it is recorded, and
 * every listed exchange opens. And a body search running across a clear keeps nothing of the
 * cleared exchanges for the next page.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeBatch } from '../../server/recorder/capture-flat.js';
import { ExchangeFileWriter } from '../../server/recorder/exchange-file.js';
import { ExchangeLog } from '../../server/recorder/exchange-log.js';
import { recordBatch } from '../../server/recorder/record-processing.js';
import type { ToWorker } from '../../server/recorder/recorder-worker.js';
import { RecordingBackend, type WorkerPost } from '../../server/recorder/recording-backend.js';
import type { CapturedExchange } from '../../server/recorder/recording-wire.js';
import { expectListedConsistent, listedIds, nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { tempDir } from '../helpers/temp-dir.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

afterEach(() => vi.restoreAllMocks());

/** The recording worker's door (the sandbox's `postToWorker`): messages go through unless `through` is set. */
interface WorkerDoor {
  post: WorkerPost;
  through: WorkerPost | null;
}

function workerDoor(): WorkerDoor {
  const door: WorkerDoor = { post: (worker, message) => (door.through ? door.through(worker, message) : worker.postMessage(message)), through: null };
  return door;
}

/**
 * Where the captures made before the clear are held until the clear starts, through the real doors
 * (the backend's submit, the worker's door): `captured` resolves once all `count` are held.
 */
const MOMENTS: { name: string; hold: (t: TestSandbox, count: number, door: WorkerDoor) => Promise<void> }[] = [
  {
    // The clear comes within the 20 ms hand-off: the captures are still in the backend's queue.
    name: 'queued for the recording worker',
    hold: (t, count) =>
      new Promise((captured) => {
        const held: CapturedExchange[] = [];
        const submit = RecordingBackend.prototype.submit;
        let release: (() => void) | null = null;
        vi.spyOn(RecordingBackend.prototype, 'submit').mockImplementation(function (this: RecordingBackend, capture) {
          if (held.length === count) return submit.call(this, capture);
          held.push(capture);
          release = () => held.forEach((c) => submit.call(this, c));
          if (held.length === count) captured();
        });
        const clear = ExchangeLog.prototype.clear;
        vi.spyOn(t.sandbox.exchanges, 'clear').mockImplementation(function (this: ExchangeLog) {
          release?.();
          return clear.call(this);
        });
      }),
  },
  {
    // The batch went to the worker just before the clear: it is written, and answered, after the clear is asked for.
    name: 'sent to the worker, not yet answered',
    hold: (_t, count, door) =>
      new Promise((captured) => {
        const held: ToWorker[] = [];
        let items = 0;
        door.through = (worker, message) => {
          if (message.type === 'batch' && items < count) {
            held.push(message);
            items += decodeBatch(message.items).length;
            if (items >= count) captured();
            return;
          }
          if (message.type === 'clear') for (const batch of held.splice(0)) worker.postMessage(batch);
          worker.postMessage(message);
        };
      }),
  },
  {
    // The worker dies with the batch and the clear unanswered: the main thread writes the one and does the other.
    name: 'sent to a worker that dies before it answers the clear',
    hold: (_t, count, door) =>
      new Promise((captured) => {
        let items = 0;
        door.through = (worker, message) => {
          if (message.type === 'batch' && items < count) {
            items += decodeBatch(message.items).length;
            if (items >= count) captured();
            return;
          }
          if (message.type === 'clear') {
            void worker.terminate();
            return;
          }
          worker.postMessage(message);
        };
      }),
  },
];


describe('clearing the traffic with exchanges on their way to the file', () => {
  it.each(MOMENTS)('clears the exchanges $name, records those after it, and lists only what opens', async ({ hold }) => {
    const door = workerDoor();
    const t = await startSandbox({ seed: 'empty', keepDir: true, postToWorker: door.post });
    const count = 4;
    const held = hold(t, count, door);
    const before = await Promise.all([
      t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'before.clear@example.com' } }),
      t.scim('GET', '/Users?count=1'),
      t.scim('GET', '/Users/no-such-user'),
      t.scim('GET', '/ServiceProviderConfig'),
    ]);
    expect(before.map((r) => r.status)).toEqual([201, 200, 404, 200]);
    await held;

    expect((await t.admin('DELETE', '/api/exchanges')).status).toBe(204);
    expect(await listedIds(t)).toEqual([]);
    vi.restoreAllMocks();
    door.through = null;

    const after = nextExchanges(t.sandbox, 1);
    expect((await t.scim('POST', '/Users', { body: { schemas: [USER], userName: 'after.clear@example.com' } })).status).toBe(201);
    const [recorded] = await after;
    await t.sandbox.exchanges.flush();
    const ids = await listedIds(t);
    expect(ids).toEqual([recorded!.id]);
    await expectListedConsistent(t, ids);

    // The file agrees with memory: a new server on the folder lists the same.
    await t.stop();
    const again = await startSandbox({ dataDir: t.dataDir });
    await again.sandbox.exchanges.whenLoaded();
    expect(await listedIds(again)).toEqual(ids);
    await expectListedConsistent(again, ids);
    await again.close();
    await t.close();
  });
});

describe('a body search running when the traffic is cleared', () => {
  const capture = (seq: number): CapturedExchange => {
    const text = JSON.stringify({ schemas: [USER], id: `u${seq}`, userName: `user${seq}@example.com` });
    return {
      parts: { id: `clear-${seq}`, seq, startedAt: new Date(0).toISOString(), durationMs: 1, outcome: 'completed', method: 'GET', path: `/scim/v2/Users/u${seq}`, query: {}, requestHeaders: {}, remoteAddress: '127.0.0.1', status: 200, responseHeaders: {}, changes: [], fault: null, retryOf: null, replayOf: null },
      request: { data: null, json: false, size: 0 },
      response: { data: text, json: true, size: Buffer.byteLength(text) },
      inputs: { leniencies: [], resourceType: 'User', resourceId: `u${seq}`, error: null, lookups: {}, rawQuery: '' },
      limit: 65_536,
    };
  };

  it('leaves nothing of the cleared exchanges for the page that would continue it', async () => {
    const temp = await tempDir();
    const { exchangeLog: log } = await ExchangeLog.open(temp.dir, 1000);
    try {
      await log.whenLoaded();
      const writer = new ExchangeFileWriter(temp.dir, 1000, null);
      const results = recordBatch(Array.from({ length: 200 }, (_, i) => capture(i + 1)), writer, () => {});
      writer.close();
      for (const r of results) log.add(r.record, r.location);

      // A clock that moves 10 ms at every look: each slice of the search reads one record, and the
      // clear starts during the fifth look, between two slices.
      const now = performance.now.bind(performance);
      let looks = 0;
      let clearing: Promise<void> | null = null;
      vi.spyOn(performance, 'now').mockImplementation(() => {
        looks++;
        if (looks === 5) clearing = log.clear();
        return now() + looks * 10;
      });
      // Text no record holds: the search reads until its budget is spent and says where to go on.
      const page = await log.search({ search: 'nowhere-to-be-found', bodies: true, budgetMs: 500 });
      vi.restoreAllMocks();
      expect(clearing).not.toBeNull();
      await clearing;
      expect(page.bodySearch).toMatchObject({ complete: false });
      expect(page.items).toEqual([]);

      // The page that continues it starts from what memory holds now (nothing below that point), not
      // from candidates taken before the clear.
      const next = await log.search({ search: 'nowhere-to-be-found', bodies: true, beforeSeq: page.bodySearch!.searchedTo! });
      expect(next).toMatchObject({ items: [], total: 0, bodySearch: { complete: true, read: 0 } });
    } finally {
      await log.close();
      await temp.remove();
    }
  });
});
