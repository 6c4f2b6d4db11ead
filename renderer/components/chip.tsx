/** The toggle chip every filter and rule editor uses (methods, statuses, operations, clients), and the list toggle behind it. */
import type { ReactNode } from 'react';

/** Adds the item when it is missing, removes it when present. */
export function toggle<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

/** A pressed/unpressed button; `label` names it for screen readers when the text alone is too short, `tone` colours it. */
export function Chip({ pressed, onClick, children, label, title, tone }: { pressed: boolean; onClick: () => void; children: ReactNode; label?: string; title?: string; tone?: string }) {
  return (
    <button type="button" className={`chip${tone ? ` chip-${tone}` : ''}`} aria-pressed={pressed} aria-label={label} title={title} onClick={onClick}>
      {children}
    </button>
  );
}
