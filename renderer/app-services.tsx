/**
 * The inspector's services (admin client, live socket, traffic store), created once at start and
 * handed to components through context. Also wires socket messages into the stores, and switches
 * them all when the workspace in the URL changes: the traffic list and the server state are emptied
 * and the socket reconnects to the new workspace, so nothing of one workspace shows in another.
 */
import { createContext, useContext } from 'react';
import { AdminClient, ApiFailure } from './api/admin-client.js';
import type { Connection } from './api/connection.js';
import { LiveSocket, type LiveMessage } from './api/live-socket.js';
import { applyBreakpointEvent, breakpointsState, loadPaused } from './state/breakpoints-state.js';
import type { Store } from './state/external-store.js';
import { currentWorkspace, DEFAULT_WORKSPACE, switchWorkspace } from './state/route.js';
import { refreshStatus, resetServerState, serverState } from './state/server-state.js';
import { TrafficStore } from './state/traffic-store.js';
import { toast } from './state/toasts.js';

export interface AppServices {
  client: AdminClient;
  traffic: TrafficStore;
  socket: LiveSocket;
}

export const ServicesContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside the app');
  return services;
}

/**
 * `leave` is called when the workspace shown does not exist (deleted or renamed elsewhere, or a
 * mistyped link): by default it shows the default workspace.
 */
export function createServices(connection: Connection, workspace: Store<string> = currentWorkspace, leave: () => void = () => switchWorkspace(DEFAULT_WORKSPACE)): AppServices {
  const client = new AdminClient(connection, workspace.get);
  const traffic = new TrafficStore();
  const refreshStatusAndCounts = () => {
    const asked = workspace.get();
    // An answer about a workspace switched away from is dropped.
    return refreshStatus(client, () => workspace.get() === asked).then(
      // The exchange count is the live socket's (its hello, then each batch): a status answer fetched before
      // an exchange was recorded, or counting one a batch has yet to bring, would make it wrong until the next batch.
      (status) => status && serverState.set((s) => ({ ...s, counts: { ...status.counts, exchanges: s.counts.exchanges } })),
      (error: Error) => workspace.get() === asked && serverState.set((s) => ({ ...s, lastError: error.message })),
    );
  };
  // A socket refused for a workspace that is gone closes like a lost server; the status call tells them apart.
  const checkWorkspaceExists = async () => {
    const asked = workspace.get();
    if (asked === DEFAULT_WORKSPACE) return;
    try {
      await client.status();
    } catch (error) {
      if (error instanceof ApiFailure && error.code === 'workspace_not_found' && workspace.get() === asked) {
        toast('error', `There is no workspace “${asked}” (deleted or renamed?). Showing the default workspace.`);
        leave();
      }
    }
  };
  const onMessage = (message: LiveMessage) => {
    switch (message.type) {
      case 'loading':
        // The server is loading its recorded traffic; the hello (with the traffic and the counts) waits for it.
        serverState.set((s) => ({ ...s, counts: message.counts, trafficLoading: message.loading }));
        break;
      case 'hello':
        traffic.reset(message.exchanges);
        serverState.set((s) => ({ ...s, settings: message.settings, counts: message.counts, trafficLoading: null, storeRevision: s.storeRevision + 1, faultsRevision: s.faultsRevision + 1 }));
        void refreshStatusAndCounts();
        void loadPaused(client);
        break;
      case 'batch': {
        const exchanges = message.events.flatMap((e) => (e.type === 'exchange' ? [e.exchange] : []));
        if (exchanges.length || message.dropped) traffic.add(exchanges, message.dropped ?? 0);
        for (const event of message.events) {
          if (applyBreakpointEvent(event)) continue;
          if (event.type === 'exchanges:cleared') {
            traffic.clear();
            serverState.set((s) => ({ ...s, counts: { ...s.counts, exchanges: 0 } }));
          }
          else if (event.type === 'store') serverState.set((s) => ({ ...s, counts: { ...s.counts, ...event.counts }, storeRevision: s.storeRevision + 1 }));
          else if (event.type === 'settings') {
            serverState.set((s) => ({ ...s, settings: event.settings }));
            // Auth mode and public URL in the status come from settings changed anywhere (another window, a script).
            void refreshStatusAndCounts();
          }
          else if (event.type === 'faults') serverState.set((s) => ({ ...s, faultsRevision: s.faultsRevision + 1 }));
          else if (event.type === 'tunnel') void refreshStatusAndCounts();
        }
        // The log's size as the batch was sent: new exchanges, evictions past the retention and a clear all in it.
        serverState.set((s) => (s.counts.exchanges === message.exchanges ? s : { ...s, counts: { ...s.counts, exchanges: message.exchanges } }));
        break;
      }
      case 'error':
        toast('error', message.message);
        break;
      default:
        break;
    }
  };
  const socket = new LiveSocket(
    connection,
    {
    onMessage,
      onState: (state, detail) => {
        serverState.set((s) => ({ ...s, socket: state, socketDetail: detail ?? null, ...(state === 'closed' ? { lastError: 'Lost the connection to Scimscope.' } : state === 'open' ? { lastError: null } : {}) }));
        if (state === 'closed') void checkWorkspaceExists();
        // A load reported by a socket that is gone is no longer known.
        if (state !== 'open') serverState.set((s) => (s.trafficLoading === null ? s : { ...s, trafficLoading: null }));
      },
    },
    undefined,
    workspace.get(),
  );
  let shown = workspace.get();
  workspace.subscribe(() => {
    const next = workspace.get();
    if (next === shown) return;
    shown = next;
    traffic.reset([]);
    traffic.resume();
    resetServerState();
    breakpointsState.set((s) => ({ paused: [], rulesRevision: s.rulesRevision + 1 }));
    socket.switchTo(next);
  });
  return { client, traffic, socket };
}
