/**
 * Where the admin API is and the token to call it with. In the desktop app the preload hands them
 * over; in a browser the token arrives in the URL fragment (`#token=...`, never sent to a server),
 * is kept in sessionStorage for reloads, and is removed from the address bar at once.
 */
import { desktop } from './desktop-bridge.js';

export interface Connection {
  adminUrl: string;
  token: string;
}

const STORAGE_KEY = 'scimscope.adminToken';

export class MissingTokenError extends Error {
  constructor() {
    super('No admin token: open the inspector with the URL `scimscope serve` printed (it ends in #token=...).');
  }
}

export async function resolveConnection(location: Location = window.location, storage: Storage = window.sessionStorage): Promise<Connection> {
  const bridge = desktop();
  if (bridge?.getConnection) return bridge.getConnection();
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const fromFragment = fragment.get('token');
  if (fromFragment) {
    storage.setItem(STORAGE_KEY, fromFragment);
    // Keep the token out of the address bar, history and screenshots.
    window.history.replaceState(null, '', `${location.pathname}${location.search}#/traffic`);
  }
  const token = fromFragment ?? storage.getItem(STORAGE_KEY);
  if (!token) throw new MissingTokenError();
  return { adminUrl: location.origin, token };
}
