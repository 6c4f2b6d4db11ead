/** The rule editor's dialog shell: switches between the Form and JSON tabs, shows the live plain-words preview, and saves, showing the server's message when it refuses. */
import { useId, useMemo, useState } from 'react';
import { useModalDialog } from '../../components/modal-dialog.js';
import { describeRule } from './describe-rule.js';
import { inputRenderer } from './rule-editor-fields.js';
import { RuleFormTab } from './rule-form-tab.js';
import { emptyForm, formToRule, parseRuleJson, ruleToForm, type FormErrors, type FormField, type RuleDefinition, type RuleForm } from './rule-form.js';
import { RuleJsonTab } from './rule-json-tab.js';

export interface RuleEditorProps {
  /** The rule being edited, or null for a new one. */
  initial: RuleDefinition | null;
  isNew: boolean;
  /** Saves the rule; rejects with the server's message when it is refused. */
  onSave: (rule: unknown) => Promise<void>;
  onClose: () => void;
}

type Tab = 'form' | 'json';

export function RuleEditor({ initial, isNew, onSave, onClose }: RuleEditorProps) {
  const dialog = useModalDialog(true);
  const uid = useId();
  const id = (name: string) => `${uid}-${name}`;
  const [form, setForm] = useState<RuleForm>(() => (initial ? ruleToForm(initial) : emptyForm()));
  const [tab, setTab] = useState<Tab>('form');
  const [jsonText, setJsonText] = useState('');
  const [jsonSyntaxError, setJsonSyntaxError] = useState<string | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const set = <K extends FormField>(key: K, value: RuleForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setProblem(null);
  };

  const result = useMemo(() => formToRule(form), [form]);
  const errors: FormErrors = result.ok ? {} : result.errors;

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
  const input = inputRenderer(form, set, id);

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
          <div className="segmented faults-segmented" role="group" aria-label="Editor mode">
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
            <RuleFormTab form={form} set={set} input={input} id={id} err={err} />
          ) : (
            <RuleJsonTab
              text={jsonText}
              syntaxError={jsonSyntaxError}
              onChange={(t, e) => {
                setJsonText(t);
                setJsonSyntaxError(e);
                setProblem(null);
              }}
            />
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
