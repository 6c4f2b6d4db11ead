/**
 * `node --import tsx bench/store-user-memory.ts [created=20000] [rounds=3]`: the live heap one user
 * created through a store commit costs the store alone (records, strings, indexes), without HTTP or
 * recording, so the figure is the directory's own and not a capped log's filling (bench/created-user-heap.ts
 * measures the whole server, where the history's drafts ring fills during the run). A memory store of
 * 10,000 users as make-store.ts shapes them (parsed from JSON, as loaded ones are), then CREATED soak-shaped
 * users (bench/soak.ts's body) built as server/scim/resource-service.ts builds them (`{ schemas, id,
 * ...attributes, meta }`, a random UUID, one ISO stamp), each in its own commit; live heap after forced
 * GCs before and after; bytes per user = growth / CREATED. STORE_MEM_MIX=soak adds the soak's PATCHes of
 * the seeded users (4 for every 3 creates, `active` toggled, built as the PATCH path builds them).
 * STORE_MEM_FROM=<n> creates n users first (not counted), so the window can start where the soak's
 * minute 2 does (~13,000 users) and cross what it crosses (the maps' doubling at 16,384).
 * With BENCH_BASE=<another checkout> each tree runs in its own child process from its sources, alternating;
 * per-round ratios. HEAP_SNAPSHOTS=<folder> writes a snapshot before and after (this tree, first round)
 * for bench/soak-heap-diff.ts.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import v8 from 'node:v8';
import { answerParent, benchTrees, runPerTree, spread } from './heap-per-item.js';

const VARIABLE = 'STORE_USER_MEMORY';
const SOAK_MIX = process.env.STORE_MEM_MIX === 'soak';
const FROM = Number(process.env.STORE_MEM_FROM ?? 3_000);
const SEEDED = 10_000;
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const GIVEN = ['Ann', 'Ben', 'Chloe', 'Dev', 'Elif', 'Femi', 'Gia', 'Hugo'];
const FAMILY = ['Lee', 'Khan', 'Smith', 'Garcia', 'Rossi', 'Chen', 'Okafor', 'Dubois'];

type StoreModule = typeof import('../server/store/store.js');
type MemoryModule = typeof import('../server/store/memory-persistence.js');

interface Sample {
  perUser: number;
  heapMb: [number, number];
  commitUs: number;
}

function seeded(i: number): Record<string, unknown> {
  const given = GIVEN[i % GIVEN.length]!;
  const family = FAMILY[(i * 7) % FAMILY.length]!;
  const userName = `${given.toLowerCase()}.${family.toLowerCase()}.${i}@example.com`;
  return {
    schemas: [USER, ENTERPRISE],
    id: crypto.randomUUID(),
    userName,
    externalId: `00u${i.toString(36).padStart(12, '0')}`,
    name: { givenName: given, familyName: family, formatted: `${given} ${family}` },
    displayName: `${given} ${family}`,
    title: 'Engineer',
    emails: [{ value: userName, type: 'work', primary: true }],
    locale: 'en-US',
    active: true,
    [ENTERPRISE]: { department: 'Engineering', employeeNumber: String(10000 + i) },
    meta: { resourceType: 'User', created: '2026-01-01T00:00:00.000Z', lastModified: '2026-01-01T00:00:00.000Z', version: 'W/"1"' },
  };
}

/** A create as resource-service.ts builds it: the normalized body's attributes, then `{ schemas, id, ...rest, meta }`. */
function created(n: number): Record<string, unknown> {
  const body = JSON.parse(JSON.stringify({ schemas: [USER], userName: `soak.${n}@example.com`, name: { givenName: 'Soak', familyName: String(n) }, emails: [{ value: `soak.${n}@example.com`, type: 'work', primary: true }], active: true })) as Record<string, unknown>;
  const attributes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) attributes[k] = v;
  const { schemas, ...rest } = attributes;
  const stamp = new Date().toISOString();
  return { schemas, id: crypto.randomUUID(), ...rest, meta: { resourceType: 'User', created: stamp, lastModified: stamp, version: 'W/"1"' } };
}

async function measure(tree: string, count: number, snapshots: string | null): Promise<Sample> {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const { Store } = (await import(path.join(tree, 'server/store/store.ts'))) as StoreModule;
  const { MemoryPersistence } = (await import(path.join(tree, 'server/store/memory-persistence.ts'))) as MemoryModule;
  const users = JSON.parse(JSON.stringify(Array.from({ length: SEEDED }, (_, i) => seeded(i)))) as Record<string, unknown>[];
  const ids = users.map((u) => u.id as string);
  const store = await Store.open(new MemoryPersistence({ version: 1, journalSeq: 0, users: users as never, groups: [], secrets: {} }), { log: () => undefined });
  users.length = 0;
  await store.settled;
  let n = 0;
  let patches = 0;
  let commitCpu = 0;
  let commits = 0;
  const createMany = async (k: number) => {
    for (const target = n + k; n < target; ) {
      const resource = created(n++);
      const t = process.cpuUsage();
      await store.commit([{ kind: 'put', type: 'User', resource: resource as never }], { source: 'scim' } as never);
      const used = process.cpuUsage(t);
      commitCpu += used.user + used.system;
      commits++;
      for (; SOAK_MIX && patches < Math.floor((n * 4) / 3); patches++) {
        const current = store.get('User', ids[(patches * 7919) % ids.length]!)!;
        const { schemas, meta, ...rest } = current as Record<string, unknown> & { meta: Record<string, unknown> };
        const stamp = new Date().toISOString();
        const next = { schemas, id: current.id, ...rest, active: patches % 2 === 0, meta: { ...meta, lastModified: stamp, version: `W/"${patches + 2}"` } };
        await store.commit([{ kind: 'put', type: 'User', resource: next as never }], { source: 'scim' } as never);
      }
    }
  };
  await createMany(FROM);
  const h0 = heap();
  if (snapshots) v8.writeHeapSnapshot(path.join(snapshots, 'store-before.heapsnapshot'));
  commitCpu = 0;
  commits = 0;
  await createMany(count);
  const h1 = heap();
  if (snapshots) v8.writeHeapSnapshot(path.join(snapshots, 'store-after.heapsnapshot'));
  await store.close();
  return { perUser: (h1 - h0) / count, heapMb: [h0 / 2 ** 20, h1 / 2 ** 20], commitUs: commitCpu / commits };
}

if (!(await answerParent(VARIABLE, measure))) {
  const count = Number(process.argv[2] ?? 20_000);
  const rounds = Number(process.argv[3] ?? 3);
  const trees = benchTrees();
  const snapshots = process.env.HEAP_SNAPSHOTS ? path.resolve(process.env.HEAP_SNAPSHOTS) : null;
  let first = true;
  const samples = await runPerTree<Sample>(import.meta.filename, VARIABLE, trees, rounds, (tree) => {
    const snap = first && tree === trees[0]!.tree ? snapshots : null;
    if (tree === trees[0]!.tree) first = false;
    return [tree, count, snap];
  });
  console.log(
    `Live heap per user created through a store commit (${SEEDED.toLocaleString('en-US')} seeded users, ${FROM.toLocaleString('en-US')} created first, then ${count.toLocaleString('en-US')} measured${SOAK_MIX ? ", with the soak's PATCHes" : ''}; ${rounds} rounds, median (min–max))\n`,
  );
  console.log('| tree | heap before → after, MB | bytes per created user | CPU per create commit, µs |\n|---|---:|---:|---:|');
  trees.forEach((t, i) => console.log(`| ${t.name} | ${spread(samples[i]!.map((s) => s.heapMb[0]))} → ${spread(samples[i]!.map((s) => s.heapMb[1]))} | ${spread(samples[i]!.map((s) => s.perUser), 0)} | ${spread(samples[i]!.map((s) => s.commitUs), 1)} |`));
  if (trees.length > 1) {
    console.log(`\nthis / base, per round: bytes ${spread(samples[0]!.map((s, r) => s.perUser / samples[1]![r]!.perUser), 3)}, CPU ${spread(samples[0]!.map((s, r) => s.commitUs / samples[1]![r]!.commitUs), 3)}`);
  }
}
