/**
 * The recording worker thread. Interpreting and persisting an exchange costs several times what
 * serving a lookup does; done on the main thread it halved the server's throughput (docs/performance.md).
 * Here it runs beside the server: batches of captured exchanges come in, interpretations go back,
 * and the exchanges file is written from this thread only.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { degradedParts, degradedRecord, processCapture } from './record-processing.js';
import type { CapturedExchange, WireResult } from './recording-wire.js';
import { RotatingLog, type RotatingLogState } from './rotating-log.js';

export interface WorkerInit {
  dir: string | null;
  cap: number;
  state: RotatingLogState | null;
}

export type ToWorker =
  | { type: 'batch'; items: CapturedExchange[] }
  | { type: 'cap'; cap: number }
  | { type: 'clear'; ticket: number }
  | { type: 'flush'; ticket: number }
  | { type: 'close'; ticket: number };

export type FromWorker = { type: 'results'; results: WireResult[] } | { type: 'done'; ticket: number } | { type: 'log'; message: string };

const init = workerData as WorkerInit;
const port = parentPort!;
const log = (message: string) => port.postMessage({ type: 'log', message } satisfies FromWorker);
const file = init.dir === null ? null : new RotatingLog({ dir: init.dir, name: 'exchanges', cap: init.cap, log });
if (file && init.state) file.resume(init.state);

port.on('message', async (message: ToWorker) => {
  switch (message.type) {
    case 'batch': {
      const results: WireResult[] = [];
      for (const item of message.items) {
        try {
          results.push(processCapture(item, file));
        } catch (error) {
          // processCapture records what it can whatever interpretation does; this is the file refusing.
          log(`Could not write exchange ${item.parts.id} to the exchanges file: ${(error as Error).stack ?? String(error)}`);
          results.push({ id: item.parts.id, interpretation: degradedRecord(item, error).interpretation, parts: degradedParts(item) });
        }
      }
      port.postMessage({ type: 'results', results } satisfies FromWorker);
      break;
    }
    case 'cap':
      file?.setCap(message.cap);
      break;
    case 'clear':
      await file?.clear();
      port.postMessage({ type: 'done', ticket: message.ticket } satisfies FromWorker);
      break;
    case 'flush':
      await file?.flush();
      port.postMessage({ type: 'done', ticket: message.ticket } satisfies FromWorker);
      break;
    case 'close':
      await file?.close();
      port.postMessage({ type: 'done', ticket: message.ticket } satisfies FromWorker);
      port.close();
      break;
  }
});
