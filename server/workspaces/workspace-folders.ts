/**
 * The workspaces' folders on disk: listing them (the folders under `<dataDir>/workspaces/` are the
 * list of named workspaces), making one for a new workspace without ever adopting a folder that is
 * already there, and removing one. Kept apart from the registry, which decides when these happen.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../admin/api-errors.js';
import { DEFAULT_WORKSPACE, isWorkspaceName, WORKSPACES_FOLDER } from './workspace-names.js';

/** The named workspaces in the data folder: its `workspaces/` subfolders with a valid name. */
export async function listWorkspaceFolders(dataDir: string, log: (line: string) => void): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(path.join(dataDir, WORKSPACES_FOLDER), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const names: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory() && isWorkspaceName(entry.name) && entry.name !== DEFAULT_WORKSPACE) names.push(entry.name);
    else log(`Ignoring "${path.join(WORKSPACES_FOLDER, entry.name)}" in the data folder: not a workspace folder (names are lowercase letters, digits and hyphens).`);
  }
  return names.sort();
}

/** Makes a new workspace's folder (owner-only); 409 when one is already there, which is left as it is. */
export async function makeWorkspaceFolder(name: string, dir: string): Promise<void> {
  await mkdir(path.dirname(dir), { recursive: true, mode: 0o700 });
  try {
    await mkdir(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new ApiError(409, 'workspace_exists', `A folder for workspace "${name}" already exists (${dir}); it is left as it is.`);
    throw error;
  }
}

/** Removes a workspace's folder and everything in it (nothing when there is no folder). */
export async function removeWorkspaceFolder(dir: string | null): Promise<void> {
  if (dir !== null) await rm(dir, { recursive: true, force: true });
}
