/**
 * Where a scenario's time goes: starts `scimscope serve` on N generated users under Node's CPU
 * profiler, drives one scenario with autocannon, stops the server and prints the main thread's and
 * the recording worker's heaviest functions (self time) and call paths (inclusive time), as shares
 * of each thread's samples. The .cpuprofile files stay in the output folder for Chrome DevTools.
 *
 * Usage: node --import tsx bench/profile.ts <lookup|import|read> [users=100000] [seconds=10]
 * Environment: PROFILE_DIST (the build to profile, default ./dist), PROFILE_OUT (default a temp
 * folder), PROFILE_RECORDING=off (profile with recording off).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { makeStore } from './make-store.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** Self and inclusive time per function (name, file, line), as shares of all samples. */
export function summarize(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const node = byId.get(id)!;
    self.set(key(node), (self.get(key(node)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = key(byId.get(cur)!);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
  });
  const list = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => `  ${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`).join('\n');
  return `${(total / 1e6).toFixed(1)} s sampled\nself:\n${list(self)}\ninclusive:\n${list(inclusive)}`;
}

async function main(): Promise<void> {
  const [scenario = 'import', usersArg = '100000', secondsArg = '10'] = process.argv.slice(2);
  const users = Number(usersArg);
  const dist = path.resolve(process.env.PROFILE_DIST ?? path.join(import.meta.dirname, '..', 'dist'));
  const out = process.env.PROFILE_OUT ?? (await mkdtemp(path.join(os.tmpdir(), 'scimscope-profile-')));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-profile-data-'));
  try {
    const store = await makeStore(dir, users);
    const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir', out, path.join(dist, 'server', 'cli.js'), 'serve', '--data', dir, '--port', '0', '--admin-port', '0', '--json', '--seed', 'empty'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    const info = await new Promise<Record<string, string>>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        text += d.toString();
        const nl = text.indexOf('\n');
        if (nl >= 0) resolve(JSON.parse(text.slice(0, nl)) as Record<string, string>);
      });
      child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
    });
    if (process.env.PROFILE_RECORDING === 'off') {
      const res = await fetch(`${info.adminUrl}/api/settings`, { method: 'PUT', headers: { Authorization: `Bearer ${info.adminToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ recording: { enabled: false } }) });
      if (!res.ok) throw new Error(`could not turn recording off: ${res.status}`);
    }
    const url = new URL(info.scimUrl!);
    const n = store.ids.length;
    const pick = () => Math.floor(Math.random() * n);
    const paths: Record<string, () => string> = {
      import: () => `${url.pathname}/Users?startIndex=${Math.floor(n / 2)}&count=100`,
      read: () => `${url.pathname}/Users/${store.ids[pick()]}`,
      lookup: () => `${url.pathname}/Users?filter=${encodeURIComponent(`userName eq "${store.userNames[pick()]}"`)}&startIndex=1&count=100`,
    };
    const next = paths[scenario];
    if (!next) throw new Error(`unknown scenario ${scenario}`);
    const result = await autocannon({ url: url.origin, connections: 10, duration: Number(secondsArg), headers: { Authorization: `Bearer ${info.token}` }, requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: next() }) }] });
    console.log(`${scenario} at ${users} users: ${Math.round(result.requests.average)} req/s, ${result.non2xx} non-2xx`);
    child.kill('SIGTERM');
    await once(child, 'exit');
    for (const file of (await readdir(out)).filter((f) => f.endsWith('.cpuprofile')).sort()) {
      console.log(`\n${path.join(out, file)} (the first is the main thread):\n${summarize(JSON.parse(await readFile(path.join(out, file), 'utf8')))}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
