/** One import point for the shared, type-only contract. */
export type * from './scim.js';
export type * from './store.js';
export type * from './settings.js';
export type * from './exchange.js';
export type * from './faults.js';
export type * from './admin.js';
export type * from './scenarios.js';
export type * from './workspaces.js';
