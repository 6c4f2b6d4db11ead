/**
 * The recording worker's work per exchange, in-process: interpret, serialize and append to a real
 * exchanges file (record-processing.ts `recordBatch`), for an import page of 100 users (~65 KB, just
 * under the default body limit) and a read by id, two trees' sources side by side, rounds alternating.
 * CPU time of this process (user + system), so it does not depend on what else the machine runs.
 *
 * Usage: node --import tsx bench/recording-worker-cpu.ts <this-tree> <base-tree>
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
const [treeA, treeB] = process.argv.slice(2);
if (!treeA || !treeB) throw new Error('usage: bench/recording-worker-cpu.ts <this-tree> <base-tree>');
const load = async (tree: string) => ({
  rp: await import(path.join(tree, 'server/recorder/record-processing.ts')),
  ef: await import(path.join(tree, 'server/recorder/exchange-file.ts')),
});
const A = await load(treeA!); const B = await load(treeB!);
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const user = (i: number) => { const id = `2819c223-7f76-453a-919d-${String(i).padStart(12, '0')}`; return { schemas: [USER], id, externalId: `ext-${i}`, userName: `user${i}@example.com`, name: { formatted: `Ann Lee ${i}`, givenName: 'Ann', familyName: `Lee ${i}` }, displayName: `Ann Lee ${i}`, emails: [{ value: `user${i}@example.com`, type: 'work', primary: true }], phoneNumbers: [{ value: '+1 555 0100', type: 'work' }], active: true, groups: [], meta: { resourceType: 'User', created: '2026-01-01T00:00:00.000Z', lastModified: '2026-01-01T00:00:00.000Z', location: `http://127.0.0.1:7171/scim/v2/Users/${id}`, version: `W/"${i}"` } }; };
const page = JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 100000, startIndex: 50001, itemsPerPage: 100, Resources: Array.from({ length: 100 }, (_, i) => user(50001 + i)) });
const one = JSON.stringify(user(7));
const cap = (pathName: string, query: Record<string, string>, text: string) => ({
  parts: { id: 'ex' + Math.random(), seq: 1, startedAt: '2026-12-04T18:00:00.000Z', durationMs: 1.25, outcome: 'completed', method: 'GET', path: pathName, query, requestHeaders: { host: '127.0.0.1', 'user-agent': 'autocannon', authorization: 'Bearer [redacted]' }, remoteAddress: '127.0.0.1', status: 200, responseHeaders: { 'content-type': 'application/scim+json; charset=utf-8' }, changes: [], fault: null, retryOf: null, replayOf: null, upstream: null },
  request: { data: null, json: false, size: 0 }, response: { data: text, json: true, size: Buffer.byteLength(text) },
  inputs: { leniencies: [], resourceType: 'User', resourceId: null, error: null, lookups: {}, rawQuery: '' }, limit: 65536,
});
console.log('page bytes', page.length);
const scen = { import: () => cap('/scim/v2/Users', { startIndex: '50001', count: '100' }, page), read: () => cap('/scim/v2/Users/x', {}, one) };
for (let round = 0; round < 6; round++) {
  for (const [name, mod] of round % 2 ? [['this', A], ['base', B]] as const : [['base', B], ['this', A]] as const) {
    for (const [s, mk] of Object.entries(scen)) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-mb-'));
      const file = new mod.ef.ExchangeFileWriter(dir, 1_000_000, null);
      const N = s === 'import' ? 1500 : 15000;
      const caps = Array.from({ length: N }, mk);
      const c = process.cpuUsage();
      for (const capture of caps) mod.rp.recordBatch([capture], file, () => {});
      const u = process.cpuUsage(c);
      file.close(); fs.rmSync(dir, { recursive: true });
      console.log(round, name, s, ((u.user + u.system) / N).toFixed(1), 'µs/exchange (user', (u.user / N).toFixed(1), ')');
    }
  }
}
