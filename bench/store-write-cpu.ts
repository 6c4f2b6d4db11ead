/**
 * `node --expose-gc --import tsx bench/store-write-cpu.ts <base checkout> [writes=20000] [rounds=5]`: the
 * CPU a store commit costs per written user, this tree against another, in one process (each tree's
 * store module imported from its sources), rounds alternating. What it isolates is the store's own work
 * (record-layout.ts's copy, the indexes, the view-cache drops, the undo), not HTTP or recording: a
 * memory store of 10,000 users as make-store.ts shapes them, then WRITES commits in the soak's mix, 3
 * creates for every 4 PATCHes (a seeded user rewritten with `active` toggled, built as
 * resource-service.ts builds it: `{ schemas, id, ...rest, meta }`). Prints µs per commit (user +
 * system CPU, median and min–max per round) and the per-round ratio. STORE_WRITE_MIX=push instead writes
 * group pushes: a group listing 5,000 of the users gains one member and loses its oldest per commit, as
 * Okta pushes membership (the membership index's work, membership-index.ts).
 */
import path from 'node:path';
import { spread } from './heap-per-item.js';

const [baseTree, writesArg, roundsArg] = process.argv.slice(2);
if (!baseTree) throw new Error('usage: store-write-cpu.ts <base checkout> [writes] [rounds]');
const WRITES = Number(writesArg ?? 20_000);
const ROUNDS = Number(roundsArg ?? 5);
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PUSH = process.env.STORE_WRITE_MIX === 'push';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

type StoreModule = typeof import('../server/store/store.js');
type MemoryModule = typeof import('../server/store/memory-persistence.js');

function seeded(i: number): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify({
      schemas: [USER, ENTERPRISE],
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      userName: `user${i}@example.com`,
      externalId: `ext-${i}`,
      name: { givenName: 'Ann', familyName: 'Lee', formatted: 'Ann Lee' },
      displayName: 'Ann Lee',
      title: 'Engineer',
      emails: [{ value: `user${i}@example.com`, type: 'work', primary: true }],
      active: true,
      [ENTERPRISE]: { department: 'Engineering', employeeNumber: String(i) },
      meta: { resourceType: 'User', created: '2026-01-01T00:00:00.000Z', lastModified: '2026-01-01T00:00:00.000Z', version: 'W/"1"' },
    }),
  ) as Record<string, unknown>;
}

async function round(tree: string, salt: number): Promise<number> {
  const { Store } = (await import(path.join(path.resolve(tree), 'server/store/store.ts'))) as StoreModule;
  const { MemoryPersistence } = (await import(path.join(path.resolve(tree), 'server/store/memory-persistence.ts'))) as MemoryModule;
  const users = Array.from({ length: 10_000 }, (_, i) => seeded(i));
  const store = await Store.open(new MemoryPersistence({ version: 1, journalSeq: 0, users: users as never, groups: [], secrets: {} }), { log: () => undefined });
  const members = users.slice(0, 5_000).map((u) => ({ value: u.id as string }));
  const meta = { resourceType: 'Group', created: '2026-01-01T00:00:00.000Z', lastModified: '2026-01-01T00:00:00.000Z', version: 'W/"1"' };
  if (PUSH) await store.commit([{ kind: 'put', type: 'Group', resource: { schemas: [GROUP], id: 'g', displayName: 'Pushed', members: members.slice(), meta } as never }], { source: 'inspector' });
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.cpuUsage();
  for (let w = 0; w < WRITES; w++) {
    let resource: Record<string, unknown>;
    if (PUSH) {
      members.shift();
      members.push({ value: users[(5_000 + w) % users.length]!.id as string });
      await store.commit([{ kind: 'put', type: 'Group', resource: { schemas: [GROUP], id: 'g', displayName: 'Pushed', members: members.slice(), meta: { ...meta, version: `W/"${w + 2}"` } } as never }], { source: 'inspector' });
      continue;
    }
    if (w % 7 < 3) {
      const n = `${salt}-${w}`;
      const stamp = new Date().toISOString();
      const attributes: Record<string, unknown> = {};
      for (const [k, v] of Object.entries({ userName: `soak.${n}@example.com`, name: { givenName: 'Soak', familyName: n }, emails: [{ value: `soak.${n}@example.com`, type: 'work', primary: true }], active: true })) attributes[k] = v;
      resource = { schemas: [USER], id: `soak-${n}`, ...attributes, meta: { resourceType: 'User', created: stamp, lastModified: stamp, version: 'W/"1"' } };
    } else {
      const current = store.get('User', users[(w * 7919) % users.length]!.id as string)!;
      const { schemas, meta, ...rest } = current as Record<string, unknown> & { meta: Record<string, unknown> };
      resource = { schemas, id: current.id, ...rest, active: !rest.active, meta: { ...meta, lastModified: new Date().toISOString(), version: `W/"${w}"` } };
    }
    await store.commit([{ kind: 'put', type: 'User', resource: resource as never }], { source: 'inspector' });
  }
  const used = process.cpuUsage(start);
  await store.close();
  return (used.user + used.system) / WRITES;
}

const trees = [{ name: 'this tree', tree: process.cwd() }, { name: `base (${path.basename(baseTree)})`, tree: baseTree }];
const samples: number[][] = [[], []];
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 === 0 ? [0, 1] : [1, 0];
  for (const t of order) samples[t]!.push(await round(trees[t]!.tree, r * 2 + t));
}
console.log(`CPU per store commit of ${PUSH ? 'a group push (5,000 members)' : 'one user'}, ${WRITES.toLocaleString('en-US')} commits${PUSH ? '' : ' (3 creates : 4 PATCHes)'}, 10,000 users, ${ROUNDS} rounds alternating, median (min–max)\n`);
trees.forEach((t, i) => console.log(`${t.name}: ${spread(samples[i]!, 2)} µs`));
console.log(`this / base, per round: ${spread(samples[0]!.map((v, r) => v / samples[1]![r]!), 3)}`);
