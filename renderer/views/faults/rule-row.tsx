/** One fault rule in the ordered list: its switch, name, plain-words summary, live counters, and the move, edit and delete buttons. */
import { ArrowDown, ArrowUp, Pencil, Trash2 } from 'lucide-react';
import { useId } from 'react';
import type { FaultRule } from '../../../server/contract/index.js';
import { Switch } from '../settings/switch.js';
import { actionBadge, describeRule } from './describe-rule.js';
import { relativeTime, useNow } from './relative-time.js';

export function RuleRow({
  rule,
  index,
  last,
  busy,
  fresh,
  onToggle,
  onMove,
  onEdit,
  onDelete,
}: {
  rule: FaultRule;
  index: number;
  last: boolean;
  busy: boolean;
  fresh: boolean;
  onToggle: (enabled: boolean) => void;
  onMove: (delta: -1 | 1) => void;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const now = useNow(15_000);
  const nameId = useId();
  const badge = actionBadge(rule.action);
  return (
    <li className={`faults-rule${rule.enabled ? '' : ' is-off'}${fresh ? ' is-fresh' : ''}`} aria-labelledby={nameId}>
      <span className="faults-rule-index" aria-hidden="true">
        {index + 1}
      </span>
      <div className="faults-rule-switch">
        <Switch checked={rule.enabled} onChange={onToggle} label={`Enable rule “${rule.name}”`} />
        <span className="faults-rule-state" aria-hidden="true">
          {rule.enabled ? 'On' : 'Off'}
        </span>
      </div>
      <div className="faults-rule-main">
        <div className="faults-rule-title">
          <span id={nameId} className="faults-rule-name">
            {rule.name}
          </span>
          <span className={`faults-badge tone-${badge.tone}`}>{badge.text}</span>
        </div>
        <p className="faults-rule-desc">{describeRule(rule)}</p>
      </div>
      <dl className="faults-rule-stats">
        <div>
          <dt>Fired</dt>
          <dd key={rule.hits} className={rule.hits > 0 ? 'faults-pulse' : undefined}>
            {rule.hits.toLocaleString()}
          </dd>
        </div>
        <div>
          <dt>Matched</dt>
          <dd>{rule.matched.toLocaleString()}</dd>
        </div>
        <div className="faults-rule-last">
          <dt>Last fired</dt>
          <dd title={rule.lastHitAt ? new Date(rule.lastHitAt).toLocaleString() : undefined}>{rule.lastHitAt ? relativeTime(rule.lastHitAt, now) : 'never'}</dd>
        </div>
      </dl>
      <div className="faults-rule-actions">
        <button type="button" className="button small ghost ctl-icon" aria-label={`Move “${rule.name}” up`} title="Move up" disabled={busy || index === 0} onClick={() => onMove(-1)}>
          <ArrowUp size={16} aria-hidden="true" />
        </button>
        <button type="button" className="button small ghost ctl-icon" aria-label={`Move “${rule.name}” down`} title="Move down" disabled={busy || last} onClick={() => onMove(1)}>
          <ArrowDown size={16} aria-hidden="true" />
        </button>
        <button type="button" className="button small" aria-label={`Edit “${rule.name}”`} onClick={onEdit}>
          <Pencil size={14} aria-hidden="true" />
          Edit
        </button>
        <button type="button" className="button small ghost ctl-icon faults-delete" aria-label={`Delete “${rule.name}”`} title="Delete" disabled={busy} onClick={onDelete}>
          <Trash2 size={16} aria-hidden="true" />
        </button>
      </div>
    </li>
  );
}
