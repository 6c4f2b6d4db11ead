/**
 * Starting the recording worker thread: from the compiled JS in dist/, or from the TypeScript sources
 * through tsx, or from beside app.asar in a packaged app, with a small heap. Split from
 * recording-backend.ts, which is about what goes to the worker and what comes back.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerInit } from './recorder-worker.js';

/**
 * The worker's heap is kept small: it only holds the batch at hand, and a young generation left to
 * grow to V8's default keeps tens of megabytes of garbage resident (docs/performance.md, "Memory").
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 256 };

/**
 * The worker script next to this module: compiled JS in dist/, or TypeScript run through tsx in
 * development. In a packaged app the server is unpacked beside app.asar (electron-builder.json's
 * asarUnpack), and the worker is started from there, where plain Node file loading works.
 */
export function startWorkerThread(init: WorkerInit): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(`./recorder-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  if (url.pathname.includes('/app.asar/')) url.pathname = url.pathname.replace('/app.asar/', '/app.asar.unpacked/');
  if (!fromSource) return new Worker(url, { workerData: init, resourceLimits: WORKER_LIMITS });
  // From the TypeScript sources (tests, development) the worker must load through tsx, whose loader a
  // worker does not inherit: a tiny bootstrap registers it, then imports the worker module.
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: init, resourceLimits: WORKER_LIMITS });
}
