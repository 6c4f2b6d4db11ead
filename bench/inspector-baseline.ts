/**
 * What the inspector benches share outside the page: serving a kept traffic folder with this build's
 * CLI (the bundle users run), and making an older inspector build loadable from the same server so
 * both builds are measured against one server in one run. bench/inspector-100k.ts,
 * inspector-scroll-profile.ts and inspector-search-trace.ts each had their own copy.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { builtCli, root } from './serve-process.js';

export interface InspectorServer {
  child: ChildProcess;
  ready: { scimUrl: string; token: string; inspectorUrl: string; adminUrl: string; adminToken: string };
}

/** `scimscope serve --json` on a data folder; resolves with its ready line. */
export async function serveInspector(dataDir: string, tree = root): Promise<InspectorServer> {
  const child = spawn(process.execPath, [builtCli(tree), 'serve', '--data', dataDir, '--port', '0', '--admin-port', '0', '--json'], { stdio: ['ignore', 'pipe', 'inherit'], cwd: root });
  let out = '';
  const ready = await new Promise<InspectorServer['ready']>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`scimscope serve exited (${code}) before its ready line`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(JSON.parse(out.slice(0, nl)) as InspectorServer['ready']);
    });
  });
  return { child, ready };
}

/**
 * Makes an older inspector build loadable from the same server: its hashed assets are copied beside
 * the current ones in dist/renderer and its page is written as index-baseline.html (removed after).
 */
export async function installBaseline(dir: string): Promise<{ page: string; remove: () => Promise<void> }> {
  const target = path.join(root, 'dist', 'renderer');
  const added: string[] = [];
  for (const file of await readdir(path.join(dir, 'assets'))) {
    const to = path.join(target, 'assets', file);
    if (existsSync(to)) continue;
    await copyFile(path.join(dir, 'assets', file), to);
    added.push(to);
  }
  const page = path.join(target, 'index-baseline.html');
  await copyFile(path.join(dir, 'index.html'), page);
  added.push(page);
  return { page: 'index-baseline.html', remove: async () => void (await Promise.all(added.map((f) => rm(f, { force: true })))) };
}
