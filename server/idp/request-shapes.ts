/**
 * Request shapes that real SCIM clients send, as data: the one source of truth for what Okta and
 * Entra ID send. The emulated IdP (server/idp/scenario-runner.ts) replays them over HTTP, and the
 * recorder's tests replay the same steps. Each IdP's requests are kept literal in files of their own
 * (okta-spec-test-shapes.ts; okta-lifecycle-shapes.ts gathering okta-user-shapes.ts and
 * okta-group-push-shapes.ts; entra-lifecycle-shapes.ts gathering entra-user-shapes.ts and
 * entra-group-shapes.ts), the step format and its helpers in spec-steps.ts; this module gathers them
 * so callers import one place.
 *
 * Research notes and citations for every value: docs/research/idp-request-shapes.md.
 */
export * from './request-shape-constants.js';
export * from './spec-steps.js';
export * from './okta-spec-test-shapes.js';
export * from './okta-lifecycle-shapes.js';
export * from './entra-lifecycle-shapes.js';
