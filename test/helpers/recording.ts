/** Waits for the recorder, by event: the exchanges a test's requests produce, once interpreted. */
import type { ExchangeSummary } from '../../server/contract/exchange.js';
import type { Sandbox } from '../../server/sandbox.js';

/**
 * Resolves with the next `count` recorded exchange summaries (in the order they were recorded).
 * Exchanges captured before the call (still being interpreted in the recording worker) are not counted.
 * `timeoutMs` is a ceiling under the 30 s test timeout, so a stuck recorder says how far it got.
 */
export function nextExchanges(sandbox: Sandbox, count: number, timeoutMs = 25_000): Promise<ExchangeSummary[]> {
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
