/**
 * Where recording's main-thread CPU per lookup goes, by subtraction: one in-process sandbox (this
 * tree's sources) on a generated store, lookups (`userName eq`, a different user each time) at a
 * steady rate from a load generator in its own worker thread, and the server's main thread's CPU
 * read from /proc/self/task/<pid>/schedstat (nanoseconds) per block. Blocks alternate between:
 * recording off; on; on with the hand-off dropped (`submit` does nothing: the step, the close and
 * the capture only); on with `ExchangeLog.addRecorded` skipped (the results still come back; the arm
 * keeps its name `no ExchangeLog.add`). All in one
 * process, so every arm meets the same machine; read the differences, not the absolute figures.
 *
 * Usage: node --import tsx bench/recording-main-breakdown.ts
 * Environment: BREAKDOWN_USERS=20000  BREAKDOWN_RATE=1000  BREAKDOWN_SECONDS=3  BREAKDOWN_ROUNDS=6
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ExchangeLog } from '../server/recorder/exchange-log.js';
import { RecordingBackend } from '../server/recorder/recording-backend.js';
import { createSandbox } from '../server/sandbox.js';
import { makeStore } from './make-store.js';
import { median, spread, threadNs } from './stats.js';
import { startThreadLoad } from './thread-load-generator.js';

const USERS = Number(process.env.BREAKDOWN_USERS ?? 20_000);
const RATE = Number(process.env.BREAKDOWN_RATE ?? 1000);
const SECONDS = Number(process.env.BREAKDOWN_SECONDS ?? 3);
const ROUNDS = Number(process.env.BREAKDOWN_ROUNDS ?? 6);

const mainNs = () => threadNs().get(process.pid)!;


type ArmName = 'off' | 'on' | 'on, no hand-off' | 'on, no ExchangeLog.add';
const ARMS: ArmName[] = ['off', 'on', 'on, no hand-off', 'on, no ExchangeLog.add'];

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-breakdown-'));
  try {
    const store = await makeStore(dir, USERS);
    const sandbox = await createSandbox({ dataDir: dir, log: () => undefined });
    const addresses = await sandbox.listen({ scimPort: 0, adminPort: 0 });
    // Lookups only, each with `&startIndex=1&count=100` (thread-load-generator.ts).
    const load = startThreadLoad({ url: addresses.scimUrl, token: sandbox.settings.current.auth.token, userNames: store.userNames, rate: RATE, lookupSuffix: '&startIndex=1&count=100' });
    const run = load.run;
    const submit = RecordingBackend.prototype.submit;
    const add = ExchangeLog.prototype.addRecorded;
    const setArm = async (arm: ArmName) => {
      await sandbox.exchanges.flush();
      await sandbox.settings.update({ recording: { enabled: arm !== 'off' } });
      RecordingBackend.prototype.submit = arm === 'on, no hand-off' ? () => undefined : submit;
      ExchangeLog.prototype.addRecorded = arm === 'on, no ExchangeLog.add' ? () => undefined : add;
    };
    const rows = new Map<ArmName, number[]>(ARMS.map((a) => [a, []]));
    try {
      for (const arm of ARMS) {
        await setArm(arm);
        await run(1000);
      }
      for (let r = 0; r < ROUNDS; r++) {
        for (const arm of r % 2 === 0 ? ARMS : [...ARMS].reverse()) {
          await setArm(arm);
          const before = mainNs();
          const { done, errors } = await run(SECONDS * 1000);
          const us = (mainNs() - before) / 1000 / done;
          rows.get(arm)!.push(us);
          console.log(`round ${r + 1} ${arm}: ${us.toFixed(1)} µs of main-thread CPU per lookup (${done} answered, ${errors} errors)`);
        }
      }
    } finally {
      RecordingBackend.prototype.submit = submit;
      ExchangeLog.prototype.addRecorded = add;
      await load.worker.terminate();
      await sandbox.close();
    }
    const diff = (a: ArmName, b: ArmName) => `${spread(rows.get(a)!.map((x, i) => x - rows.get(b)![i]!), (v) => v.toFixed(1))} µs`;
    console.log(`\nmain-thread CPU per lookup, median of ${ROUNDS} rounds: ${ARMS.map((a) => `${a} ${median(rows.get(a)!).toFixed(1)}`).join(', ')}`);
    console.log(`recording adds ${diff('on', 'off')}; of which the step, close and capture ${diff('on, no hand-off', 'off')}; the hand-off, results and finalize ${diff('on', 'on, no hand-off')}; ExchangeLog.add ${diff('on', 'on, no ExchangeLog.add')} (per round: differences paired within the round)`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
