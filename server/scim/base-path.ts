/**
 * Where the SCIM API lives on its port, the path of a request relative to it, and the public base URL
 * an identity provider is given: shared by the routes, the recorder, the recording worker, the fault
 * engine (which must not load the whole app), the CLI and the Electron shell. The renderer mirrors the
 * public-URL rule in renderer/views/connect/scim-urls.ts, as it imports server code only as types.
 */
export const SCIM_BASE_PATH = '/scim/v2';

/** `/scim/v2/Users/abc` → `/Users/abc` (`/` for the base itself); null for a path outside the base. */
export function scimPathOf(path: string): string | null {
  const lower = path.toLowerCase();
  if (lower !== SCIM_BASE_PATH && !lower.startsWith(`${SCIM_BASE_PATH}/`)) return null;
  return path.slice(SCIM_BASE_PATH.length) || '/';
}

/**
 * The public SCIM base URL: the running tunnel's, else the one the user entered, with the base path
 * added unless present. `mount` is a named workspace's prefix (`/w/<name>`, see workspaces/), placed
 * between the tunnel's origin and the base path; a URL the user entered with the base path is kept as written.
 */
export function publicScimUrl(tunnelUrl: string | null, configured: string | null, mount = ''): string | null {
  const origin = (tunnelUrl ?? configured)?.replace(/\/+$/, '');
  if (!origin) return null;
  return origin.toLowerCase().endsWith(SCIM_BASE_PATH) ? origin : `${origin}${mount}${SCIM_BASE_PATH}`;
}

/** The origin (with a workspace's mount) an IdP's SCIM base URL hangs off: `http://h:1/w/a/scim/v2` → `http://h:1/w/a`. */
export function scimOriginOf(scimUrl: string): string {
  return scimUrl.toLowerCase().endsWith(SCIM_BASE_PATH) ? scimUrl.slice(0, scimUrl.length - SCIM_BASE_PATH.length) : scimUrl;
}
