/**
 * A secret shown masked, with a reveal toggle and a copy button that always copies the real value.
 * The mask keeps the token's recognisable prefix ("scim_") and last four characters; while the
 * screen-sharing switch is on, it shows nothing of the value at all, and a reveal lasts only until
 * the switch is turned on again.
 */
import { Eye, EyeOff } from 'lucide-react';
import { useEffect, useState } from 'react';
import { CopyButton } from '../../components/copy-button.js';
import { useScreenSharing } from '../../components/masked.js';
import '../../styles/settings.css';

export function maskSecret(secret: string, sharing = false): string {
  if (sharing) return '•'.repeat(12);
  if (secret.length <= 8) return '•'.repeat(Math.max(secret.length, 8));
  const prefix = /^[a-z]+_/i.exec(secret)?.[0] ?? '';
  return `${prefix}${'•'.repeat(16)}${secret.slice(-4)}`;
}

export function SecretValue({ value, what }: { value: string | null; what: string }) {
  const [shown, setShown] = useState(false);
  const sharing = useScreenSharing();
  useEffect(() => {
    if (sharing) setShown(false);
  }, [sharing]);
  if (value === null) return <span className="muted">Loading…</span>;
  return (
    <span className="ctl-secret">
      <code className="ctl-secret-text" data-masked={shown ? undefined : ''} aria-label={shown ? undefined : `${what} (hidden${sharing ? ' while screen sharing' : ''})`}>
        {shown ? value : maskSecret(value, sharing)}
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
