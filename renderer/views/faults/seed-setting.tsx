/** The random-seed form under the rule list, so faults that fire by chance can be replayed exactly; empty means truly random. */
import { useEffect, useId, useState } from 'react';
import type { AdminClient } from '../../api/admin-client.js';
import { saveSettings, useSettings } from '../settings/settings-io.js';

export function SeedSetting({ client }: { client: AdminClient }) {
  const settings = useSettings(client);
  const current = settings?.faults.seed ?? null;
  const [text, setText] = useState(current === null ? '' : String(current));
  const [saving, setSaving] = useState(false);
  const inputId = useId();
  useEffect(() => setText(current === null ? '' : String(current)), [current]);
  const trimmed = text.trim();
  const valid = trimmed === '' || /^-?\d+$/.test(trimmed);
  const next = trimmed === '' ? null : Number(trimmed);
  const dirty = valid && next !== current;
  const save = async (seed: number | null) => {
    setSaving(true);
    await saveSettings(client, { faults: { seed } }, seed === null ? 'Faults are truly random again' : `Seed set to ${seed}`);
    setSaving(false);
  };
  return (
    <form
      className="faults-seed"
      onSubmit={(e) => {
        e.preventDefault();
        if (dirty) void save(next);
      }}
    >
      <label htmlFor={inputId} className="faults-seed-label">
        Random seed
      </label>
      <input id={inputId} type="text" inputMode="numeric" className="faults-seed-input mono" placeholder="random" value={text} disabled={!settings || saving} aria-describedby={`${inputId}-hint`} aria-invalid={!valid || undefined} onChange={(e) => setText(e.target.value)} />
      <button type="submit" className="button small" disabled={!dirty || saving}>
        Save
      </button>
      <p id={`${inputId}-hint`} className="faults-seed-hint">
        {valid ? 'With a seed, rules that fire by chance pick the same requests on every run (from the last counter reset), so a failure can be reproduced; leave it empty for truly random.' : 'The seed must be a whole number.'}
      </p>
    </form>
  );
}
