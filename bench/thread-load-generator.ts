/**
 * A load generator in a worker thread of the bench's own process (for benches that hold a sandbox
 * in-process): every 5 ms, rate/200 requests on keep-alive connections, a lookup of a user by
 * userName, or every `patchEvery`-th request a PATCH of that user's `active` (0: lookups only). Each
 * `run(ms)` answers how many requests were answered 200 and how many were not. What is sent
 * (headers, the lookup's query) is the caller's, so each bench keeps measuring what it measured.
 */
import { Worker } from 'node:worker_threads';

export interface ThreadLoadOptions {
  url: string;
  token: string;
  userNames: string[];
  /** The users' ids, index for index (needed for PATCHes). */
  ids?: string[];
  rate: number;
  patchEvery?: number;
  /** Headers besides Authorization. */
  headers?: Record<string, string>;
  /** Appended to the lookup's query (e.g. `&startIndex=1&count=100`). */
  lookupSuffix?: string;
}

const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, token, userNames, ids, rate, patchEvery, headers: extra, lookupSuffix } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
const target = new URL(url);
const headers = { Authorization: 'Bearer ' + token, ...extra };
let i = 0;
parentPort.on('message', ({ ms }) => {
  let done = 0, sent = 0, errors = 0;
  const perTick = Math.max(1, Math.round(rate / 200));
  const end = Date.now() + ms;
  const tick = () => {
    if (Date.now() >= end) {
      const wait = () => (done + errors === sent ? parentPort.postMessage({ done, errors }) : setTimeout(wait, 5));
      return wait();
    }
    for (let k = 0; k < perTick; k++) {
      const n = i++;
      const patch = patchEvery > 0 && n % patchEvery === 0;
      const user = (n * 7919) % userNames.length;
      const path = patch ? target.pathname + '/Users/' + ids[user] : target.pathname + '/Users?filter=' + encodeURIComponent('userName eq "' + userNames[user] + '"') + lookupSuffix;
      sent++;
      const req = http.request({ agent, method: patch ? 'PATCH' : 'GET', host: target.hostname, port: target.port, path, headers }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? done++ : errors++));
      });
      req.on('error', () => errors++);
      req.end(patch ? JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: n % 2 === 0 } }] }) : undefined);
    }
    setTimeout(tick, 5);
  };
  tick();
});
`;

export interface ThreadLoad {
  worker: Worker;
  /** Sends for `ms`, then waits for every answer. */
  run(ms: number): Promise<{ done: number; errors: number }>;
}

export function startThreadLoad(options: ThreadLoadOptions): ThreadLoad {
  const workerData = { ids: [], patchEvery: 0, headers: {}, lookupSuffix: '', ...options };
  const worker = new Worker(SOURCE, { eval: true, workerData });
  return { worker, run: (ms) => new Promise((resolve) => (worker.once('message', resolve), worker.postMessage({ ms }))) };
}
