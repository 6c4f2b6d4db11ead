/**
 * Whether two checkouts record the same exchanges, byte for byte, on real captures: each tree's
 * `scimscope serve` (its sources through tsx) is sent the same Okta-shaped sequence of requests, one
 * at a time (lookups, reads, creates with a password, PATCHes, import pages, group pushes, a 404, a
 * refused token, a malformed body, a delete), with a live socket open; then the admin API's list
 * and every exchange's detail, the live socket's exchange events, the HAR export and the exchanges
 * file are compared after the values that differ between any two runs (ids, times, durations,
 * versions, ports) are replaced by their order of first appearance. Prints "identical" or the first
 * differences, and exits 1 on a difference. For changes that must not change what is recorded
 * (docs/performance.md, "Recording hand-off in quiet moments (wave 7)").
 *
 * Usage: node --import tsx bench/handoff-identical.ts <other-checkout> [requests=200]
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { admin, root, serve, stopServe } from './serve-process.js';

const other = process.argv[2];
if (!other) throw new Error('usage: bench/handoff-identical.ts <other-checkout> [requests]');
const REQUESTS = Number(process.argv[3] ?? 200);
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

interface Captured {
  list: string;
  details: string[];
  live: string[];
  har: string;
  file: string;
}

async function run(tree: string): Promise<Captured> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'handoff-identical-'));
  const s = await serve(dir, { tree, source: true });
  try {
    const live: string[] = [];
    const ws = new WebSocket(`${s.ready.adminUrl.replace('http', 'ws')}/api/events?initial=0`, { headers: { Authorization: `Bearer ${s.ready.adminToken}` } });
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; events?: { type: string; exchange?: unknown }[] };
      for (const event of message.events ?? []) if (event.type === 'exchange') live.push(JSON.stringify(event.exchange));
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const scim = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(`${s.ready.scimUrl}${url}`, { method, headers: { Authorization: `Bearer ${s.ready.token}`, 'Content-Type': 'application/scim+json', ...headers }, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
      const text = await res.text();
      return { status: res.status, json: text ? (JSON.parse(text) as { id?: string }) : null };
    };
    const users: { id: string; userName: string }[] = [];
    for (let i = 0; i < 20; i++) {
      const userName = `okta.${i}@example.com`;
      const r = await scim('POST', '/Users', { schemas: [USER], userName, name: { givenName: 'Okta', familyName: `Zoë ${i}` }, emails: [{ value: userName, type: 'work', primary: true }], password: `Secret-pw-${i}!`, active: true });
      users.push({ id: r.json!.id!, userName });
    }
    const group = (await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Okta push' })).json!.id!;
    for (let n = 0; n < REQUESTS; n++) {
      const u = users[(n * 7) % users.length]!;
      switch (n % 10) {
        case 0:
        case 1:
        case 2:
          await scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${u.userName}"`)}`);
          break;
        case 3:
          await scim('GET', `/Users/${u.id}`);
          break;
        case 4:
          await scim('PATCH', `/Users/${u.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: n % 4 === 0 } }] });
          break;
        case 5:
          await scim('GET', `/Users?startIndex=${1 + (n % 10)}&count=10`);
          break;
        case 6:
          await scim('PATCH', `/Groups/${group}`, { schemas: [PATCH], Operations: [{ op: n % 20 === 6 ? 'add' : 'remove', path: 'members', value: [{ value: u.id }] }] });
          break;
        case 7:
          await scim('GET', `/Users/no-such-${n}`);
          break;
        case 8:
          await scim('GET', `/Users/${u.id}`, undefined, { Authorization: 'Bearer wrong-token' });
          break;
        case 9:
          await scim('POST', '/Users', n % 20 === 9 ? '{"schemas": [' : { schemas: [USER], userName: `late.${n}@example.com`, password: 'Late-secret-1' });
          break;
      }
    }
    await scim('DELETE', `/Users/${users[0]!.id}`);
    // Until everything sent is listed and has reached the live socket (it flushes every 150 ms).
    const expected = users.length + 1 + REQUESTS + 1;
    for (let tries = 0; ; tries++) {
      if (tries > 300) throw new Error(`not all listed: expected ${expected}, live ${live.length}`);
      const list = (await admin(s.ready, 'GET', `/api/exchanges?limit=${expected + 10}`)).body as { items: { id: string }[] };
      if (list.items.length >= expected && live.length >= expected) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const listRes = (await admin(s.ready, 'GET', `/api/exchanges?limit=${expected + 10}`)).body as { items: { id: string }[] };
    const details: string[] = [];
    for (const item of listRes.items) details.push(JSON.stringify((await admin(s.ready, 'GET', `/api/exchanges/${item.id}`)).body));
    const harRes = await fetch(`${s.ready.adminUrl}/api/exchanges.har`, { headers: { Authorization: `Bearer ${s.ready.adminToken}` } });
    const har = await harRes.text();
    ws.close();
    await stopServe(s.child);
    const exchangesDir = (await findDir(dir, 'exchanges')) ?? dir;
    const files = (await readdir(exchangesDir)).filter((f) => f.endsWith('.jsonl')).sort();
    let file = '';
    for (const f of files) if (!f.includes('index')) file += await readFile(path.join(exchangesDir, f), 'utf8');
    return { list: JSON.stringify(listRes), details, live, har: `${harRes.status} ${har}`, file };
  } finally {
    await stopServe(s.child);
    await rm(dir, { recursive: true, force: true });
  }
}

async function findDir(dir: string, name: string): Promise<string | null> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const full = path.join(dir, entry.name);
    if (entry.name === name) return full;
    const deeper = await findDir(full, name);
    if (deeper) return deeper;
  }
  return null;
}

/** Ids, times, durations and versions replaced by their order of first appearance. */
function normalize(text: string): string {
  const seen = new Map<string, string>();
  const token = (kind: string) => (v: string) => {
    if (!seen.has(v)) seen.set(v, `<${kind}${seen.size}>`);
    return seen.get(v)!;
  };
  return text
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{1,12}/g, token('uuid'))
    .replace(/W\/\\?"[^"\\]*\\?"/g, '<version>')
    .replace(/"(durationMs|pausedMs|time|wait|receive|send|blocked|connect|ssl|dns)":-?[\d.]+/g, '"$1":0')
    .replace(/"(id|exchangeId)":"[0-9a-z]{10,}"/g, (m) => token('xid')(m))
    .replace(/\b[0-9a-z]{8}[0-9a-z]{2,}[0-9a-z]{4}\b/g, (m) => (/[a-z]/.test(m) && /\d/.test(m) ? token('x')(m) : m));
}

const [a, b] = [await run(root), await run(path.resolve(other))];
let differences = 0;
const compare = (what: string, x: string, y: string) => {
  const [nx, ny] = [normalize(x), normalize(y)];
  if (nx === ny) return;
  differences++;
  let at = 0;
  while (at < nx.length && nx[at] === ny[at]) at++;
  console.log(`${what} differs at ${at}:\n  this:  ${nx.slice(Math.max(0, at - 120), at + 200)}\n  other: ${ny.slice(Math.max(0, at - 120), at + 200)}`);
};
compare('admin list', a.list, b.list);
compare('details', a.details.join('\n'), b.details.join('\n'));
compare('live socket', a.live.join('\n'), b.live.join('\n'));
compare('HAR', a.har, b.har);
compare('exchanges file', a.file, b.file);
console.log(`${a.details.length} / ${b.details.length} exchanges, live ${a.live.length} / ${b.live.length}, file ${a.file.length} / ${b.file.length} chars, HAR ${a.har.length} / ${b.har.length}`);
console.log(differences === 0 ? 'identical' : `${differences} difference(s)`);
process.exitCode = differences === 0 ? 0 : 1;
