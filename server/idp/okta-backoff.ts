/**
 * How the emulated Okta waits after a 429. Documented: with an integer `Retry-After`, Okta retries
 * the failed jobs after that many seconds (Okta Support, [O12] in docs/research/idp-request-shapes.md).
 * Not documented ([O15]): what Okta does with an HTTP-date or a missing `Retry-After`. For those the
 * emulator follows the project's stated rehearsal policy (5 minutes, doubling on each retry, 10
 * attempts), labelled as a rehearsal assumption, not as Okta's behaviour.
 */

export const OKTA_MAX_ATTEMPTS = 10;
const FALLBACK_FIRST_WAIT_MS = 5 * 60_000;

/** Wait before retry number `attempt` (1 = after the first 429), in ms, before the speed factor. */
export function oktaRetryDelayMs(retryAfter: string | null, attempt: number): number {
  const value = retryAfter?.trim() ?? '';
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  return FALLBACK_FIRST_WAIT_MS * 2 ** (attempt - 1);
}
