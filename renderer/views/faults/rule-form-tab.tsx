/** The rule editor's Form tab: the name, then the Match, When and Action groups of a fault rule. */
import type { ClientKind, FaultActionType, FaultPhase } from '../../../server/contract/index.js';
import { CLIENT_NAMES } from '../../state/labels.js';
import { ActionFields } from './rule-action-fields.js';
import { Chip, toggle } from '../../components/chip.js';
import { ChipField, Field, type FormSectionProps } from './rule-editor-fields.js';
import { ACTION_TYPES, CLIENTS, METHODS, OPERATION_GROUPS } from './rule-form.js';

export function RuleFormTab(props: FormSectionProps) {
  const { input, id, err } = props;
  return (
    <>
      <Field id={id('name')} label="Name" error={err('name')} wide>
        {input('name', { placeholder: 'e.g. Slow user creates from Okta' })}
      </Field>

      <MatchGroup {...props} />

      <WhenGroup {...props} />

      <ActionGroup {...props} />
    </>
  );
}

function MatchGroup({ form, set, input, id, err }: FormSectionProps) {
  return (
    <fieldset className="faults-group">
      <legend>Match</legend>
      <p className="faults-group-lead">Which requests the rule looks at. Leave everything empty to match every request.</p>
      <ChipField id={id('methods-label')} label="Methods">
        <div className="faults-chips">
          {METHODS.map((m) => (
            <Chip key={m} pressed={form.methods.includes(m)} onClick={() => set('methods', toggle(form.methods, m))}>
              {m}
            </Chip>
          ))}
        </div>
      </ChipField>
      <ChipField id={id('ops-label')} label="Operations">
        <div className="faults-ops">
          {OPERATION_GROUPS.map((group) => (
            <div key={group.label} className="faults-ops-row" role="group" aria-label={group.label}>
              <span className="faults-ops-family">{group.label}</span>
              <div className="faults-chips">
                {group.family && (
                  <Chip pressed={form.operations.includes(group.family)} onClick={() => set('operations', toggle(form.operations, group.family!))} label={`all ${group.label.toLowerCase().replace(/s$/, '')} operations (${group.family})`}>
                    all
                  </Chip>
                )}
                {group.kinds.map((kind) => (
                  <Chip key={kind} pressed={form.operations.includes(kind)} onClick={() => set('operations', toggle(form.operations, kind))} label={kind}>
                    {group.family ? kind.slice(group.family.length - 1) : kind}
                  </Chip>
                ))}
              </div>
            </div>
          ))}
          {form.operations
            .filter((op) => !OPERATION_GROUPS.some((g) => g.family === op || g.kinds.includes(op)))
            .map((op) => (
              <Chip key={op} pressed onClick={() => set('operations', toggle(form.operations, op))} label={op}>
                {op}
              </Chip>
            ))}
        </div>
      </ChipField>
      <ChipField id={id('clients-label')} label="Clients">
        <div className="faults-chips">
          {CLIENTS.map((c: ClientKind) => (
            <Chip key={c} pressed={form.clients.includes(c)} onClick={() => set('clients', toggle(form.clients, c))}>
              {CLIENT_NAMES[c]}
            </Chip>
          ))}
        </div>
      </ChipField>
      <div className="faults-grid-3">
        <Field id={id('path')} label="Path" hint={<>Relative to /scim/v2; * any run, ? one character.</>} error={err('path')}>
          {input('path', { placeholder: '/Users*', className: 'mono' })}
        </Field>
        <Field id={id('bodyContains')} label="Body contains" hint="Case-insensitive text in the request body.">
          {input('bodyContains', { placeholder: 'e.g. "active":false' })}
        </Field>
        <Field id={id('headerContains')} label="Header contains" hint="Matches “Name: value” of any header.">
          {input('headerContains', { placeholder: 'e.g. User-Agent: Okta' })}
        </Field>
      </div>
    </fieldset>
  );
}

function WhenGroup({ input, id, err }: FormSectionProps) {
  return (
    <fieldset className="faults-group">
      <legend>When</legend>
      <p className="faults-group-lead">Among matching requests, which ones it fires on. All that are set must hold; empty means every time.</p>
      <div className="faults-grid-4">
        <Field id={id('probabilityPercent')} label="Chance (%)" hint="Blank = always." error={err('probabilityPercent')}>
          {input('probabilityPercent', { inputMode: 'decimal', placeholder: '100' })}
        </Field>
        <Field id={id('nth')} label="Only the nth" hint="e.g. 3 = the 3rd only." error={err('nth')}>
          {input('nth', { inputMode: 'numeric' })}
        </Field>
        <Field id={id('everyNth')} label="Every nth" hint="e.g. 2 = every 2nd." error={err('everyNth')}>
          {input('everyNth', { inputMode: 'numeric' })}
        </Field>
        <Field id={id('times')} label="At most (times)" hint="Then it stops firing." error={err('times')}>
          {input('times', { inputMode: 'numeric' })}
        </Field>
      </div>
    </fieldset>
  );
}

const PHASES: { value: FaultPhase; label: string; hint: string }[] = [
  { value: 'before', label: 'Before the backend', hint: 'The store (or your upstream server) never sees the request.' },
  { value: 'after', label: 'After the backend', hint: 'The store or upstream applies the request; the client is told otherwise.' },
];

function ActionGroup(props: FormSectionProps) {
  const { form, set, id } = props;
  const actionHint = ACTION_TYPES.find((a) => a.type === form.actionType)?.hint;
  return (
    <fieldset className="faults-group">
      <legend>Action</legend>
      <div className="faults-action-types" role="radiogroup" aria-label="Action type">
        {ACTION_TYPES.map((a) => (
          <label key={a.type} className={`faults-action-type${form.actionType === a.type ? ' selected' : ''}`}>
            <input type="radio" name={id('action')} value={a.type} checked={form.actionType === a.type} onChange={() => set('actionType', a.type as FaultActionType)} />
            {a.label}
          </label>
        ))}
      </div>
      {actionHint && <p className="faults-group-lead">{actionHint}</p>}
      <ActionFields {...props} />
      <div className="faults-action-types faults-phase" role="radiogroup" aria-label="Phase">
        {PHASES.map((p) => (
          <label key={p.value} className={`faults-action-type${form.phase === p.value ? ' selected' : ''}`} title={p.hint}>
            <input type="radio" name={id('phase')} value={p.value} checked={form.phase === p.value} onChange={() => set('phase', p.value)} />
            {p.label}
          </label>
        ))}
      </div>
      <p className="faults-group-lead">{PHASES.find((p) => p.value === form.phase)?.hint}</p>
    </fieldset>
  );
}
