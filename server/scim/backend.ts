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
  /** Answers the request (or throws, or passes an error to `next`). Never calls `next()` without an error. */
  readonly step: Step;
  /** Releases what it holds (connection pools); safe to call twice. */
  close?(): void;
}
