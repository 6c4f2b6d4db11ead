/** "Generate N fake users": fills the sandbox with realistic people (1 to 10,000 at a time) so paging, search and imports can be shown at scale. */
import { Sparkles } from 'lucide-react';
import { useState } from 'react';
import { useServices } from '../../app-services.js';
import { Chip } from '../../components/chip.js';
import { useModalDialog } from '../../components/modal-dialog.js';
import { attempt } from '../../state/toasts.js';

export const MAX_GENERATE = 10_000;

/** The count the input holds, or null when it is not a whole number from 1 to 10,000. */
export function parseCount(text: string): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= MAX_GENERATE ? n : null;
}

export function GenerateDialog({ open, onClose, onGenerated }: { open: boolean; onClose: () => void; onGenerated?: () => void }) {
  const { client } = useServices();
  const ref = useModalDialog(open);
  const [text, setText] = useState('100');
  const [busy, setBusy] = useState(false);
  const count = parseCount(text);

  const generate = async () => {
    if (count === null || busy) return;
    setBusy(true);
    const result = await attempt(() => client.generateUsers(count), `Generated ${count.toLocaleString()} fake user${count === 1 ? '' : 's'}.`);
    setBusy(false);
    if (result) {
      onGenerated?.();
      onClose();
    }
  };

  return (
    <dialog ref={ref} className="dialog rs-dialog" aria-labelledby="rs-generate-title" onCancel={(e) => (e.preventDefault(), !busy && onClose())}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void generate();
        }}
      >
        <h2 id="rs-generate-title">
          <Sparkles size={18} aria-hidden="true" /> Generate fake users
        </h2>
        <p className="rs-dialog-lead">
          Realistic names, work emails, titles and departments, created from the inspector in one write. Okta finds them on its next
          <em>Import Users</em>.
        </p>
        <div className="rs-generate-row">
          <label htmlFor="rs-generate-count">How many users</label>
          <input
            id="rs-generate-count"
            type="number"
            min={1}
            max={MAX_GENERATE}
            step={1}
            inputMode="numeric"
            value={text}
            aria-invalid={count === null}
            aria-describedby="rs-generate-help"
            onChange={(e) => setText(e.target.value)}
            autoFocus
          />
          <div className="rs-presets" role="group" aria-label="Common amounts">
            {[10, 100, 1000, 10_000].map((n) => (
              <Chip key={n} pressed={count === n} onClick={() => setText(String(n))}>
                {n.toLocaleString()}
              </Chip>
            ))}
          </div>
        </div>
        <p id="rs-generate-help" className={count === null ? 'rs-field-help rs-error-text' : 'rs-field-help'}>
          A whole number from 1 to {MAX_GENERATE.toLocaleString()}. Run it again for more.
        </p>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={count === null || busy}>
            {busy ? 'Generating…' : `Generate ${count === null ? '' : count.toLocaleString()} user${count === 1 ? '' : 's'}`}
          </button>
        </div>
      </form>
    </dialog>
  );
}
