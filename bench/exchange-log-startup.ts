/**
 * `node --import tsx bench/exchange-log-startup.ts [tree...]`: start-up as a user sees it, with a
 * full exchange log and a large directory. Writes a data folder holding USERS users (make-store.ts)
 * and FILL recorded exchanges (index lines shaped like a real Okta session's, okta-index-lines.ts;
 * data lines small), then starts each tree's built CLI (`dist/bundle/cli.js serve`, or dist/server/cli.js in an older tree; SOURCE=1 runs
 * the TypeScript through tsx instead) on a fresh copy of it, trees alternating, ROUNDS times. For
 * each start: time from spawn to the ready line and to the first SCIM answer (`GET /Users?count=1`),
 * CPU seconds the process used by then (from /proc, less sensitive to a loaded machine than wall
 * time), RSS then, time until the exchange list answers with all FILL exchanges (it waits for the
 * background load), and RSS after a list of 500, a quick search and a filter.
 * Each start's folder is a copy, with store.json's file identity restamped in its load index as a
 * folder left by a previous run has it (variant `restamp`), or with the copied identity left as it is,
 * so the store is hashed (variant `hash`). STARTUP_VARIANTS=restamp,hash runs both on the same folders
 * in one run, alternating (order reversed every other round, like the trees), and prints their paired
 * per-round ratio (restamp/hash): the identity skip's gain, measured against itself.
 * Environment: ROUNDS=4 FILL=100000 USERS=100000 SOURCE=0 STARTUP_VARIANTS=restamp (RESTAMP=0 is
 * the older spelling of STARTUP_VARIANTS=hash).
 */
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DATA_FILE, INDEX_FILE } from '../server/recorder/exchange-file.js';
import { SnapshotFile } from '../server/store/snapshot-file.js';
import { makeStore } from './make-store.js';
import { indexLine } from './okta-index-lines.js';
import { admin, rssMb, serve, stats, stopServe } from './serve-process.js';

const FILL = Number(process.env.FILL ?? 100_000);
const USERS = Number(process.env.USERS ?? 100_000);
const ROUNDS = Number(process.env.ROUNDS ?? 4);
const SOURCE = process.env.SOURCE === '1';
type Variant = 'restamp' | 'hash';
const VARIANTS = (process.env.STARTUP_VARIANTS ?? (process.env.RESTAMP === '0' ? 'hash' : 'restamp')).split(',').map((v) => v.trim()) as Variant[];
for (const v of VARIANTS) if (v !== 'restamp' && v !== 'hash') throw new Error(`STARTUP_VARIANTS: unknown variant "${v}" (restamp, hash)`);
const trees = process.argv.slice(2).length ? process.argv.slice(2) : [path.resolve(import.meta.dirname, '..')];

/**
 * A copy of store.json is another file (inode, ctime) than the one the writer recorded in the load
 * index, so a start would hash it; a folder a previous run left has the identity its compaction
 * recorded. This records the copy's own identity in the index header (the bytes are the writer's
 * unchanged), as that compaction would have. Trees that do not know the identity ignore it.
 */
async function restampIdentity(storeFile: string): Promise<void> {
  const indexPath = `${storeFile}.index`;
  let text: string;
  try {
    text = await readFile(indexPath, 'utf8');
  } catch {
    return;
  }
  const newline = text.indexOf('\n');
  const header = JSON.parse(text.slice(0, newline)) as { store?: Record<string, unknown> };
  if (!header.store) return;
  const s = await stat(storeFile, { bigint: true });
  header.store.identity = { size: String(s.size), ino: String(s.ino), dev: String(s.dev), mtimeNs: String(s.mtimeNs), ctimeNs: String(s.ctimeNs) };
  await writeFile(indexPath, `${JSON.stringify(header)}${text.slice(newline)}`);
}

/** That this tree's reader takes the folder's index the way the variant means (once, in the first round). */
async function expectChecked(storeFile: string, variant: Variant): Promise<void> {
  const reader = new SnapshotFile(storeFile);
  await reader.read();
  const checked = reader.lastRead?.pendingUsers ? reader.lastRead.indexChecked : null;
  if (checked !== (variant === 'restamp' ? 'identity' : 'sha256')) throw new Error(`variant ${variant}: the load index was taken by ${checked ?? 'nothing'}`);
}

/** CPU milliseconds a process has used (user + system), from /proc. */
async function cpuMs(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * (1000 / 100);
}

const root = await mkdtemp(path.join(os.tmpdir(), 'scimscope-bench-start-'));
const pristine = path.join(root, 'pristine');
const dir = path.join(root, 'run');
await mkdir(pristine, { recursive: true });
if (USERS > 0) await rm((await makeStore(pristine, USERS)).jsonServerDb);
const data: string[] = [];
const index: string[] = [];
let offset = 0;
for (let seq = 1; seq <= FILL; seq++) {
  const line = JSON.parse(indexLine(seq)) as { summary: { id: string } };
  const record = JSON.stringify({ id: line.summary.id, seq });
  data.push(record);
  index.push(JSON.stringify({ ...line, offset, length: Buffer.byteLength(record) }));
  offset += Buffer.byteLength(record) + 1;
}
await writeFile(path.join(pristine, DATA_FILE), FILL ? `${data.join('\n')}\n` : '');
await writeFile(path.join(pristine, INDEX_FILE), FILL ? `${index.join('\n')}\n` : '');

const names = ['readyMs', 'scimMs', 'readyCpu', 'scimCpu', 'rssScim', 'listMs', 'rssUsed'] as const;
const runs = trees.flatMap((tree) => VARIANTS.map((variant) => ({ tree, variant, label: VARIANTS.length > 1 ? `${tree} [${variant}]` : tree })));
const results = new Map(runs.map((run) => [run.label, Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<(typeof names)[number], number[]>]));
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const { tree, variant, label } of round % 2 ? [...runs].reverse() : runs) {
      // Each start gets the same folder (a start records its own requests, and the files rotate at 100,000).
      await rm(dir, { recursive: true, force: true });
      await cp(pristine, dir, { recursive: true });
      if (variant === 'restamp') await restampIdentity(path.join(dir, 'store.json'));
      if (round === 0 && USERS > 0) await expectChecked(path.join(dir, 'store.json'), variant);
      const started = performance.now();
      const s = await serve(dir, { tree, source: SOURCE });
      const r = results.get(label)!;
      const pid = s.child.pid!;
      r.readyMs.push(s.startMs);
      r.readyCpu.push(await cpuMs(pid));
      const first = await fetch(`${s.ready.scimUrl}/Users?count=1`, { headers: { Authorization: `Bearer ${s.ready.token}` } });
      await first.text();
      if (first.status !== 200) throw new Error(`${tree}: the first SCIM request answered ${first.status}`);
      r.scimMs.push(performance.now() - started);
      r.scimCpu.push(await cpuMs(pid));
      r.rssScim.push(await rssMb(pid));
      const list = await admin(s.ready, 'GET', '/api/exchanges?limit=500');
      r.listMs.push(performance.now() - started);
      const total = (list.body as { total: number }).total;
      if (total < FILL) throw new Error(`${tree} loaded ${total} exchanges`);
      await admin(s.ready, 'GET', `/api/exchanges?search=user${FILL - 3}@example.com`);
      await admin(s.ready, 'GET', '/api/exchanges?kind=user.lookup&status=2xx');
      r.rssUsed.push(await rssMb(pid));
      await stopServe(s.child);
    }
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
const fmt = (xs: number[]) => {
  const s = stats(xs);
  return `${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
};
console.log(`${USERS.toLocaleString('en-US')} users, ${FILL.toLocaleString('en-US')} exchanges, ${ROUNDS} starts per tree and variant (${SOURCE ? 'TypeScript via tsx' : 'built CLI'}; ${VARIANTS.join(', ')}); median (min–max)`);
console.log('| tree | ready ms | first SCIM answer ms | CPU ms at ready | CPU ms at first answer | RSS MB then | full list ms | RSS MB after list + search |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const [label, r] of results) console.log(`| ${label} | ${fmt(r.readyMs)} | ${fmt(r.scimMs)} | ${fmt(r.readyCpu)} | ${fmt(r.scimCpu)} | ${fmt(r.rssScim)} | ${fmt(r.listMs)} | ${fmt(r.rssUsed)} |`);
if (VARIANTS.length > 1) {
  // Paired: round i of one variant against round i of the other, same tree, same folder, adjacent in time.
  const ratio = (a: number[], b: number[]) => fmtRatio(a.map((x, i) => x / b[i]!));
  const fmtRatio = (xs: number[]) => {
    const s = stats(xs);
    return `${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
  };
  console.log('\nPaired per-round ratio restamp / hash (below 1: the identity skip is faster); median (min–max)');
  console.log('| tree | ready ms | first SCIM answer ms | CPU ms at ready | CPU ms at first answer |');
  console.log('|---|---:|---:|---:|---:|');
  for (const tree of trees) {
    const a = results.get(`${tree} [restamp]`)!;
    const b = results.get(`${tree} [hash]`)!;
    console.log(`| ${tree} | ${ratio(a.readyMs, b.readyMs)} | ${ratio(a.scimMs, b.scimMs)} | ${ratio(a.readyCpu, b.readyCpu)} | ${ratio(a.scimCpu, b.scimCpu)} |`);
  }
}
