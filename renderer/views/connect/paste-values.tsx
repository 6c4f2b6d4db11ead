/** The Connect view's building blocks for "field in the identity provider → value to paste" lists, and its notices. */
import { TriangleAlert } from 'lucide-react';
import type { ReactNode } from 'react';
import { CopyButton } from '../../components/copy-button.js';

/** One "field in the IdP → value to paste" row. */
export function ValueRow({ label, hint, children }: { label: ReactNode; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className="connect-row">
      <dt>
        {label}
        {hint && <span className="connect-row-hint">{hint}</span>}
      </dt>
      <dd>{children}</dd>
    </div>
  );
}

export function CopyValue({ value, what }: { value: string | null; what: string }) {
  if (!value) return <span className="muted">—</span>;
  return (
    <span className="connect-value">
      <code>{value}</code>
      <CopyButton text={value} what={what} />
    </span>
  );
}

export function Notice({ tone, children }: { tone: 'warn' | 'info'; children: ReactNode }) {
  return (
    <p className={`connect-notice tone-${tone}`}>
      {tone === 'warn' && <TriangleAlert size={16} aria-hidden="true" />}
      <span>{children}</span>
    </p>
  );
}
