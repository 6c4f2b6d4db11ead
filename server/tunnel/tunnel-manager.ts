/**
 * Starts and stops the tunnel that lets Okta reach the local SCIM port, and keeps its state (off,
 * starting, up with a URL, or failed with a reason) for the CLI, the admin API and the inspector.
 * Secrets (the ngrok authtoken) are never part of the state or its error messages.
 */
import type { TunnelState } from '../contract/admin.js';
import type { EventBus } from '../events/event-bus.js';
import { scrubSecrets } from '../recorder/redact.js';
import type { OpenTunnel, TunnelProvider } from './tunnel-provider.js';

export type { TunnelState };

export class TunnelManager {
  private current: OpenTunnel | null = null;
  private state: TunnelState = { status: 'off', provider: null, url: null, error: null };
  private pending: Promise<TunnelState> | null = null;
  private opening: AbortController | null = null;

  constructor(
    private readonly providers: Record<string, TunnelProvider>,
    private readonly bus: EventBus,
  ) {}

  get snapshot(): TunnelState {
    return this.state;
  }

  /** Opens a tunnel to `port`; resolves with the resulting state (never rejects). */
  start(providerName: string, port: number, authtoken: string | null, domain: string | null): Promise<TunnelState> {
    if (this.pending) return this.pending;
    // A stop aborts the opening still under way (one start at a time: a second one gets this one's promise).
    const abort = new AbortController();
    this.opening = abort;
    const stale = () => abort.signal.aborted;
    const pending: Promise<TunnelState> = (async () => {
      // Replacing a running tunnel closes it quietly: the next state is "starting", not "off".
      const previous = this.current;
      this.current = null;
      if (previous) await previous.close().catch(() => undefined);
      if (stale()) return this.state;
      const provider = this.providers[providerName];
      if (!provider) return this.set({ status: 'error', provider: providerName, url: null, error: `Unknown tunnel provider "${providerName}".` });
      this.set({ status: 'starting', provider: providerName, url: null, error: null });
      try {
        const opened = await provider.open({ port, authtoken, domain, signal: abort.signal });
        if (stale()) {
          // Stopped while it was opening: the SCIM port must not go public after the user said stop.
          await opened.close().catch(() => undefined);
          return this.state;
        }
        this.current = opened;
        // A tunnel that dies on its own is an error state with its reason, not a stale "up".
        void opened.ended?.then((reason) => {
          if (this.current !== opened) return;
          this.current = null;
          this.set({ status: 'error', provider: providerName, url: null, error: `the tunnel closed: ${scrubSecrets(reason, authtoken ? [authtoken] : [])}` });
        });
        return this.set({ status: 'up', provider: providerName, url: opened.url.replace(/\/+$/, ''), error: null });
      } catch (error) {
        if (stale()) return this.state;
        const message = scrubSecrets((error as Error).message ?? String(error), authtoken ? [authtoken] : []);
        return this.set({ status: 'error', provider: providerName, url: null, error: message });
      }
    })().finally(() => {
      if (this.pending === pending) this.pending = null;
      if (this.opening === abort) this.opening = null;
    });
    this.pending = pending;
    return pending;
  }

  /**
   * Closes the tunnel, and cancels one still opening: its provider is told to give up (the signal),
   * and if it opens anyway it is closed at once and never announced as up.
   */
  async stop(): Promise<TunnelState> {
    this.opening?.abort();
    this.opening = null;
    this.pending = null;
    const open = this.current;
    this.current = null;
    if (open) await open.close().catch(() => undefined);
    if (this.state.status !== 'off') this.set({ status: 'off', provider: null, url: null, error: null });
    return this.state;
  }

  private set(state: TunnelState): TunnelState {
    this.state = state;
    this.bus.emit('tunnel:changed', { status: state.status, url: state.url, error: state.error });
    return state;
  }
}
