/** The rule editor's small input pieces (labelled chip groups and fields, text inputs bound to the form) shared by its form sections. */
import type { ReactNode } from 'react';
import type { FormField, RuleForm } from './rule-form.js';

/** A labelled group of toggle chips (methods, operations, clients): the label names the group for screen readers. */
export function ChipField({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="faults-field faults-field-wide" role="group" aria-labelledby={id}>
      <span id={id} className="faults-label">
        {label}
      </span>
      {children}
    </div>
  );
}

/** A labelled input with its hint and error wired for screen readers. */
export function Field({ id, label, hint, error, children, wide }: { id: string; label: string; hint?: ReactNode; error?: string; children: (describedBy: string | undefined, invalid: boolean) => ReactNode; wide?: boolean }) {
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

export type FieldSetter = <K extends FormField>(key: K, value: RuleForm[K]) => void;

export interface InputProps {
  type?: string;
  placeholder?: string;
  inputMode?: 'numeric' | 'decimal';
  className?: string;
}

export type InputRenderer = (field: FormField, props?: InputProps) => (describedBy: string | undefined, invalid: boolean) => ReactNode;

/** What every form section of the editor works with: the form, its setter, inputs, ids and errors. */
export interface FormSectionProps {
  form: RuleForm;
  set: FieldSetter;
  input: InputRenderer;
  id: (name: string) => string;
  err: (field: FormField) => string | undefined;
}

/** Text inputs bound to one form field, to be passed as a Field's children. */
export function inputRenderer(form: RuleForm, set: FieldSetter, id: (name: string) => string): InputRenderer {
  return (field, props = {}) =>
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
}
