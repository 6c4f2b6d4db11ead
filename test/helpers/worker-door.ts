/**
 * The recording worker's door for tests (the sandbox's `postToWorker`, RecordingBackend's `post`):
 * messages go through until `hold()`, then batches are kept back until `release()`, which lets them
 * go in order. How a test makes the recorder fall behind, or a window before the worker answers,
 * through the same door every batch takes.
 */
import type { Worker } from 'node:worker_threads';
import type { ToWorker } from '../../server/recorder/recorder-worker.js';
import type { WorkerPost } from '../../server/recorder/recording-backend.js';

export interface HoldingWorkerDoor {
  post: WorkerPost;
  /** The batches kept back, oldest first. */
  held: { worker: Worker; message: ToWorker }[];
  hold(): void;
  release(): void;
}

export function workerDoor(): HoldingWorkerDoor {
  const held: { worker: Worker; message: ToWorker }[] = [];
  let holding = false;
  const post: WorkerPost = (worker, message) => {
    if (holding && message.type === 'batch') held.push({ worker, message });
    else worker.postMessage(message);
  };
  return {
    post,
    held,
    hold: () => void (holding = true),
    release: () => {
      holding = false;
      for (const h of held.splice(0)) h.worker.postMessage(h.message);
    },
  };
}
