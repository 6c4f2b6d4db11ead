/**
 * `node --expose-gc --import tsx bench/history-memory.ts [tree...]`: what the resource history
 * costs in memory per entry, with nothing else in the process, and what opening a timeline costs.
 * For each tree (this one, and e.g. main's checkout) a child process opens a ResourceHistory on a
 * temporary folder with a cap of FILL and appends FILL entries shaped like the soak's mix (user
 * PATCHes 20, creates 15, group pushes 10 to 20 groups of up to 50 members, each push also changing
 * the user's `groups`), each built from fresh objects as the store hands them over; it forces a GC
 * after each step and reports live heap and RSS, then times reading a group's timeline and a user's,
 * the group's newest 50 entries (the paged endpoint's first page, where the tree has pages), and a
 * restart (open) of the full history. Trees run alternately, ROUNDS times, so both see the
 * same machine load. Environment: ROUNDS=3 FILL=20000 STEPS=4.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HistoryEntry } from '../server/contract/admin.js';
import type { JsonObject } from '../server/contract/scim.js';
import { fillAndMeasure, heapCells, medianMs, runTrees, spread, stepLabels, type HeapSteps } from './heap-per-item.js';

const FILL = Number(process.env.FILL ?? 20_000);
const STEPS = Number(process.env.STEPS ?? 4);
const ROUNDS = Number(process.env.ROUNDS ?? 3);

interface Result extends HeapSteps {
  groupTimelineMs: number;
  groupTimelineEntries: number;
  groupPageMs: number | null;
  userTimelineMs: number;
  openMs: number;
  /** The history's files on disk at the end (MB). */
  diskMb: number;
}

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const at = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 5).toISOString();
const meta = (type: string, id: string, v: number) => ({ resourceType: type, created: at(0), lastModified: at(v), version: `W/"${v}"` });
const user = (i: number, v: number, active: boolean, groups: string[] = []): JsonObject => ({
  schemas: [USER, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
  id: `user-${i}`,
  externalId: `00u${i}abcdefghij`,
  userName: `user${i}@example.com`,
  name: { givenName: `Given${i}`, familyName: `Family${i}`, formatted: `Given${i} Family${i}` },
  displayName: `Given${i} Family${i}`,
  emails: [{ value: `user${i}@example.com`, type: 'work', primary: true }],
  phoneNumbers: [{ value: `+1 555 01${String(i % 100).padStart(2, '0')}`, type: 'mobile' }],
  active,
  ...(groups.length ? { groups: groups.map((g) => ({ value: g, display: `Soak pushes ${g}`, type: 'direct' })) } : {}),
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { employeeNumber: String(i), department: 'Engineering', manager: { value: 'user-1' } },
  meta: meta('User', `user-${i}`, v),
});
const group = (g: number, v: number, members: number[]): JsonObject => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
  id: `group-${g}`,
  displayName: `Soak pushes ${g}`,
  ...(members.length ? { members: members.map((m) => ({ value: `user-${m}`, display: `user${m}@example.com`, type: 'User' })) } : {}),
  meta: meta('Group', `group-${g}`, v),
});
const entry = (n: number, type: 'User' | 'Group', id: string, kind: string, before: JsonObject | null, after: JsonObject | null): HistoryEntry => ({ at: at(n), resourceType: type, id, source: 'scim', exchangeId: `ex-${n}`, client: 'okta', kind, summary: `${kind} ${id}`, before, after });

/** The soak's mix, entry by entry (a group push gives two). */
function* entries(): Generator<HistoryEntry> {
  const groups = Array.from({ length: 20 }, () => [] as number[]);
  let user_ = 0;
  for (let n = 0; ; n++) {
    const r = (n * 37) % 45;
    const i = (n * 7919) % 10_000;
    if (r < 20) yield entry(n, 'User', `user-${i}`, 'user.update', user(i, n, n % 2 === 0), user(i, n + 1, n % 2 === 1));
    else if (r < 35) yield entry(n, 'User', `user-${10_000 + user_}`, 'user.create', null, user(10_000 + user_++, 1, true));
    else {
      const g = n % 20;
      const before = [...groups[g]!];
      const adding = before.length < 50;
      const m = adding ? i : before[0]!;
      const after = adding ? [...before, m] : before.slice(1);
      groups[g] = after;
      yield entry(n, 'Group', `group-${g}`, adding ? 'group.members.add' : 'group.members.remove', group(g, n, before), group(g, n + 1, after));
      yield entry(n, 'User', `user-${m}`, 'user.update', user(m, n, true, adding ? [] : [`group-${g}`]), user(m, n + 1, true, adding ? [`group-${g}`] : []));
    }
  }
}

async function child(tree: string): Promise<Result> {
  const { ResourceHistory } = (await import(pathToFileURL(path.join(tree, 'server/recorder/resource-history.ts')).href)) as typeof import('../server/recorder/resource-history.js');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scimscope-history-bench-'));
  try {
    const { history } = await ResourceHistory.open(dir, FILL);
    const source = entries();
    const heap = await fillAndMeasure(FILL, STEPS, () => history.append([source.next().value!]), () => history.flush());
    const groupTimelineEntries = (await history.forResource('Group', 'group-3')).length;
    const groupTimelineMs = await medianMs(() => history.forResource('Group', 'group-3'));
    const userTimelineMs = await medianMs(() => history.forResource('User', 'user-7919'));
    // The inspector's first page of the same timeline (trees without pages: null).
    const paged = history as unknown as { page?: (type: 'Group', id: string, range: { count: number }) => Promise<unknown> };
    const groupPageMs = paged.page ? await medianMs(() => paged.page!('Group', 'group-3', { count: 50 })) : null;
    await history.close();
    const diskMb = readdirSync(dir).reduce((sum, name) => sum + statSync(path.join(dir, name)).size, 0) / 2 ** 20;
    const t = performance.now();
    const { history: reopened } = await ResourceHistory.open(dir, FILL);
    const openMs = performance.now() - t;
    await reopened.close();
    return { ...heap, groupTimelineMs, groupTimelineEntries, groupPageMs, userTimelineMs, openMs, diskMb };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.HISTORY_TREE) {
  const result = await child(process.env.HISTORY_TREE);
  process.stdout.write(JSON.stringify(result));
} else {
  const trees = process.argv.slice(2).length ? process.argv.slice(2) : [path.resolve(import.meta.dirname, '..')];
  const results = runTrees<Result>(import.meta.filename, 'HISTORY_TREE', trees, ROUNDS);
  console.log(`${FILL.toLocaleString('en-US')} entries, ${ROUNDS} rounds; median (min–max)\n`);
  console.log(`| tree | heap MB at ${stepLabels(FILL, STEPS)} | RSS MB at full | heap bytes per entry | group timeline ms | its newest 50 ms | user timeline ms | open ms | files MB |`);
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [tree, rs] of results) {
    const heap = heapCells(rs, FILL, STEPS, 0);
    console.log(`| ${tree} | ${heap.atSteps} | ${heap.rssFull} | ${heap.perItem} | ${spread(rs.map((r) => r.groupTimelineMs), 2)} (${rs[0]!.groupTimelineEntries} entries) | ${rs[0]!.groupPageMs === null ? '—' : spread(rs.map((r) => r.groupPageMs!), 2)} | ${spread(rs.map((r) => r.userTimelineMs), 2)} | ${spread(rs.map((r) => r.openMs))} | ${spread(rs.map((r) => r.diskMb))} |`);
  }
}
