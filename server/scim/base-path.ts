/**
 * Where the SCIM API lives on its port, and the path of a request relative to it: shared by the
 * routes, the recorder, the recording worker and the fault engine (which must not load the whole app).
 */
export const SCIM_BASE_PATH = '/scim/v2';

/** `/scim/v2/Users/abc` → `/Users/abc` (`/` for the base itself); null for a path outside the base. */
export function scimPathOf(path: string): string | null {
  const lower = path.toLowerCase();
  if (lower !== SCIM_BASE_PATH && !lower.startsWith(`${SCIM_BASE_PATH}/`)) return null;
  return path.slice(SCIM_BASE_PATH.length) || '/';
}
