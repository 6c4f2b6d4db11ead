/** Copies text with one click (through the desktop bridge when present) and says so. */
import { desktop } from '../api/desktop-bridge.js';
import { attempt } from '../state/toasts.js';

export async function copyText(text: string): Promise<void> {
  const bridge = desktop();
  if (bridge?.copyText) return bridge.copyText(text);
  await navigator.clipboard.writeText(text);
}

export function CopyButton({ text, label = 'Copy', what }: { text: string | (() => Promise<string> | string); label?: string; what?: string }) {
  return (
    <button type="button" className="button small" onClick={() => void attempt(async () => copyText(typeof text === 'function' ? await text() : text), `Copied${what ? ` ${what}` : ''}`)}>
      {label}
    </button>
  );
}
