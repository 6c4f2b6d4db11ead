/**
 * The server side of bench/workspaces-scale.ts: the compiled sandbox (dist/) in a process of its
 * own, so its RSS is the server's alone. It prints one JSON line when ready and answers the bench
 * over IPC: `rss` and `heap` (RSS, and V8's heap in use plus external memory, after two full GCs), `unload` (moves its idle clock past the idle bound and
 * unloads every idle named workspace), `close`. Run with node --expose-gc.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [dataDir, recording] = process.argv.slice(2) as [string, 'inline' | 'worker'];
const sandboxModule = pathToFileURL(path.resolve(import.meta.dirname, '..', 'dist', 'server', 'sandbox.js')).href;
const { createSandbox } = (await import(sandboxModule)) as typeof import('../server/sandbox.js');

let clock = 0;
// BENCH_JOURNAL_SYNC=0 skips fdatasync on journal writes, to show how much of the latency is the disk's.
const sandbox = await createSandbox({ dataDir, log: () => undefined, journalSync: process.env.BENCH_JOURNAL_SYNC !== '0', workspaces: { idleMs: 60_000, now: () => clock, recording } });
const addresses = await sandbox.listen({ scimPort: 0, adminPort: 0 });
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

process.on('message', async (message: { id: number; type: 'rss' | 'heap' | 'unload' | 'close' }) => {
  let value: number = 0;
  if (message.type === 'rss' || message.type === 'heap') {
    gc();
    gc();
    const usage = process.memoryUsage();
    value = message.type === 'rss' ? usage.rss : usage.heapUsed + usage.external;
  } else if (message.type === 'unload') {
    clock += 1e9;
    value = (await sandbox.workspaces.unloadIdle()).length;
  } else {
    await sandbox.close();
  }
  process.send!({ id: message.id, value });
  if (message.type === 'close') process.disconnect();
});
process.stdout.write(`${JSON.stringify({ scimUrl: addresses.scimUrl, adminUrl: addresses.adminUrl, adminToken: sandbox.settings.adminToken, token: sandbox.settings.current.auth.token })}\n`);
