/** The public surface of the SCIM PATCH engine (RFC 7644 §3.5.2); everything else here is internal. */
export { applyPatch, type NormalizedPatchOperation, type PatchResult } from './apply-patch.js';
export { MAX_OPERATIONS, PATCH_OP_SCHEMA, type PatchOpName } from './normalize.js';
