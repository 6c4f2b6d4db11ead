/**
 * The recording backend (recording-backend.ts) on its own, with a real worker and exchanges file:
 * exchanges go in batches (a few milliseconds' worth, or at once past a size); a batch whose time is
 * up is handed over where the recorder defers it (its quiet moments), and a flush does not wait for
 * that; every message goes through the door it was given; batches still in flight when the worker
 * dies are recorded on the main thread into the same file a worker writes; the body text waiting is
 * counted back to zero. The results are the entries the exchange log stores, built by the worker.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { decodeBatch } from '../../server/recorder/capture-flat.js';
import type { CompactEntry } from '../../server/recorder/compact-entry.js';
import { DATA_FILE } from '../../server/recorder/exchange-file.js';
import { RecordingBackend, type WorkerPost } from '../../server/recorder/recording-backend.js';
import type { ToWorker } from '../../server/recorder/recorder-worker.js';
import type { CapturedExchange } from '../../server/recorder/recording-wire.js';
import { tempDir } from '../helpers/temp-dir.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

describe('the recording backend under a synchronous burst', () => {
  /** A read's capture as the recorder hands it over. */
  const capture = (seq: number): CapturedExchange => {
    const text = JSON.stringify({ schemas: [USER], id: `u${seq}`, userName: `user${seq}@example.com`, active: true });
    return {
      parts: { id: `burst-${seq}`, seq, startedAt: new Date().toISOString(), durationMs: 1, outcome: 'completed', method: 'GET', path: `/scim/v2/Users/u${seq}`, query: {}, requestHeaders: { authorization: 'Bearer [redacted]' }, remoteAddress: '127.0.0.1', status: 200, responseHeaders: { 'content-type': 'application/scim+json' }, changes: [], fault: null, retryOf: null, replayOf: null },
      request: { data: null, json: false, size: 0 },
      response: { data: text, json: true, size: Buffer.byteLength(text) },
      inputs: { leniencies: [], resourceType: 'User', resourceId: `u${seq}`, error: null, lookups: {}, rawQuery: '' },
      limit: 65_536,
    };
  };

  it('splits more exchanges than one batch holds into several messages, and answers each once, in order', async () => {
    const temp = await tempDir();
    const batchSizes: number[] = [];
    // The backend's door to the worker: every message still goes through, its batches' sizes noted.
    const post: WorkerPost = (worker, message) => {
      if (message.type === 'batch') batchSizes.push(decodeBatch(message.items).length);
      worker.postMessage(message);
    };
    const results: CompactEntry[] = [];
    const logs: string[] = [];
    const backend = new RecordingBackend({ dir: temp.dir, cap: 10_000, state: null, onResult: (r) => results.push(r), log: (m) => logs.push(m), post });
    try {
      const count = 600;
      // All in one event-loop turn: only the size of a batch can split them.
      for (let seq = 1; seq <= count; seq++) backend.submit(capture(seq));
      await backend.flush();
      expect(backend.mode).toBe('worker');
      expect(batchSizes.length).toBeGreaterThanOrEqual(3);
      expect(Math.max(...batchSizes)).toBeLessThanOrEqual(256);
      expect(batchSizes.reduce((a, b) => a + b, 0)).toBe(count);
      expect(results.map((r) => r.seq)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      expect(results.every((r) => r.gen >= 0)).toBe(true);
      expect(logs).toEqual([]);
      expect(backend.backlogChars).toBe(0);
    } finally {
      await backend.close();
      await temp.remove();
    }
  });

  it('hands a batch whose time is up over where it is deferred; a full batch, a flush and a close do not wait for that', async () => {
    const temp = await tempDir();
    const posted: number[] = [];
    const post: WorkerPost = (worker, message) => {
      if (message.type === 'batch') posted.push(decodeBatch(message.items).length);
      worker.postMessage(message);
    };
    // The recorder's quiet-moment queue, held here: each deferred hand-off waits until the test runs it.
    const deferred: (() => void)[] = [];
    let onDefer: () => void = () => undefined;
    const nextDefer = () => new Promise<void>((resolve) => (onDefer = resolve));
    const defer = (task: () => void) => {
      deferred.push(task);
      onDefer();
    };
    const results: CompactEntry[] = [];
    const backend = new RecordingBackend({ dir: temp.dir, cap: 10_000, state: null, onResult: (r) => results.push(r), log: () => undefined, post, defer });
    try {
      let seq = 0;
      const submit = (n: number) => {
        for (let i = 0; i < n; i++) backend.submit(capture(++seq));
      };
      // Time up: the hand-off is deferred, not done in the timer.
      let due = nextDefer();
      submit(5);
      await due;
      expect(posted).toEqual([]);
      deferred.shift()!();
      expect(posted).toEqual([5]);
      await backend.flush();
      expect(results.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
      // A flush hands over what waits for its deferred hand-off; that one then finds nothing to send.
      due = nextDefer();
      submit(3);
      await due;
      await backend.flush();
      expect(posted).toEqual([5, 3]);
      deferred.shift()!();
      expect(posted).toEqual([5, 3]);
      // A full batch leaves at once, in the turn that filled it.
      submit(256);
      expect(posted).toEqual([5, 3, 256]);
      // A close hands over what waits and answers it before it resolves.
      due = nextDefer();
      submit(2);
      await due;
      await backend.close();
      expect(posted).toEqual([5, 3, 256, 2]);
      expect(results.map((r) => r.seq)).toEqual(Array.from({ length: seq }, (_, i) => i + 1));
      for (const task of deferred.splice(0)) task();
      expect(posted).toEqual([5, 3, 256, 2]);
      expect(backend.backlogChars).toBe(0);
    } finally {
      await backend.close();
      await temp.remove();
    }
  });

  it('hands every message over through the door it was given: batches held there are answered once released, in order', async () => {
    const temp = await tempDir();
    const held: { worker: Worker; message: ToWorker }[] = [];
    let holding = true;
    // The injected door holds batches back (the worker records nothing meanwhile); other messages pass.
    const post: WorkerPost = (worker, message) => {
      if (holding && message.type === 'batch') held.push({ worker, message });
      else worker.postMessage(message);
    };
    const results: CompactEntry[] = [];
    const backend = new RecordingBackend({ dir: temp.dir, cap: 10_000, state: null, onResult: (r) => results.push(r), log: () => undefined, post });
    try {
      const captures = Array.from({ length: 30 }, (_, i) => capture(i + 1));
      for (const c of captures) backend.submit(c);
      // A flush hands the batch over (to the door) and asks the worker, which answers it having seen no batch.
      await backend.flush();
      expect(held.map((h) => h.message.type)).toEqual(['batch']);
      expect(results).toEqual([]);
      expect(backend.backlogChars).toBeGreaterThan(0);
      holding = false;
      for (const h of held.splice(0)) h.worker.postMessage(h.message);
      await backend.flush();
      expect(results.map((r) => r.seq)).toEqual(captures.map((c) => c.parts.seq));
      expect(backend.backlogChars).toBe(0);
      expect(backend.mode).toBe('worker');
    } finally {
      await backend.close();
      await temp.remove();
    }
  });

  it('records batches still in flight when the worker dies on the main thread, writing the same file a worker would', async () => {
    // The same captures (with request bytes and non-ASCII text) once through a worker, once held at the door until it dies.
    const captures = () =>
      Array.from({ length: 40 }, (_, i) => {
        const c = capture(i + 1);
        const body = JSON.stringify({ schemas: [USER], userName: `zoë.${i}@example.com`, displayName: `Zoë – ${i}` });
        return { ...c, parts: { ...c.parts, startedAt: '2026-12-05T05:00:00.000Z' }, request: { data: new Uint8Array(Buffer.from(body)), json: false, size: Buffer.byteLength(body) } };
      });
    const run = async (door: 'through' | 'hold, then kill') => {
      const temp = await tempDir();
      const held: ToWorker[] = [];
      const post: WorkerPost = (worker, message) => (door !== 'through' && message.type === 'batch' ? held.push(message) : worker.postMessage(message));
      const results: CompactEntry[] = [];
      let wentInline: () => void = () => undefined;
      const inline = new Promise<void>((resolve) => (wentInline = resolve));
      // Any other line is kept and asserted at the end: thrown here, it would escape from the backend's own handlers.
      const unexpected: string[] = [];
      const log = (m: string) => (m.startsWith('Recording continues on the main thread') ? wentInline() : unexpected.push(m));
      const backend = new RecordingBackend({ dir: temp.dir, cap: 10_000, state: null, onResult: (r) => results.push(r), log, post });
      try {
        const all = captures();
        for (const [i, c] of all.entries()) {
          backend.submit(c);
          // Several batches: each flush hands the queued ones over.
          if (i % 10 === 9) await backend.flush();
        }
        if (door !== 'through') {
          expect(held.map((m) => (m.type === 'batch' ? decodeBatch(m.items).length : 0))).toEqual([10, 10, 10, 10]);
          expect(results).toEqual([]);
          await (backend as unknown as { worker: Worker }).worker.terminate();
          await inline;
        }
        await backend.flush();
        expect(results.map((r) => r.seq)).toEqual(all.map((c) => c.parts.seq));
        expect(backend.backlogChars).toBe(0);
        await backend.close();
        expect(unexpected, `${door}: the backend logged`).toEqual([]);
        return { file: await readFile(path.join(temp.dir, DATA_FILE), 'utf8'), mode: backend.mode, entries: results };
      } finally {
        await backend.close();
        await temp.remove();
      }
    };
    const through = await run('through');
    const replayed = await run('hold, then kill');
    expect(replayed.mode).toBe('inline');
    expect(replayed.entries).toEqual(through.entries);
    expect(replayed.file).toBe(through.file);
    expect(through.file.split('\n').filter(Boolean)).toHaveLength(40);
  });

  it('counts the body text waiting for the worker back to zero, with a capture the structured clone refuses in the batch', async () => {
    const temp = await tempDir();
    const results: CompactEntry[] = [];
    const backend = new RecordingBackend({ dir: temp.dir, cap: 10_000, state: null, onResult: (r) => results.push(r), log: () => undefined });
    try {
      const captures = Array.from({ length: 20 }, (_, i) => capture(i + 1));
      // Bytes the plain capture turns into text (a different count), and a member that cannot be cloned.
      Object.assign(captures[7]!, { request: { data: new Uint8Array(Buffer.from('{"userName":"ł"}')), json: false, size: 17 } });
      Object.assign(captures[7]!.parts, { replayOf: () => 'not cloneable' });
      for (const c of captures) backend.submit(c);
      expect(backend.backlogChars).toBe(captures.reduce((n, c) => n + (c.request.data?.length ?? 0) + (c.response.data?.length ?? 0), 0));
      await backend.flush();
      expect(results).toHaveLength(20);
      expect(results[7]!.seq).toBe(8);
      expect(backend.backlogChars).toBe(0);
    } finally {
      await backend.close();
      await temp.remove();
    }
  });
});
