/**
 * Workspace names and where they lead: the folder (`<dataDir>/workspaces/<name>/`; the default
 * workspace is the data folder itself, as before workspaces existed) and the mount on the SCIM port
 * (`/w/<name>`; none for default). One place, so the SCIM dispatcher, the admin dispatcher, the
 * registry and the CLI agree on what a name is.
 */
import path from 'node:path';
import { ApiError } from '../admin/api-errors.js';

export const DEFAULT_WORKSPACE = 'default';
export const WORKSPACES_FOLDER = 'workspaces';
export const WORKSPACE_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;
/** The longest a bulk creation may be (a class, a team; not a denial of service). */
export const MAX_BULK_CREATE = 200;

/** Why a name cannot name a new workspace, or null when it can. */
export function nameProblem(name: unknown): string | null {
  if (typeof name !== 'string') return 'A workspace name must be a string.';
  if (name === DEFAULT_WORKSPACE) return `"${DEFAULT_WORKSPACE}" is the data folder's own workspace; choose another name.`;
  if (!WORKSPACE_NAME_PATTERN.test(name)) return `"${name}" is not a workspace name: use 1 to 40 lowercase letters, digits and hyphens, starting with a letter or digit.`;
  return null;
}

/** Throws the admin API's error for a list of new names that cannot all be created: empty, invalid, taken or repeated. */
export function checkNewNames(names: string[], exists: (name: string) => boolean): void {
  if (names.length === 0) throw new ApiError(400, 'no_names', 'Name at least one workspace to create.');
  const seen = new Set<string>();
  for (const name of names) {
    const problem = nameProblem(name);
    if (problem) throw new ApiError(400, 'invalid_name', problem);
    if (exists(name)) throw new ApiError(409, 'workspace_exists', `A workspace named "${name}" already exists.`);
    if (seen.has(name)) throw new ApiError(400, 'duplicate_name', `"${name}" is named twice in this request.`);
    seen.add(name);
  }
}

export function isWorkspaceName(name: string): boolean {
  return name === DEFAULT_WORKSPACE || WORKSPACE_NAME_PATTERN.test(name);
}

/** The prefix a workspace's SCIM and OAuth paths carry on the SCIM port. */
export function mountPathOf(name: string): string {
  return name === DEFAULT_WORKSPACE ? '' : `/w/${name}`;
}

/** The folder holding a workspace's files. */
export function workspaceDir(dataDir: string, name: string): string {
  return name === DEFAULT_WORKSPACE ? dataDir : path.join(dataDir, WORKSPACES_FOLDER, name);
}

/** `/w/<name>/rest?q` → { name, rest: '/rest?q' } (the name as written, unchecked); null for a URL outside /w/ (the default workspace's). */
export function splitMount(url: string): { name: string; rest: string } | null {
  if (!url.startsWith('/w/')) return null;
  let stop = 3;
  while (stop < url.length && url[stop] !== '/' && url[stop] !== '?') stop++;
  const rest = url.slice(stop);
  return { name: url.slice(3, stop), rest: rest.startsWith('/') ? rest : `/${rest}` };
}
