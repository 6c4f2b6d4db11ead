/** The Connect view's Okta setup checklist panel: progress, and each step with its state and a link to the exchange that proved or broke it. */
import { Circle, CircleAlert, CircleCheck } from 'lucide-react';
import { formatClock } from '../../state/labels.js';
import type { StepResult } from './setup-checklist.js';
import { hashFor } from '../../state/route.js';

function StepIcon({ state }: { state: StepResult['state'] }) {
  if (state === 'done') return <CircleCheck className="connect-step-icon" size={22} aria-hidden="true" />;
  if (state === 'tried') return <CircleAlert className="connect-step-icon" size={22} aria-hidden="true" />;
  return <Circle className="connect-step-icon" size={22} aria-hidden="true" />;
}

const STATE_WORDS: Record<StepResult['state'], string> = { done: 'Done', tried: 'Tried, failed', pending: 'Not yet' };

export function ChecklistPanel({ steps }: { steps: StepResult[] }) {
  const done = steps.filter((s) => s.state === 'done').length;
  const next = steps.find((s) => s.state !== 'done');
  return (
    <section className="card section connect-checklist" aria-labelledby="connect-checklist-title">
      <div className="connect-section-head">
        <h2 id="connect-checklist-title">Okta setup checklist</h2>
        <span className="connect-progress-text">
          {done} of {steps.length}
        </span>
      </div>
      <div className="connect-progress" role="progressbar" aria-label="Okta setup progress" aria-valuemin={0} aria-valuemax={steps.length} aria-valuenow={done}>
        <span style={{ width: `${(done / steps.length) * 100}%` }} />
      </div>
      {done === steps.length ? (
        <p className="connect-complete" role="status">
          <CircleCheck size={18} aria-hidden="true" />
          Okta provisioning works end to end.
        </p>
      ) : (
        <p className="connect-hint">Ticks itself as Okta’s requests arrive. Each step links to the exchange that proved it.</p>
      )}
      <ol className="connect-steps">
        {steps.map((step) => (
          <li key={step.id} className={`connect-step is-${step.state}${step === next ? ' is-next' : ''}`}>
            <StepIcon state={step.state} />
            <div className="connect-step-body">
              <div className="connect-step-title">
                <span>{step.title}</span>
                <span className="visually-hidden">: {STATE_WORDS[step.state]}</span>
              </div>
              {step.state === 'done' && step.exchangeId ? (
                <p className="connect-step-meta">
                  <a href={hashFor('traffic', step.exchangeId)}>View exchange</a>
                  {step.at && <span className="muted"> · {formatClock(step.at, { ms: false })}</span>}
                </p>
              ) : step.state === 'tried' && step.exchangeId ? (
                <>
                  <p className="connect-step-meta connect-step-failed">
                    Okta tried: {step.status ? `answered ${step.status}` : step.outcome === 'dropped' ? 'connection dropped' : 'no answer'} ·{' '}
                    <a href={hashFor('traffic', step.exchangeId)}>See what went wrong</a>
                  </p>
                  <p className="connect-step-hint">{step.hint}</p>
                </>
              ) : (
                <p className="connect-step-hint">{step.hint}</p>
              )}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
