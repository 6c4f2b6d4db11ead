/**
 * A secret shown masked, with a reveal toggle and a copy button that always copies the real value.
 * The mask keeps the token's recognisable prefix ("scim_") and last four characters.
 */
import { Eye, EyeOff } from 'lucide-react';
import { useState } from 'react';
import { CopyButton } from '../../components/copy-button.js';
import '../../styles/settings.css';

export function maskSecret(secret: string): string {
  if (secret.length <= 8) return '•'.repeat(Math.max(secret.length, 8));
  const prefix = /^[a-z]+_/i.exec(secret)?.[0] ?? '';
  return `${prefix}${'•'.repeat(16)}${secret.slice(-4)}`;
}

export function SecretValue({ value, what }: { value: string | null; what: string }) {
  const [shown, setShown] = useState(false);
  if (value === null) return <span className="muted">Loading…</span>;
  return (
    <span className="ctl-secret">
      <code className="ctl-secret-text" aria-label={shown ? undefined : `${what} (hidden)`}>
        {shown ? value : maskSecret(value)}
      </code>
      <span className="ctl-secret-actions">
        <button type="button" className="button small ghost ctl-icon" aria-pressed={shown} aria-label={shown ? `Hide ${what}` : `Show ${what}`} title={shown ? `Hide ${what}` : `Show ${what}`} onClick={() => setShown(!shown)}>
          {shown ? <EyeOff size={16} aria-hidden="true" /> : <Eye size={16} aria-hidden="true" />}
        </button>
        <CopyButton text={value} what={what} />
      </span>
    </span>
  );
}
