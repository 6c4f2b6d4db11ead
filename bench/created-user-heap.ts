/**
 * What one user created through SCIM costs the whole server in live heap, the soak's growth per user
 * (bench/soak.ts creates 30 a second and never deletes): the real sandbox of a tree, in-process, recording
 * on, over a copy of the same 10,000-user store, with the exchange log and the resource history set to
 * small caps and filled first, so everything recording keeps is at its bound before the first reading. It
 * then POSTs CREATED soak-shaped users over loopback HTTP (the soak's own body), waits for the recorder
 * and reads the live heap after forced GCs; bytes per user = growth / CREATED. With BENCH_BASE=<another
 * checkout> each tree runs in its own child process, alternating, several rounds, ratios per round.
 * CUH_MIX=soak adds the soak's PATCHes of the users it started with (4 for every 3 creates, `active`
 * toggled, as bench/soak.ts's 20:15) and takes the second reading where the writes leave it, without a
 * compaction first, as the soak's own samples are taken (the default compacts before both readings).
 * HEAP_SNAPSHOTS=<folder> also writes a heap snapshot before and after the creates (one round, this tree
 * only) for bench/soak-heap-diff.ts.
 *
 * Usage: node --import tsx bench/created-user-heap.ts [created=20000] [rounds=3]
 * The trees are run from their TypeScript sources (tsx), so no build is needed.
 */
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { copyStore, makeStore } from './make-store.js';
import { answerParent, benchTrees, runPerTree, spread } from './heap-per-item.js';

const VARIABLE = 'CREATED_USER_HEAP';
const SOAK_MIX = process.env.CUH_MIX === 'soak';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SEEDED = 10_000;
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

interface Sample {
  perUser: number;
  heapMb: [number, number];
}

function send(method: string, port: number, token: string, url: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: url, agent, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json', 'User-Agent': 'Okta SCIM Client 1.0.0' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/** The soak's create (bench/soak.ts `next()`), numbered n. */
const soakUser = (n: number) => ({ schemas: [USER], userName: `soak.${n}@example.com`, name: { givenName: 'Soak', familyName: String(n) }, emails: [{ value: `soak.${n}@example.com`, type: 'work', primary: true }], active: true });

async function measure(tree: string, storeDir: string, created: number, snapshots: string | null): Promise<Sample> {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-cuh-'));
  try {
    await copyStore(storeDir, dir);
    const { createSandbox } = (await import(path.join(tree, 'server/sandbox.ts'))) as typeof import('../server/sandbox.js');
    const sandbox = await createSandbox({ dataDir: dir, seed: 'empty', log: () => undefined, journalSync: false });
    await sandbox.settings.update({ recording: { retention: 1000, historyCap: 1000 } });
    await sandbox.store.settled;
    const { scimPort, scimUrl } = await sandbox.listen({ scimPort: 0, adminPort: 0 });
    const base = new URL(scimUrl).pathname;
    const token = sandbox.settings.current.auth.token;
    const seeded = sandbox.store.list('User').slice();
    let n = 0;
    let patches = 0;
    const createMany = async (count: number, mix: boolean) => {
      const target = n + count;
      const lane = async () => {
        while (n < target) {
          const status = await send('POST', scimPort, token, `${base}/Users`, soakUser(n++));
          if (status !== 201) throw new Error(`POST answered ${status}`);
          // 4 PATCHes for every 3 creates: the soak's 20:15.
          for (; mix && patches < Math.floor((n * 4) / 3); patches++) {
            const id = seeded[Math.floor(Math.random() * seeded.length)]!;
            const patched = await send('PATCH', scimPort, token, `${base}/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: patches % 2 === 0 } }] });
            if (patched !== 200) throw new Error(`PATCH answered ${patched}`);
          }
        }
      };
      await Promise.all([lane(), lane(), lane(), lane()]);
      await sandbox.exchanges.flush();
    };
    // Fill the log (1,000) and the history (1,000) past their caps, and let the first compaction happen.
    await createMany(3000, SOAK_MIX);
    await sandbox.store.compact();
    const h0 = heap();
    if (snapshots) v8.writeHeapSnapshot(path.join(snapshots, 'created-before.heapsnapshot'));
    await createMany(created, SOAK_MIX);
    if (!SOAK_MIX) await sandbox.store.compact();
    const h1 = heap();
    if (snapshots) v8.writeHeapSnapshot(path.join(snapshots, 'created-after.heapsnapshot'));
    await sandbox.close();
    return { perUser: (h1 - h0) / created, heapMb: [h0 / 2 ** 20, h1 / 2 ** 20] };
  } finally {
    agent.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

if (!(await answerParent(VARIABLE, measure))) {
  const created = Number(process.argv[2] ?? 20_000);
  const rounds = Number(process.argv[3] ?? 3);
  const trees = benchTrees();
  const storeDir = await mkdtemp(path.join(os.tmpdir(), 'scimscope-cuh-store-'));
  try {
    await makeStore(storeDir, SEEDED);
    const snapshots = process.env.HEAP_SNAPSHOTS ? path.resolve(process.env.HEAP_SNAPSHOTS) : null;
    const samples = await runPerTree<Sample>(import.meta.filename, VARIABLE, trees, rounds, (tree) => [tree, storeDir, created, tree === trees[0]!.tree ? snapshots : null]);
    console.log(`Live heap per user created through SCIM (${SEEDED.toLocaleString('en-US')} users at the start, ${created.toLocaleString('en-US')} created${SOAK_MIX ? ", with the soak's PATCHes" : ''}, recording on and at its caps; ${rounds} rounds, median (min–max))\n`);
    console.log('| tree | heap before → after, MB | bytes per created user |\n|---|---:|---:|');
    trees.forEach((t, i) => console.log(`| ${t.name} | ${spread(samples[i]!.map((s) => s.heapMb[0]))} → ${spread(samples[i]!.map((s) => s.heapMb[1]))} | ${spread(samples[i]!.map((s) => s.perUser), 0)} |`));
    if (trees.length > 1) console.log(`\nthis / base, per round: ${spread(samples[0]!.map((s, r) => s.perUser / samples[1]![r]!.perUser), 3)}`);
  } finally {
    await rm(storeDir, { recursive: true, force: true });
  }
}
