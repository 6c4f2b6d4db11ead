/** The bottom line: is the server running, where, how much is stored and recorded, and the last error. */
import { useStore } from '../state/external-store.js';
import { plural } from './plural.js';
import { serverState } from '../state/server-state.js';

function portOf(url: string | null | undefined): string {
  if (!url) return '—';
  return new URL(url).port || '80';
}

export function StatusBar({ paused }: { paused: boolean }) {
  const s = useStore(serverState);
  const live = s.socket === 'open';
  return (
    <footer className="statusbar" aria-label="Server status">
      <span className={`dot ${live ? 'dot-ok' : 'dot-bad'}`} aria-hidden="true" />
      <span>{live ? 'Running' : s.socket === 'connecting' ? 'Connecting…' : `Disconnected${s.socketDetail ? ` · ${s.socketDetail}` : ''}`}</span>
      <span className="sep" aria-hidden="true" />
      <span>
        SCIM <strong>:{portOf(s.status?.scimUrl)}</strong>
      </span>
      <span>
        Admin <strong>:{portOf(s.status?.adminUrl)}</strong>
      </span>
      {s.status?.authMode === 'none' && <span className="pill pill-danger">Auth: none</span>}
      <span className="sep" aria-hidden="true" />
      <span>
        {plural(s.counts.users, 'user')} · {plural(s.counts.groups, 'group')} · {plural(s.counts.exchanges, 'exchange')}
      </span>
      {s.trafficLoading && (
        <span className="pill pill-info" title="The server is reading the exchanges it recorded before it started">
          Loading traffic {loadedPercent(s.trafficLoading.loaded, s.trafficLoading.expected)}%
        </span>
      )}
      {paused && <span className="pill pill-warn">Live updates paused</span>}
      <span className="grow" />
      {s.lastError && (
        <span className="statusbar-error" title={s.lastError}>
          {s.lastError}
        </span>
      )}
      {s.status && <span className="muted">v{s.status.version}</span>}
    </footer>
  );
}

/** How far the load is, 0-100: `expected` is an estimate the load can pass (exchanges recorded meanwhile). */
function loadedPercent(loaded: number, expected: number): number {
  return Math.min(100, Math.floor((100 * loaded) / Math.max(expected, 1)));
}
