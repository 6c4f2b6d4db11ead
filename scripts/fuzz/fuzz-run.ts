/**
 * Sends the generated odd requests over real HTTP to a real sandbox and checks what must hold whatever
 * arrives: no 5xx but 501, a SCIM error body on every 4xx, every request in the exchange log, and the
 * directory (in memory, in the SCIM lists, and after a restart from disk) the same as before except
 * for what the 2xx writes changed. Used by the vitest suite (a few hundred cases) and `npm run fuzz`.
 */
import http from 'node:http';
import type { ExchangeSummary } from '../../server/contract/exchange.js';
import { startSandbox, type TestSandbox } from '../../test/helpers/sandbox.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import { generateCases, type FuzzRequest } from './fuzz-cases.js';

export interface FuzzReport {
  seed: number;
  requests: number;
  byStatus: Record<string, number>;
  serverErrors: number;
  unanswered: number;
  recorded: number;
  /** Every broken promise, one line each (empty when the run passed). */
  failures: string[];
}

interface Answer {
  status: number | null;
  body: string;
  error: string | null;
}

function send(base: URL, token: string, r: FuzzRequest, mark?: number): Promise<Answer> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, 'User-Agent': 'scimscope-fuzz', ...r.headers, ...(mark === undefined ? {} : { [MARK]: String(mark) }) };
    if (r.body !== null) headers['Content-Length'] = String(Buffer.byteLength(r.body));
    let req: http.ClientRequest;
    try {
      req = http.request({ host: base.hostname, port: base.port, method: r.method, path: `${base.pathname}${r.path}`, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? null, body: Buffer.concat(chunks).toString('utf8'), error: null }));
        res.on('error', (e: NodeJS.ErrnoException) => resolve({ status: res.statusCode ?? null, body: '', error: e.code ?? e.message }));
      });
    } catch (error) {
      // The client library refused to send it (e.g. a path it cannot put on the wire): not a server fault.
      resolve({ status: -1, body: '', error: (error as Error).message });
      return;
    }
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ status: null, body: '', error: e.code ?? e.message }));
    req.end(r.body ?? undefined);
  });
}

/** What a reader of the directory sees: every record as the store renders it, and each list's ids in order. */
async function directory(t: TestSandbox): Promise<{ views: Map<string, string>; lists: Record<string, string[]> }> {
  const views = new Map<string, string>();
  for (const type of ['User', 'Group'] as const) for (const id of t.sandbox.store.list(type)) views.set(`${type}:${id}`, JSON.stringify(t.sandbox.store.view(type, id)));
  const lists: Record<string, string[]> = {};
  for (const endpoint of ['Users', 'Groups']) {
    const ids: string[] = [];
    for (let start = 1; ; start += 500) {
      const res = await send(new URL(t.addresses.scimUrl), t.token, { family: 'read', method: 'GET', path: `/${endpoint}?startIndex=${start}&count=500&attributes=id`, headers: {}, body: null });
      if (res.status !== 200) throw new Error(`listing ${endpoint} answered ${res.status}: ${res.body.slice(0, 200)}`);
      const page = JSON.parse(res.body) as { Resources?: { id: string }[]; totalResults: number };
      ids.push(...(page.Resources ?? []).map((r) => r.id));
      if (ids.length >= page.totalResults || (page.Resources ?? []).length === 0) break;
    }
    lists[endpoint] = ids;
  }
  return { views, lists };
}

const MARK = 'X-Fuzz-Case';

/** Collects the recorded exchange of each fuzz case (found by its marker header); `until(n)` resolves once n are in, or at the timeout. */
function collectRecorded(t: TestSandbox) {
  const seen = new Map<number, string>();
  let wanted = Number.POSITIVE_INFINITY;
  let wake = () => undefined as void;
  const on = async (s: ExchangeSummary) => {
    const headers = (await t.sandbox.exchanges.get(s.id))?.request.headers ?? {};
    const mark = Object.entries(headers).find(([k]) => k.toLowerCase() === MARK.toLowerCase())?.[1];
    if (mark !== undefined) seen.set(Number(mark), s.id);
    if (seen.size >= wanted) wake();
  };
  t.sandbox.bus.on('exchange:recorded', on);
  return {
    until(count: number, timeoutMs: number): Promise<Map<number, string>> {
      wanted = count;
      return new Promise((resolve) => {
        const timer = setTimeout(() => wake(), timeoutMs);
        wake = () => {
          clearTimeout(timer);
          t.sandbox.bus.off('exchange:recorded', on);
          resolve(seen);
        };
        if (seen.size >= wanted) wake();
      });
    },
  };
}

export async function runFuzz(options: { seed: number; cases: number; log?: (line: string) => void }): Promise<FuzzReport> {
  const temp = await tempDir('scimscope-fuzz-');
  const failures: string[] = [];
  const fail = (line: string) => {
    if (failures.length < 50) failures.push(line);
  };
  let t = await startSandbox({ dataDir: temp.dir });
  try {
    const targets = { users: [...t.sandbox.store.list('User')], groups: [...t.sandbox.store.list('Group')] };
    const cases = generateCases(options.seed, options.cases, targets);
    const before = await directory(t);
    const base = new URL(t.addresses.scimUrl);
    const recording = collectRecorded(t);
    const byStatus: Record<string, number> = {};
    let serverErrors = 0;
    let unanswered = 0;
    const refused = new Set<number>();
    const written = new Set<string>();
    for (const [i, r] of cases.entries()) {
      const answer = await send(base, t.token, r, i);
      const label = `#${i} ${r.family} ${r.method} ${r.path.slice(0, 120)}`;
      byStatus[String(answer.status)] = (byStatus[String(answer.status)] ?? 0) + 1;
      if (answer.status === null) {
        unanswered++;
        fail(`${label}: no answer (${answer.error})`);
        continue;
      }
      if (answer.status === -1) {
        refused.add(i);
        continue;
      }
      if (answer.status >= 500 && answer.status !== 501) {
        serverErrors++;
        fail(`${label}: ${answer.status} ${answer.body.slice(0, 200)}`);
      }
      if (answer.status >= 400 && r.method !== 'HEAD') {
        let body: { schemas?: unknown; status?: unknown } | null;
        try {
          body = JSON.parse(answer.body) as { schemas?: unknown; status?: unknown } | null;
        } catch {
          body = null;
        }
        const isScimError = Array.isArray(body?.schemas) && body.schemas.includes('urn:ietf:params:scim:api:messages:2.0:Error') && body.status === String(answer.status);
        if (!isScimError) fail(`${label}: ${answer.status} without a SCIM error body: ${answer.body.slice(0, 200)}`);
      }
      if (answer.status >= 200 && answer.status < 300 && r.method !== 'GET' && !r.path.includes('.search')) {
        // Remember what a successful write may have touched: the target, and the resource it created.
        const m = /^\/(Users|Groups)\/([^/?]+)/.exec(r.path);
        if (m) written.add(`${m[1] === 'Users' ? 'User' : 'Group'}:${decodeURIComponent(m[2]!)}`);
        try {
          const created = JSON.parse(answer.body) as { id?: string; meta?: { resourceType?: string } };
          if (created.id) written.add(`${created.meta?.resourceType === 'Group' ? 'Group' : 'User'}:${created.id}`);
        } catch {
          // no body
        }
      }
    }
    const sent = cases.length - refused.size;
    const recorded = await recording.until(sent, 30_000);
    if (recorded.size < sent) fail(`only ${recorded.size} of ${sent} requests were recorded; missing ${cases.map((_, i) => i).filter((i) => !recorded.has(i) && !refused.has(i)).slice(0, 10).join(', ')}`);
    for (const id of recorded.values()) {
      const full = await t.sandbox.exchanges.get(id);
      // A 2xx write's side effects (a deleted user leaving its groups) are in its recorded changes.
      if (full && full.response.status >= 200 && full.response.status < 300) for (const c of full.changes) written.add(`${c.resourceType}:${c.id}`);
    }
    const after = await directory(t);
    for (const key of new Set([...before.views.keys(), ...after.views.keys()])) {
      if (written.has(key)) continue;
      if (before.views.get(key) !== after.views.get(key)) fail(`${key} changed though no 2xx write touched it`);
    }
    for (const endpoint of ['Users', 'Groups']) {
      const type = endpoint === 'Users' ? 'User' : 'Group';
      const storeIds = [...t.sandbox.store.list(type)];
      if (JSON.stringify(after.lists[endpoint]) !== JSON.stringify(storeIds)) fail(`the ${endpoint} list does not read what the store holds`);
      const untouchedBefore = before.lists[endpoint]!.filter((id) => !written.has(`${type}:${id}`));
      const untouchedAfter = after.lists[endpoint]!.filter((id) => !written.has(`${type}:${id}`));
      if (JSON.stringify(untouchedBefore) !== JSON.stringify(untouchedAfter)) fail(`the ${endpoint} list changed beyond the 2xx writes`);
    }
    // What a restart reads from disk is what the lists showed.
    await t.stop();
    t = await startSandbox({ dataDir: temp.dir });
    const restarted = await directory(t);
    if (JSON.stringify([...restarted.views]) !== JSON.stringify([...after.views])) fail('a restart read back a different directory');
    const report: FuzzReport = { seed: options.seed, requests: cases.length, byStatus, serverErrors, unanswered, recorded: recorded.size, failures };
    options.log?.(JSON.stringify({ ...report, failures: failures.length }));
    return report;
  } finally {
    await t.stop();
    await temp.remove();
  }
}
