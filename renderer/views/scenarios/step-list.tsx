/** The steps of a scenario run: the ones played (with what came back and a link to the exchange) and the ones still to come. */
import type { ReactNode } from 'react';
import type { ScenarioStepInfo, StepOutcome } from '../../../server/contract/index.js';

interface StepListProps {
  planned: ScenarioStepInfo[];
  outcomes: StepOutcome[];
  remaining: ScenarioStepInfo[];
  /** Opens the step's exchange in Traffic; null when the target is not this sandbox. */
  onOpenExchange: ((exchangeId: string) => void) | null;
  renderKind: (kind: string) => ReactNode;
  renderMethod: (method: string) => ReactNode;
}

export function StepList({ planned, outcomes, remaining, onOpenExchange, renderKind, renderMethod }: StepListProps) {
  if (planned.length === 0) return <p className="empty">Pick a scenario.</p>;
  return (
    <ol className="scenario-steps" aria-label="Steps">
      {outcomes.map((o) => (
        <li key={`done-${o.index}`} className={o.ok ? 'scenario-step done ok' : 'scenario-step done bad'} data-testid="played-step">
          <div className="scenario-step-head">
            <span className={o.ok ? 'pill pill-ok' : 'pill pill-danger'}>{o.ok ? 'as expected' : 'unexpected'}</span>
            {renderKind(o.kind)}
            {renderMethod(o.method)}
            <code className="scenario-path" title={o.path}>{o.path}</code>
            <span className="scenario-status">→ {o.status || 'no answer'}{o.status !== o.expectedStatus ? ` (expected ${o.expectedStatus})` : ''}</span>
          </div>
          <p className="scenario-why">{o.why}</p>
          {o.attempts > 1 && <p className="muted">{o.attempts} attempts; waited {(o.waitedMs / 1000).toFixed(1)} s (after the speed factor) on 429 back-off.</p>}
          {o.failures.length > 0 && (
            <ul className="scenario-failures">
              {o.failures.map((f, i) => (
                <li key={i}>{f}</li>
              ))}
            </ul>
          )}
          {o.exchangeId && onOpenExchange && (
            <button type="button" className="button small ghost" onClick={() => onOpenExchange(o.exchangeId!)}>
              Open in Traffic
            </button>
          )}
        </li>
      ))}
      {remaining.map((s, i) => (
        <li key={`todo-${i}`} className="scenario-step todo">
          <div className="scenario-step-head">
            <span className="pill">next</span>
            {renderKind(s.kind)}
            {s.method && renderMethod(s.method)}
            <span className="scenario-name">{s.name}</span>
          </div>
          <p className="scenario-why">{s.why}</p>
        </li>
      ))}
    </ol>
  );
}
