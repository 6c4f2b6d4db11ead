/**
 * The hand-off of captured exchanges to the recording worker, through a real server: whatever
 * happens to a batch, every request is recorded once, in order: a burst with refused and failed
 * requests in it; a worker that dies with a batch in flight, or after writing it but before its
 * answer arrives (listed once after a restart too); a capture the structured clone refuses. The
 * backend itself (batch sizes, the door, the quiet moment, several batches in flight when the worker
 * dies) is in recording-handoff-backend.test.ts.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExchangeSummary } from '../../server/contract/exchange.js';
import { RetryDetector } from '../../server/faults/retry-detector.js';
import { decodeBatch } from '../../server/recorder/capture-flat.js';
import { INDEX_FILE } from '../../server/recorder/exchange-file.js';
import { ENTRY_VALUES } from '../../server/recorder/compact-entry.js';
import { INTERPRETATION_FAILED } from '../../server/recorder/record-processing.js';
import { RecordingBackend } from '../../server/recorder/recording-backend.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PASSWORD = 'Handoff-secret-pw-1';

afterEach(() => vi.restoreAllMocks());

/** The kinds of request a burst mixes: served, not found, refused by auth, malformed, a create with a password. */
const KINDS = [
  { name: 'read', status: 200 },
  { name: 'missing', status: 404 },
  { name: 'unauthenticated', status: 401 },
  { name: 'malformed', status: 400 },
  { name: 'create', status: 201 },
] as const;

function send(t: TestSandbox, kind: (typeof KINDS)[number]['name'], i: number, userId: string) {
  switch (kind) {
    case 'read':
      return t.scim('GET', `/Users/${userId}`);
    case 'missing':
      return t.scim('GET', `/Users/no-such-user-${i}`);
    case 'unauthenticated':
      return t.scim('GET', `/Users/${userId}`, { headers: { Authorization: 'Bearer wrong-token' } });
    case 'malformed':
      return t.scim('POST', '/Users', { rawBody: '{"schemas": [', headers: { 'Content-Type': 'application/scim+json' } });
    case 'create':
      return t.scim('POST', '/Users', { body: { schemas: [USER], userName: `burst.${i}@example.com`, password: PASSWORD } });
  }
}

/**
 * Sends `count` requests at once, kinds in turn (creates, which wait for the disk, only among the
 * first fifty); answers the statuses by request index.
 */
async function burst(t: TestSandbox, count: number, userId: string): Promise<number[]> {
  const kindOf = (i: number) => (i % KINDS.length === KINDS.length - 1 && i >= 50 ? 'read' : KINDS[i % KINDS.length]!.name);
  const results = await Promise.all(Array.from({ length: count }, (_, i) => send(t, kindOf(i), i, userId)));
  return results.map((r) => r.status);
}

async function aUser(t: TestSandbox): Promise<string> {
  const res = await t.scim('POST', '/Users', { body: { schemas: [USER], userName: `reader.${Math.random()}@example.com` } });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** Every summary once, numbered in the order the events came, and each readable in full without the secret. */
async function expectAllRecorded(t: TestSandbox, recorded: ExchangeSummary[], statuses: number[]) {
  expect(recorded).toHaveLength(statuses.length);
  expect(new Set(recorded.map((s) => s.id)).size).toBe(statuses.length);
  const seqs = recorded.map((s) => s.seq);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  const byStatus = (list: number[]) => Object.fromEntries(KINDS.map((k) => [k.status, list.filter((s) => s === k.status).length]));
  expect(byStatus(recorded.map((s) => s.status))).toEqual(byStatus(statuses));
  const list = await t.admin('GET', `/api/exchanges?limit=${statuses.length}`);
  expect(list.body.items.map((s: ExchangeSummary) => s.id).sort()).toEqual(recorded.map((s) => s.id).sort());
  for (const summary of recorded.filter((_, i) => i % 7 === 0)) {
    const full = await t.admin('GET', `/api/exchanges/${summary.id}`);
    expect(full.status).toBe(200);
    expect(full.text).not.toContain(PASSWORD);
    expect(full.text).not.toContain(t.token);
  }
}

describe('a burst of requests', () => {
  it('records every request once, in order, refused and failed ones too, each readable in full', async () => {
    const t = await startSandbox();
    const userId = await aUser(t);
    const count = 100;
    const recorded = nextExchanges(t.sandbox, count);
    const statuses = await burst(t, count, userId);
    expect(new Set(statuses)).toEqual(new Set(KINDS.map((k) => k.status)));
    await expectAllRecorded(t, await recorded, statuses);
    expect(t.sandbox.recordingMode()).toBe('worker');
  });

  it('writes the batch to the exchanges file: a new server on the same folder lists every exchange', async () => {
    const t = await startSandbox({ keepDir: true });
    const userId = await aUser(t);
    const recorded = nextExchanges(t.sandbox, 40);
    const statuses = await burst(t, 40, userId);
    const ids = (await recorded).map((s) => s.id);
    expect(ids).toHaveLength(statuses.length);
    await t.stop();
    const again = await startSandbox({ dataDir: t.dataDir });
    await again.sandbox.exchanges.whenLoaded();
    const list = await again.admin('GET', '/api/exchanges?limit=100');
    expect(list.body.items.map((s: ExchangeSummary) => s.id)).toEqual(expect.arrayContaining(ids));
    for (const id of ids.slice(0, 5)) expect((await again.admin('GET', `/api/exchanges/${id}`)).status).toBe(200);
    await again.close();
    await t.close();
  });
});

describe('a recording worker that dies with a batch in flight', () => {
  it('records the batch on the main thread instead, every exchange once and in order', async () => {
    let killed = false;
    // At the worker's door: the first batch of more than one goes in, then the worker is killed.
    const t = await startSandbox({
      postToWorker: (worker, message) => {
        worker.postMessage(message);
        if (!killed && message.type === 'batch' && decodeBatch(message.items).length > 1) {
          killed = true;
          void worker.terminate();
        }
      },
    });
    const userId = await aUser(t);
    const count = 40;
    const recorded = nextExchanges(t.sandbox, count);
    const statuses = await burst(t, count, userId);
    const summaries = await recorded;
    expect(killed).toBe(true);
    await expectAllRecorded(t, summaries, statuses);
    expect(t.sandbox.recordingMode()).toBe('inline');
    const read = summaries.find((s) => s.status === 200)!;
    expect((await t.admin('GET', `/api/exchanges/${read.id}`)).body.operation.kind).toBe('user.read');
  });
});

describe('a recording worker that dies after writing a batch, before its answer arrives', () => {
  it('lists every exchange once after a restart, from the index or from the data file alone', async () => {
    const t = await startSandbox({ keepDir: true });
    const userId = await aUser(t);
    type Backend = { onMessage(message: { type: string; results?: unknown[] }): void; worker: Worker | null };
    const onMessage = (RecordingBackend.prototype as unknown as Backend).onMessage;
    let killed = false;
    vi.spyOn(RecordingBackend.prototype as unknown as Backend, 'onMessage').mockImplementation(function (this: Backend, message) {
      if (!killed && message.type === 'results' && message.results!.length > ENTRY_VALUES) {
        // More than one entry's values (compact-entry.ts entriesToFlat).
        // The worker wrote the batch (these are its results); it dies before they are read.
        killed = true;
        void this.worker!.terminate();
        return;
      }
      onMessage.call(this, message);
    });
    const count = 40;
    const recorded = nextExchanges(t.sandbox, count);
    const statuses = await burst(t, count, userId);
    const summaries = await recorded;
    expect(killed).toBe(true);
    expect(statuses).toHaveLength(count);
    // Once each in memory (the batch's results may come after later batches': no order is checked here).
    const ids = (await t.admin('GET', '/api/exchanges?limit=1000')).body.items.map((s: ExchangeSummary) => s.id).sort();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(summaries.map((s) => s.id)));
    const dir = t.sandbox.exchanges.dir;
    vi.restoreAllMocks();
    await t.stop();
    for (const index of ['read', 'rebuilt from the data file']) {
      if (index !== 'read') await rm(path.join(dir, INDEX_FILE));
      const again = await startSandbox({ dataDir: t.dataDir });
      await again.sandbox.exchanges.whenLoaded();
      const list = await again.admin('GET', '/api/exchanges?limit=1000');
      expect({ index, total: list.body.total, ids: list.body.items.map((s: ExchangeSummary) => s.id).sort() }).toEqual({ index, total: ids.length, ids });
      await again.stop();
    }
    await t.close();
  });
});

describe('a capture the structured clone refuses', () => {
  it('is recorded as its plain facts with the reason, and the rest of its batch as usual', async () => {
    const t = await startSandbox();
    const userId = await aUser(t);
    // A hook on the request path leaves a function in the capture: the real postMessage throws DataCloneError.
    const annotate = RetryDetector.prototype.annotate;
    vi.spyOn(RetryDetector.prototype, 'annotate').mockImplementation(function (this: RetryDetector, parts, rawBody) {
      annotate.call(this, parts, rawBody);
      if (parts.path.endsWith('/no-such-user-poison')) Object.assign(parts, { replayOf: () => 'not cloneable' });
    });
    const recorded = nextExchanges(t.sandbox, 11);
    const results = await Promise.all([...Array.from({ length: 10 }, () => t.scim('GET', `/Users/${userId}`)), t.scim('GET', '/Users/no-such-user-poison')]);
    expect(results.map((r) => r.status)).toEqual([...Array(10).fill(200), 404]);
    const summaries = await recorded;
    expect(summaries).toHaveLength(11);
    const poisoned = summaries.find((s) => s.path.endsWith('/no-such-user-poison'))!;
    const full = (await t.admin('GET', `/api/exchanges/${poisoned.id}`)).body;
    expect(full.response.status).toBe(404);
    expect(full.lint).toEqual([expect.objectContaining({ code: INTERPRETATION_FAILED, message: expect.stringContaining('could not hand the exchange to the recording worker') })]);
    for (const s of summaries.filter((s) => s !== poisoned)) expect(s.operation.kind).toBe('user.read');
    expect(t.sandbox.recordingMode()).toBe('worker');
  });
});
