/**
 * `node --expose-gc --import tsx bench/exchange-log-memory.ts [tree...]`: what the exchange log's
 * in-memory entries cost, with nothing else in the process. For each tree (this one, and e.g. main's
 * checkout) a child process fills an ExchangeLog with 100,000 Okta-shaped index records (lookups,
 * reads, creates, PATCHes, import pages; each parsed from its own JSON line, as start-up and the
 * worker hand them over), forces a GC after each step and reports live heap and RSS, then times a
 * quick search and a filtered list over the full log. Trees run alternately, ROUNDS times, so both
 * see the same machine load. Environment: ROUNDS=3 FILL=100000 STEPS=5.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const FILL = Number(process.env.FILL ?? 100_000);
const STEPS = Number(process.env.STEPS ?? 5);
const ROUNDS = Number(process.env.ROUNDS ?? 3);

/** One index line of the kind a real server writes (shapes copied from a recorded session). */
export function indexLine(seq: number): string {
  const id = `mx95${seq.toString(36).padStart(6, '0')}5470840000`;
  const uuid = `5f79e962-a2c5-490c-b4fd-${seq.toString(16).padStart(12, '0')}`;
  const user = `user${seq}@example.com`;
  const startedAt = new Date(Date.UTC(2026, 11, 4) + seq * 10).toISOString();
  const base = { id, seq, startedAt, durationMs: Math.round((seq % 97) * 13) / 100, client: seq % 3 ? 'okta' : 'entra', outcome: 'completed', fault: null, lintCount: seq % 11 === 0 ? 1 : 0, lintLevel: seq % 11 === 0 ? 'warning' : null, retryOf: null, replayOf: null };
  const kind = seq % 10;
  let rest: Record<string, unknown>;
  let identifiers = '';
  let changeIds: string[] = [];
  if (kind < 5) {
    rest = { method: 'GET', path: '/scim/v2/Users', query: `filter=userName eq "${user}"`, status: 200, operation: { kind: 'user.lookup', resourceType: 'User', resourceId: null, summary: `Okta looked up ${user} (found)` }, changeCount: 0 };
    identifiers = `${uuid}\n${user}\n00u${seq}\n${user}`;
  } else if (kind < 7) {
    rest = { method: 'GET', path: `/scim/v2/Users/${uuid}`, query: '', status: 200, operation: { kind: 'user.read', resourceType: 'User', resourceId: uuid, summary: `Okta read ${user}` }, changeCount: 0 };
    identifiers = `${uuid}\n${user}\n00u${seq}\nFirst Last\n${user}`;
  } else if (kind === 7) {
    rest = { method: 'POST', path: '/scim/v2/Users', query: '', status: 201, operation: { kind: 'user.create', resourceType: 'User', resourceId: uuid, summary: `Okta created ${user}` }, changeCount: 1 };
    identifiers = `${user}\n${user}\n${uuid}\n${user}\n${user}`;
    changeIds = [uuid];
  } else if (kind === 8) {
    rest = { method: 'PATCH', path: `/scim/v2/Users/${uuid}`, query: '', status: 200, operation: { kind: 'user.deactivate', resourceType: 'User', resourceId: uuid, summary: `Okta deactivated ${user}` }, changeCount: 1 };
    identifiers = `${uuid}\n${user}\n00u${seq}`;
    changeIds = [uuid];
  } else {
    rest = { method: 'GET', path: '/scim/v2/Users', query: `startIndex=${seq}&count=100`, status: 200, operation: { kind: 'user.import', resourceType: 'User', resourceId: null, summary: `Okta imported users ${seq}–${seq + 99} of 100000` }, changeCount: 0 };
    identifiers = Array.from({ length: 5 }, (_, i) => `${uuid.slice(0, -4)}${i}000\nuser${seq + i}@example.com\n00u${seq + i}`).join('\n').slice(0, 256);
  }
  return JSON.stringify({ summary: { ...base, ...rest }, identifiers, changeIds, offset: seq * 1000, length: 900 });
}

interface Result {
  heapMb: number[];
  rssMb: number[];
  searchMs: number;
  filterMs: number;
  listMs: number;
}

async function child(tree: string): Promise<Result> {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const { ExchangeLog } = (await import(pathToFileURL(path.join(tree, 'server/recorder/exchange-log.ts')).href)) as typeof import('../server/recorder/exchange-log.js');
  const { exchangeLog } = await ExchangeLog.open(null, FILL);
  const heapMb: number[] = [];
  const rssMb: number[] = [];
  const measure = () => {
    gc();
    gc();
    heapMb.push(process.memoryUsage().heapUsed / 2 ** 20);
    rssMb.push(process.memoryUsage().rss / 2 ** 20);
  };
  measure();
  for (let step = 1; step <= STEPS; step++) {
    for (let seq = Math.round(((step - 1) * FILL) / STEPS) + 1; seq <= Math.round((step * FILL) / STEPS); seq++) {
      const line = JSON.parse(indexLine(seq)) as { summary: never; identifiers: string; changeIds: string[]; offset: number; length: number };
      exchangeLog.add({ summary: line.summary, identifiers: line.identifiers, changeIds: line.changeIds }, { gen: 1, offset: line.offset, length: line.length });
    }
    measure();
  }
  const time = (f: () => unknown) => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      f();
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b)[2]!;
  };
  const searchMs = time(() => exchangeLog.query({ search: `user${FILL - 7}@example.com`, limit: 100 }));
  const filterMs = time(() => exchangeLog.query({ kinds: ['user.lookup'], statuses: ['2xx'], limit: 100 }));
  const listMs = time(() => exchangeLog.query({ limit: 500 }));
  await exchangeLog.close();
  return { heapMb, rssMb, searchMs, filterMs, listMs };
}

if (process.env.EXCHANGE_LOG_TREE) {
  const result = await child(process.env.EXCHANGE_LOG_TREE);
  process.stdout.write(JSON.stringify(result));
} else {
  const trees = process.argv.slice(2).length ? process.argv.slice(2) : [path.resolve(import.meta.dirname, '..')];
  const results = new Map<string, Result[]>(trees.map((t) => [t, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const tree of round % 2 ? [...trees].reverse() : trees) {
      const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', import.meta.filename], { env: { ...process.env, EXCHANGE_LOG_TREE: tree }, cwd: tree, encoding: 'utf8', maxBuffer: 1 << 20 });
      results.get(tree)!.push(JSON.parse(out) as Result);
    }
  }
  const fmt = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return `${s[Math.floor(s.length / 2)]!.toFixed(1)} (${s[0]!.toFixed(1)}–${s[s.length - 1]!.toFixed(1)})`;
  };
  console.log(`| tree | heap MB at ${Array.from({ length: STEPS + 1 }, (_, i) => Math.round((FILL / STEPS) * i).toLocaleString('en-US')).join(' · ')} | RSS MB at full | heap bytes per exchange | search ms | filter ms | list 500 ms |`);
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const [tree, rs] of results) {
    const heapAt = (i: number) => rs.map((r) => r.heapMb[i]!);
    const perExchange = rs.map((r) => ((r.heapMb[STEPS]! - r.heapMb[0]!) * 2 ** 20) / FILL);
    console.log(`| ${tree} | ${Array.from({ length: STEPS + 1 }, (_, i) => fmt(heapAt(i))).join(' · ')} | ${fmt(rs.map((r) => r.rssMb[STEPS]!))} | ${fmt(perExchange)} | ${fmt(rs.map((r) => r.searchMs))} | ${fmt(rs.map((r) => r.filterMs))} | ${fmt(rs.map((r) => r.listMs))} |`);
  }
}
