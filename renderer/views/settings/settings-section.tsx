/** The card every Settings section sits in, and the page-wide confirmation the sections ask for before destructive changes. */
import type { ReactNode } from 'react';

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

/** One confirmation at a time for the whole page (ConfirmDialog's title id is fixed, so only one may be mounted). */
export interface Confirmation {
  title: string;
  message: string;
  confirmLabel: string;
  run: () => void;
}
export type Ask = (confirmation: Confirmation) => void;
