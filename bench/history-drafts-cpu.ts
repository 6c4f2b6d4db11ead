/**
 * `node --import tsx bench/history-drafts-cpu.ts [tree...]`: the main thread's CPU per SCIM write
 * that the resource history's drafts cost (history-drafts.ts), in-process, against other trees (e.g.
 * main's checkout). Per write: reserve() at its commit (one draft, as the store hands it over), then
 * complete() with its exchange's labels and the recorder's copy of the change (what recorder.ts does
 * when the worker returns the exchange), with READS lookups completed around each write (they go
 * through complete() too, with nothing waiting) and one late commit in LATE (an
 * exchange recorded before its commit, the client gone). The lines go to a temporary folder as in
 * a running server. Each tree runs in a child process, alternating, ROUNDS times; the figure is CPU
 * µs per write (user + system, process.cpuUsage) and live heap after GC at the end (drafts waiting).
 * A tree whose history scrubs its lines (redactWith) is given a workspace's seven secrets, as a
 * fresh array each call as workspace-core.ts's `secrets` builds it (none of them in the lines).
 * Environment: ROUNDS=5 WRITES=40000 READS=2 LATE=1000 (1 in LATE writes is late; 0: none).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HistoryEntry } from '../server/contract/admin.js';
import { runTrees, spread } from './heap-per-item.js';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const WRITES = Number(process.env.WRITES ?? 40_000);
const READS = Number(process.env.READS ?? 2);
const LATE = Number(process.env.LATE ?? 1000);

interface Result {
  usPerWrite: number;
  heapMb: number;
  waiting: number;
}

if (process.env.DRAFTS_TREE) {
  const { ResourceHistory } = (await import(pathToFileURL(path.join(process.env.DRAFTS_TREE, 'server', 'recorder', 'resource-history.ts')).href)) as typeof import('../server/recorder/resource-history.js');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scimscope-drafts-bench-'));
  const { history } = await ResourceHistory.open(dir, 20_000);
  const scrubbing = history as { redactWith?: (secrets: () => readonly string[]) => void };
  const config = { token: 'scim-token-7f3a9c2e1b', password: 'basic-pass-4d2e8a', clientSecret: 'oauth-client-secret-9b7c5e3a1f', admin: 'admin-token-2c4e6a8b0d', workspaceAdmin: 'ws-admin-1a3c5e7b9d' };
  scrubbing.redactWith?.(() => [config.token, config.password, config.clientSecret, config.admin, config.workspaceAdmin, 'ngrok-authtoken-0f1e2d3c', 'upstream-token-5a6b7c8d']);
  const user = (i: number, active: boolean) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: `u${i % 10_000}`, userName: `user${i % 10_000}@example.com`, name: { givenName: 'Soak', familyName: String(i) }, active, meta: { resourceType: 'User', created: '2026-01-01T00:00:00.000Z', lastModified: new Date(i).toISOString(), version: `W/"${i}"` } });
  const draft = (i: number, exchangeId: string): HistoryEntry => ({ at: new Date(i).toISOString(), resourceType: 'User', id: `u${i % 10_000}`, source: 'scim', exchangeId, client: null, kind: 'user.update', summary: `A SCIM client updated user${i}`, before: user(i, true), after: user(i, false) });
  const labels = (i: number) => ({ at: new Date(i).toISOString(), client: 'okta' as const, kind: 'user.deactivate', summary: `Okta deactivated user${i}` });
  const lookup = (i: number) => ({ at: new Date(i).toISOString(), client: 'okta' as const, kind: 'user.lookup', summary: `Okta looked up user${i}` });
  // Main's history has no count of waiting drafts: its private map of them is read instead.
  const waitingOf = (h: object) => {
    const drafts = (h as { drafts?: unknown }).drafts;
    return typeof drafts === 'number' ? drafts : drafts instanceof Map ? drafts.size : -1;
  };
  const run = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const id = `x${i}`;
      const late = LATE > 0 && i % LATE === 0;
      if (late) history.complete(id, labels(i), []);
      history.reserve(id, [draft(i, id)]);
      for (let r = 0; r < READS; r++) history.complete(`r${i}.${r}`, lookup(i), []);
      if (!late) {
        const d = draft(i, id);
        history.complete(id, labels(i), [{ resourceType: 'User', id: d.id, before: d.before, after: d.after }]);
      }
    }
  };
  run(0, 5_000); // warm up
  const gc = (globalThis as { gc?: () => void }).gc!;
  gc();
  const started = process.cpuUsage();
  run(5_000, 5_000 + WRITES);
  const used = process.cpuUsage(started);
  await history.flush();
  gc();
  const result: Result = { usPerWrite: (used.user + used.system) / WRITES, heapMb: process.memoryUsage().heapUsed / 2 ** 20, waiting: waitingOf(history) };
  await history.close();
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(JSON.stringify(result));
} else {
  const trees = process.argv.length > 2 ? process.argv.slice(2).map((t) => path.resolve(t)) : [path.resolve(import.meta.dirname, '..')];
  const results = runTrees<Result>(path.resolve(import.meta.filename), 'DRAFTS_TREE', trees, ROUNDS);
  console.log(`History drafts: ${WRITES.toLocaleString('en-US')} writes, ${READS} reads each, 1 in ${LATE} late; ${ROUNDS} rounds, median (min–max)\n`);
  console.log('| tree | CPU µs per write | live heap after GC (MB) | drafts left waiting |\n|---|---:|---:|---:|');
  for (const [tree, rs] of results) console.log(`| ${tree} | ${spread(rs.map((r) => r.usPerWrite), 2)} | ${spread(rs.map((r) => r.heapMb))} | ${spread(rs.map((r) => r.waiting), 0)} |`);
  const [a, b] = [...results.values()];
  if (a && b) {
    const ratios = a.map((r, i) => r.usPerWrite / b[i]!.usPerWrite);
    console.log(`\nratio ${path.basename(trees[0]!)}/${path.basename(trees[1]!)} per round: ${spread(ratios, 3)}`);
  }
}
