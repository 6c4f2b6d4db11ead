/**
 * `node --import tsx bench/inspector-search-abort.ts`: whether a body search whose client went away
 * still costs the server. Serves the traffic kept by bench:inspector (BENCH_INSPECTOR_DATA) with this
 * tree's server or BENCH_SERVER_TREE's (run once per tree to pair them), starts a body search for a term
 * that matches nothing (budget 2 s), aborts it after 100 ms as the inspector does on a keystroke, and
 * reports the server's CPU time (/proc/<pid>/stat) in the 2 s after: a load-insensitive figure.
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { serveInspector } from './inspector-baseline.js';
const DATA = process.env.BENCH_INSPECTOR_DATA;
if (!DATA) throw new Error('set BENCH_INSPECTOR_DATA (a folder kept by bench:inspector)');
const { child, ready } = await serveInspector(DATA, process.env.BENCH_SERVER_TREE);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const cpu = () => { const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
const get = (q: string, signal?: AbortSignal) => fetch(`${ready.adminUrl}/api/exchanges?${q}`, { signal, headers: { authorization: `Bearer ${ready.adminToken}` } }).then((r) => r.text());
try {
  await get('limit=1');
  for (let i = 0; i < ROUNDS; i++) {
    const c = new AbortController();
    const p = get(`search=nothing-matches-zz${i}&bodies=true&limit=200&budgetMs=2000`, c.signal).catch(() => 'aborted');
    await new Promise((r) => setTimeout(r, 100));
    c.abort();
    await p;
    const c0 = cpu();
    await new Promise((r) => setTimeout(r, 2000));
    console.log(`server CPU in the 2 s after the abort: ${cpu() - c0} ms`);
  }
} finally { child.kill('SIGTERM'); await once(child, 'exit'); }
