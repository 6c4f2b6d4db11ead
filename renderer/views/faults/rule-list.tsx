/** The Rules card of the Faults view: how many rules are on, the ordered list (or why it is empty), and the random seed. */
import type { FaultRule } from '../../../server/contract/index.js';
import type { AdminClient } from '../../api/admin-client.js';
import { RuleRow } from './rule-row.js';
import { SeedSetting } from './seed-setting.js';

export interface RuleListProps {
  client: AdminClient;
  rules: FaultRule[] | null;
  loadError: string | null;
  busy: boolean;
  /** The id of a rule just added, marked for a moment. */
  fresh: string | null;
  onToggle: (rule: FaultRule, enabled: boolean) => void;
  onMove: (index: number, delta: -1 | 1) => void;
  onEdit: (rule: FaultRule) => void;
  onDelete: (rule: FaultRule) => void;
}

export function RuleList({ client, rules, loadError, busy, fresh, onToggle, onMove, onEdit, onDelete }: RuleListProps) {
  const enabledCount = rules?.filter((r) => r.enabled).length ?? 0;
  return (
    <section className="card section faults-rules-section" aria-labelledby="faults-rules-title">
      <div className="faults-section-head">
        <h2 id="faults-rules-title">Rules</h2>
        {rules && rules.length > 0 && (
          <span className="faults-count">
            {enabledCount} of {rules.length} on
          </span>
        )}
      </div>
      {loadError && !rules ? (
        <p className="empty" role="alert">
          Could not load the rules: {loadError}
        </p>
      ) : rules === null ? (
        <p className="empty">Loading rules…</p>
      ) : rules.length === 0 ? (
        <div className="faults-empty">
          <p className="faults-empty-title">No fault rules yet</p>
          <p className="muted">Every request is answered normally. Add a preset below, or write your own rule.</p>
        </div>
      ) : (
        <ol className="faults-rules">
          {rules.map((rule, index) => (
            <RuleRow
              key={rule.id}
              rule={rule}
              index={index}
              last={index === rules.length - 1}
              busy={busy}
              fresh={fresh === rule.id}
              onToggle={(enabled) => onToggle(rule, enabled)}
              onMove={(delta) => onMove(index, delta)}
              onEdit={() => onEdit(rule)}
              onDelete={() => onDelete(rule)}
            />
          ))}
        </ol>
      )}
      <SeedSetting client={client} />
    </section>
  );
}
