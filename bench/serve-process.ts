/**
 * Starting and stopping a real `scimscope serve` for the recorder benchmark and the soak, and
 * reading its resident memory from /proc (the whole process: main thread, recording worker, heap
 * and buffers). `source` runs a tree's TypeScript through tsx (to compare against another checkout
 * in the same run); otherwise the build is run as users run it (the bundle, builtCli).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');

export interface Ready {
  scimUrl: string;
  token: string;
  adminUrl: string;
  adminToken: string;
}

export interface Served {
  child: ChildProcess;
  ready: Ready;
  /** Milliseconds from spawn to the ready line. */
  startMs: number;
  /** With `inspect`: the server's inspector (DevTools protocol) WebSocket URL. */
  inspectorUrl?: string;
}

/** The CLI a tree's build gives users: the bundle (dist/bundle/cli.js), or dist/server/cli.js in a tree built before the bundle existed. */
export function builtCli(tree: string): string {
  const bundled = path.join(tree, 'dist', 'bundle', 'cli.js');
  return existsSync(bundled) ? bundled : path.join(tree, 'dist', 'server', 'cli.js');
}

export async function serve(dataDir: string, options: { tree?: string; source?: boolean; inspect?: boolean } = {}): Promise<Served> {
  const tree = options.tree ?? root;
  const args = options.source ? ['--import', 'tsx', path.join(tree, 'server', 'cli.ts')] : [builtCli(tree)];
  const started = performance.now();
  // With `inspect`, the inspector listens on a free loopback port, which it names on stderr.
  const child = spawn(process.execPath, [...(options.inspect ? ['--inspect=127.0.0.1:0'] : []), ...args, 'serve', '--data', dataDir, '--port', '0', '--admin-port', '0', '--json', '--seed', 'empty'], { stdio: ['ignore', 'pipe', options.inspect ? 'pipe' : 'inherit'], cwd: tree });
  const inspectorUrl = options.inspect
    ? new Promise<string>((resolve) => {
        let err = '';
        child.stderr!.on('data', (d: Buffer) => {
          process.stderr.write(d);
          err += d.toString();
          const match = /Debugger listening on (ws:\/\/\S+)/.exec(err);
          if (match) resolve(match[1]!);
        });
      })
    : undefined;
  let out = '';
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(JSON.parse(out.slice(0, nl)) as Ready);
    });
    child.once('exit', (code) => reject(new Error(`the server exited early (${code})`)));
  });
  return { child, ready, startMs: performance.now() - started, ...(inspectorUrl ? { inspectorUrl: await inspectorUrl } : {}) };
}

export async function stopServe(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

/** Resident set size in MB. */
export async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

export async function admin(ready: Ready, method: string, url: string, body?: unknown): Promise<{ status: number; body: unknown; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${ready.adminUrl}${url}`, { method, headers: { Authorization: `Bearer ${ready.adminToken}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  const ms = performance.now() - started;
  return { status: res.status, body: text ? JSON.parse(text) : null, ms };
}

export async function exchangeCount(ready: Ready): Promise<number> {
  return ((await admin(ready, 'GET', '/api/exchanges?limit=0')).body as { total: number }).total;
}

/** Summary statistics of a sample. */
export function stats(xs: number[]): { median: number; min: number; max: number } {
  const sorted = [...xs].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** Starts a bench process that prints one JSON line when ready (servers of bench/run.ts and pipeline-cpu.ts); answers that line. */
export async function startProcess(args: string[]): Promise<{ child: ChildProcess; info: Record<string, string> }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], cwd: root });
  let out = '';
  const info = await new Promise<Record<string, string>>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(JSON.parse(out.slice(0, nl)) as Record<string, string>);
    });
    child.once('exit', (code) => reject(new Error(`process exited early (${code})`)));
  });
  return { child, info };
}

/** CPU seconds (user + system, all threads) a process has used, from the kernel's accounting. */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
