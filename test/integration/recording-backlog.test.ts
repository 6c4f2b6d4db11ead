/**
 * The bound on the recording hand-off (handoff-backlog.ts): when the server answers faster than the
 * recording worker records, the body text waiting for the worker stays under BACKLOG_CHARS. Past it,
 * exchanges are recorded without their bodies (their sizes kept, a lint entry saying why), their
 * responses are not delayed, every exchange is still recorded once and in order, and once the
 * worker has caught up (or died, and the main thread recorded what it held) bodies are kept again.
 * The worker is held at its door (the sandbox's `postToWorker`): its batches are kept back from it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExchangeSummary } from '../../server/contract/exchange.js';
import { BACKLOG_CHARS } from '../../server/recorder/handoff-backlog.js';
import { RecordingBackend } from '../../server/recorder/recording-backend.js';
import { BODIES_NOT_KEPT_LINT, BODY_NOT_KEPT, type CapturedExchange } from '../../server/recorder/recording-wire.js';
import { nextExchanges } from '../helpers/recording.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { workerDoor } from '../helpers/worker-door.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
/** Users whose page is ~4 Mi characters: four pages fit the bound, the fifth does not. */
const USERS = 20;
const BIG = 200_000;
const PAGES = 8;
const PAGE = `/Users?filter=${encodeURIComponent('userName sw "big"')}&startIndex=1&count=${USERS}`;

afterEach(() => vi.restoreAllMocks());

/** Watches the backend's submissions and holds the worker's batches at its door until `release`. */
function holdWorker(door: ReturnType<typeof workerDoor>) {
  let backend: RecordingBackend | null = null;
  let submitted = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  const submit = RecordingBackend.prototype.submit;
  vi.spyOn(RecordingBackend.prototype, 'submit').mockImplementation(function (this: RecordingBackend, capture: CapturedExchange) {
    backend = this;
    submit.call(this, capture);
    submitted++;
    for (const w of waiters.filter((w) => submitted >= w.n)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  door.hold();
  return {
    backlog: () => backend!.backlogChars,
    /** Resolves once `n` captures have been submitted since the hold began. */
    submitted: (n: number) => new Promise<void>((resolve) => (submitted >= n ? resolve() : waiters.push({ n, resolve }))),
    held: door.held,
    /** Lets the held batches go, in order. */
    release: door.release,
  };
}

const RELEASES: { name: string; release: (hold: ReturnType<typeof holdWorker>, t: TestSandbox) => void; mode: 'worker' | 'inline' }[] = [
  { name: 'the worker catches up', release: (hold) => hold.release(), mode: 'worker' },
  // The main thread records what the worker held (recording-backend.ts goInline), bodies and markers as handed over.
  { name: 'the worker dies and the main thread records its backlog', release: (hold) => void hold.held[0]!.worker.terminate(), mode: 'inline' },
];

async function bigUsers(t: TestSandbox): Promise<void> {
  const recorded = nextExchanges(t.sandbox, USERS);
  for (let i = 0; i < USERS; i++) {
    const res = await t.scim('POST', '/Users', { body: { schemas: [USER], userName: `big${i}@example.com`, displayName: `User ${i} `.padEnd(BIG, 'x') } });
    expect(res.status).toBe(201);
  }
  await recorded;
}

describe('a recording worker that falls behind the server', () => {
  it.each(RELEASES)('keeps the backlog bounded, records later bodies as not kept with a note, and keeps bodies again once $name', async ({ release, mode }) => {
    const logs: string[] = [];
    const door = workerDoor();
    const t = await startSandbox({ log: (line) => logs.push(line), postToWorker: door.post });
    await bigUsers(t);

    const hold = holdWorker(door);
    const recorded = nextExchanges(t.sandbox, PAGES);
    const lengths: number[] = [];
    for (let i = 0; i < PAGES; i++) {
      // Every answer is whole and not held back, although the worker records nothing.
      const res = await t.scim('GET', PAGE);
      expect(res.status).toBe(200);
      expect(res.body.Resources).toHaveLength(USERS);
      lengths.push(res.text.length);
      await hold.submitted(i + 1);
      expect(hold.backlog()).toBeLessThanOrEqual(BACKLOG_CHARS);
    }
    const keptCount = Math.floor(BACKLOG_CHARS / lengths[0]!);
    expect(keptCount).toBeGreaterThan(0);
    expect(keptCount).toBeLessThan(PAGES);
    // What is counted is the kept pages' text, no more: the pages past the bound hold nothing.
    expect(hold.backlog()).toBe(lengths.slice(0, keptCount).reduce((a, b) => a + b, 0));
    expect(logs.filter((l) => l.includes('fell behind'))).toHaveLength(1);

    release(hold, t);
    const summaries: ExchangeSummary[] = await recorded;
    const seqs = summaries.map((s) => s.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(summaries.map((s) => s.id)).size).toBe(PAGES);
    for (const [i, summary] of summaries.entries()) {
      const full = (await t.admin('GET', `/api/exchanges/${summary.id}`)).body;
      expect(full.response.status).toBe(200);
      expect(full.response.bodySize).toBe(lengths[i]);
      expect(full.response.bodyTruncated).toBe(true);
      expect(full.operation.kind).toBe(summaries[0]!.operation.kind);
      const note = full.lint.filter((l: { code: string }) => l.code === BODIES_NOT_KEPT_LINT);
      if (i < keptCount) {
        // Kept, cut at the recording limit as any large page is.
        expect(full.response.body.Resources[0].userName).toMatch(/^big\d+@example\.com$/);
        expect(note).toEqual([]);
      } else {
        expect(full.response.body).toBe(BODY_NOT_KEPT);
        expect(note).toEqual([expect.objectContaining({ level: 'warning', message: expect.stringContaining(`(${i - keptCount + 1} exchange`) })]);
      }
    }
    expect(hold.backlog()).toBe(0);
    expect(logs.filter((l) => l.includes('caught up'))).toEqual([expect.stringContaining(`${PAGES - keptCount} exchange(s) were recorded without their bodies`)]);
    expect(t.sandbox.recordingMode()).toBe(mode);

    // Caught up: the next page is kept.
    const after = nextExchanges(t.sandbox, 1);
    expect((await t.scim('GET', PAGE)).status).toBe(200);
    const [last] = await after;
    const full = (await t.admin('GET', `/api/exchanges/${last!.id}`)).body;
    expect(full.response.body.Resources[0].userName).toMatch(/^big\d+@example\.com$/);
    expect(full.lint.map((l: { code: string }) => l.code)).not.toContain(BODIES_NOT_KEPT_LINT);
  });
});
