/**
 * The recording worker thread. Interpreting and persisting an exchange costs several times what
 * serving a lookup does; done on the main thread it halved the server's throughput (docs/performance.md).
 * Here it runs beside the server: batches of captured exchanges come in, interpretations go back,
 * and the exchanges file (with its index) is written from this thread only.
 */
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { ExchangeFileWriter, type ExchangeFileState } from './exchange-file.js';
import { recordBatch } from './record-processing.js';
import type { WireResult } from './recording-wire.js';
import { compactEntry, entriesToFlat, type CompactEntry } from './compact-entry.js';
import { decodeBatch, type FlatBatch } from './capture-flat.js';

export interface WorkerInit {
  dir: string | null;
  cap: number;
  state: ExchangeFileState | null;
}

export type ToWorker =
  /** Captures as capture-flat.ts encodes them (decoded here into what recordBatch takes). */
  | { type: 'batch'; items: FlatBatch }
  | { type: 'cap'; cap: number }
  | { type: 'clear'; ticket: number }
  | { type: 'flush'; ticket: number }
  | { type: 'close'; ticket: number };

/**
 * The results are the entries the exchange log stores (compact-entry.ts), built here and sent as
 * flat values (`entriesToFlat`; the main thread makes them back with `entriesFromFlat`): cheaper for
 * the main thread to deserialize than the nested index record or one object per entry, and the main
 * thread then only stores them (docs/performance.md, "Recording hand-off in quiet moments (wave 7)",
 * "Recording's hand-off as flat data (wave 9)").
 */
export type FromWorker = { type: 'results'; results: unknown[] } | { type: 'done'; ticket: number } | { type: 'log'; message: string };

/** The entries of a batch's results, in order. */
function entriesOf(results: WireResult[]): CompactEntry[] {
  const entries = new Array<CompactEntry>(results.length);
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    entries[i] = compactEntry(r.record, r.location, r.line);
  }
  return entries;
}

/**
 * SCIMSCOPE_RECORDING_WORKER_NICE (a niceness, 1-19): this thread's scheduling priority lowered, so on
 * a busy machine the server's main thread is served first (on Linux a thread's niceness is its own).
 * Off unless set: measured in docs/performance.md, "Recording worker (wave 8)".
 */
const nice = Number(process.env.SCIMSCOPE_RECORDING_WORKER_NICE || 0);
if (Number.isInteger(nice) && nice > 0 && nice < 20) {
  try {
    os.setPriority(nice);
  } catch {
    // Not allowed here: the worker runs at the process's priority, as without the setting.
  }
}

const init = workerData as WorkerInit;
const port = parentPort!;
const log = (message: string) => port.postMessage({ type: 'log', message } satisfies FromWorker);
const file = init.dir === null ? null : new ExchangeFileWriter(init.dir, init.cap, init.state);

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'batch':
      port.postMessage({ type: 'results', results: entriesToFlat(entriesOf(recordBatch(decodeBatch(message.items), file, log))) } satisfies FromWorker);
      break;
    case 'cap':
      file?.setCap(message.cap);
      break;
    case 'clear':
      try {
        file?.clear();
      } catch (error) {
        log(`Could not clear the exchanges file: ${(error as Error).message}`);
      }
      port.postMessage({ type: 'done', ticket: message.ticket } satisfies FromWorker);
      break;
    case 'flush':
      // Every batch is written before its results are posted: nothing is buffered here.
      port.postMessage({ type: 'done', ticket: message.ticket } satisfies FromWorker);
      break;
    case 'close':
      file?.close();
      port.postMessage({ type: 'done', ticket: message.ticket } satisfies FromWorker);
      port.close();
      break;
  }
});
