/**
 * What the inspector knows about the server: status, public settings, counts, the socket's state,
 * and the last error, for the status bar and the views that show them.
 */
import type { AdminClient, PublicSettings, Status } from '../api/admin-client.js';
import type { SocketState } from '../api/live-socket.js';
import { createStore } from './external-store.js';

export interface ServerState {
  status: Status | null;
  settings: PublicSettings | null;
  counts: { users: number; groups: number; exchanges: number };
  socket: SocketState;
  socketDetail: string | null;
  lastError: string | null;
  /** Bumps when users/groups change, so open tables refetch. */
  storeRevision: number;
  /** Bumps when fault rules change. */
  faultsRevision: number;
  /**
   * Right after the server started, its recorded exchanges load in the background and the socket's
   * hello (with the traffic) waits for that: how far the load is, from the socket's `loading` messages; null otherwise.
   */
  trafficLoading: { loaded: number; expected: number } | null;
}

const EMPTY: ServerState = {
  status: null,
  settings: null,
  counts: { users: 0, groups: 0, exchanges: 0 },
  socket: 'connecting',
  socketDetail: null,
  lastError: null,
  storeRevision: 0,
  faultsRevision: 0,
  trafficLoading: null,
};

export const serverState = createStore<ServerState>(EMPTY);

/** Forgets everything about the workspace shown before (a switch); revisions bump so open views refetch. */
export function resetServerState(): void {
  serverState.set((s) => ({ ...EMPTY, storeRevision: s.storeRevision + 1, faultsRevision: s.faultsRevision + 1 }));
}

/**
 * Fetches the status (ports, auth mode, public URL, counts) into the shared state; rejects when the
 * server cannot be asked. With `current`, an answer that arrives when it no longer holds (the
 * workspace changed meanwhile) is dropped and resolves to null.
 */
export async function refreshStatus(client: AdminClient, current: () => boolean = () => true): Promise<Status | null> {
  const status = await client.status();
  if (!current()) return null;
  serverState.set((s) => ({ ...s, status }));
  return status;
}
