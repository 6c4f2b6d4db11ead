/**
 * Store change records: what a write did to each resource it touched, for the recorder,
 * the admin API's resource history and the live event stream.
 */
import type { ResourceTypeName, JsonObject } from './scim.js';

/** Who made a change: SCIM traffic (with the exchange that carried it) or the inspector. */
export type ChangeOrigin =
  | { source: 'scim'; exchangeId?: string }
  | { source: 'inspector'; action?: string; /** Set when the change restored a saved snapshot (server/snapshots/). */ snapshot?: string }
  | { source: 'seed' }
  | { source: 'reset'; /** The dataset the store was reset to (server/snapshots/datasets.ts). */ dataset?: string };

export interface ResourceChange {
  resourceType: ResourceTypeName;
  id: string;
  /** The resource as a client would have read it before the write; null when created. */
  before: JsonObject | null;
  /** The resource as a client reads it after the write; null when deleted. */
  after: JsonObject | null;
}

export interface StoreCounts {
  users: number;
  groups: number;
}
