/**
 * The backend: what finally answers a SCIM request once the pipeline (recorder, auth, faults) has
 * let it through. The local store is one implementation, the upstream forwarder (proxy mode) the
 * other, so everything in front of the backend — and the after-phase faults and response lint
 * behind it — works the same in both modes.
 */
import type { Step } from './http/pipeline.js';

export type BackendKind = 'local' | 'upstream';

export interface ScimBackend {
  readonly kind: BackendKind;
  /** Answers the request (or passes an error to `next`). Never calls `next()` without an error. */
  readonly step: Step;
  /** Releases what it holds (connection pools); safe to call twice. */
  close?(): void;
}

/** Chains steps into one: each runs when the one before calls `next()` without an error. */
export function chainSteps(steps: Step[]): Step {
  return (req, res, next) => {
    let i = 0;
    const run = (error?: unknown): void => {
      if (error !== undefined) return next(error);
      const step = steps[i++];
      if (!step) return next();
      try {
        const result = step(req, res, run);
        if (result && typeof (result as Promise<void>).catch === 'function') (result as Promise<void>).catch(next);
      } catch (e) {
        next(e);
      }
    };
    run();
  };
}
