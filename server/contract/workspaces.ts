/**
 * The workspaces part of the admin API (`/api/workspaces`), shared by the server, the CLI's
 * `workspaces` command and the inspector's switcher. Type-only.
 */
import type { AuthMode } from './settings.js';

/** One workspace as `GET /api/workspaces` lists it. */
export interface WorkspaceInfo {
  name: string;
  /** Its SCIM base URL on the local port (null before the server listens). */
  scimUrl: string | null;
  /** Its prefix on the SCIM port and in the admin API: '' for default, `/w/<name>` otherwise. */
  mountPath: string;
  /** Whether it is in memory now (named workspaces load on first use and unload when idle). */
  loaded: boolean;
  /** Known once it has been loaded in this run; null before. */
  authMode: AuthMode | null;
  counts: { users: number; groups: number; exchanges: number } | null;
  /** Why its folder could not be loaded (the folder is left untouched). */
  error?: string;
}

/** `POST /api/workspaces` for one: the new workspace with its own SCIM token (and, in the answer, `CreationWarnings`). */
export interface CreatedWorkspace extends WorkspaceInfo {
  token: string;
}

/**
 * What `POST /api/workspaces` adds to its answer, for one workspace or a list: sentences naming what
 * the new workspaces lack that their source relied on (a copy in proxy mode has no upstream token),
 * as a lab-bundle import's preview names what it weakens. Empty when nothing is missing.
 */
export interface CreationWarnings {
  warnings: string[];
}

export interface WorkspaceList {
  items: WorkspaceInfo[];
  total: number;
}

/** `POST /api/workspaces/restore`: each restored workspace's directory afterwards. */
export interface WorkspaceRestored {
  name: string;
  counts: { users: number; groups: number };
  /** Users and groups the restore created, changed or deleted. */
  changed: number;
}

export interface WorkspaceRestoreResult {
  from: string;
  items: WorkspaceRestored[];
  total: number;
}
