/** The card every Settings section sits in, its radio-card choices, and the page-wide confirmation the sections ask for before destructive changes. */
import { useId, type ReactNode } from 'react';

/** A settings section: a card with a title, an optional lead sentence and its rows. */
export function Section({ title, lead, children, id }: { title: string; lead?: ReactNode; children: ReactNode; id: string }) {
  return (
    <section className="card section settings-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {lead && <p className="settings-lead">{lead}</p>}
      {children}
    </section>
  );
}

export interface Choice<T> {
  value: T;
  title: string;
  description: string;
  /** Drawn in the error colour: a choice that weakens the sandbox (authentication off). */
  danger?: boolean;
}

/** A radio group drawn as cards, each with a title and a sentence, two, three or four to a row. */
export function Choices<T>({ label, options, value, onChange, disabled, columns = 2 }: { label: string; options: Choice<T>[]; value: T; onChange: (value: T) => void; disabled?: boolean; columns?: 2 | 3 | 4 }) {
  const name = useId();
  return (
    <div className={`settings-choices${columns === 2 ? '' : ` settings-choices-${columns}`}`} role="radiogroup" aria-label={label}>
      {options.map((o) => (
        <label key={String(o.value)} className={`settings-choice${value === o.value ? ' selected' : ''}${o.danger ? ' is-danger' : ''}`}>
          <input type="radio" name={name} value={String(o.value)} checked={value === o.value} disabled={disabled} onChange={() => onChange(o.value)} />
          <span className="settings-choice-title">{o.title}</span>
          <span className="settings-choice-desc">{o.description}</span>
        </label>
      ))}
    </div>
  );
}

/** One confirmation at a time for the whole page (ConfirmDialog's title id is fixed, so only one may be mounted). */
export interface Confirmation {
  title: string;
  message: string;
  confirmLabel: string;
  run: () => void;
}
export type Ask = (confirmation: Confirmation) => void;
