/**
 * The Breakpoints view: the exchanges paused right now (they arrive live) with the one selected
 * open in the editor, and the breakpoint rules below. The tab shows how many exchanges wait.
 */
import { PauseCircle } from 'lucide-react';
import { useStore, useStoreSelector } from '../../state/external-store.js';
import { breakpointsState } from '../../state/breakpoints-state.js';
import { navigate } from '../../state/route.js';
import { MethodBadge } from '../../components/badges.js';
import { useServices } from '../../app-services.js';
import { Countdown, PausedPanel } from './paused-panel.js';
import { RulesPanel } from './rules-panel.js';
import '../../styles/breakpoints.css';

/** The tab badge: how many exchanges are paused (nothing when none). */
export function PausedCount() {
  const count = useStoreSelector(breakpointsState, (s) => s.paused.length);
  if (count === 0) return null;
  return (
    <span className="tab-count bp-tab-count" aria-label={`${count} paused`}>
      {count}
    </span>
  );
}

export function BreakpointsView({ selectedId }: { selectedId: string | null }) {
  const { client } = useServices();
  const { paused } = useStore(breakpointsState);
  const selected = paused.find((p) => p.id === selectedId) ?? paused[0] ?? null;
  return (
    <div className="page bp-page">
      <header className="bp-header">
        <h1>Breakpoints</h1>
        <p className="bp-lead">
          Pause matching requests before they reach the store (or the upstream), or after it answered and before the identity provider gets the answer. Look, edit, then let them go. Each pause is released unchanged when its time runs out, so the IdP never hangs.
        </p>
      </header>

      <section className="card bp-paused-section" aria-labelledby="bp-paused-title">
        <div className="bp-section-head">
          <h2 id="bp-paused-title">Paused now</h2>
          <span className="bp-count">{paused.length === 0 ? 'nothing waiting' : `${paused.length} waiting`}</span>
        </div>
        {paused.length === 0 ? (
          <p className="bp-empty">
            <PauseCircle size={18} aria-hidden="true" /> No exchange is paused. When a request matches an enabled breakpoint, it appears here at once.
          </p>
        ) : (
          <div className="bp-paused-layout">
            <ul className="bp-paused-list" aria-label="Paused exchanges">
              {paused.map((p) => (
                <li key={p.id}>
                  <button type="button" className={`bp-paused-item${p.id === selected?.id ? ' is-selected' : ''}`} aria-current={p.id === selected?.id} onClick={() => navigate('breakpoints', p.id)}>
                    <MethodBadge method={p.method} />
                    <span className="bp-paused-path mono">{p.path}</span>
                    <span className={`bp-phase bp-phase-${p.phase}`}>{p.phase}</span>
                    <Countdown releaseAt={p.releaseAt} compact />
                  </button>
                </li>
              ))}
            </ul>
            {selected && <PausedPanel key={selected.id} paused={selected} client={client} />}
          </div>
        )}
      </section>

      <RulesPanel client={client} />
    </div>
  );
}
