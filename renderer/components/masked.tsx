/**
 * The screen-sharing mask for values that are not secrets by design but carry one (an Authorization
 * header, a header named like a key): while the switch is on, the value is replaced by dots and a
 * "Show" button; a click reveals that one value until the switch is turned on again.
 */
import { useEffect, useState } from 'react';
import { useStoreSelector } from '../state/external-store.js';
import { presentation } from '../state/presentation.js';

export function useScreenSharing(): boolean {
  return useStoreSelector(presentation, (p) => p.screenSharing);
}

/** Header (or query parameter) names whose value is a credential, or may be. */
const SECRET_NAME = /authorization|cookie|token|secret|password|api[-_]?key|^x-.*key$|session|signature/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

export function Masked({ value, what }: { value: string; what: string }) {
  const sharing = useScreenSharing();
  const [revealed, setRevealed] = useState(false);
  useEffect(() => {
    if (sharing) setRevealed(false);
  }, [sharing]);
  if (!sharing || revealed) return <code>{value}</code>;
  return (
    <span className="masked">
      <code className="masked-dots" aria-label={`${what} (hidden while screen sharing)`} data-masked="">
        ••••••••••••
      </code>
      <button type="button" className="button small ghost" onClick={() => setRevealed(true)}>
        Show
      </button>
    </span>
  );
}
