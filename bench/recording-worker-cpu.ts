/**
 * The recording worker's work per exchange, in-process, two builds side by side: interpret,
 * serialize, index and append to a real exchanges file (record-processing.ts `recordBatch`).
 *
 * The captures are real: a sandbox of this tree (recording on) serves lookups, reads, PATCHes,
 * creates and import pages (count=100) over HTTP, and every batch its main thread posts to the
 * recording worker is kept (the same structured-cloned messages the worker receives). Both builds
 * then record the same captures, first once to check they give the same records and lines (byte for
 * byte: a change here must not change what is recorded), then alternately in short chunks (A, B,
 * B, A, ...), in batches of BATCH (the hand-off makes ~20 at 1,000 requests/s); both must also
 * write the same exchanges files (data and index, across a rotation). CPU time of this
 * process (user + system) per exchange, so what else the machine runs matters less; ratios per
 * chunk pair with their median and quartiles.
 *
 * Usage: node --import tsx bench/recording-worker-cpu.ts <tree-A> <tree-B>
 * A tree is a checkout (its TypeScript sources, run through tsx) or its dist/ folder (compiled, as
 * the app runs it: the better figure). Environment: SCENARIOS=lookup,read,patch,create,import,
 * PAIRS=40, CHUNK=400 (exchanges per chunk; an import page's chunk is a tenth), BATCH=20.
 * LINES=1: first, the line alone (record-processing.ts `exchangeLine`, written into a buffer): A's
 * and B's on the same exchanges, interpreted and assembled by B, and `JSON.stringify` of the whole
 * exchange, 30 alternating rounds of 20,000 lines, CPU time per line (docs/performance.md, wave 9).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CapturedExchange } from '../server/recorder/recording-wire.js';
import { median } from './stats.js';

const [treeA, treeB] = process.argv.slice(2);
if (!treeA || !treeB) throw new Error('usage: bench/recording-worker-cpu.ts <tree-A> <tree-B>');
const SCENARIOS = (process.env.SCENARIOS ?? 'lookup,read,patch,create,import').split(',');
const PAIRS = Number(process.env.PAIRS ?? 40);
const CHUNK = Number(process.env.CHUNK ?? 400);
const BATCH = Number(process.env.BATCH ?? 20);
const USERS = 300;

interface Build {
  name: string;
  recordBatch: (captures: CapturedExchange[], file: unknown, log: (m: string) => void) => unknown[];
  Writer: new (dir: string, cap: number, state: null) => { close(): void };
  exchangeLine: (exchange: unknown, json: string | undefined) => string[];
  tree: string;
  ext: string;
}
async function load(name: string, tree: string): Promise<Build> {
  const ext = path.basename(tree) === 'dist' ? 'js' : 'ts';
  const rp = await import(path.resolve(tree, `server/recorder/record-processing.${ext}`));
  const ef = await import(path.resolve(tree, `server/recorder/exchange-file.${ext}`));
  return { name, recordBatch: rp.recordBatch, Writer: ef.ExchangeFileWriter, exchangeLine: rp.exchangeLine, tree, ext };
}

/** Serves each scenario from a real sandbox and keeps the captures its main thread hands to the worker. */
async function capture(): Promise<Record<string, CapturedExchange[]>> {
  const sent: CapturedExchange[] = [];
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (this: Worker, message: { type?: string; items?: CapturedExchange[] }, transfer?: never) {
    if (message?.type === 'batch') sent.push(...structuredClone(message.items!));
    return post.call(this, message, transfer);
  };
  const { createSandbox } = await import('../server/sandbox.js');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'worker-cpu-'));
  const sandbox = await createSandbox({ log: () => undefined, dataDir, seed: 'empty' });
  try {
    const { scimUrl } = await sandbox.listen({ scimPort: 0, adminPort: 0 });
    const headers = { authorization: `Bearer ${sandbox.settings.current.auth.token}`, 'content-type': 'application/scim+json', 'user-agent': 'Okta SCIM Client 1.0.0' };
    const send = async (method: string, p: string, body?: unknown) => (await fetch(scimUrl + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })).json() as Promise<{ id: string }>;
    const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
    const user = (i: number | string) => ({ schemas: [USER], userName: `user${i}@example.com`, externalId: `ext-${i}`, name: { givenName: 'Ann', familyName: `Lee ${i}` }, displayName: `Ann Lee ${i}`, emails: [{ value: `user${i}@example.com`, type: 'work', primary: true }], phoneNumbers: [{ value: '+1 555 0100', type: 'work' }], active: true, password: 'Secret-123' });
    const ids: string[] = [];
    for (let i = 0; i < USERS; i++) ids.push((await send('POST', '/Users', user(i))).id);
    const pick = () => Math.floor(Math.random() * USERS);
    const requests: Record<string, () => Promise<unknown>> = {
      lookup: () => send('GET', `/Users?filter=${encodeURIComponent(`userName eq "user${pick()}@example.com"`)}&startIndex=1&count=100`),
      read: () => send('GET', `/Users/${ids[pick()]}`),
      patch: () => send('PATCH', `/Users/${ids[pick()]}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: Math.random() < 0.5 } }] }),
      create: () => send('POST', '/Users', user(`new-${Math.random()}`)),
      import: () => send('GET', `/Users?startIndex=${1 + pick() % 200}&count=100`),
    };
    const out: Record<string, CapturedExchange[]> = {};
    // Everything served is handed over within the hand-off's delay (20 ms): wait for the count expected.
    const handed = async (count: number) => {
      while (sent.length < count) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    let expected = USERS;
    for (const name of SCENARIOS) {
      await handed(expected);
      for (let i = 0; i < 60; i++) await requests[name]!();
      await handed(expected + 60);
      out[name] = sent.slice(expected, expected + 60);
      expected += 60;
    }
    return out;
  } finally {
    Worker.prototype.postMessage = post;
    await sandbox.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const A = await load('A', treeA);
const B = await load('B', treeB);
const captures = await capture();

// Same captures, same records and lines (recorded without a file: the line comes back whole).
for (const [name, list] of Object.entries(captures)) {
  const a = JSON.stringify(A.recordBatch(list, null, () => {}));
  const b = JSON.stringify(B.recordBatch(list, null, () => {}));
  if (a !== b) throw new Error(`${name}: the two builds record different entries or lines`);
}
console.log(`records and lines identical in both builds for ${Object.keys(captures).join(', ')} (${Object.values(captures).flat().length} captures)`);

// Same files: every capture written by each build into its own exchanges file, with a cap that makes
// it rotate on the way, in batches of 17; the data and index files of both generations must match.
const written = [A, B].map((build) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'worker-cpu-same-'));
  const all = Object.values(captures).flat();
  const file = new build.Writer(dir, Math.ceil(all.length * 0.7), null);
  for (let i = 0; i < all.length; i += 17) build.recordBatch(structuredClone(all.slice(i, i + 17)), file, () => {});
  file.close();
  const files = Object.fromEntries(fs.readdirSync(dir).sort().map((name) => [name, fs.readFileSync(path.join(dir, name))]));
  fs.rmSync(dir, { recursive: true, force: true });
  return files;
});
const names = Object.keys(written[0]!);
if (names.join() !== Object.keys(written[1]!).join() || names.some((name) => !written[0]![name]!.equals(written[1]![name]!))) throw new Error('the two builds write different exchanges files');
console.log(`exchanges files identical in both builds (${names.map((name) => `${name} ${written[0]![name]!.length} bytes`).join(', ')})`);

const quantile = (xs: number[], q: number) => [...xs].sort((x, y) => x - y)[Math.floor(q * (xs.length - 1))]!;

if (process.env.LINES === '1') {
  const at = (file: string) => import(path.resolve(B.tree, `server/recorder/${file}.${B.ext}`));
  const [{ scrubbedCapture }, { fromWire }, { interpret, assemble }] = await Promise.all([at('capture-scrub'), at('recording-wire'), at('exchange-assembly')]);
  const buffer = Buffer.alloc(1 << 20);
  const written = (pieces: string[]) => pieces.reduce((at, piece) => at + buffer.write(piece, at), 0);
  for (const name of SCENARIOS) {
    const items = captures[name]!.map((c0) => {
      const c = scrubbedCapture(structuredClone(c0));
      const { parts, parsedBody } = fromWire(c);
      return { exchange: assemble(parts, interpret(parts, { ...c.inputs, parsedBody })), json: parts.responseBody.json as string | undefined };
    });
    const ways: Record<string, (it: (typeof items)[number]) => number> = {
      whole: (it) => written([JSON.stringify(it.exchange)]),
      A: (it) => written(A.exchangeLine(it.exchange, it.json)),
      B: (it) => written(B.exchangeLine(it.exchange, it.json)),
    };
    const times: Record<string, number[]> = { whole: [], A: [], B: [] };
    for (let round = 0; round < 30; round++) {
      for (const [way, f] of round % 2 ? Object.entries(ways).reverse() : Object.entries(ways)) {
        const start = process.cpuUsage();
        for (let i = 0; i < 20_000; i++) f(items[i % items.length]!);
        const used = process.cpuUsage(start);
        times[way]!.push((used.user + used.system) / 20_000);
      }
    }
    const ratio = (x: string, y: string) => {
      const r = times[x]!.map((t, i) => t / times[y]![i]!);
      return `${median(r).toFixed(3)} (quartiles ${quantile(r, 0.25).toFixed(2)}-${quantile(r, 0.75).toFixed(2)})`;
    };
    console.log(`${name.padEnd(7)} line: whole ${median(times.whole!).toFixed(2)} µs, A ${median(times.A!).toFixed(2)}, B ${median(times.B!).toFixed(2)}; B/A ${ratio('B', 'A')}, B/whole ${ratio('B', 'whole')}`);
  }
}
for (const name of SCENARIOS) {
  const list = captures[name]!;
  const n = name === 'import' ? Math.max(BATCH, CHUNK / 10) : CHUNK;
  const runs = [A, B].map((build) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'worker-cpu-file-'));
    return { build, dir, file: new build.Writer(dir, 1e9, null), perExchange: [] as number[] };
  });
  const chunk = (run: (typeof runs)[number]) => {
    const start = process.cpuUsage();
    for (let i = 0; i < n; i += BATCH) run.build.recordBatch(Array.from({ length: BATCH }, (_, k) => list[(i + k) % list.length]!), run.file, () => {});
    const used = process.cpuUsage(start);
    return (used.user + used.system) / n;
  };
  for (let warm = 0; warm < 5; warm++) for (const run of runs) chunk(run);
  for (let pair = 0; pair < PAIRS; pair++) for (const run of pair % 2 ? [runs[1]!, runs[0]!] : runs) run.perExchange.push(chunk(run));
  for (const run of runs) {
    run.file.close();
    fs.rmSync(run.dir, { recursive: true, force: true });
  }
  const [a, b] = runs.map((r) => r.perExchange) as [number[], number[]];
  const ratios = a.map((x, i) => x / b[i]!);
  console.log(`${name.padEnd(7)} A ${median(a).toFixed(1)} µs/exchange, B ${median(b).toFixed(1)}; A/B median ${median(ratios).toFixed(3)} (quartiles ${quantile(ratios, 0.25).toFixed(3)}-${quantile(ratios, 0.75).toFixed(3)}, min ${Math.min(...ratios).toFixed(3)}, max ${Math.max(...ratios).toFixed(3)})`);
}
