/**
 * The main thread's side of recording off the request path: captured exchanges are batched to the
 * recording worker and their interpretations come back, as the entries the exchange log stores
 * (built by the worker: recorder-worker.ts). A batch leaves 20 ms after its first exchange (or, given
 * `defer`, in the first quiet moment after that), or at once when it is large (handoff-batch.ts): every message wakes the other thread, and
 * a message per exchange cost the main thread more than the whole capture (docs/performance.md,
 * "The recorder's main-thread cost"). If the worker cannot start or dies, the same processing
 * continues inline on the main thread, so no exchange is lost to a worker failure. The body text
 * waiting for the worker is bounded (handoff-backlog.ts): past the bound, exchanges are recorded
 * without their bodies; responses are never held back. A batch crosses as flat values
 * (capture-flat.ts), which the worker makes back into the captures, and its results come back as
 * flat values too (compact-entry.ts entriesToFlat).
 */
import type { Worker } from 'node:worker_threads';
import { ExchangeFileWriter, type ExchangeFileState } from './exchange-file.js';
import { recordBatch } from './record-processing.js';
import { HandoffBacklog } from './handoff-backlog.js';
import { HandoffBatch } from './handoff-batch.js';
import { plainCapture, type CapturedExchange, type WireResult } from './recording-wire.js';
import { compactEntry, entriesFromFlat, type CompactEntry } from './compact-entry.js';
import type { FromWorker, ToWorker, WorkerInit } from './recorder-worker.js';
import { startWorkerThread } from './recording-worker-thread.js';
import { encodeBatch } from './capture-flat.js';

export interface RecordingBackendOptions {
  dir: string | null;
  cap: number;
  /** Where the loaded exchanges file ends, so the writer continues after it. */
  state: ExchangeFileState | null;
  /** Each recorded exchange as memory keeps it (built by the worker: compact-entry.ts). */
  onResult?: (entry: CompactEntry) => void;
  /**
   * The entries of one results message (or inline batch) at once, in order, instead of `onResult`
   * per entry: the recorder's bookkeeping is then one task per batch (recorder.ts).
   */
  onResults?: (entries: readonly CompactEntry[]) => void;
  log: (message: string) => void;
  /** Process inline instead of in a worker (a fallback, and for environments without workers). */
  inline?: boolean;
  /**
   * The door every message to the worker goes through (default: `worker.postMessage(message)`).
   * Tests hold batches back here, watch them or kill the worker after one, instead of patching
   * `Worker.prototype`; a door that throws is handled as a message the structured clone refused.
   */
  post?: WorkerPost;
  /**
   * Where a batch that has waited HANDOFF_MS goes to be handed over (default: at once, in the
   * timer). The recorder can pass its quiet-moment queue (deferred-captures.ts; SCIMSCOPE_HANDOFF_QUIET=1),
   * so the batch's structured clone runs after the requests that came with it are answered.
   * A full batch leaves at once (it is submitted from that queue already), and a flush, clear or
   * close hands over what waits without waiting for it.
   */
  defer?: (task: () => void) => void;
}

/** Hands one message to the recording worker. */
export type WorkerPost = (worker: Worker, message: ToWorker) => void;

const postMessage: WorkerPost = (worker, message) => worker.postMessage(message);

export class RecordingBackend {
  private worker: Worker | null = null;
  private inlineFile: ExchangeFileWriter | null = null;
  private batch = new HandoffBatch(() => (this.options.defer ? this.options.defer(this.sendDue) : this.send()));
  private readonly sendDue = () => this.send();
  /** Sent to the worker, not yet answered: replayed inline if the worker dies. */
  private inFlight = new Map<string, CapturedExchange>();
  private tickets = new Map<number, () => void>();
  /** The id of the last capture sent to the worker. */
  private lastSent: string | null = null;
  /**
   * A clear the worker has not answered yet: the last capture sent before it (null: none). If the
   * worker dies first, the inline writer clears the file after replaying the captures up to that one.
   */
  private clearAfter: string | null | undefined = undefined;
  private clearTicket: number | null = null;
  private nextTicket = 1;
  private closed = false;
  /** Body characters handed to the worker and not yet answered. */
  private readonly backlog: HandoffBacklog;
  private cap: number;
  /** Where the worker's writes have left the file, to continue it if the worker stops. */
  private fileState: ExchangeFileState;

  constructor(private readonly options: RecordingBackendOptions) {
    this.cap = options.cap;
    this.backlog = new HandoffBacklog(options.log);
    this.fileState = { ...(options.state ?? { gen: 1, linesInCurrent: 0, startWithNewline: false }) };
    if (options.inline) this.goInline(null);
    else this.startWorker();
  }

  get mode(): 'worker' | 'inline' {
    return this.worker ? 'worker' : 'inline';
  }

  submit(capture: CapturedExchange): void {
    if (this.closed) {
      this.options.log(`Did not record exchange ${capture.parts.id}: it ended after the recorder closed.`);
      return;
    }
    if (!this.worker) {
      this.deliver(recordBatch([capture], this.inlineFile, this.options.log));
      return;
    }
    if (this.batch.add(this.backlog.admit(capture))) this.send();
  }

  /** Body characters handed to the worker and not yet answered (bounded: handoff-backlog.ts). */
  get backlogChars(): number {
    return this.backlog.size;
  }

  setCap(cap: number): void {
    this.cap = cap;
    this.inlineFile?.setCap(cap);
    this.post({ type: 'cap', cap });
  }

  /**
   * Empties the exchanges file of every exchange submitted so far. What is still queued is sent
   * first, so it is written before the file is emptied and its results arrive before this resolves
   * (the exchange log then forgets them with the rest, exchange-log.ts `clear`); what is submitted
   * after this call goes to the new file.
   */
  clear(): Promise<void> {
    this.send();
    if (!this.worker) {
      this.clearInline();
      return Promise.resolve();
    }
    this.clearAfter = this.lastSent;
    return this.request((ticket) => {
      this.clearTicket = ticket;
      return { type: 'clear', ticket };
    });
  }

  private clearInline(): void {
    try {
      this.inlineFile?.clear();
    } catch (error) {
      this.options.log(`Could not clear the exchanges file: ${(error as Error).message}`);
    }
  }

  flush(): Promise<void> {
    this.send();
    if (!this.worker) return Promise.resolve();
    return this.request((ticket) => ({ type: 'flush', ticket }));
  }

  /**
   * Sends what is queued, waits until the worker has interpreted it (the results are delivered
   * before this resolves) and written the exchanges file, then stops the thread. Nothing is
   * submitted or written after it resolves.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.send();
    this.closed = true;
    if (this.worker) {
      const worker = this.worker;
      await this.request((ticket) => ({ type: 'close', ticket }));
      this.worker = null;
      await worker.terminate();
    }
    this.inlineFile?.close();
  }

  private startWorker(): void {
    const init: WorkerInit = { dir: this.options.dir, cap: this.cap, state: this.options.state };
    try {
      const worker = startWorkerThread(init);
      worker.unref();
      worker.on('message', (message: FromWorker) => this.onMessage(message));
      worker.on('error', (error) => this.goInline(error));
      worker.on('exit', (code) => {
        // Also during close(): goInline answers the close request, and close() then closes the inline file.
        if (this.worker === worker) this.goInline(new Error(`the recording worker exited with code ${code}`));
      });
      this.worker = worker;
    } catch (error) {
      this.goInline(error);
    }
  }

  private onMessage(message: FromWorker): void {
    if (message.type === 'results') {
      const entries = entriesFromFlat(message.results);
      for (const entry of entries) {
        // gen -1: the disk refused its line (compact-entry.ts). Kept in place (this object is the backend's own copy): no allocation per exchange.
        const state = this.fileState;
        if (entry.gen > state.gen) {
          state.gen = entry.gen;
          state.linesInCurrent = 1;
          state.startWithNewline = false;
        } else if (entry.gen >= 0) {
          state.linesInCurrent++;
          state.startWithNewline = false;
        }
        this.backlog.answered(this.inFlight.get(entry.id));
        this.inFlight.delete(entry.id);
      }
      this.deliverEntries(entries);
    } else if (message.type === 'done') {
      if (message.ticket === this.clearTicket) {
        this.clearTicket = null;
        this.clearAfter = undefined;
      }
      this.tickets.get(message.ticket)?.();
      this.tickets.delete(message.ticket);
    } else this.options.log(message.message);
  }

  private send(): void {
    if (!this.worker || this.batch.size === 0) return;
    const items = this.batch.take();
    for (const item of items) this.inFlight.set(item.parts.id, item);
    try {
      this.post({ type: 'batch', items: encodeBatch(items) });
    } catch (error) {
      // One capture the structured clone refuses must not cost the others: send them one by one.
      for (const item of items) this.sendAlone(item, error);
    }
    for (let i = items.length - 1; i >= 0; i--) {
      if (this.inFlight.has(items[i]!.parts.id)) {
        this.lastSent = items[i]!.parts.id;
        break;
      }
    }
  }

  /** Sends one capture; one that cannot be cloned goes as its plain facts, recorded without interpretation. */
  private sendAlone(item: CapturedExchange, cause: unknown): void {
    try {
      this.post({ type: 'batch', items: encodeBatch([item]) });
      return;
    } catch (error) {
      cause = error;
    }
    try {
      const plain = plainCapture(item, cause);
      this.inFlight.set(item.parts.id, plain);
      this.backlog.replaced(item, plain);
      this.post({ type: 'batch', items: encodeBatch([plain]) });
    } catch (error) {
      this.backlog.answered(this.inFlight.get(item.parts.id));
      this.inFlight.delete(item.parts.id);
      this.options.log(`Did not record exchange ${item.parts.id}: it could not be handed to the recording worker: ${(error as Error)?.message ?? String(error)}`);
    }
  }

  private post(message: ToWorker): void {
    if (this.worker) (this.options.post ?? postMessage)(this.worker, message);
  }

  private request(make: (ticket: number) => ToWorker): Promise<void> {
    const ticket = this.nextTicket++;
    return new Promise((resolve) => {
      this.tickets.set(ticket, resolve);
      this.post(make(ticket));
    });
  }

  /** From now on, process on the main thread; finish what the worker had not answered. */
  private goInline(error: unknown): void {
    if (error) this.options.log(`Recording continues on the main thread: ${(error as Error)?.message ?? String(error)}`);
    const worker = this.worker;
    this.worker = null;
    void worker?.terminate();
    if (!this.inlineFile && this.options.dir !== null) {
      // Continue where the file ended: as loaded, plus whatever the worker wrote before it stopped.
      this.inlineFile = new ExchangeFileWriter(this.options.dir, this.cap, this.fileState);
    }
    const pending = [...this.inFlight.values(), ...this.batch.take()];
    // A clear the worker did not answer is done here, after the captures sent before it (the first
    // ones in flight: answers come in the order batches were sent, and a Map iterates in insertion order).
    const ids = [...this.inFlight.keys()];
    const clearAt = this.clearAfter === undefined ? -1 : this.clearAfter === null ? 0 : ids.indexOf(this.clearAfter) + 1;
    this.clearAfter = undefined;
    this.clearTicket = null;
    this.inFlight.clear();
    // Everything waiting is recorded below, on this thread.
    this.backlog.reset();
    if (clearAt >= 0) {
      if (clearAt > 0) this.deliver(recordBatch(pending.slice(0, clearAt), this.inlineFile, this.options.log));
      this.clearInline();
    }
    const rest = clearAt > 0 ? pending.slice(clearAt) : pending;
    if (rest.length > 0) this.deliver(recordBatch(rest, this.inlineFile, this.options.log));
    // Answered once the file holds what it would have if the worker had answered them.
    for (const resolve of this.tickets.values()) resolve();
    this.tickets.clear();
  }

  /** Results recorded on this thread (no worker): their entries are built here, as the worker builds them. */
  private deliver(results: WireResult[]): void {
    this.deliverEntries(results.map((result) => compactEntry(result.record, result.location, result.line)));
  }

  private deliverEntries(entries: readonly CompactEntry[]): void {
    if (this.options.onResults) this.options.onResults(entries);
    else if (this.options.onResult) for (const entry of entries) this.options.onResult(entry);
  }
}
