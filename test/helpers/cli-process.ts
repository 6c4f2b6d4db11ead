/**
 * Runs the built CLI as users get it (`node dist/bundle/cli.js serve`, the bundle) as a real child process and waits for its
 * ready line, for tests of signals, crash safety and the command-line contract.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { once } from 'node:events';

export const CLI = path.resolve(import.meta.dirname, '..', '..', 'dist', 'bundle', 'cli.js');

/** Every child started here is killed when the test process exits, even after a failed or timed-out test. */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export interface ReadyInfo {
  scimUrl: string;
  publicScimUrl: string | null;
  token: string;
  authMode: string;
  adminUrl: string;
  adminToken: string;
  inspectorUrl: string;
  dataDir: string;
  version: string;
  /** How many workspaces the server serves (default included). */
  workspaces: number;
  /** With --auth oauth. */
  oauth?: { authorizeUrl: string; tokenUrl: string; clientId: string; clientSecret: string };
}

export interface CliProcess {
  child: ChildProcess;
  info: ReadyInfo;
  stderr: () => string;
  /** Resolves with the exit code (or signal) once the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `scimscope serve --json` with free ports; rejects with stderr if it exits before ready. */
export async function startCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliProcess> {
  const child = track(spawn(process.execPath, [CLI, 'serve', '--port', '0', '--admin-port', '0', '--json', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const info = await new Promise<ReadyInfo>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const newline = stdout.indexOf('\n');
      if (newline >= 0) resolve(JSON.parse(stdout.slice(0, newline)) as ReadyInfo);
    });
    void exited.then(({ code, signal }) => reject(new Error(`scimscope exited (${signal ?? code}) before it was ready:\n${stderr}`)));
  });
  return { child, info, stderr: () => stderr, exited };
}

/** Runs the CLI to completion (for --help, bad arguments, port in use...). */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 15_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = track(spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}
