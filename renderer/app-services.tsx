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
  const loading = watchTrafficLoad(client, workspace);
  const refreshStatusAndCounts = () => {
    const asked = workspace.get();
    // An answer about a workspace switched away from is dropped.
    return refreshStatus(client, () => workspace.get() === asked).then(
      (status) => status && serverState.set((s) => ({ ...s, counts: status.counts })),
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
      case 'hello':
        loading.stop();
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
        if (exchanges.length) serverState.set((s) => ({ ...s, counts: { ...s.counts, exchanges: s.counts.exchanges + exchanges.length } }));
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
        // Open without a hello yet: the server may still be loading its recorded traffic.
        if (state === 'open') loading.start();
        else loading.stop();
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

/** How often the status is asked while the server loads its recorded traffic. */
export const LOAD_POLL_MS = 400;
/** Failed status calls in a row after which the watch gives up (until the socket opens again). */
export const LOAD_POLL_TRIES = 5;

/**
 * While the socket is open but its hello has not come (the server is loading its recorded
 * exchanges), asks /api/status every LOAD_POLL_MS and puts how far the load is into the server
 * state, so the Traffic view says so instead of "No traffic yet". Stops at the hello, when the load
 * is over, when the socket closes, on a workspace switch, or after LOAD_POLL_TRIES failed calls in
 * a row (a single failure is asked again).
 */
function watchTrafficLoad(client: AdminClient, workspace: Store<string>): { start(): void; stop(): void } {
  let run = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    run++;
    clearTimeout(timer);
    serverState.set((s) => (s.trafficLoading === null ? s : { ...s, trafficLoading: null }));
  };
  const ask = async (mine: number, asked: string, failures = 0) => {
    let status: Awaited<ReturnType<AdminClient['status']>>;
    try {
      status = await client.status();
    } catch {
      // One failed call (a server busy loading, a dropped request) does not end the watch: it asks
      // again, up to LOAD_POLL_TRIES times in a row. The socket's own state tells about a lost server.
      if (mine === run && workspace.get() === asked && failures + 1 < LOAD_POLL_TRIES) timer = setTimeout(() => void ask(mine, asked, failures + 1), LOAD_POLL_MS);
      return;
    }
    if (mine !== run || workspace.get() !== asked) return;
    const progress = status.exchangesLoading;
    // The counts too: the hello that brings them waits for the load.
    serverState.set((s) => ({ ...s, status, counts: status.counts, trafficLoading: progress }));
    if (progress) timer = setTimeout(() => void ask(mine, asked), LOAD_POLL_MS);
  };
  return {
    start() {
      stop();
      void ask(run, workspace.get());
    },
    stop,
  };
}
