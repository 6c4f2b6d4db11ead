/**
 * How far V8 lets the heap grow past what is live before it collects the old generation, set by
 * the two shells that own a server process (`scimscope serve`, the Electron main process).
 * V8 picks a growing factor of up to 4× the live heap when it judges the program busy, and a
 * server that answers import pages allocates fast: at 100k users (85 MB live) the main heap held
 * 300–400 MB of garbage after 2,000 recorded import pages, and the 70 MB of store.json text read at
 * start-up stayed in the heap until the next full collection, which an idle server never reached.
 * A fixed factor (V8's `--heap-growing-percent`, listed by `node --v8-options`) keeps the heap close
 * to what is live: 1.3 cost ~4% more CPU per import page than V8's own policy (docs/performance.md,
 * "Memory at 100k users"; docs/decisions.md, "Store memory"). 1.15 was tried in wave 7 for the
 * soak's RSS and set back: on a quiet machine, at 100k users, this build with 1.15 cost 107–113% of
 * the previous build's CPU per request (lookups, reads, import pages) and with 1.3 101–106%, in two
 * back-to-back runs each paired against that build (docs/performance.md, "Issue 15, seventh pass").
 * SCIMSCOPE_HEAP_GROWING_PERCENT overrides it; 0 leaves V8's own policy (to measure against it).
 */
import v8 from 'node:v8';

export const HEAP_GROWING_PERCENT = 30;

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
