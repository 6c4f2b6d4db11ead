/**
 * The loop the in-memory benches share (exchange-log-memory.ts, history-memory.ts, store-memory.ts,
 * view-cache-memory.ts): fill a structure in steps with a forced GC before each reading of live heap
 * and RSS, time an operation by the median of five, run each tree (this checkout, and another one to
 * compare with) in its own child process (`--expose-gc`) alternately for a number of rounds so every
 * tree sees the same machine load, and print medians with their min–max.
 */
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';

/** Live heap and RSS (MB) before the fill and after each step. */
export interface HeapSteps {
  heapMb: number[];
  rssMb: number[];
}

/**
 * Adds `fill` items in `steps` equal steps (`add(k)` adds item k, from 0), reading live heap and RSS
 * after a forced GC before the first and after each step; `settle` runs before each reading (a
 * batch still to be written, say).
 */
export async function fillAndMeasure(fill: number, steps: number, add: (k: number) => void, settle: () => unknown = () => undefined): Promise<HeapSteps> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('Run with node --expose-gc.');
  const out: HeapSteps = { heapMb: [], rssMb: [] };
  const measure = async () => {
    await settle();
    gc();
    gc();
    const { heapUsed, rss } = process.memoryUsage();
    out.heapMb.push(heapUsed / 2 ** 20);
    out.rssMb.push(rss / 2 ** 20);
  };
  await measure();
  for (let step = 1; step <= steps; step++) {
    for (let k = Math.round(((step - 1) * fill) / steps); k < Math.round((step * fill) / steps); k++) add(k);
    await measure();
  }
  return out;
}

/** The median of five runs of `f`, in milliseconds. */
export async function medianMs(f: () => unknown, runs = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

/** The trees in the order the rounds run them: as given, reversed every other round. */
function* alternating<T>(trees: T[], rounds: number): Generator<T> {
  for (let round = 0; round < rounds; round++) yield* round % 2 ? [...trees].reverse() : trees;
}

/**
 * Runs `script` in a child process per tree and round, the trees alternating (reversed every other
 * round); the child finds its tree in `env[treeVariable]` and writes its result as JSON on stdout.
 */
export function runTrees<R>(script: string, treeVariable: string, trees: string[], rounds: number): Map<string, R[]> {
  const results = new Map<string, R[]>(trees.map((t) => [t, []]));
  for (const tree of alternating(trees, rounds)) {
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', script], { env: { ...process.env, [treeVariable]: tree }, cwd: tree, encoding: 'utf8', maxBuffer: 1 << 20 });
    results.get(tree)!.push(JSON.parse(out) as R);
  }
  return results;
}

export interface BenchTree {
  /** How the table names it. */
  name: string;
  /** The checkout's folder; the child imports the code measured from there. */
  tree: string;
}

/** This checkout, then the one `BENCH_BASE=<another checkout>` names, if set: what a paired bench compares. */
export function benchTrees(): BenchTree[] {
  const base = process.env.BENCH_BASE;
  return [{ name: 'this tree', tree: path.resolve(import.meta.dirname, '..') }, ...(base ? [{ name: `base (${path.basename(base)})`, tree: base }] : [])];
}

/**
 * Runs `script` (the calling bench) in a child process (`--expose-gc`) per tree and round, the trees
 * alternating (reversed every other round). The child finds `input(tree)` as JSON in
 * `env[variable]` and answers through `answerParent`. Resolves with each tree's answers, one per
 * round, in the order of `trees`; a child that fails fails the run.
 */
export async function runPerTree<S>(script: string, variable: string, trees: BenchTree[], rounds: number, input: (tree: string) => unknown): Promise<S[][]> {
  const samples = trees.map(() => [] as S[]);
  for (const t of alternating([...trees.keys()], rounds)) {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script], { env: { ...process.env, [variable]: JSON.stringify(input(trees[t]!.tree)) }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise((r) => child.on('exit', r));
    if (code !== 0) throw new Error(`${trees[t]!.name} exited with ${String(code)}`);
    samples[t]!.push(JSON.parse(out) as S);
  }
  return samples;
}

/** In a child of `runPerTree`: when `env[variable]` is set, measures with its input and writes the answer for the parent. Says whether it did. */
export async function answerParent<A extends unknown[]>(variable: string, measure: (...input: A) => Promise<unknown>): Promise<boolean> {
  const input = process.env[variable];
  if (!input) return false;
  process.stdout.write(JSON.stringify(await measure(...(JSON.parse(input) as A))));
  return true;
}

/** "median (min–max)". */
export function spread(xs: number[], digits = 1): string {
  const s = [...xs].sort((a, b) => a - b);
  return `${s[Math.floor(s.length / 2)]!.toFixed(digits)} (${s[0]!.toFixed(digits)}–${s[s.length - 1]!.toFixed(digits)})`;
}

/** The table's heap cells for a tree's rounds: MB at each step, RSS when full, live heap bytes per item. */
export function heapCells(rounds: HeapSteps[], fill: number, steps: number, perItemDigits = 1): { atSteps: string; rssFull: string; perItem: string } {
  const at = (i: number) => rounds.map((r) => r.heapMb[i]!);
  return {
    atSteps: Array.from({ length: steps + 1 }, (_, i) => spread(at(i))).join(' · '),
    rssFull: spread(rounds.map((r) => r.rssMb[steps]!)),
    perItem: spread(rounds.map((r) => ((r.heapMb[steps]! - r.heapMb[0]!) * 2 ** 20) / fill), perItemDigits),
  };
}

/** "0 · 20,000 · 40,000 …": the item counts at which the heap is read. */
export function stepLabels(fill: number, steps: number): string {
  return Array.from({ length: steps + 1 }, (_, i) => Math.round((fill / steps) * i).toLocaleString('en-US')).join(' · ');
}
