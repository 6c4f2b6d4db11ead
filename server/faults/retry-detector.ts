/**
 * Recognises a client retrying a request that a fault rule made fail: the same method, path, query
 * and body within a window. The retry is linked to the faulted attempt with the delay between
 * them, so the inspector shows the IdP's real back-off (Okta: Retry-After seconds when given,
 * otherwise five minutes doubling) next to what it documents.
 */
import crypto from 'node:crypto';
import type { Exchange } from '../contract/exchange.js';
import type { ExchangeParts } from '../recorder/exchange-assembly.js';

/** Okta's back-off can run for days (10 attempts from 5 minutes, doubling); keep chains that long. */
export const RETRY_WINDOW_MS = 4 * 24 * 60 * 60 * 1000;
const MAX_CHAINS = 10_000;

interface Attempt {
  exchangeId: string;
  at: number;
  attempt: number;
}

export class RetryDetector {
  private chains = new Map<string, Attempt>();

  /** Links `parts` to the faulted attempt it repeats (if any) and remembers it if it was faulted too. */
  annotate(parts: Omit<ExchangeParts, 'requestBody' | 'responseBody'>, rawBody: Buffer | null): void {
    const faulted = parts.fault !== null && parts.fault.action !== 'latency';
    if (!faulted && this.chains.size === 0) return;
    const query = new URLSearchParams(parts.query).toString();
    const bodyHash = rawBody && rawBody.length > 0 ? crypto.createHash('sha1').update(rawBody).digest('base64') : '';
    const key = `${parts.method} ${parts.path}?${query} ${bodyHash}`;
    const at = Date.parse(parts.startedAt);
    const previous = this.chains.get(key);
    let retryOf: Exchange['retryOf'] = null;
    if (previous && at - previous.at <= RETRY_WINDOW_MS) {
      retryOf = { exchangeId: previous.exchangeId, delayMs: at - previous.at, attempt: previous.attempt + 1 };
      parts.retryOf = retryOf;
    }
    this.chains.delete(key);
    if (faulted) {
      this.chains.set(key, { exchangeId: parts.id, at, attempt: retryOf ? retryOf.attempt : 1 });
      if (this.chains.size > MAX_CHAINS) this.chains.delete(this.chains.keys().next().value!);
    }
  }
}
