/** The fault presets as a grid of cards, each adding a ready-made rule in one click and marked when one is already in use. */
import { Plus } from 'lucide-react';
import type { FaultPreset, FaultRule } from '../../../server/contract/index.js';
import { actionBadge } from './describe-rule.js';

export function PresetsGrid({ presets, rules, busy, onAdd }: { presets: FaultPreset[] | null; rules: FaultRule[] | null; busy: boolean; onAdd: (preset: FaultPreset) => void }) {
  return (
    <section className="faults-presets-section" aria-labelledby="faults-presets-title">
      <div className="faults-section-head">
        <h2 id="faults-presets-title">Presets</h2>
        <span className="faults-count">One click adds a ready-made rule, switched on, at the end of the list.</span>
      </div>
      {presets === null ? (
        <p className="muted">Loading presets…</p>
      ) : (
        <ul className="faults-presets">
          {presets.map((preset) => {
            const badge = actionBadge(preset.rule.action);
            const inUse = rules?.some((r) => r.preset === preset.id) ?? false;
            return (
              <li key={preset.id} className="card faults-preset">
                <div className="faults-preset-top">
                  <span className={`faults-badge tone-${badge.tone}`}>{badge.text}</span>
                  {inUse && <span className="faults-in-use">In use</span>}
                </div>
                <h3>{preset.name}</h3>
                <p>{preset.description}</p>
                <button type="button" className="button small faults-preset-add" disabled={busy} onClick={() => onAdd(preset)} aria-label={`Add preset: ${preset.name}`}>
                  <Plus size={14} aria-hidden="true" />
                  Add
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
