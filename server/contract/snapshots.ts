/** Snapshots, datasets and lab bundles as the admin API answers them (server/snapshots/, server/bundles/). Type-only. */

export type DatasetName = 'demo' | 'large' | 'messy' | 'empty';

/** One entry of `GET /api/snapshots`. */
export interface SnapshotInfo {
  name: string;
  savedAt: string;
  bytes: number;
  /** Null when the file cannot be read; `error` then says why. */
  counts: { users: number; groups: number } | null;
  error?: string;
}

/** One entry of `GET /api/datasets`. */
export interface DatasetInfo {
  name: DatasetName;
  title: string;
  description: string;
  users: number;
  groups: number;
}

/** What a lab bundle import replaces: the `details` of its 409 without `confirm`, and `imported` of its answer. */
export interface ImportPreview {
  bundle: { exportedAt: string; scimscope: string; workspace: string | null; users: number; groups: number; faultRules: number; trafficEntries: number | null };
  replaces: { users: number; groups: number; faultRules: number; settings: string[] };
  keeps: string[];
  /**
   * What the import weakens or drops that the user must know before confirming (the upstream token
   * dropped, SCIM auth off...). The server always sends it; optional only so previews built before it
   * (the inspector's tests) still type-check.
   */
  warnings?: string[];
}
