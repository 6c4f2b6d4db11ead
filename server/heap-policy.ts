/**
 * How far V8 lets the heap grow past what is live before it collects the old generation, set by
 * the two shells that own a server process (`scimscope serve`, the Electron main process).
 * V8 picks a growing factor of up to 4× the live heap when it judges the program busy, and a
 * server that answers import pages allocates fast: at 100k users (85 MB live) the main heap held
 * 300–400 MB of garbage after 2,000 recorded import pages, and the 70 MB of store.json text read at
 * start-up stayed in the heap until the next full collection, which an idle server never reached.
 * A fixed factor (V8's `--heap-growing-percent`, listed by `node --v8-options`) keeps the heap close
 * to what is live: 1.3 cost ~4% more CPU per import page than V8's own policy (docs/performance.md,
 * "Memory at 100k users"; docs/decisions.md, "Store memory"). It is 1.15 since wave 7: under a steady
 * write load (the soak) the old space's committed pages follow the limit, and 1.15 held 1–21 MB less
 * RSS at the end of five paired soaks for 1.00–1.05× the server's CPU per request, with import pages at
 * 100k users at 0.97 (0.86–1.09) of 1.3's CPU per page (its effect on the soak's growth: −8 to +2 points) (docs/performance.md, "Soak: old space and heap per user
 * (wave 7)"; docs/decisions.md, "Heap growing percent 15").
 * SCIMSCOPE_HEAP_GROWING_PERCENT overrides it; 0 leaves V8's own policy (to measure against it).
 */
import v8 from 'node:v8';

export const HEAP_GROWING_PERCENT = 15;

/** The growing percent the policy sets: the override when it is a whole number, else HEAP_GROWING_PERCENT. */
function growingPercent(env: NodeJS.ProcessEnv): number {
  const raw = env.SCIMSCOPE_HEAP_GROWING_PERCENT;
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : HEAP_GROWING_PERCENT;
}

/** The V8 flags the policy hands to V8, one `setFlagsFromString` call each, in order. */
export function heapPolicyFlags(env: NodeJS.ProcessEnv = process.env): string[] {
  return [`--heap-growing-percent=${growingPercent(env)}`];
}

/** Applies the policy to this process (its worker threads included: V8 flags are process-wide); answers the growing percent. */
export function applyHeapPolicy(env: NodeJS.ProcessEnv = process.env): number {
  for (const flag of heapPolicyFlags(env)) v8.setFlagsFromString(flag);
  return growingPercent(env);
}
