/**
 * What recording's retained state costs the main thread's garbage collector: every exchange leaves
 * one entry in the exchange log (kept up to the retention, so it survives scavenges and is promoted)
 * and every change one entry in the resource history (up to its cap). Each arm is its own process
 * (a real sandbox listening on loopback, driven by a load generator in a worker thread of that
 * process), so one arm's heap never weighs on another's collections; the arms run their blocks in
 * turn, alternating the order round after round, and each block reports the main thread's CPU per
 * request (/proc/self/task/<pid>/schedstat) and its GC pauses (perf_hooks 'gc' entries: the main
 * thread's pause time, scavenges and mark-compacts apart) per request. Ratios are taken within a round
 * against the first arm.
 *
 * An arm is `name=tree:retention:historyCap` (tree: a checkout whose dist/ is loaded, `.` this one;
 * retention 0: recording off). The default arms: this tree with the soak's caps (20,000 exchanges,
 * 10,000 history entries), the same with the smallest caps (100 each: nothing retained to speak of),
 * and recording off.
 *
 * Usage: node --import tsx bench/recording-gc-mem.ts
 * Environment: GCMEM_ARMS='kept=.:20000:10000,min=.:100:100,off=.:0:0' GCMEM_USERS=20000 GCMEM_RATE=1000
 * GCMEM_SECONDS=4 GCMEM_ROUNDS=8 GCMEM_WARMUP=30 (seconds per arm, to fill the caps) GCMEM_PATCH=3
 * (one request in GCMEM_PATCH is a PATCH of a user's `active`, which writes a history entry; 0: lookups only)
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { copyStore, makeStore } from './make-store.js';
import { median, spread, threadNs } from './stats.js';
import { startThreadLoad } from './thread-load-generator.js';

const root = path.resolve(import.meta.dirname, '..');


interface Block {
  done: number;
  errors: number;
  /** Main-thread CPU per request, µs. */
  us: number;
  /** Main-thread GC pause per request, µs: all, scavenges, mark-compacts. */
  gcUs: number;
  scavengeUs: number;
  markUs: number;
  /** Old space committed after the block, MB. */
  oldMb: number;
}

async function child(tree: string, retention: number, historyCap: number, storeDir: string, users: { userNames: string[]; ids: string[] }): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-gcmem-'));
  await copyStore(storeDir, dir);
  const { createSandbox } = (await import(pathToFileURL(path.join(tree, 'dist', 'server', 'sandbox.js')).href)) as typeof import('../server/sandbox.js');
  const sandbox = await createSandbox({ dataDir: dir, seed: 'empty', log: () => undefined });
  await sandbox.settings.update({ recording: retention > 0 ? { enabled: true, retention, historyCap } : { enabled: false } });
  await sandbox.store.settled;
  const addresses = await sandbox.listen({ scimPort: 0, adminPort: 0 });
  const load = startThreadLoad({
    url: addresses.scimUrl,
    token: sandbox.settings.current.auth.token,
    ...users,
    rate: Number(process.env.GCMEM_RATE ?? 1000),
    patchEvery: Number(process.env.GCMEM_PATCH ?? 3),
    headers: { 'Content-Type': 'application/scim+json', 'User-Agent': 'Okta SCIM Client 1.0.0' },
  });
  const gc = { all: 0, scavenge: 0, mark: 0 };
  // perf_hooks: kind 1 minor (scavenge), 2 major (mark-compact), 4 incremental marking, 8 weak callbacks.
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail?: { kind: number } }).detail?.kind ?? 0;
      gc.all += entry.duration;
      if (kind === 1) gc.scavenge += entry.duration;
      else if (kind === 2 || kind === 4) gc.mark += entry.duration;
    }
  }).observe({ entryTypes: ['gc'] });
  const mainNs = () => threadNs().get(process.pid)!;
  process.on('message', (message: { ms?: number; stop?: boolean }) => {
    if (message.stop) {
      void load.worker.terminate().then(() => sandbox.close()).then(() => rm(dir, { recursive: true, force: true })).then(() => process.exit(0));
      return;
    }
    void (async () => {
      await sandbox.exchanges.flush();
      const before = mainNs();
      const gcBefore = { ...gc };
      const result = await load.run(message.ms!);
      await sandbox.exchanges.flush();
      const per = (ms: number) => (ms * 1000) / result.done;
      const old = (await import('node:v8')).getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')!.space_size / 2 ** 20;
      const block: Block = { ...result, us: (mainNs() - before) / 1000 / result.done, gcUs: per(gc.all - gcBefore.all), scavengeUs: per(gc.scavenge - gcBefore.scavenge), markUs: per(gc.mark - gcBefore.mark), oldMb: old };
      process.send!(block);
    })();
  });
  process.send!({ ready: true });
}

async function parent(): Promise<void> {
  const arms = (process.env.GCMEM_ARMS ?? 'kept=.:20000:10000,min=.:100:100,off=.:0:0').split(',').map((spec) => {
    const [name, rest] = spec.split('=') as [string, string];
    const [tree, retention, historyCap] = rest.split(':') as [string, string, string];
    return { name, tree: path.resolve(root, tree), retention: Number(retention), historyCap: Number(historyCap) };
  });
  const SECONDS = Number(process.env.GCMEM_SECONDS ?? 4);
  const ROUNDS = Number(process.env.GCMEM_ROUNDS ?? 8);
  const WARMUP = Number(process.env.GCMEM_WARMUP ?? 30);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-gcmem-store-'));
  await mkdir(dir, { recursive: true });
  const store = await makeStore(dir, Number(process.env.GCMEM_USERS ?? 20_000));
  const children: { arm: (typeof arms)[number]; proc: ChildProcess }[] = [];
  try {
    for (const arm of arms) {
      const proc = fork(import.meta.filename, ['--child', JSON.stringify({ tree: arm.tree, retention: arm.retention, historyCap: arm.historyCap, storeDir: dir })], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      await new Promise((resolve) => proc.once('message', resolve));
      proc.send({ users: { userNames: store.userNames, ids: store.ids } });
      await new Promise((resolve) => proc.once('message', resolve));
      children.push({ arm, proc });
    }
    const run = (proc: ChildProcess, ms: number) => new Promise<Block>((resolve) => (proc.once('message', resolve), proc.send({ ms })));
    for (const { arm, proc } of children) {
      const b = await run(proc, WARMUP * 1000);
      console.log(`warm-up ${arm.name}: ${b.done} answered, ${b.errors} errors`);
    }
    const rows = new Map<string, Block[]>(arms.map((a) => [a.name, []]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const { arm, proc } of r % 2 === 0 ? children : [...children].reverse()) {
        const b = await run(proc, SECONDS * 1000);
        rows.get(arm.name)!.push(b);
        console.log(`round ${r + 1} ${arm.name}: main ${b.us.toFixed(1)} µs/req, GC ${b.gcUs.toFixed(1)} µs/req (scavenge ${b.scavengeUs.toFixed(1)}, mark ${b.markUs.toFixed(1)}), old space ${b.oldMb.toFixed(0)} MB, ${b.done} answered, ${b.errors} errors`);
      }
    }
    const first = arms[0]!.name;
    console.log(`\nmedian (min–max) over ${ROUNDS} rounds of ${SECONDS} s; ratios per round against ${first}`);
    for (const arm of arms) {
      const b = rows.get(arm.name)!;
      const ratio = (k: keyof Block) => spread(b.map((x, i) => x[k] / rows.get(first)![i]![k]), (v) => v.toFixed(2));
      const f1 = (v: number) => v.toFixed(1);
      console.log(`${arm.name} (${path.relative(root, arm.tree) || '.'}, retention ${arm.retention}, history ${arm.historyCap}): main ${spread(b.map((x) => x.us), f1)} µs/req (${ratio('us')}); GC ${spread(b.map((x) => x.gcUs), f1)} µs/req (${ratio('gcUs')}), scavenge ${spread(b.map((x) => x.scavengeUs), f1)}, mark ${spread(b.map((x) => x.markUs), f1)}; GC share of main ${spread(b.map((x) => x.gcUs / x.us), (v) => `${(v * 100).toFixed(0)}%`)}; old space ${median(b.map((x) => x.oldMb)).toFixed(0)} MB; errors ${b.reduce((s, x) => s + x.errors, 0)}`);
    }
  } finally {
    for (const { proc } of children) proc.send({ stop: true });
    await Promise.all(children.map(({ proc }) => new Promise((resolve) => (proc.exitCode !== null ? resolve(null) : proc.once('exit', resolve)))));
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  const spec = JSON.parse(process.argv[3]!) as { tree: string; retention: number; historyCap: number; storeDir: string };
  process.send!({ hello: true });
  const users = await new Promise<{ userNames: string[]; ids: string[] }>((resolve) => process.once('message', (m: { users: { userNames: string[]; ids: string[] } }) => resolve(m.users)));
  await child(spec.tree, spec.retention, spec.historyCap, spec.storeDir, users);
} else await parent();
