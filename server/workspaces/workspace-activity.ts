/**
 * Whether a workspace is in use: its requests in flight, its open live sockets and when it was last
 * used. The registry unloads a core only when both counts are 0 (and it has been idle long enough);
 * unloading waits here, up to a grace period, for the requests still in flight before cutting them.
 * Kept apart from the core, which only decides what to release before this waiting starts.
 */
import type { ServerResponse } from 'node:http';

export interface Activity {
  inflight: number;
  sockets: number;
  lastUsed: number;
}

export interface ActivityTracker {
  /** The counts the registry reads and its leases move. */
  readonly activity: Activity;
  /** Resolves once no request is in flight and no socket is open. */
  settled(): Promise<void>;
  /** The live socket server's count of open sockets. */
  setSockets(count: number): void;
  /** Counts a SCIM or admin request as in flight until its response closes. */
  track(res: ServerResponse): void;
  /** Waits up to `graceMs` for the tracked requests in flight, then cuts the rest. */
  drain(graceMs: number): Promise<void>;
}

/** `now` is the clock `lastUsed` is read from (the registry's idle clock). */
export function createActivityTracker(now: () => number): ActivityTracker {
  const activity: Activity = { inflight: 0, sockets: 0, lastUsed: now() };
  let waiters: (() => void)[] = [];
  const changed = () => {
    activity.lastUsed = now();
    if (activity.inflight !== 0 || activity.sockets !== 0) return;
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  };
  const settled = () => (activity.inflight === 0 && activity.sockets === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve)));
  const live = new Set<ServerResponse>();
  return {
    activity,
    settled,
    setSockets(count) {
      activity.sockets = count;
      changed();
    },
    track(res) {
      // A client gone while its workspace was loading: its 'close' has fired already, and would never come.
      if (res.destroyed || res.socket === null || res.socket.destroyed) return;
      activity.inflight++;
      activity.lastUsed = now();
      live.add(res);
      res.once('close', () => {
        live.delete(res);
        activity.inflight--;
        changed();
      });
    },
    async drain(graceMs) {
      if (live.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([settled(), new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
        clearTimeout(timer);
      }
      for (const res of live) res.socket?.destroy();
    },
  };
}
