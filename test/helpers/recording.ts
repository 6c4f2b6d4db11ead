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
