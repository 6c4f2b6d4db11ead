/**
 * The rule editor: a modal with a form for the common fields and a JSON tab for the whole rule,
 * a live plain-words preview, and the server's validation message when a save is refused.
 */
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ClientKind, FaultActionType } from '../../../server/contract/index.js';
import { JsonEditor } from '../../components/json-editor.js';
import { CLIENT_NAMES } from '../../state/labels.js';
import { describeRule } from './describe-rule.js';
import { ACTION_TYPES, CLIENTS, METHODS, OPERATION_GROUPS, emptyForm, formToRule, parseRuleJson, ruleToForm, type FormErrors, type FormField, type RuleDefinition, type RuleForm } from './rule-form.js';

export interface RuleEditorProps {
  /** The rule being edited, or null for a new one. */
  initial: RuleDefinition | null;
  isNew: boolean;
  /** Saves the rule; rejects with the server's message when it is refused. */
  onSave: (rule: unknown) => Promise<void>;
  onClose: () => void;
}

type Tab = 'form' | 'json';

function toggle<T>(list: T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

function Chip({ pressed, onClick, children, label }: { pressed: boolean; onClick: () => void; children: ReactNode; label?: string }) {
  return (
    <button type="button" className="chip" aria-pressed={pressed} aria-label={label} onClick={onClick}>
      {children}
    </button>
  );
}

/** A labelled input with its hint and error wired for screen readers. */
function Field({ id, label, hint, error, children, wide }: { id: string; label: string; hint?: ReactNode; error?: string; children: (describedBy: string | undefined, invalid: boolean) => ReactNode; wide?: boolean }) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`faults-field${wide ? ' faults-field-wide' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children(describedBy, !!error)}
      {hint && (
        <span id={`${id}-hint`} className="faults-hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="faults-field-error">
          {error}
        </span>
      )}
    </div>
  );
}

export function RuleEditor({ initial, isNew, onSave, onClose }: RuleEditorProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const uid = useId();
  const id = (name: string) => `${uid}-${name}`;
  const [form, setForm] = useState<RuleForm>(() => (initial ? ruleToForm(initial) : emptyForm()));
  const [tab, setTab] = useState<Tab>('form');
  const [jsonText, setJsonText] = useState('');
  const [jsonSyntaxError, setJsonSyntaxError] = useState<string | null>(null);
  const [errors, setErrors] = useState<FormErrors>({});
  const [showErrors, setShowErrors] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open && typeof d.showModal === 'function') d.showModal();
    return () => {
      if (d?.open) d.close();
    };
  }, []);

  const set = <K extends FormField>(key: K, value: RuleForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setProblem(null);
  };

  const result = useMemo(() => formToRule(form), [form]);
  useEffect(() => {
    if (showErrors) setErrors(result.ok ? {} : result.errors);
  }, [result, showErrors]);

  const preview = useMemo(() => {
    if (tab === 'json') {
      const parsed = parseRuleJson(jsonText);
      return parsed.ok ? describeRule(parsed.rule) : null;
    }
    // Describe the rule even before it has a name.
    const named = form.name.trim() ? result : formToRule({ ...form, name: 'preview' });
    return named.ok ? describeRule(named.rule) : null;
  }, [tab, jsonText, result, form]);

  const switchTo = (next: Tab) => {
    if (next === tab) return;
    if (next === 'json') {
      if (!result.ok) {
        setShowErrors(true);
        setErrors(result.errors);
        setProblem('Fix the highlighted fields before switching to JSON.');
        return;
      }
      setJsonText(JSON.stringify(result.rule, null, 2));
      setJsonSyntaxError(null);
    } else {
      const parsed = parseRuleJson(jsonText);
      if (!parsed.ok) {
        setProblem(parsed.error);
        return;
      }
      setForm(ruleToForm(parsed.rule));
    }
    setProblem(null);
    setTab(next);
  };

  const submit = async () => {
    let body: unknown;
    if (tab === 'form') {
      if (!result.ok) {
        setShowErrors(true);
        setErrors(result.errors);
        const messages = Object.values(result.errors);
        setProblem(messages.length === 1 ? messages[0]! : `${messages.length} fields need attention.`);
        const first = Object.keys(result.errors)[0];
        if (first) dialog.current?.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
        return;
      }
      body = result.rule;
    } else {
      try {
        body = JSON.parse(jsonText);
      } catch (error) {
        setProblem(`Not valid JSON: ${(error as Error).message}`);
        return;
      }
    }
    setSaving(true);
    setProblem(null);
    try {
      await onSave(body);
    } catch (error) {
      setProblem(`The server refused the rule: ${(error as Error).message}`);
      setSaving(false);
    }
  };

  const err = (field: FormField) => (showErrors ? errors[field] : undefined);
  const input = (field: FormField, props: { type?: string; placeholder?: string; inputMode?: 'numeric' | 'decimal'; className?: string } = {}) =>
    function render(describedBy: string | undefined, invalid: boolean) {
      return (
        <input
          id={id(field)}
          data-field={field}
          type={props.type ?? 'text'}
          inputMode={props.inputMode}
          placeholder={props.placeholder}
          className={props.className}
          value={form[field] as string}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(e) => set(field, e.target.value as never)}
        />
      );
    };

  const actionHint = ACTION_TYPES.find((a) => a.type === form.actionType)?.hint;

  return (
    <dialog
      ref={dialog}
      className="dialog faults-editor"
      aria-labelledby={id('title')}
      onCancel={(e) => {
        e.preventDefault();
        if (!saving) onClose();
      }}
    >
      <form
        className="faults-editor-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <header className="faults-editor-head">
          <h2 id={id('title')}>{isNew ? 'New fault rule' : 'Edit fault rule'}</h2>
          <div className="faults-segmented" role="group" aria-label="Editor mode">
            <button type="button" aria-pressed={tab === 'form'} onClick={() => switchTo('form')}>
              Form
            </button>
            <button type="button" aria-pressed={tab === 'json'} onClick={() => switchTo('json')}>
              JSON
            </button>
          </div>
        </header>

        <div className="faults-editor-body">
          {tab === 'form' ? (
            <>
              <Field id={id('name')} label="Name" error={err('name')} wide>
                {input('name', { placeholder: 'e.g. Slow user creates from Okta' })}
              </Field>

              <fieldset className="faults-group">
                <legend>Match</legend>
                <p className="faults-group-lead">Which requests the rule looks at. Leave everything empty to match every request.</p>
                <div className="faults-field faults-field-wide" role="group" aria-labelledby={id('methods-label')}>
                  <span id={id('methods-label')} className="faults-label">
                    Methods
                  </span>
                  <div className="faults-chips">
                    {METHODS.map((m) => (
                      <Chip key={m} pressed={form.methods.includes(m)} onClick={() => set('methods', toggle(form.methods, m))}>
                        {m}
                      </Chip>
                    ))}
                  </div>
                </div>
                <div className="faults-field faults-field-wide" role="group" aria-labelledby={id('ops-label')}>
                  <span id={id('ops-label')} className="faults-label">
                    Operations
                  </span>
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
                </div>
                <div className="faults-field faults-field-wide" role="group" aria-labelledby={id('clients-label')}>
                  <span id={id('clients-label')} className="faults-label">
                    Clients
                  </span>
                  <div className="faults-chips">
                    {CLIENTS.map((c: ClientKind) => (
                      <Chip key={c} pressed={form.clients.includes(c)} onClick={() => set('clients', toggle(form.clients, c))}>
                        {CLIENT_NAMES[c]}
                      </Chip>
                    ))}
                  </div>
                </div>
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
                <ActionFields form={form} set={set} input={input} id={id} err={err} />
              </fieldset>
            </>
          ) : (
            <div className="faults-json">
              <p className="faults-group-lead">
                The whole rule as the admin API takes it (<code>match</code>, <code>when</code>, <code>action</code>). Fields the form does not show, such as extra error headers, can be set here.
              </p>
              <JsonEditor
                value={jsonText}
                label="Fault rule JSON"
                minHeight="22rem"
                onChange={(t, e) => {
                  setJsonText(t);
                  setJsonSyntaxError(e);
                  setProblem(null);
                }}
              />
              {jsonSyntaxError && <p className="faults-field-error">{jsonSyntaxError}</p>}
            </div>
          )}
        </div>

        <div className="faults-editor-foot">
          <div className="faults-preview" aria-live="polite">
            <span className="faults-preview-label">In plain words</span>
            <span className={preview ? 'faults-preview-text' : 'faults-preview-text muted'}>{preview ?? 'Complete the rule to see what it does.'}</span>
          </div>
          {problem && (
            <p className="faults-problem" role="alert">
              {problem}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" className="button" onClick={onClose} disabled={saving}>
              Cancel
            </button>
            <button type="submit" className="button primary" disabled={saving}>
              {saving ? 'Saving…' : isNew ? 'Add rule' : 'Save rule'}
            </button>
          </div>
        </div>
      </form>
    </dialog>
  );
}

type InputRenderer = (field: FormField, props?: { type?: string; placeholder?: string; inputMode?: 'numeric' | 'decimal'; className?: string }) => (describedBy: string | undefined, invalid: boolean) => ReactNode;

function ActionFields({ form, set, input, id, err }: { form: RuleForm; set: <K extends FormField>(key: K, value: RuleForm[K]) => void; input: InputRenderer; id: (n: string) => string; err: (f: FormField) => string | undefined }) {
  switch (form.actionType) {
    case 'latency':
      return (
        <div className="faults-grid-4">
          <Field id={id('latencyMs')} label="Delay (ms)" error={err('latencyMs')}>
            {input('latencyMs', { inputMode: 'numeric' })}
          </Field>
          <Field id={id('jitterMs')} label="Jitter (ms)" hint="Up to this much more, at random." error={err('jitterMs')}>
            {input('jitterMs', { inputMode: 'numeric' })}
          </Field>
        </div>
      );
    case 'error':
      return (
        <>
          <div className="faults-grid-4">
            <Field id={id('errorStatus')} label="Status" hint="400–599" error={err('errorStatus')}>
              {input('errorStatus', { inputMode: 'numeric' })}
            </Field>
            <Field id={id('scimType')} label="scimType" hint="e.g. uniqueness, invalidValue; blank = none.">
              {input('scimType', { className: 'mono' })}
            </Field>
          </div>
          <Field id={id('detail')} label="Detail" hint="The SCIM error's human-readable message." wide>
            {input('detail', { placeholder: 'Injected by Scimscope' })}
          </Field>
          {form.errorHeaders && Object.keys(form.errorHeaders).length > 0 && (
            <p className="faults-hint">
              Also sends {Object.keys(form.errorHeaders).length} extra header{Object.keys(form.errorHeaders).length === 1 ? '' : 's'} ({Object.keys(form.errorHeaders).join(', ')}); edit them in the JSON tab.
            </p>
          )}
        </>
      );
    case 'rateLimit':
      return (
        <>
          <div className="faults-radio-row" role="radiogroup" aria-label="Retry-After">
            <span className="faults-label">Retry-After</span>
            {(
              [
                ['seconds', 'Seconds'],
                ['http-date', 'HTTP-date'],
                ['none', 'No header'],
              ] as const
            ).map(([mode, label]) => (
              <label key={mode} className="faults-radio">
                <input type="radio" name={id('retry')} checked={form.retryAfterMode === mode} onChange={() => set('retryAfterMode', mode)} />
                {label}
              </label>
            ))}
          </div>
          <div className="faults-grid-4">
            {form.retryAfterMode === 'seconds' && (
              <Field id={id('retryAfterSeconds')} label="Seconds" hint="Okta waits this long." error={err('retryAfterSeconds')}>
                {input('retryAfterSeconds', { inputMode: 'numeric' })}
              </Field>
            )}
            {form.retryAfterMode === 'http-date' && (
              <Field id={id('httpDateSeconds')} label="Date, seconds ahead" hint="Default 120." error={err('httpDateSeconds')}>
                {input('httpDateSeconds', { inputMode: 'numeric' })}
              </Field>
            )}
          </div>
        </>
      );
    case 'timeout':
      return (
        <div className="faults-grid-4">
          <Field id={id('timeoutSeconds')} label="Drop after (s)" hint="Default 120 s." error={err('timeoutSeconds')}>
            {input('timeoutSeconds', { inputMode: 'decimal' })}
          </Field>
        </div>
      );
    case 'malformed':
      return (
        <div className="faults-grid-4">
          <Field id={id('malformedStatus')} label="Status" hint="Default 200." error={err('malformedStatus')}>
            {input('malformedStatus', { inputMode: 'numeric' })}
          </Field>
        </div>
      );
    case 'emptyBody':
      return (
        <div className="faults-grid-4">
          <Field id={id('emptyBodyStatus')} label="Status" hint="2xx; default 201 on POST, else 200." error={err('emptyBodyStatus')}>
            {input('emptyBodyStatus', { inputMode: 'numeric' })}
          </Field>
        </div>
      );
    case 'wrongContentType':
      return (
        <Field id={id('contentType')} label="Content-Type" hint="Blank = text/html; charset=utf-8." wide>
          {input('contentType', { className: 'mono' })}
        </Field>
      );
    case 'drop':
      return null;
  }
}
