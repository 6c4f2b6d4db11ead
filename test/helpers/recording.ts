/** Waits for the recorder, by event: the exchanges a test's requests produce, once interpreted; and reads what it lists. */
import { expect } from 'vitest';
import type { ExchangeSummary } from '../../server/contract/exchange.js';
import type { Sandbox } from '../../server/sandbox.js';

/**
 * Resolves with the next `count` recorded exchange summaries (in the order they were recorded).
 * Exchanges captured before the call (still being interpreted in the recording worker) are not counted.
 * `timeoutMs` is a ceiling under the 30 s test timeout, so a stuck recorder says how far it got.
 */
export function nextExchanges(sandbox: Sandbox, count: number, timeoutMs = 25_000): Promise<ExchangeSummary[]> {
  // Exchanges that closed before the call are not the next ones, even while their capture waits.
  sandbox.exchanges.capturePending();
  const after = sandbox.exchanges.seq;
  return new Promise((resolve, reject) => {
    const seen: ExchangeSummary[] = [];
    const timer = setTimeout(() => {
      sandbox.bus.off('exchange:recorded', on);
      reject(new Error(`only ${seen.length} of ${count} exchanges were recorded`));
    }, timeoutMs);
    const on = (summary: ExchangeSummary) => {
      if (summary.seq <= after) return;
      seen.push(summary);
      if (seen.length === count) {
        clearTimeout(timer);
        sandbox.bus.off('exchange:recorded', on);
        resolve(seen);
      }
    };
    sandbox.bus.on('exchange:recorded', on);
  });
}

/**
 * A body search read to its end through the admin API, page by page with `beforeSeq` as the inspector
 * reads it. A page answers with its first matches after a few slices whatever its budget
 * (docs/admin-api.md), so one page is only the whole answer on an idle machine; tests that expect
 * every match read them all this way.
 */
export async function bodySearchToEnd(admin: (method: string, path: string) => Promise<{ status: number; body: any }>, query: string): Promise<{ items: ExchangeSummary[]; total: number; pages: number }> {
  const items: ExchangeSummary[] = [];
  let beforeSeq = '';
  for (let pages = 1; ; pages++) {
    const { status, body } = await admin('GET', `/api/exchanges?${query}&bodies=true${beforeSeq}`);
    if (status !== 200) throw new Error(`body search page ${pages} answered ${status}: ${JSON.stringify(body)}`);
    items.push(...body.items);
    if (body.bodySearch.complete) return { items, total: items.length, pages };
    if (pages >= 1_000) throw new Error(`the body search was not complete after ${pages} pages`);
    beforeSeq = `&beforeSeq=${body.bodySearch.searchedTo}`;
  }
}

/** The ids the admin API lists (up to 1,000), newest first. */
export async function listedIds(t: { admin: (method: string, path: string) => Promise<{ status: number; body: any }> }): Promise<string[]> {
  const list = await t.admin('GET', '/api/exchanges?limit=1000');
  if (list.status !== 200) throw new Error(`GET /api/exchanges answered ${list.status}`);
  return list.body.items.map((s: ExchangeSummary) => s.id);
}

/** Every listed exchange opens, and the HAR holds exactly the listed ones. */
export async function expectListedConsistent(t: { admin: (method: string, path: string) => Promise<{ status: number; body: any }> }, ids: string[]): Promise<void> {
  for (const id of ids) expect((await t.admin('GET', `/api/exchanges/${id}`)).status, `exchange ${id} is listed, so it opens`).toBe(200);
  const har = await t.admin('GET', '/api/exchanges.har');
  expect(har.status).toBe(200);
  expect(har.body.log.entries).toHaveLength(ids.length);
}
