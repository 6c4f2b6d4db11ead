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
}

export const serverState = createStore<ServerState>({
  status: null,
  settings: null,
  counts: { users: 0, groups: 0, exchanges: 0 },
  socket: 'connecting',
  socketDetail: null,
  lastError: null,
  storeRevision: 0,
  faultsRevision: 0,
});

/** Fetches the status (ports, auth mode, public URL, counts) into the shared state; rejects when the server cannot be asked. */
export async function refreshStatus(client: AdminClient): Promise<Status> {
  const status = await client.status();
  serverState.set((s) => ({ ...s, status }));
  return status;
}
